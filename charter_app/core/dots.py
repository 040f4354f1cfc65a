"""Priorities by dot voting: each participant places a fixed number of dots per session.

A placement is a ``dot`` event (``about`` principle or amendment, ``target``, ``count``; a
negative count takes dots back) tagged with its session: the workshop running then (``session``
is the workshop's id, its budget the workshop's ``dots``), or no session outside workshops
(budget :data:`DEFAULT_DOTS`). Folding replays placements oldest first (``at``, then id): a
placement beyond the budget, or taking back more than was placed, is ignored and listed, so two
laptops agree after a merge. Nothing is silently truncated: :func:`new_placement` refuses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Participant, Role
from charter_app.core.workshops import DEFAULT_DOTS, Workshop, WorkshopRegister
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _, ngettext

DOT = "dot"
UNKNOWN_ROLE = "unknown"
DotAbout = Literal["principle", "amendment"]


@dataclass(frozen=True)
class DotRow:
    """The dots on one target: a bar of the chart, a row of the table."""

    target: str
    """Principle id or amendment id."""
    about: DotAbout
    label: str
    """What readers call it: the principle's number and title, or ``A-3``."""
    dots: int
    voters: int
    """Distinct participants with at least one dot on it."""
    by_role: Mapping[str, int] = field(default_factory=dict)
    """Dots by role, every role listed (then ``unknown`` for erased participants)."""


@dataclass(frozen=True)
class DotResults:
    """Results of one session (or of all), most dots first."""

    rows: tuple[DotRow, ...] = ()
    budget: int = DEFAULT_DOTS
    participants: int = 0
    """Distinct participants who placed at least one dot."""
    ignored: tuple[Event, ...] = ()
    """Placements beyond the budget (made on two laptops) or taking back too many."""

    def chart(self) -> list[tuple[str, int]]:
        """(label, dots) pairs for a bar chart, most dots first."""
        return [(row.label, row.dots) for row in self.rows]

    def table(self) -> tuple[list[str], list[list[str]]]:
        """Column headers and rows of text, for a screen reader or a minutes table."""
        headers = [_("Target"), _("Dots"), _("Participants")]
        headers += [_(ROLE_LABELS[role]) for role in Role]
        rows = []
        for row in self.rows:
            by_role = [str(row.by_role.get(role.value, 0)) for role in Role]
            rows.append([row.label, str(row.dots), str(row.voters), *by_role])
        return headers, rows


@dataclass
class _Session:
    budget: int
    used: dict[str, int] = field(default_factory=dict)
    """Participant -> dots in use."""
    placed: dict[tuple[str, str], int] = field(default_factory=dict)
    """(participant, target) -> dots."""


def _session_of(event: Event) -> str:
    return str(event.get("session", ""))


def _fold(
    events: Iterable[Event], register: WorkshopRegister
) -> tuple[dict[str, _Session], dict[str, DotAbout], list[Event]]:
    sessions: dict[str, _Session] = {}
    abouts: dict[str, DotAbout] = {}
    ignored: list[Event] = []
    ordered = sorted((e for e in events if e.type == DOT), key=lambda e: (e.at, e.id))
    for event in ordered:
        session_id = _session_of(event)
        workshop = register.get(session_id) if session_id else None
        target = str(event.get("target", ""))
        try:
            count = int(str(event.get("count", "")))
        except ValueError:
            count = 0
        if (session_id and workshop is None) or not target or count == 0:
            ignored.append(event)
            continue
        budget = workshop.dots if workshop else DEFAULT_DOTS
        session = sessions.setdefault(session_id, _Session(budget))
        used = session.used.get(event.by, 0)
        here = session.placed.get((event.by, target), 0)
        if used + count > session.budget or here + count < 0:
            ignored.append(event)
            continue
        session.used[event.by] = used + count
        session.placed[(event.by, target)] = here + count
        abouts[target] = "amendment" if event.get("about") == "amendment" else "principle"
    return sessions, abouts, ignored


def _session_id(workshop: Workshop | None) -> str:
    return workshop.id if workshop is not None else ""


def dots_left(
    events: Iterable[Event], register: WorkshopRegister, participant: str
) -> tuple[int, int]:
    """(dots left, budget) for ``participant`` in the current session."""
    workshop = register.current()
    sessions, _abouts, _ignored = _fold(events, register)
    session = sessions.get(_session_id(workshop))
    budget = workshop.dots if workshop else DEFAULT_DOTS
    used = session.used.get(participant, 0) if session else 0
    return budget - used, budget


def new_placement(
    charter: Charter,
    events: Iterable[Event],
    register: WorkshopRegister,
    by: str,
    target: str,
    count: int = 1,
    *,
    about: DotAbout = "principle",
    label: str = "",
) -> Event:
    """``count`` of ``by``'s dots on ``target`` (a principle id, or an amendment id checked by
    the caller, with its number as ``label``); a negative ``count`` takes dots back.

    Refused with a translated :class:`ValidationError` when it would exceed the participant's
    dots left in this session or take back more than they placed there: the placement is
    refused whole, never cut down.
    """
    if charter.active_participant(by) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=by),
            _("Choose who is writing, or add a participant first."),
        )
    if about == "principle" and charter.principle(target) is None:
        raise NotFoundError(
            _("There is no principle “{id}” in this charter.").format(id=target),
            _("List the principles with “charter principle list”."),
        )
    if count == 0:
        raise ValidationError(_("Place at least one dot."))
    events = list(events)
    workshop = register.current()
    sessions, _abouts, _ignored = _fold(events, register)
    session = sessions.get(_session_id(workshop))
    budget = workshop.dots if workshop else DEFAULT_DOTS
    left = budget - (session.used.get(by, 0) if session else 0)
    if count > left:
        raise ValidationError(
            ngettext(
                "You have {left} dot left; you asked to place {count}.",
                "You have {left} dots left; you asked to place {count}.",
                left,
            ).format(left=left, count=count),
            ngettext(
                "Each participant has {budget} dot in this session: take some back first.",
                "Each participant has {budget} dots in this session: take some back first.",
                budget,
            ).format(budget=budget),
        )
    here = session.placed.get((by, target), 0) if session else 0
    if here + count < 0:
        raise ValidationError(
            ngettext(
                "You have {here} dot here; you cannot take back {count}.",
                "You have {here} dots here; you cannot take back {count}.",
                here,
            ).format(here=here, count=-count)
        )
    data: dict[str, str] = {"about": about, "target": target, "count": str(count)}
    if workshop is not None:
        data["session"] = workshop.id
    if label:
        data["label"] = label
    return Event.create(DOT, by, workshop.label if workshop else None, **data)


def dot_results(
    events: Iterable[Event],
    register: WorkshopRegister,
    participants: Iterable[Participant],
    labels: Mapping[str, str] | None = None,
    workshop: Workshop | None = None,
    *,
    all_sessions: bool = False,
) -> DotResults:
    """Dots per target in ``workshop``'s session (None: placements outside workshops), or in
    every session together (``all_sessions``); ``labels`` names targets for readers."""
    sessions, abouts, ignored = _fold(events, register)
    roles = {p.id: p.role.value for p in participants}
    wanted = list(sessions) if all_sessions else [_session_id(workshop)]
    totals: dict[str, dict[str, int]] = {}
    for session_id in wanted:
        session = sessions.get(session_id)
        for (participant, target), dots in session.placed.items() if session else ():
            if dots:
                totals.setdefault(target, {})
                totals[target][participant] = totals[target].get(participant, 0) + dots
    rows = []
    for target, by_participant in totals.items():
        by_role = {role.value: 0 for role in Role}
        for participant, dots in by_participant.items():
            role = roles.get(participant, UNKNOWN_ROLE)
            by_role[role] = by_role.get(role, 0) + dots
        rows.append(
            DotRow(
                target,
                abouts.get(target, "principle"),
                (labels or {}).get(target, target),
                sum(by_participant.values()),
                len(by_participant),
                by_role,
            )
        )
    rows.sort(key=lambda row: (-row.dots, -row.voters, row.label))
    voters = {p for by_participant in totals.values() for p in by_participant}
    session_ids = set(wanted)
    return DotResults(
        tuple(rows),
        workshop.dots if workshop else DEFAULT_DOTS,
        len(voters),
        tuple(e for e in ignored if _session_of(e) in session_ids),
    )
