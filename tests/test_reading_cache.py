"""Lines read with the Markdown parser, kept for the next start (``storage/reading_cache.py``):
the same values come back, known by their exact text, and a damaged file is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.rendering import reading
from charter_app.storage import reading_cache

LINES = [
    "La collectivité ne met en place **aucun système de notation** des habitants.",
    "Un *mot* et un [lien](https://exemple.fr) puis `du code` et ~~barré~~.",
    "Rien de spécial ici",
]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_lines_come_back_as_the_parser_read_them(tmp_path: Path) -> None:
    table = reading.inline_table(["\n".join(LINES), "- une *liste*\n## un **titre**"])
    assert set(table) == {LINES[0], LINES[1], "une *liste*", "un **titre**"}  # markup only
    reading_cache.save(tmp_path, table)
    assert reading_cache.load(tmp_path) == table
    assert table[LINES[0]] == reading.inline_runs(LINES[0])
    assert reading_cache.load(tmp_path / "another") == {}


def test_a_remembered_line_is_known_by_its_exact_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "_KNOWN", {})
    reading.remember({"**a**": ("a", (reading.Run(0, 1, strong=True),))})
    assert reading.inline_runs("**a**") == ("a", (reading.Run(0, 1, strong=True),))
    edited = reading.inline_runs("**ab**")  # not remembered: the parser reads it
    assert edited == ("ab", (reading.Run(0, 2, strong=True),))


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal", None],
)
def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, damage: bytes | None) -> None:
    import marshal

    reading_cache.save(tmp_path, reading.inline_table(LINES))
    path = next((Path(reading_cache.paths.cache_dir()) / "reading").iterdir())
    if damage is None:  # well formed, but runs outside the text
        document = marshal.loads(path.read_bytes())
        line = next(iter(document["lines"]))
        text, runs = document["lines"][line]
        document["lines"][line] = (text, [(0, len(text) + 5, True, False, False, False, "")])
        damage = marshal.dumps(document)
    path.write_bytes(damage)
    assert reading_cache.load(tmp_path) == {}
