"""Workshops: start/end rules, tagging what is captured, and numbers after two laptops merge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from charter_app.application.amendments import file_drafted_amendment
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.core import clock
from charter_app.core import workshops as ws
from charter_app.core.amendments import draft_amendment
from charter_app.core.citable_numbers import Claim, Renumbering, resolve_duplicate_claims
from charter_app.core.comments import fold_comments, new_comment
from charter_app.core.events import Event
from charter_app.core.supports import new_support
from charter_app.errors import ValidationError
from charter_app.storage.amendments import AmendmentBook, read_amendments
from charter_app.storage.repository import CharterRepository

GitCli = Callable[..., str]
CLAIRE, JEAN, SOPHIE = "p-cbb40a", "p-8736df", "p-47232f"  # resident, elected, staff
PRINCIPLE = "accessibilite-numerique"


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charte"
    assert main(["init", str(folder)]) == 0
    return folder


def start(repository: CharterRepository, title: str = "Atelier", **options: object) -> Event:
    register = ws.fold_workshops(repository.events())
    event = ws.new_start(repository.load(), register, SOPHIE, title, **options)  # type: ignore[arg-type]
    repository.record([*ws.renumber_events(register, SOPHIE), event], SOPHIE, "start")
    return event


def end(repository: CharterRepository) -> Event:
    register = ws.fold_workshops(repository.events())
    event = ws.new_end(repository.load(), register, SOPHIE)
    repository.record([*ws.renumber_events(register, SOPHIE), event], SOPHIE, "end")
    return event


def test_start_and_end_rules(charter: Path) -> None:
    with CharterRepository.open(charter) as repository:
        assert ws.current_workshop(repository.events()) is None
        with pytest.raises(ValidationError, match="No workshop is running"):
            end(repository)
        start(repository, "Atelier de Lèze", day="2026-03-10", place="Médiathèque",
              attendance={"resident": 12, "elected": 3})  # fmt: skip
        running = ws.current_workshop(repository.events())
        assert running is not None
        assert (running.label, running.date, running.attendance_total) == ("W-1", "2026-03-10", 15)
        with pytest.raises(ValidationError, match="W-1 “Atelier de Lèze” is still running"):
            start(repository, "Second")
        end(repository)
        assert ws.current_workshop(repository.events()) is None
        with pytest.raises(ValidationError, match="No workshop is running"):
            end(repository)
        start(repository, "Second")
        assert ws.running_workshop_label(repository.events()) == "W-2"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"day": "10/03/2026"}, "is not a date"),  # dates are ISO, whatever the locale
        ({"day": "2026-02-30"}, "is not a date"),  # looks like a date, is not one
        ({"attendance": {"resident": -1}}, "not a valid number"),
        ({"attendance": {"visitor": 3}}, "Unknown role"),
        ({"participants": ["p-ffffff"]}, "Unknown participant"),
        ({"dots": 0}, "between 1 and"),
    ],
)
def test_bad_start_is_refused_with_a_clear_message(
    charter: Path, options: dict[str, object], message: str
) -> None:
    with (
        CharterRepository.open(charter) as repository,
        pytest.raises(ValidationError, match=message),
    ):
        start(repository, **options)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("resident=12,elected=3", {"resident": 12, "elected": 3}),
        (" Resident = 4 , staff=1 ", {"resident": 4, "staff": 1}),  # spaces and case forgiven
        ("", {}),
    ],
)
def test_parse_attendance(text: str, expected: dict[str, int]) -> None:
    assert ws.parse_attendance(text) == expected


@pytest.mark.parametrize("text", ["resident:12", "residents=2", "elected=three"])
def test_parse_attendance_refuses(text: str) -> None:
    with pytest.raises(ValidationError):
        ws.parse_attendance(text)


def test_captured_comments_supports_amendments_carry_the_workshop(
    charter: Path, git_cli: GitCli
) -> None:
    with CharterRepository.open(charter) as repository:
        start(repository)
        current = repository.load()
        comment = new_comment(current, CLAIRE, PRINCIPLE, "Très juste.")
        # What the CLI and the UI do before recording anything captured.
        tagged = ws.tag_with_running_workshop(comment, repository.events())
        assert tagged.workshop == "W-1" and tagged.id == comment.id
        repository.record([tagged], CLAIRE, "Comment")
        assert "Charter-Workshop: W-1" in git_cli(charter, "log", "-1", "--format=%B")
        assert "workshop: W-1" in git_cli(charter, "show", "HEAD", "--format=")

        label = ws.running_workshop_label(repository.events())
        board = fold_comments(repository.events())
        support = new_support(
            current, JEAN, comment.id, about="comment", board=board, workshop=label
        )
        repository.record([support], JEAN, "Support")
        assert "Charter-Workshop: W-1" in git_cli(charter, "log", "-1", "--format=%B")

        book = AmendmentBook(repository)
        amendment = draft_amendment(
            "modify", PRINCIPLE, author=CLAIRE, rationale="Plus clair.",
            base=book.resolve_base("HEAD"), base_charter=current, current=current,
            body="Un texte plus simple.", workshop=ws.running_workshop_label(repository.events()),
        )  # fmt: skip
        file_drafted_amendment(Session(repository), amendment)
        (filed,) = read_amendments(charter)
        assert filed.workshop == "W-1"

        end(repository)
        later = new_comment(repository.load(), CLAIRE, PRINCIPLE, "Après l’atelier.")
        assert ws.tag_with_running_workshop(later, repository.events()).workshop is None


def test_tally_needs_a_running_workshop_and_the_latest_counts(charter: Path) -> None:
    with CharterRepository.open(charter) as repository:
        current = repository.load()
        register = ws.fold_workshops(repository.events())
        with pytest.raises(ValidationError, match="No workshop is running"):
            ws.new_tally(current, register, SOPHIE, "a-000000000001", "A-1", 1, 2, 3)
        workshop_start = start(repository)
        register = ws.fold_workshops(repository.events())
        first = ws.new_tally(current, register, SOPHIE, "a-000000000001", "A-1", 12, 3, 2)
        repository.record([first], SOPHIE, "tally")
        register = ws.fold_workshops(repository.events())
        # The facilitator miscounted: a second tally replaces the first, even in the same second.
        second = ws.new_tally(current, register, SOPHIE, "a-000000000001", "A-1", 13, 3, 1)
        assert second.get("previous") == first.id
        repository.record([second], SOPHIE, "tally")
        (tally,) = ws.fold_workshops(repository.events()).tallies_of(workshop_start.id)
        assert (tally.votes_for, tally.against, tally.abstain, tally.label) == (13, 3, 1, "A-1")
        with pytest.raises(ValidationError, match="not a valid number"):
            ws.new_tally(current, register, SOPHIE, "a-000000000001", "A-1", -1, 0, 0)


T0 = datetime(2026, 3, 10, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # Two laptops claim 1: the earlier keeps it, the later takes the next free number.
        ([("x", 1, 0), ("y", 1, 5)], [("y", 1, 2, "x")]),
        # Same second: the smaller event id keeps it, as for amendments.
        ([("y", 1, 0), ("x", 1, 0)], [("y", 1, 2, "x")]),
        # Next free is above every number claimed, renumbered in claim order.
        (
            [("a", 1, 0), ("b", 2, 1), ("c", 1, 2), ("d", 2, 3)],
            [("c", 1, 3, "a"), ("d", 2, 4, "b")],
        ),
        ([("a", 1, 0), ("b", 2, 1)], []),  # no clash, nothing moves
    ],
)
def test_resolve_duplicate_claims(
    claims: list[tuple[str, int, int]], expected: list[tuple[str, int, int, str]]
) -> None:
    given = [Claim(o, n, T0 + timedelta(seconds=s), o) for o, n, s in claims]
    assert resolve_duplicate_claims(given) == [Renumbering(*item) for item in expected]


def test_two_laptops_start_w1_offline_then_merge(tmp_path: Path, git_cli: GitCli) -> None:
    origin = tmp_path / "origin"
    assert main(["init", str(origin)]) == 0
    laptop_a, laptop_b = tmp_path / "a", tmp_path / "b"
    git_cli(tmp_path, "clone", "-q", str(origin), str(laptop_a))
    git_cli(laptop_a, "fetch", "-q", str(origin), "refs/charter/registry:refs/charter/registry")
    git_cli(tmp_path, "clone", "-q", str(origin), str(laptop_b))
    git_cli(laptop_b, "fetch", "-q", str(origin), "refs/charter/registry:refs/charter/registry")

    # Offline the same evening: B starts W-1 first, A a second later; each captures a comment.
    evening = clock.ManualClock(datetime(2026, 11, 14, 18, 0, tzinfo=UTC))
    with clock.using(evening), CharterRepository.open(laptop_b) as repository:
        b_start = start(repository, "Atelier de Lherm")
        comment = new_comment(repository.load(), JEAN, PRINCIPLE, "À Lherm.")
        repository.record([ws.tag_with_running_workshop(comment, repository.events())], JEAN, "c")
    evening.advance(seconds=1)
    with clock.using(evening), CharterRepository.open(laptop_a) as repository:
        a_start = start(repository, "Atelier de Lézat", participants=[CLAIRE])
        comment = new_comment(repository.load(), CLAIRE, PRINCIPLE, "À Lézat.")
        a_comment = ws.tag_with_running_workshop(comment, repository.events())
        repository.record([a_comment], CLAIRE, "c")
        assert a_comment.workshop == "W-1"

    git_cli(laptop_a, "pull", "-q", "--no-rebase", "--no-edit", str(laptop_b), "main")
    with CharterRepository.open(laptop_a) as repository:
        register = ws.fold_workshops(repository.events())
        assert register.find("W-1").id == b_start.id  # the earlier start keeps W-1
        moved = register.get(a_start.id)
        assert moved is not None and moved.display == "W-2 (was W-1)"
        # A's comment still says W-1 in its file, and is attributed to A's workshop.
        assert register.attribute(a_comment.workshop, a_comment.at, CLAIRE) == moved
        assert len(register.pending) == 1
        end(repository)  # the next write records the renumbering
        assert not ws.fold_workshops(repository.events()).pending

    git_cli(laptop_b, "pull", "-q", "--no-rebase", "--no-edit", str(laptop_a), "main")
    with CharterRepository.open(laptop_b) as repository:
        seen_by_b = ws.fold_workshops(repository.events())
    assert seen_by_b.pending == ()
    assert [(w.id, w.display) for w in seen_by_b.workshops] == [
        (b_start.id, "W-1"),
        (a_start.id, "W-2 (was W-1)"),
    ]
    with CharterRepository.open(laptop_b) as repository:
        assert start_number(repository) == "W-3"  # above every number claimed


def start_number(repository: CharterRepository) -> str:
    register = ws.fold_workshops(repository.events())
    if register.current() is not None:
        end(repository)
    return str(start(repository).get("number"))
