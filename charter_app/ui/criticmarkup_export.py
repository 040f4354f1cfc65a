"""The charter with its registered amendments as CriticMarkup, for a text editor."""

from __future__ import annotations

from pathlib import Path


def export_criticmarkup_in(charter_path: Path, out: Path) -> tuple[Path, tuple[str, ...]]:
    """The charter with its registered amendments as CriticMarkup, written to ``out``."""
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.importing.offline import export_criticmarkup
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.atomic import write_atomic
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(charter_path) as repository:
        charter = repository.load()
        book = AmendmentBook(repository)
        ledger = book.ledger()
        states = book.states(charter, ledger)

    def proposal(amendment):
        assessment = states.get(amendment.id)
        if assessment is None or assessment.state.value in ("conflicting", "fallen"):
            return None
        principle = charter.principle(amendment.target)
        title = assessment.title or (principle.title if principle else "")
        return title, assessment.body or ""

    pending = [
        (r.label, r.amendment) for r in ledger.records if r.status is AmendmentStatus.REGISTERED
    ]
    copy = export_criticmarkup(charter, pending, proposal)
    write_atomic(out, copy.text.encode("utf-8"))
    return out, copy.left_out
