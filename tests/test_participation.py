"""Participation picture on a scripted evening: counts by role, principle, workshop and day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from charter_app.core import workshops as ws
from charter_app.core.amendments import Amendment, AmendmentKind
from charter_app.core.events import Event
from charter_app.core.participation import participation
from charter_app.storage.templates import default_example, load_template

CLAIRE, LILI, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-7c975d", "p-8736df", "p-13ccc8", "p-47232f"
SEVENTH, FIRST = "accessibilite-numerique", "souverainete-numerique"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def event(n: int, type: str, when: str, by: str, workshop: str | None = None, **data: str) -> Event:
    return Event(f"e-{n:016x}", type, at(when), by, dict(data), workshop)


def scenario() -> tuple[list[Event], list[Amendment]]:
    start = event(1, ws.WORKSHOP_START, "2026-03-10T18:30", SOPHIE, "W-1", number="W-1",
                  title="Atelier", date="2026-03-10", facilitator=SOPHIE)  # fmt: skip
    events = [
        start,
        # Claire's laptop clock is a year behind: the workshop's date counts, not the clock.
        event(
            2,
            "comment",
            "2025-01-01T10:00",
            CLAIRE,
            "W-1",
            about="principle",
            target=SEVENTH,
            text="Oui.",
        ),  # fmt: skip
        # Jean replies from home the next morning, his clock a day behind: never before the comment.
        event(3, "reply", "2026-03-09T08:00", JEAN, target="e-0000000000000002", text="D'accord."),
        event(
            4,
            "support",
            "2026-03-12T09:00",
            NADIA,
            about="comment",
            target="e-0000000000000002",
            position="support",
        ),  # fmt: skip
        event(
            5,
            "dot",
            "2026-03-10T20:00",
            LILI,
            "W-1",
            about="principle",
            target=FIRST,
            count="2",
            session=start.id,
        ),  # fmt: skip
        event(
            6,
            "dot",
            "2026-03-10T20:01",
            LILI,
            "W-1",
            about="principle",
            target=FIRST,
            count="-1",
            session=start.id,
        ),  # taking back: not a contribution  # fmt: skip
        event(7, "edit", "2026-03-10T20:02", CLAIRE, target="e-0000000000000002", text="Oui !"),
        event(
            8,
            "support",
            "2026-03-11T09:00",
            JEAN,
            about="amendment",
            target="a-00000000000a",
            position="oppose",
        ),  # fmt: skip
    ]
    amendment = Amendment("a-00000000000a", AmendmentKind.MODIFY, SEVENTH, "0" * 40, CLAIRE,
                          "Plus simple.", at("2026-03-11T12:00"), body="Texte.")  # fmt: skip
    return events, [amendment]


def test_counts_by_role_principle_workshop_and_day() -> None:
    charter = load_template(default_example())
    events, amendments = scenario()
    picture = participation(charter, events, amendments, ws.fold_workshops(events))

    by_role = picture.by_role()
    assert by_role["resident"] == {"comment": 1, "reply": 0, "amendment": 1, "support": 0, "dot": 1}
    assert by_role["elected"] == {"comment": 0, "reply": 1, "amendment": 0, "support": 1, "dot": 0}
    assert by_role["association"]["support"] == 1
    assert sum(by_role["staff"].values()) == 0  # starting a workshop is not a contribution
    assert picture.people_by_role() == {"resident": 2, "elected": 1, "association": 1,
                                        "business": 0, "staff": 0, "unknown": 0}  # fmt: skip
    assert picture.resident_share() == 3 / 6

    # Supports and replies count for the principle of what they answer.
    assert picture.by_principle()[SEVENTH] == {"resident": 2, "elected": 2, "association": 1,
                                               "business": 0, "staff": 0, "unknown": 0}  # fmt: skip
    assert picture.by_principle()[FIRST]["resident"] == 1
    workshops = picture.by_workshop()
    assert picture.workshop_labels[events[0].id] == "W-1"
    assert workshops[events[0].id]["resident"] == 2 and sum(workshops[""].values()) == 4

    days = {day: sum(counts.values()) for day, counts in picture.by_day()}
    assert days == {date(2026, 3, 10): 3, date(2026, 3, 11): 2, date(2026, 3, 12): 1}


def test_tables_for_screen_readers_hold_the_same_counts() -> None:
    charter = load_template(default_example())
    events, amendments = scenario()
    tables = participation(charter, events, amendments, ws.fold_workshops(events)).tables()
    captions = [table.caption for table in tables]
    assert captions == ["Contributions by role", "Contributions by principle",
                        "Contributions by workshop", "Contributions by day"]  # fmt: skip
    for table in tables:
        assert all(len(row) == len(table.headers) for row in table.rows)
    resident = tables[0].rows[0]
    assert resident == ("Resident", "1", "0", "1", "0", "1", "2")
    assert [row[0] for row in tables[2].rows] == ["W-1", "Outside workshops"]
