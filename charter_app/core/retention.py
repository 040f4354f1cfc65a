"""The retention rule: every name is erased a number of months after the adoption that followed
the person's last contribution (docs/FORMAT.md, ``retention_months``).

A person who registered for the first consultation and never came back is erased N months after
that consultation's adopted version; one who also took part in the second is kept until N months
after the second's. When neither the registration day nor any contribution is known (someone
registered before the app recorded it), the latest adoption counts: the rule never erases
earlier than it would for a person who took part in every round.
"""

from __future__ import annotations

import calendar
import contextlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from charter_app.core.model import Charter


@dataclass(frozen=True)
class Adoption:
    """An adopted version and the day it was adopted."""

    version: str
    day: date


@dataclass(frozen=True)
class Retention:
    """When one participant's name is due for erasure under the rule."""

    participant: str
    last_seen: date | None
    """Their registration or last contribution, the later; None when neither is known."""
    adoption: Adoption | None
    """The adoption that starts the clock; None while none came after ``last_seen``."""
    due: date | None
    """The day the name is erased; None while no adoption starts the clock."""


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` later (the 31st becomes the month's last day when needed)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_seen(charter: Charter, contributions: Iterable[tuple[str, date]]) -> dict[str, date]:
    """Each participant's latest day among their registration and ``contributions``
    (participant id, day): events, amendments and commits."""
    seen: dict[str, date] = {}
    for participant in charter.participants:
        if participant.registered:
            with contextlib.suppress(ValueError):
                seen[participant.id] = date.fromisoformat(participant.registered)
    for participant_id, day in contributions:
        if participant_id not in seen or day > seen[participant_id]:
            seen[participant_id] = day
    return seen


def schedule(
    charter: Charter, seen: Mapping[str, date], adoptions: Sequence[Adoption]
) -> list[Retention]:
    """When each participant still named is due, under ``charter.retention_months`` (empty
    when the charter has no rule)."""
    months = charter.retention_months
    if not months:
        return []
    ordered = sorted(adoptions, key=lambda adoption: (adoption.day, adoption.version))
    plan = []
    for participant in charter.active_participants:
        when = seen.get(participant.id)
        if when is None:
            adoption = ordered[-1] if ordered else None
        else:
            adoption = next((a for a in ordered if a.day >= when), None)
        due = add_months(adoption.day, months) if adoption is not None else None
        plan.append(Retention(participant.id, when, adoption, due))
    return plan


def due(plan: Sequence[Retention], today: date) -> list[Retention]:
    """Those of ``plan`` whose day has come."""
    return [item for item in plan if item.due is not None and item.due <= today]
