"""Workshops: evenings where residents read, comment and amend together, folded from events.

A workshop is a ``workshop-start`` event (its citable number ``W-3``, title, date, place,
facilitator, attendance by role, optional participant list, dots per participant) and later a
``workshop-end`` event naming it. While one runs, everything captured is tagged with its number
(:func:`running_workshop_label`, :func:`tag_with_running_workshop`). Show-of-hands results on
an amendment are ``tally`` events.

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
from datetime import date, datetime, timedelta
from typing import Any

from charter_app.core.citable_numbers import Claim, Renumbering, resolve_duplicate_claims
from charter_app.core.comments import latest
from charter_app.core.events import Event, now
from charter_app.core.model import Charter, Role
from charter_app.errors import NotFoundError, ValidationError
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
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


def _int(value: Any) -> int | None:
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 0 <= number <= MAX_COUNT else None


def _attendance(value: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    if isinstance(value, Mapping):
        for role in Role:
            count = _int(value.get(role.value, 0))
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
        dots=_int(start.get("dots", DEFAULT_DOTS)) or DEFAULT_DOTS,
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
        counts = [_int(event.get(name)) for name in ("for", "against", "abstain")]
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


# -- new events ----------------------------------------------------------------------------------


def _known(charter: Charter, participant: str) -> None:
    if charter.participant(participant) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=participant),
            _("Choose who is writing, or add a participant first."),
        )


def _after(event: Event, latest_at: datetime | None) -> Event:
    # Folded by date to the second: an event following another must never sort before it.
    if latest_at is not None and event.at <= latest_at:
        return replace(event, at=latest_at + timedelta(seconds=1))
    return event


def _count(value: int | str, what: str) -> int:
    number = _int(value)
    if number is None:
        raise ValidationError(
            _("“{value}” is not a valid number for {what}.").format(value=value, what=what),
            _("Give a whole number, 0 or more."),
        )
    return number


def parse_attendance(text: str) -> dict[str, int]:
    """``{"resident": 12, "elected": 3}`` from ``resident=12,elected=3`` (roles as in
    participants.yaml); a translated :class:`ValidationError` names what is wrong."""
    counts: dict[str, int] = {}
    roles = ", ".join(role.value for role in Role)
    for part in filter(None, (p.strip() for p in text.split(","))):
        role, sep, value = part.partition("=")
        role = role.strip().lower()
        if not sep or role not in {r.value for r in Role}:
            raise ValidationError(
                _("“{part}” is not an attendance count.").format(part=part),
                _("Write role=number separated by commas, with roles among: {roles}.").format(
                    roles=roles
                ),
            )
        counts[role] = _count(value.strip(), role)
    return counts


def new_start(
    charter: Charter,
    register: WorkshopRegister,
    facilitator: str,
    title: str,
    *,
    day: str | None = None,
    place: str = "",
    attendance: Mapping[str, int] | None = None,
    participants: Sequence[str] = (),
    dots: int = DEFAULT_DOTS,
    at: datetime | None = None,
) -> Event:
    """The ``workshop-start`` event of a new workshop, numbered after every known one.

    Refused (translated :class:`ValidationError`) while another workshop runs, without a
    title, with an unknown facilitator or participant, a malformed date or count.
    """
    running = register.current()
    if running is not None:
        raise ValidationError(
            _("Workshop {number} “{title}” is still running.").format(
                number=running.label, title=running.title
            ),
            _("End it with “charter workshop end” before starting another."),
        )
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("A workshop needs a title."), _("Type a short title."))
    _known(charter, facilitator)
    for participant in participants:
        _known(charter, participant)
    moment = at or now()
    day = (day or moment.date().isoformat()).strip()
    if not _DATE.match(day) or not _valid_date(day):
        raise ValidationError(
            _("“{date}” is not a date.").format(date=day), _("Write it as YYYY-MM-DD.")
        )
    counts: dict[str, str] = {}
    for role, count in (attendance or {}).items():
        if role not in {r.value for r in Role}:
            raise ValidationError(_("Unknown role “{role}”.").format(role=role))
        counts[role] = str(_count(count, role))
    if not 1 <= dots <= MAX_DOTS:
        raise ValidationError(
            _("Each participant needs between 1 and {most} dots.").format(most=MAX_DOTS)
        )
    data: dict[str, Any] = {
        "number": format_number(register.next_number()),
        "title": title,
        "date": day,
        "place": " ".join(place.split()),
        "facilitator": facilitator,
        "attendance": {role.value: counts.get(role.value, "0") for role in Role},
        "dots": str(dots),
    }
    if participants:
        data["participants"] = list(dict.fromkeys(participants))
    event = replace(Event.create(WORKSHOP_START, facilitator, data["number"], **data), at=moment)
    return _after(event, register.last_event_at)


def _valid_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _no_running() -> ValidationError:
    return ValidationError(
        _("No workshop is running."), _("Start one with “charter workshop start”.")
    )


def new_end(
    charter: Charter, register: WorkshopRegister, by: str, reference: str | None = None
) -> Event:
    """The ``workshop-end`` event of the running workshop (or of ``reference``, still running)."""
    _known(charter, by)
    workshop = register.find(reference) if reference else register.current()
    if workshop is None:
        raise _no_running()
    if not workshop.running:
        raise ValidationError(
            _("Workshop {number} has already ended.").format(number=workshop.label)
        )
    event = Event.create(WORKSHOP_END, by, workshop.label, target=workshop.id)
    return _after(event, register.last_event_at)


def new_tally(
    charter: Charter,
    register: WorkshopRegister,
    by: str,
    amendment_id: str,
    label: str,
    votes_for: int | str,
    against: int | str,
    abstain: int | str,
) -> Event:
    """A show of hands on amendment ``amendment_id`` (checked by the caller; ``label`` is its
    number) in the running workshop; a second tally of the same amendment replaces the first."""
    _known(charter, by)
    workshop = register.current()
    if workshop is None:
        raise ValidationError(
            _("No workshop is running: a show of hands is recorded during a workshop."),
            _("Start one with “charter workshop start”."),
        )
    counts = [
        _count(votes_for, _("for")),
        _count(against, _("against")),
        _count(abstain, _("abstain")),
    ]
    earlier = [t for t in register.tallies_of(workshop.id) if t.amendment == amendment_id]
    event = Event.create(
        TALLY,
        by,
        workshop.label,
        session=workshop.id,
        target=amendment_id,
        label=label,
        previous=earlier[0].event if earlier else None,
        **dict(zip(("for", "against", "abstain"), (str(c) for c in counts), strict=True)),
    )
    return _after(event, register.last_event_at)


def renumber_events(register: WorkshopRegister, by: str) -> list[Event]:
    """The ``workshop-renumber`` events that make pending renumberings permanent; the CLI and
    the UI record them with their next workshop event, as amendments do."""
    return [
        Event.create(
            WORKSHOP_RENUMBER,
            by,
            target=item.owner,
            reason=DUPLICATE_NUMBER,
            kept_by=item.kept_by,
            **{"from": format_number(item.old), "to": format_number(item.new)},
        )
        for item in register.pending
    ]
