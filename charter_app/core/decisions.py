"""The council's decisions on amendments: outcome, votes, deliberation, and adopting by merge.

A decision is a lifecycle event of the amendment (:mod:`charter_app.core.amendment_state` folds
it): a ``decision`` event with ``outcome`` adopted, rejected, fallen or not-moved, or a
``withdraw`` event for a withdrawal announced in session. Both may carry the council's record:
``votes`` (``for``, ``against``, ``abstain``), the deliberation ``ref`` and its ``date``.
Adopting applies the amendments with the "what if" merge of :mod:`charter_app.core.whatif`; any
conflict stops everything and is reported with both texts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from charter_app.core.amendment_state import (
    DECISION,
    WITHDRAW,
    AmendmentRecord,
    Ledger,
    lifecycle_event,
    transition,
)
from charter_app.core.amendments import TEXT_STATE_LABELS
from charter_app.core.events import Event
from charter_app.core.operations import Change
from charter_app.core.whatif import WhatIfConflict
from charter_app.errors import ValidationError
from charter_app.i18n import N_, _

MAX_REFERENCE = 200
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


class Outcome(StrEnum):
    """What the council decided on an amendment."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    """Withdrawn in session by its author: recorded as a ``withdraw`` event."""
    FALLEN = "fallen"
    NOT_MOVED = "not-moved"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ADOPTED: N_("adopted"),
    Outcome.REJECTED: N_("rejected"),
    Outcome.WITHDRAWN: N_("withdrawn"),
    Outcome.FALLEN: N_("fallen"),
    Outcome.NOT_MOVED: N_("not moved"),
}


@dataclass(frozen=True)
class Votes:
    """The count of a vote; stored as ``votes: {for: "14", against: "3", abstain: "2"}``."""

    for_: int
    against: int
    abstain: int

    def __str__(self) -> str:
        return f"{self.for_}-{self.against}-{self.abstain}"

    def as_data(self) -> dict[str, str]:
        return {"for": str(self.for_), "against": str(self.against), "abstain": str(self.abstain)}


def parse_votes(text: str) -> Votes:
    """``"14,3,2"`` (for, against, abstentions); a translated ValidationError otherwise."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        raise ValidationError(
            _("“{votes}” is not a vote count.").format(votes=text),
            _(
                "Give three whole numbers separated by commas: for, against, abstentions "
                "(for example 14,3,2)."
            ),
        )
    for_, against, abstain = (int(part) for part in parts)
    return Votes(for_, against, abstain)


def parse_date(text: str) -> date:
    """A deliberation date written ``YYYY-MM-DD``; a translated ValidationError otherwise."""
    try:
        if not _DATE.match(text.strip()):
            raise ValueError(text)
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _("“{date}” is not a date.").format(date=text),
            _("Write the date as year-month-day, for example 2026-03-12."),
        ) from None


def check_reference(text: str) -> str:
    """The deliberation reference on one line, at most 200 characters."""
    clean = " ".join(text.split())
    if not clean:
        raise ValidationError(
            _("The deliberation reference is empty."),
            _("Give the number of the council's deliberation, e.g. “Délibération 2026-14”."),
        )
    if len(clean) > MAX_REFERENCE or any(ord(char) < 32 or char == "\x7f" for char in clean):
        raise ValidationError(
            _("The deliberation reference must be one line of at most {count} characters.").format(
                count=MAX_REFERENCE
            )
        )
    return clean


@dataclass(frozen=True)
class Decision:
    """What the council decided on one amendment, and the record of the deliberation."""

    outcome: Outcome
    votes: Votes | None = None
    ref: str | None = None
    """The deliberation reference, e.g. ``Délibération 2026-14``."""
    date: date | None = None
    """The date of the deliberation (the event's ``at`` is when it was recorded)."""

    @property
    def trailer(self) -> str:
        """The ``Charter-Decision`` trailer: ``adopted 14-3-2`` (or ``adopted``)."""
        return f"{self.outcome.value} {self.votes}" if self.votes else self.outcome.value

    def fields(self) -> dict[str, Any]:
        """The event fields added to the lifecycle event."""
        data: dict[str, Any] = {}
        if self.votes is not None:
            data["votes"] = self.votes.as_data()
        if self.ref:
            data["ref"] = self.ref
        if self.date is not None:
            data["date"] = self.date.isoformat()
        return data


def make_decision(
    outcome: Outcome | str,
    votes: str | None = None,
    ref: str | None = None,
    when: str | None = None,
) -> Decision:
    """A checked decision from what the user typed."""
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise ValidationError(
            _("Unknown decision “{outcome}”.").format(outcome=outcome),
            _("Use one of: {choices}.").format(choices=", ".join(o.value for o in Outcome)),
        ) from None
    return Decision(
        outcome,
        parse_votes(votes) if votes is not None else None,
        check_reference(ref) if ref is not None else None,
        parse_date(when) if when is not None else None,
    )


def decision_of(event: Event) -> Decision | None:
    """The decision an event records (decision or withdraw), leniently read; None otherwise."""
    if event.type == WITHDRAW:
        outcome = Outcome.WITHDRAWN
    elif event.type == DECISION:
        try:
            outcome = Outcome(str(event.get("outcome", "")))
        except ValueError:
            return None
    else:
        return None
    votes = None
    raw = event.get("votes")
    if isinstance(raw, Mapping):
        try:
            votes = parse_votes(
                ",".join(str(raw.get(k, "")) for k in ("for", "against", "abstain"))
            )
        except ValidationError:
            votes = None
    when = None
    try:
        when = parse_date(str(event.get("date", "")))
    except ValidationError:
        when = None
    ref = event.get("ref")
    return Decision(outcome, votes, str(ref) if ref else None, when)


def check_can_decide(record: AmendmentRecord, outcome: Outcome) -> None:
    """Refuse, naming the amendment, a decision its status does not allow."""
    action = WITHDRAW if outcome is Outcome.WITHDRAWN else outcome.value
    try:
        transition(record.status, action)
    except ValidationError as error:
        raise ValidationError(
            _("Amendment {number}: {problem}").format(number=record.label, problem=error.message),
            error.hint,
        ) from None


def decision_event(
    ledger: Ledger,
    record: AmendmentRecord,
    decision: Decision,
    by: str,
    workshop: str | None = None,
) -> Event:
    """The lifecycle event recording ``decision`` (checked against the amendment's status)."""
    check_can_decide(record, decision.outcome)
    action = WITHDRAW if decision.outcome is Outcome.WITHDRAWN else decision.outcome.value
    event = lifecycle_event(ledger, record.id, action, by, workshop)
    return replace(event, data={**event.data, **decision.fields()})


# -- adopting -------------------------------------------------------------------------------------


class AdoptionConflictError(ValidationError):
    """Adopting the selection would fail: nothing was written. ``conflicts`` says why."""

    def __init__(self, message: str, hint: str, conflicts: Sequence[WhatIfConflict]) -> None:
        super().__init__(message, hint)
        self.conflicts = tuple(conflicts)


def adoption_conflict(
    conflicts: Sequence[WhatIfConflict], labels: Mapping[str, str]
) -> AdoptionConflictError:
    """A plain-words error naming each amendment that cannot be applied, with both texts."""
    lines = []
    for conflict in conflicts:
        number = labels.get(conflict.amendment, conflict.amendment)
        state = _(TEXT_STATE_LABELS[conflict.state])
        line = _("Amendment {number} cannot be applied ({state}): {reason}").format(
            number=number, state=state, reason=conflict.reason
        )
        if conflict.earlier:
            earlier = ", ".join(labels.get(e, e) for e in conflict.earlier)
            line += " " + _("It collides with {numbers}.").format(numbers=earlier)
        for passage in conflict.conflicts:
            line += "\n  " + _("Text now: “{text}”").format(text=passage.ours.strip())
            line += "\n  " + _("Amendment proposes: “{text}”").format(text=passage.theirs.strip())
        lines.append(line)
    hint = _(
        "Nothing was recorded. Update the amendment (a sub-amendment can propose a text that "
        "fits the current one), or decide on the amendments in another order."
    )
    return AdoptionConflictError("\n".join(lines), hint, conflicts)


def combined_change(changes: Sequence[Change], summary: str) -> Change:
    """One change covering several applied amendments (written as one commit)."""
    removed = tuple(dict.fromkeys(pid for change in changes for pid in change.removed))
    principles = tuple(
        dict.fromkeys(
            pid for change in changes for pid in change.principles if pid not in set(removed)
        )
    )
    trailers = tuple(dict.fromkeys(t for change in changes for t in change.trailers))
    return Change(
        summary,
        principles=principles,
        removed=removed,
        meta=any(change.meta for change in changes),
        participants=any(change.participants for change in changes),
        trailers=trailers,
    )


def decision_trailers(
    changes: Sequence[Change], decided: Sequence[tuple[str, Decision]]
) -> list[tuple[str, str]]:
    """Commit trailers: each principle touched, then ``Charter-Amendment``/``Charter-Decision``
    pairs in the council's order."""
    trailers: list[tuple[str, str]] = []
    for change in changes:
        for key, value in change.trailers:
            if key == "Charter-Principle" and (key, value) not in trailers:
                trailers.append((key, value))
    for label, decision in decided:
        trailers += [("Charter-Amendment", label), ("Charter-Decision", decision.trailer)]
    return trailers
