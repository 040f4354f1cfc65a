"""The workshops every laptop sees: folded from their events, numbered, with their tallies.

Numbers follow the amendments' rule (``charter_app.core.amendment_state``): two laptops offline
may both start "W-1"; after a merge the earliest start (``at``, then event id) keeps it, the
others take the next free numbers above every number claimed, in the same order
(:func:`resolve_duplicate_claims`), and the next write records a ``workshop-renumber`` event so
the number never moves again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from charter_app.core.citable_numbers import Claim, Renumbering, resolve_duplicate_claims
from charter_app.core.comments import latest
from charter_app.core.events import Event
from charter_app.core.model import Role
from charter_app.errors import NotFoundError
from charter_app.i18n import _

WORKSHOP_START = "workshop-start"
WORKSHOP_END = "workshop-end"
WORKSHOP_RENUMBER = "workshop-renumber"
TALLY = "tally"
EVENT_TYPES = (WORKSHOP_START, WORKSHOP_END, WORKSHOP_RENUMBER, TALLY)
DUPLICATE_NUMBER = "duplicate-number"
DEFAULT_DOTS = 5
MAX_DOTS = 100
MAX_COUNT = 100_000
"""Largest head count or vote count accepted (a typo guard, not a rule)."""
WORKSHOP_NUMBER = re.compile(r"^W-([1-9][0-9]{0,5})$")


def format_number(number: int) -> str:
    return f"W-{number}"


def parse_number(text: str) -> int | None:
    """3 for ``W-3`` (also ``w-3``, ``3``); None when ``text`` is not a workshop number."""
    text = text.strip()
    if text.isdigit():
        text = f"W-{text}"
    match = WORKSHOP_NUMBER.match(text.upper())
    return int(match[1]) if match else None


# -- the folded workshops ------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """One workshop as every laptop sees it after folding its events."""

    id: str
    """The id of its ``workshop-start`` event: stable, unlike the number."""
    number: int
    title: str
    date: str
    """The day it was held, ``YYYY-MM-DD`` as the facilitator gave it (not a laptop clock)."""
    place: str
    facilitator: str
    """Participant id."""
    started_at: datetime
    attendance: Mapping[str, int] = field(default_factory=dict)
    """Head count by role (:class:`Role` values), as counted in the room."""
    participants: tuple[str, ...] = ()
    """Participant ids present, when the facilitator listed them."""
    dots: int = DEFAULT_DOTS
    """Dots each participant may place during the workshop."""
    previous_numbers: tuple[int, ...] = ()
    ended_at: datetime | None = None
    ended_by: str = ""
    end_event: str = ""

    @property
    def label(self) -> str:
        return format_number(self.number)

    @property
    def display(self) -> str:
        """``W-4 (was W-1)`` when renumbered after a merge."""
        if not self.previous_numbers:
            return self.label
        was = ", ".join(format_number(n) for n in self.previous_numbers)
        return _("{number} (was {previous})").format(number=self.label, previous=was)

    @property
    def running(self) -> bool:
        return self.ended_at is None

    @property
    def labels(self) -> tuple[str, ...]:
        """Every number it was known by (events captured before a renumbering carry the old)."""
        return (self.label, *(format_number(n) for n in self.previous_numbers))

    @property
    def attendance_total(self) -> int:
        return sum(self.attendance.values())

    def was_running_at(self, moment: datetime) -> bool:
        return self.started_at <= moment and (self.ended_at is None or moment <= self.ended_at)


@dataclass(frozen=True)
class WorkshopTally:
    """A show of hands on one amendment during one workshop; the latest for the pair counts."""

    workshop: str
    """The workshop's id (start event id)."""
    amendment: str
    """The amendment's stable id."""
    label: str
    """Its citable number when the tally was taken (``A-3``)."""
    votes_for: int
    against: int
    abstain: int
    by: str
    at: datetime
    event: str


@dataclass(frozen=True)
class WorkshopRegister:
    """Every workshop, numbered, with its tallies; the same on every laptop."""

    workshops: tuple[Workshop, ...] = ()
    """By number."""
    tallies: tuple[WorkshopTally, ...] = ()
    pending: tuple[Renumbering, ...] = ()
    """Renumberings found after a merge, not recorded yet."""
    ignored: tuple[Event, ...] = ()
    """Events that could not apply (a second end, a malformed number, an unknown workshop)."""
    last_event_at: datetime | None = None

    def get(self, workshop_id: str) -> Workshop | None:
        return next((w for w in self.workshops if w.id == workshop_id), None)

    def find(self, reference: str) -> Workshop:
        """The workshop ``reference`` names (``W-3``, a former number, or its id)."""
        found = self.get(reference.strip())
        number = parse_number(reference)
        if found is None and number is not None:
            found = next((w for w in self.workshops if w.number == number), None)
            if found is None:
                found = next((w for w in self.workshops if number in w.previous_numbers), None)
        if found is None:
            raise NotFoundError(
                _("There is no workshop “{reference}”.").format(reference=reference),
                _("List the workshops with “charter workshop list”."),
            )
        return found

    def current(self) -> Workshop | None:
        """The running workshop (the latest started, should a merge have brought two)."""
        running = [w for w in self.workshops if w.running]
        return max(running, key=lambda w: (w.started_at, w.id), default=None)

    def next_number(self) -> int:
        taken = [n for w in self.workshops for n in (w.number, *w.previous_numbers)]
        return max(taken, default=0) + 1

    def tallies_of(self, workshop_id: str) -> list[WorkshopTally]:
        return [t for t in self.tallies if t.workshop == workshop_id]

    def attribute(self, label: str | None, at: datetime, by: str = "") -> Workshop | None:
        """The workshop an event tagged ``label`` at ``at`` by ``by`` was captured in.

        Tags are numbers, and a number may have been given up after a merge: among the
        workshops ever known by ``label``, the one running at ``at`` wins; if two were (two
        laptops offline the same evening), the one whose facilitator or list names ``by``;
        otherwise the one that kept the number.
        """
        if not label:
            return None
        candidates = [w for w in self.workshops if label in w.labels]
        if len(candidates) > 1:
            candidates = [w for w in candidates if w.was_running_at(at)] or candidates
        if len(candidates) > 1 and by:
            candidates = [
                w for w in candidates if by == w.facilitator or by in w.participants
            ] or candidates
        if len(candidates) > 1:
            candidates = [w for w in candidates if w.label == label] or candidates
        return min(candidates, key=lambda w: (w.started_at, w.id), default=None)


def parse_count(value: Any) -> int | None:
    """A head or vote count from an event, or None unless a whole number up to MAX_COUNT."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 <= number <= MAX_COUNT else None


def _attendance(value: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    if isinstance(value, Mapping):
        for role in Role:
            count = parse_count(value.get(role.value, 0))
            if count:
                counts[role.value] = count
    return counts


def fold_workshops(events: Iterable[Event]) -> WorkshopRegister:
    """Workshops, numbers and tallies from every event (any order given)."""
    relevant = sorted((e for e in events if e.type in EVENT_TYPES), key=lambda e: (e.at, e.id))
    starts: dict[str, Event] = {}
    claims: dict[str, Claim] = {}
    previous: dict[str, list[int]] = {}
    ignored: list[Event] = []
    for event in relevant:
        if event.type != WORKSHOP_START:
            continue
        number = parse_number(str(event.get("number", "")))
        if number is None:
            ignored.append(event)
            continue
        starts[event.id] = event
        claims[event.id] = Claim(event.id, number, event.at, event.id)
        previous[event.id] = []
    # Recorded renumberings after every start, so a late clock cannot put one "before" the
    # start it resolves; one applies only if its "from" is still the number (see FORMAT.md).
    for event in relevant:
        if event.type != WORKSHOP_RENUMBER:
            continue
        target = str(event.get("target", ""))
        old, new = parse_number(str(event.get("from", ""))), parse_number(str(event.get("to", "")))
        claim = claims.get(target)
        if claim is None or new is None or old != claim.number:
            ignored.append(event)
            continue
        previous[target].append(claim.number)
        claims[target] = replace(claim, number=new, at=event.at, event=event.id)
    pending = resolve_duplicate_claims(claims.values())
    for item in pending:
        previous[item.owner].append(item.old)
        claims[item.owner] = replace(claims[item.owner], number=item.new)
    ends: dict[str, Event] = {}
    for event in relevant:
        if event.type == WORKSHOP_END:
            target = str(event.get("target", ""))
            if target not in starts or target in ends:
                ignored.append(event)  # unknown, or already ended on another laptop
            else:
                ends[target] = event
    workshops = [
        _workshop(start, claims[start.id].number, previous[start.id], ends.get(start.id))
        for start in starts.values()
    ]
    workshops.sort(key=lambda w: (w.number, w.id))
    tallies = _tallies([e for e in relevant if e.type == TALLY], starts, ignored)
    return WorkshopRegister(
        tuple(workshops),
        tuple(tallies),
        tuple(pending),
        tuple(sorted(ignored, key=lambda e: (e.at, e.id))),
        relevant[-1].at if relevant else None,
    )


def _workshop(start: Event, number: int, previous: list[int], end: Event | None) -> Workshop:
    participants = start.get("participants", [])
    return Workshop(
        id=start.id,
        number=number,
        title=str(start.get("title", "")),
        date=str(start.get("date", "")) or start.at.date().isoformat(),
        place=str(start.get("place", "")),
        facilitator=str(start.get("facilitator", start.by)),
        started_at=start.at,
        attendance=_attendance(start.get("attendance", {})),
        participants=tuple(str(p) for p in participants) if isinstance(participants, list) else (),
        dots=parse_count(start.get("dots", DEFAULT_DOTS)) or DEFAULT_DOTS,
        previous_numbers=tuple(previous),
        ended_at=end.at if end else None,
        ended_by=end.by if end else "",
        end_event=end.id if end else "",
    )


def _tallies(
    events: Sequence[Event], starts: Mapping[str, Event], ignored: list[Event]
) -> list[WorkshopTally]:
    groups: dict[tuple[str, str], list[Event]] = {}
    for event in events:
        key = (str(event.get("session", "")), str(event.get("target", "")))
        counts = [parse_count(event.get(name)) for name in ("for", "against", "abstain")]
        if key[0] not in starts or not key[1] or None in counts:
            ignored.append(event)
        else:
            groups.setdefault(key, []).append(event)
    tallies = []
    for (session, target), group in sorted(groups.items()):
        winner = latest(group)
        assert winner is not None
        tallies.append(
            WorkshopTally(
                session,
                target,
                str(winner.get("label", target)),
                int(winner.get("for")),
                int(winner.get("against")),
                int(winner.get("abstain")),
                winner.by,
                winner.at,
                winner.id,
            )
        )
    return tallies


# -- what the CLI and the UI call while capturing ----------------------------------------------


def current_workshop(events: Iterable[Event]) -> Workshop | None:
    """The workshop running now, or None."""
    return fold_workshops(events).current()


def running_workshop_label(events: Iterable[Event]) -> str | None:
    """The tag (``W-3``) for anything captured now: the value of ``Event.workshop`` and of the
    ``Charter-Workshop`` trailer; None when no workshop runs."""
    workshop = current_workshop(events)
    return workshop.label if workshop is not None else None


def tag_with_running_workshop(event: Event, events: Iterable[Event]) -> Event:
    """``event`` tagged with the running workshop, unless it already names one."""
    if event.workshop:
        return event
    label = running_workshop_label(events)
    return replace(event, workshop=label) if label else event
