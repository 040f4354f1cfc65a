"""Dot voting: a fixed budget per participant and session, refused whole when exceeded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.core import dots
from charter_app.core import workshops as ws
from charter_app.core.events import Event
from charter_app.errors import CharterError, ValidationError
from charter_app.storage.repository import CharterRepository

CLAIRE, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-8736df", "p-13ccc8", "p-47232f"
FIRST, SEVENTH = "souverainete-numerique", "accessibilite-numerique"


@pytest.fixture
def repository(tmp_path: Path) -> CharterRepository:
    folder = tmp_path / "charte"
    assert main(["init", str(folder), "--without-story"]) == 0
    return CharterRepository.open(folder)


def place(repository: CharterRepository, who: str, target: str, count: int) -> Event:
    events = repository.events()
    register = ws.fold_workshops(events)
    event = dots.new_placement(repository.load(), events, register, who, target, count)
    repository.record([event], who, "dots")
    return event


def test_budget_is_enforced_and_the_last_placement_refused_whole(
    repository: CharterRepository,
) -> None:
    register = ws.fold_workshops(repository.events())
    start = ws.new_start(repository.load(), register, SOPHIE, "Priorités", dots=4)
    repository.record([start], SOPHIE, "start")
    place(repository, CLAIRE, FIRST, 3)
    with pytest.raises(ValidationError, match="You have 1 dot left; you asked to place 2"):
        place(repository, CLAIRE, SEVENTH, 2)
    assert dots.dots_left(repository.events(), ws.fold_workshops(repository.events()), CLAIRE) == (
        1,
        4,
    )
    place(repository, CLAIRE, FIRST, -1)  # moved a sticker: one dot taken back
    place(repository, CLAIRE, SEVENTH, 2)
    with pytest.raises(ValidationError, match="cannot take back 3"):
        place(repository, CLAIRE, SEVENTH, -3)
    with pytest.raises(CharterError, match="There is no principle"):
        place(repository, JEAN, "nowhere", 1)


def test_results_per_target_with_voters_and_roles(repository: CharterRepository) -> None:
    register = ws.fold_workshops(repository.events())
    repository.record([ws.new_start(repository.load(), register, SOPHIE, "Priorités")], SOPHIE, "s")
    place(repository, CLAIRE, SEVENTH, 3)  # resident
    place(repository, JEAN, SEVENTH, 1)  # elected
    place(repository, NADIA, FIRST, 2)  # association
    events = repository.events()
    register = ws.fold_workshops(events)
    charter = repository.load()
    results = dots.dot_results(events, register, charter.participants, {SEVENTH: "7"},
                               register.current())  # fmt: skip
    assert results.chart() == [("7", 4), (FIRST, 2)]
    top = results.rows[0]
    assert (top.voters, top.by_role["resident"], top.by_role["elected"]) == (2, 3, 1)
    assert results.participants == 3
    headers, rows = results.table()
    assert len(headers) == len(rows[0]) and rows[0][:3] == ["7", "4", "2"]
    # Outside the workshop, nothing was placed.
    assert dots.dot_results(events, register, charter.participants).rows == ()


def test_placements_made_on_two_laptops_beyond_the_budget_are_ignored_not_cut() -> None:
    at = datetime(2026, 3, 10, 19, 0, tzinfo=UTC)
    made = [
        Event(f"e-{k:016x}", dots.DOT, at + timedelta(seconds=k), CLAIRE,
              {"about": "principle", "target": FIRST, "count": "2"})
        for k in range(4)
    ]  # fmt: skip
    results = dots.dot_results(made, ws.WorkshopRegister(), [])
    assert results.rows[0].dots == 4  # 2 + 2; a third placement of 2 would make 6 > 5
    assert [e.id for e in results.ignored] == [made[2].id, made[3].id]
