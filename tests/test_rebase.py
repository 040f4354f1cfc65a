"""Unsaved edits survive a write made elsewhere: each change lands where it belongs."""

from __future__ import annotations

from dataclasses import replace

from charter_app.core.model import Charter, Principle
from charter_app.core.rebase import rebase


def charter(*principles: Principle, **fields: str) -> Charter:
    return Charter(
        title=fields.get("title", "Charte"),
        principles=principles,
        **{k: v for k, v in fields.items() if k != "title"},
    )


A, B, C = (
    Principle("a", "1", "A", "aa"),
    Principle("b", "2", "B", "bb"),
    Principle("c", "3", "C", "cc"),
)


def test_nothing_unsaved_takes_the_new_text() -> None:
    saved = charter(A, B)
    new = charter(A, replace(B, body="changed elsewhere"))
    assert rebase(saved, saved, new) == new


def test_an_edit_here_and_one_elsewhere_are_both_kept() -> None:
    saved = charter(A, B)
    working = charter(replace(A, body="mine"), B)
    new = charter(A, replace(B, body="theirs"), C)
    result = rebase(saved, working, new)
    assert [p.body for p in result.principles] == ["mine", "theirs", "cc"]


def test_a_principle_added_here_keeps_its_place() -> None:
    saved = charter(A, B)
    added = Principle("x", "2", "X", "xx")
    working = charter(A, added, B)
    new = charter(A, replace(B, title="B2"))
    result = rebase(saved, working, new)
    assert [p.id for p in result.principles] == ["a", "x", "b"]
    assert result.principle("b").title == "B2"


def test_a_principle_removed_here_stays_removed() -> None:
    saved = charter(A, B, C)
    working = charter(A, C)
    new = charter(A, B, replace(C, body="theirs"))
    assert [p.id for p in rebase(saved, working, new).principles] == ["a", "c"]


def test_the_same_principle_edited_on_both_sides_keeps_mine_in_the_editor() -> None:
    saved = charter(A)
    working = charter(replace(A, body="mine"))
    new = charter(replace(A, body="theirs"))
    assert rebase(saved, working, new).principle("a").body == "mine"


def test_different_fields_of_one_principle_both_stay() -> None:
    saved = charter(A)
    working = charter(replace(A, body="aa and mine"))
    new = charter(replace(A, title="Renamed"))
    rebased = rebase(saved, working, new).principle("a")
    assert (rebased.title, rebased.body) == ("Renamed", "aa and mine")


def test_charter_fields_changed_here_win_the_others_follow() -> None:
    saved = charter(A, title="Old")
    working = replace(saved, preamble="my preamble")
    new = replace(saved, title="Renamed elsewhere")
    result = rebase(saved, working, new)
    assert (result.title, result.preamble) == ("Renamed elsewhere", "my preamble")


def test_an_order_changed_here_is_kept() -> None:
    saved = charter(A, B, C)
    working = charter(C, A, B)
    new = charter(A, B, replace(C, body="theirs"))
    result = rebase(saved, working, new)
    assert [p.id for p in result.principles] == ["c", "a", "b"]
    assert result.principle("c").body == "theirs"
