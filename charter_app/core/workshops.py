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

This module makes the new events; folding them is :mod:`charter_app.core.workshop_register`,
whose names are importable from here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from charter_app.core.events import Event, now
from charter_app.core.model import Charter, Role
from charter_app.core.workshop_register import (
    DEFAULT_DOTS,
    DUPLICATE_NUMBER,
    EVENT_TYPES,
    MAX_COUNT,
    MAX_DOTS,
    TALLY,
    WORKSHOP_END,
    WORKSHOP_NUMBER,
    WORKSHOP_RENUMBER,
    WORKSHOP_START,
    Workshop,
    WorkshopRegister,
    WorkshopTally,
    current_workshop,
    fold_workshops,
    format_number,
    parse_count,
    parse_number,
    running_workshop_label,
    tag_with_running_workshop,
)
from charter_app.errors import ValidationError
from charter_app.i18n import _

__all__ = [
    "DEFAULT_DOTS",
    "DUPLICATE_NUMBER",
    "EVENT_TYPES",
    "MAX_COUNT",
    "MAX_DOTS",
    "TALLY",
    "WORKSHOP_END",
    "WORKSHOP_NUMBER",
    "WORKSHOP_RENUMBER",
    "WORKSHOP_START",
    "Workshop",
    "WorkshopRegister",
    "WorkshopTally",
    "current_workshop",
    "fold_workshops",
    "format_number",
    "new_end",
    "new_start",
    "new_tally",
    "parse_attendance",
    "parse_number",
    "renumber_events",
    "running_workshop_label",
    "tag_with_running_workshop",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# -- new events ----------------------------------------------------------------------------------


def _known(charter: Charter, participant: str) -> None:
    if charter.active_participant(participant) is None:
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
    number = parse_count(value)
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
