"""Golden cases for charter_app.rendering, read from tests/fixtures/rendering/*.md.

Each case is written as in markdown-it-py's own fixtures: a title line, a line holding a single
``.``, the Markdown input, ``.``, the expected HTML, ``.``. Cases are separated by blank lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from charter_app import i18n
from charter_app.rendering import render

FIXTURES = Path(__file__).parent / "fixtures" / "rendering"


@dataclass(frozen=True)
class Case:
    path: Path
    line: int
    title: str
    markdown: str
    html: str


def read_cases(path: Path) -> Iterator[Case]:
    """The cases of one fixture file, numbered by the line of their title."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = 0
    while number < len(lines):
        if not lines[number].strip():
            number += 1
            continue
        title_line = number
        if lines[number + 1] != ".":
            raise ValueError(f"{path.name}:{number + 2}: expected '.' after the title")
        sections: list[list[str]] = [[], []]
        number += 2
        for section in sections:
            while lines[number] != ".":
                section.append(lines[number])
                number += 1
            number += 1
        yield Case(
            path,
            title_line + 1,
            lines[title_line],
            "\n".join(sections[0]) + "\n",
            "".join(line + "\n" for line in sections[1]),
        )


CASES = [case for path in sorted(FIXTURES.glob("*.md")) for case in read_cases(path)]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case.path.stem}:{case.line}:{case.title[:40]}" for case in CASES]
)
def test_fixture(case: Case) -> None:
    assert render(case.markdown).html == case.html


def test_every_fixture_file_was_read() -> None:
    # A malformed file would silently give no cases; each file must give at least one.
    files_with_cases = {case.path.name for case in CASES}
    assert files_with_cases == {path.name for path in FIXTURES.glob("*.md")}
    assert len(files_with_cases) >= 8
