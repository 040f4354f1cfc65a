"""Decisions on amendments: vote counts, dates, references, events and trailers (pure core)."""

from __future__ import annotations

from datetime import date

import pytest

from charter_app.core.decisions import (
    Decision,
    Outcome,
    Votes,
    check_reference,
    combined_change,
    decision_of,
    make_decision,
    parse_date,
    parse_votes,
)
from charter_app.core.events import Event
from charter_app.core.operations import Change
from charter_app.errors import ValidationError
from charter_app.i18n import set_language


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14,3,2", Votes(14, 3, 2)),
        (" 14 , 3 ,2 ", Votes(14, 3, 2)),  # spaces around the numbers are fine
        ("0,0,0", Votes(0, 0, 0)),  # a vote nobody took part in is still a count
        ("007,1,0", Votes(7, 1, 0)),
    ],
)
def test_vote_counts(text: str, expected: Votes) -> None:
    assert parse_votes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "14,3",  # two numbers
        "14,3,2,1",  # four
        "14,-3,2",  # negative
        "14,3,2.0",  # not whole
        "14;3;2",  # other separators
        "quatorze,3,2",
        "14,,2",
        "",
        "١٤,3,2",  # digits of another script are not ASCII digits
    ],
)
def test_what_is_not_a_vote_count(text: str) -> None:
    with pytest.raises(ValidationError, match="is not a vote count"):
        parse_votes(text)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2026-03-12", True),
        ("2024-02-29", True),  # a leap day
        ("2026-02-29", False),
        ("2026-13-01", False),
        ("12/03/2026", False),
        ("2026-3-12", False),
        ("20260312", False),  # ISO basic format: too easy to misread
        ("2026-03-12T19:00", False),
        ("", False),
    ],
)
def test_dates(text: str, ok: bool) -> None:
    if ok:
        assert parse_date(text) == date.fromisoformat(text)
    else:
        with pytest.raises(ValidationError, match="is not a date"):
            parse_date(text)


def test_reference_is_one_line() -> None:
    assert check_reference("  Délibération\tn° 2026-14 ") == "Délibération n° 2026-14"
    with pytest.raises(ValidationError, match="empty"):
        check_reference(" \n ")
    with pytest.raises(ValidationError, match="at most 200"):
        check_reference("x" * 201)


def test_decision_trailer_and_event_fields() -> None:
    decision = make_decision("adopted", "14,3,2", "D-14", "2026-03-12")
    assert decision.trailer == "adopted 14-3-2"
    assert decision.fields() == {
        "votes": {"for": "14", "against": "3", "abstain": "2"},
        "ref": "D-14",
        "date": "2026-03-12",
    }
    assert make_decision("not-moved").trailer == "not-moved"
    assert make_decision("rejected").fields() == {}
    with pytest.raises(ValidationError, match="Unknown decision"):
        make_decision("postponed")


@pytest.mark.parametrize(
    ("event_type", "data", "expected"),
    [
        (
            "decision",
            {"outcome": "adopted", "votes": {"for": "14", "against": "3", "abstain": "2"},
             "ref": "D-14", "date": "2026-03-12"},
            Decision(Outcome.ADOPTED, Votes(14, 3, 2), "D-14", date(2026, 3, 12)),
        ),
        ("withdraw", {}, Decision(Outcome.WITHDRAWN)),
        # written by hand or by a newer version: what cannot be read is left out, never fatal
        (
            "decision",
            {"outcome": "rejected", "votes": {"for": "many"}, "date": "soon"},
            Decision(Outcome.REJECTED),
        ),
        ("decision", {"outcome": "postponed"}, None),
        ("comment", {"text": "x"}, None),
    ],
)  # fmt: skip
def test_decision_read_back_from_an_event(
    event_type: str, data: dict[str, object], expected: Decision | None
) -> None:
    event = Event.create(event_type, "p-cbb40a", target="a-000000000000", **data)
    assert decision_of(event) == expected


def test_combined_change_of_a_batch() -> None:
    edit = Change("edit", principles=("a",), trailers=(("Charter-Principle", "a"),))
    insert = Change("add", principles=("b", "c"), meta=True,
                    trailers=(("Charter-Principle", "b"),))  # fmt: skip
    delete = Change("remove", principles=("c",), removed=("a",), meta=True,
                    trailers=(("Charter-Principle", "a"),))  # fmt: skip
    combined = combined_change([edit, insert, delete], "Adopt")
    assert combined.principles == ("b", "c")  # "a" was edited, then deleted
    assert combined.removed == ("a",)
    assert combined.meta and not combined.participants
    assert combined.trailers == (("Charter-Principle", "a"), ("Charter-Principle", "b"))
