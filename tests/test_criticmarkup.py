"""CriticMarkup: reading marks, resolving them, writing a diff as marks (toy strings)."""

from __future__ import annotations

import pytest

from charter_app.importing.criticmarkup import accepted, changes, find_marks, original, resolve

MARKED = [
    # marked text, original, accepted
    ("a {++b ++}c", "a c", "a b c"),
    ("a {--b --}c", "a b c", "a c"),
    ("a {~~b~>B~~} c", "a b c", "a B c"),
    ("a {==b==}{>>why?<<} c", "a b c", "a b c"),
    ("{==a {++new ++}b==}{>>note<<}", "a b", "a new b"),  # a change inside a highlight
    ("a \\{++b++} c", "a \\{++b++} c", "a \\{++b++} c"),  # escaped: literal
    ("A\n\n{++B++}\n\nC", "A\n\nC", "A\n\nB\n\nC"),  # a whole paragraph leaves no gap
    ("- x\n{--- y--}", "- x\n- y", "- x"),
]


@pytest.mark.parametrize(("marked", "before", "after"), MARKED)
def test_original_and_accepted(marked: str, before: str, after: str) -> None:
    assert original(marked) == before
    assert accepted(marked) == after


def test_author_slots_follow_reading_order() -> None:
    marks = find_marks("{++a++} {==b==}{>>c<<} {--d--}")
    assert [(m.kind, m.slot) for m in marks] == [
        ("insert", 0),
        ("highlight-start", -1),
        ("highlight-end", -1),
        ("comment", 1),
        ("delete", 2),
    ]
    assert resolve("{++a++}{++b++}", lambda mark: mark.slot == 1) == "b"


PAIRS = [
    ("Le texte est court.", "Le texte est très long."),
    ("A\n\nB\n\nC", "A\n\nC"),
    ("A\n\nC", "A\n\nB\n\nC"),
    ("Un.", "Deux."),
    ("", "Nouveau."),
    ("Ancien.", ""),
    ("A\n\nB", "A B"),
    ("- a\n- b", "- a\n- c\n- d"),
    ("| x | y |\n| --- | --- |\n| 1 | 2 |", "| x | y |\n| --- | --- |\n| 1 | 3 |"),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_changes_round_trip(old: str, new: str) -> None:
    marked = changes(old, new, "A-3")
    assert original(marked) == old
    assert accepted(marked) == new
    if old != new:
        assert "{>>A-3<<}" in marked


def test_author_slots_count_across_the_lines_of_a_list() -> None:
    # a list item per line: the second line's first mark is slot 2, not 0 again
    marked = "- {--Using--}{++use++} words\n- {--Being--}{++be++} kind"
    authors = ["Ada", "Ben", "Cleo", "Dan"]
    cleo = resolve(marked, lambda mark: authors[mark.slot] == "Cleo")
    assert cleo == "- Using words\n-  kind"  # Cleo deleted "Being", and nothing else
