"""The charter with its registered amendments as CriticMarkup, for a text editor."""

from __future__ import annotations

from pathlib import Path


def export_criticmarkup_in(charter_path: Path, out: Path) -> tuple[Path, tuple[str, ...]]:
    """The charter with its registered amendments as CriticMarkup, written to ``out``."""
    from charter_app.importing.in_charter import criticmarkup_in
    from charter_app.storage.atomic import write_atomic
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(charter_path) as repository:
        copy = criticmarkup_in(repository)
    write_atomic(out, copy.text.encode("utf-8"))
    return out, copy.left_out
