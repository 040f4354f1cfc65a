"""After a merge no two principles share a number: a draft renumbers in the merged order, a
charter with stable numbers turns the newcomer into an insertion."""

from __future__ import annotations

from charter_app.core.merged_numbers import settle_numbers
from charter_app.core.model import Principle


def principle(pid: str, number: str) -> Principle:
    return Principle(pid, number, pid.title(), "")


def test_nothing_shared_changes_nothing() -> None:
    principles = (principle("a", "1"), principle("b", "2"))
    assert settle_numbers(principles, stable=False) == principles
    assert settle_numbers(principles, stable=True) == principles


def test_a_draft_numbers_the_merged_order_again() -> None:
    merged = (principle("a", "1"), principle("x", "2"), principle("y", "2"))
    assert [p.number for p in settle_numbers(merged, stable=False)] == ["1", "2", "3"]


def test_stable_numbers_make_the_newcomer_an_insertion() -> None:
    merged = (principle("a", "1"), principle("x", "2"), principle("y", "2"), principle("b", "3"))
    settled = settle_numbers(merged, stable=True)
    assert [p.number for p in settled] == ["1", "2", "2 bis", "3"]
