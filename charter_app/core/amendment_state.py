"""An amendment's lifecycle and citable number, folded from immutable events.

Registration, withdrawal, decisions and renumberings are events (``events/<yyyy>/<id>.yaml``),
never edits, so two laptops that worked offline merge without conflict. Folding them, oldest
first (``at``, then event id), gives every laptop the same statuses and numbers.

Two laptops may register the same number offline. Among registrations claiming one number the
earliest (``at``, then event id) keeps it; the others get the next free numbers (above every
number claimed), in that same order. That renumbering is recorded as a ``renumber`` event the
next time the app writes, so the number never moves again, and it is shown ("A-12 (was A-7)").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from charter_app.core.amendments import (
    Amendment,
    AmendmentKind,
    format_number,
    insertion_number,
    parse_number,
)
from charter_app.core.citable_numbers import Claim, Renumbering, resolve_duplicate_claims
from charter_app.core.events import Event
from charter_app.core.model import Charter
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import N_, _

REGISTER = "register"
WITHDRAW = "withdraw"
DECISION = "decision"
RENUMBER = "renumber"
EVENT_TYPES = (REGISTER, WITHDRAW, DECISION, RENUMBER)
DUPLICATE_NUMBER = "duplicate-number"
"""The ``reason`` of a renumber event: another copy registered the same number earlier."""


class AmendmentStatus(StrEnum):
    DRAFT = "draft"
    REGISTERED = "registered"
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    FALLEN = "fallen"
    NOT_MOVED = "not-moved"


STATUS_LABELS: dict[AmendmentStatus, str] = {
    AmendmentStatus.DRAFT: N_("draft"),
    AmendmentStatus.REGISTERED: N_("registered"),
    AmendmentStatus.ADOPTED: N_("adopted"),
    AmendmentStatus.REJECTED: N_("rejected"),
    AmendmentStatus.WITHDRAWN: N_("withdrawn"),
    AmendmentStatus.FALLEN: N_("fallen"),
    AmendmentStatus.NOT_MOVED: N_("not moved"),
}

Outcome = Literal["adopted", "rejected", "fallen", "not-moved"]
OUTCOMES: tuple[Outcome, ...] = ("adopted", "rejected", "fallen", "not-moved")
Action = Literal["register", "withdraw", "adopted", "rejected", "fallen", "not-moved"]
DECIDED = frozenset(
    {
        AmendmentStatus.ADOPTED,
        AmendmentStatus.REJECTED,
        AmendmentStatus.FALLEN,
        AmendmentStatus.NOT_MOVED,
    }
)


def transition(status: AmendmentStatus, action: Action | str) -> AmendmentStatus:
    """The status after ``action``, or a translated :class:`ValidationError` if not allowed.

    draft -> registered (register) or withdrawn; registered -> withdrawn, or decided (adopted,
    rejected, fallen, not-moved). A decided or withdrawn amendment never changes again.
    """
    status_label = _(STATUS_LABELS[status])
    if status in DECIDED:
        raise ValidationError(
            _("This amendment has already been decided ({status}).").format(status=status_label),
            _("A decision is final; file a new amendment to change the text again."),
        )
    if status is AmendmentStatus.WITHDRAWN:
        raise ValidationError(
            _("This amendment has been withdrawn."),
            _("A withdrawn amendment cannot be registered, withdrawn or decided again."),
        )
    if action == REGISTER:
        if status is AmendmentStatus.REGISTERED:
            raise ValidationError(_("This amendment is already registered."))
        return AmendmentStatus.REGISTERED
    if action == WITHDRAW:
        return AmendmentStatus.WITHDRAWN
    if action in OUTCOMES:
        if status is AmendmentStatus.DRAFT:
            raise ValidationError(
                _("A draft amendment cannot be decided."),
                _("Register it first, so it gets a number."),
            )
        return AmendmentStatus(action)
    raise ValidationError(
        _("Unknown decision “{outcome}”.").format(outcome=action),
        _("Use one of: {choices}.").format(choices=", ".join(OUTCOMES)),
    )


@dataclass(frozen=True)
class AmendmentRecord:
    """An amendment with its folded lifecycle."""

    amendment: Amendment
    status: AmendmentStatus = AmendmentStatus.DRAFT
    number: int | None = None
    """The citable number (7 for A-7); None for a draft."""
    previous_numbers: tuple[int, ...] = ()
    """Numbers it claimed before being renumbered, oldest first."""
    outcome_event: str | None = None
    """Id of the decision or withdrawal event."""
    ignored: tuple[str, ...] = ()
    """Ids of events that could not apply (e.g. a decision after a withdrawal on another copy)."""
    last_event_at: datetime | None = None
    """When its latest lifecycle event happened: a new one is never dated before it."""

    @property
    def id(self) -> str:
        return self.amendment.id

    @property
    def label(self) -> str:
        """``A-12`` once registered, else the amendment id."""
        return format_number(self.number) if self.number is not None else self.amendment.id

    @property
    def display(self) -> str:
        """``A-12 (was A-7)`` when renumbered."""
        if not self.previous_numbers:
            return self.label
        was = ", ".join(format_number(n) for n in self.previous_numbers)
        return _("{number} (was {previous})").format(number=self.label, previous=was)


@dataclass(frozen=True)
class Ledger:
    """Every amendment with its status and number; the same on every laptop."""

    records: tuple[AmendmentRecord, ...]
    """Registered ones by number, then drafts by creation date."""
    pending: tuple[Renumbering, ...] = ()
    """Renumberings computed from duplicate numbers but not recorded yet."""
    _by_id: Mapping[str, AmendmentRecord] = field(default_factory=dict, repr=False)

    def get(self, amendment_id: str) -> AmendmentRecord | None:
        return self._by_id.get(amendment_id)

    def find(self, reference: str) -> AmendmentRecord:
        """The amendment ``reference`` names: its number (``A-3``) or its id; or NotFoundError."""
        record = self._by_id.get(reference.strip())
        number = parse_number(reference)
        if record is None and number is not None:
            record = next((r for r in self.records if r.number == number), None)
            if record is None:
                record = next((r for r in self.records if number in r.previous_numbers), None)
        if record is None:
            raise NotFoundError(
                _("There is no amendment “{reference}”.").format(reference=reference),
                _("List the amendments with “charter amendments”."),
            )
        return record

    def next_number(self) -> int:
        taken = [r.number for r in self.records if r.number is not None]
        return max(taken, default=0) + 1

    def proposers(self) -> dict[str, str]:
        """Amendment number (``A-3``, and any number it had before a renumbering) -> the
        participant who proposed it: the words are theirs, even when someone else recorded the
        council's decision that applied them."""
        found: dict[str, str] = {}
        for record in self.records:
            if record.number is not None:
                for number in (record.number, *record.previous_numbers):
                    found[format_number(number)] = record.amendment.author
        return found


@dataclass
class _Fold:
    amendment: Amendment
    status: AmendmentStatus = AmendmentStatus.DRAFT
    claim: tuple[int, datetime, str] | None = None
    """(number, when claimed, claiming event id)."""
    previous: list[int] = field(default_factory=list)
    outcome_event: str | None = None
    ignored: list[str] = field(default_factory=list)
    last_at: datetime | None = None


def fold(amendments: Iterable[Amendment], events: Iterable[Event]) -> Ledger:
    """Statuses and numbers from the amendment files and every event (any order given)."""
    folds = {amendment.id: _Fold(amendment) for amendment in amendments}
    relevant = sorted(
        (e for e in events if e.type in EVENT_TYPES and str(e.get("target", "")) in folds),
        key=lambda event: (event.at, event.id),
    )
    for event in relevant:
        if event.type != RENUMBER:
            _apply_lifecycle(folds[str(event.get("target"))], event)
    # Renumberings after every registration, so a clock running late on one laptop cannot make a
    # recorded renumbering come "before" the registration it resolves.
    for event in relevant:
        if event.type == RENUMBER:
            _apply_renumber(folds[str(event.get("target"))], event)
    pending = _resolve_duplicates(folds)
    records = [
        AmendmentRecord(
            f.amendment,
            f.status,
            f.claim[0] if f.claim else None,
            tuple(f.previous),
            f.outcome_event,
            tuple(f.ignored),
            f.last_at,
        )
        for f in folds.values()
    ]
    records.sort(
        key=lambda r: (r.number is None, r.number or 0, r.amendment.created, r.amendment.id)
    )
    return Ledger(tuple(records), tuple(pending), {r.id: r for r in records})


def _apply_lifecycle(state: _Fold, event: Event) -> None:
    state.last_at = event.at if state.last_at is None else max(state.last_at, event.at)
    action = str(event.get("outcome", "")) if event.type == DECISION else event.type
    number = parse_number(str(event.get("number", ""))) if event.type == REGISTER else None
    if event.type == REGISTER and number is None:
        state.ignored.append(event.id)
        return
    try:
        state.status = transition(state.status, action)
    except ValidationError:
        state.ignored.append(event.id)
        return
    if number is not None:
        state.claim = (number, event.at, event.id)
    else:
        state.outcome_event = event.id


def _apply_renumber(state: _Fold, event: Event) -> None:
    old = parse_number(str(event.get("from", "")))
    new = parse_number(str(event.get("to", "")))
    if state.claim is None or old != state.claim[0] or new is None:
        state.ignored.append(event.id)  # already renumbered by another copy, or malformed
        return
    state.previous.append(old)
    state.claim = (new, event.at, event.id)


def _resolve_duplicates(folds: Mapping[str, _Fold]) -> list[Renumbering]:
    claims = [
        Claim(state.amendment.id, state.claim[0], state.claim[1], state.claim[2])
        for state in folds.values()
        if state.claim is not None
    ]
    pending = resolve_duplicate_claims(claims)
    for item in pending:
        state = folds[item.owner]
        assert state.claim is not None
        state.previous.append(item.old)
        state.claim = (item.new, state.claim[1], state.claim[2])
    return pending


# -- events to record ----------------------------------------------------------------------------


def renumber_events(ledger: Ledger, by: str, workshop: str | None = None) -> list[Event]:
    """The ``renumber`` events that make the ledger's pending renumberings permanent."""
    return [
        Event.create(
            RENUMBER,
            by,
            workshop,
            target=item.owner,
            **{"from": format_number(item.old), "to": format_number(item.new)},
            reason=DUPLICATE_NUMBER,
            kept_by=item.kept_by,
        )
        for item in ledger.pending
    ]


def lifecycle_event(
    ledger: Ledger,
    amendment_id: str,
    action: Action | str,
    by: str,
    workshop: str | None = None,
    **details: str,
) -> Event:
    """The event for ``action`` on an amendment, checked against its current status.

    ``register`` takes the next free number; an outcome becomes a ``decision`` event.
    """
    record = ledger.get(amendment_id)
    if record is None:
        raise NotFoundError(
            _("There is no amendment “{reference}”.").format(reference=amendment_id)
        )
    transition(record.status, action)
    if action == REGISTER:
        event = Event.create(
            REGISTER, by, workshop, target=amendment_id, number=format_number(ledger.next_number())
        )
    elif action == WITHDRAW:
        event = Event.create(WITHDRAW, by, workshop, target=amendment_id)
    else:
        event = Event.create(DECISION, by, workshop, target=amendment_id, outcome=action)
    event.data.update(details)
    # Events are folded by date (to the second): one following another within the same second
    # must not sort before it, or a withdrawal could precede the registration it withdraws.
    if record.last_event_at is not None and event.at <= record.last_event_at:
        event = replace(event, at=record.last_event_at + timedelta(seconds=1))
    return event


def sub_amendments(ledger: Ledger, parent_id: str) -> Sequence[AmendmentRecord]:
    return [r for r in ledger.records if r.amendment.is_sub and r.amendment.target == parent_id]


def principle_of(amendment: Amendment, ledger: Ledger) -> str | None:
    """The principle an amendment is about: its target (for an insertion, the principle it
    goes after), or a sub-amendment's parent's; None when a parent is unknown here."""
    seen: set[str] = set()
    while amendment.is_sub:
        parent = ledger.get(amendment.target)
        if parent is None or amendment.id in seen:
            return None
        seen.add(amendment.id)
        amendment = parent.amendment
    return amendment.target


def target_label(charter: Charter, amendment: Amendment, ledger: Ledger) -> str:
    """What an amendment is about, in words: "3. Inclusion", "new 3 bis after 3", "on A-2"."""
    if amendment.is_sub:
        parent = ledger.get(amendment.target)
        return _("on {number}").format(number=parent.label if parent else "?")
    principle = charter.principle(amendment.target)
    if amendment.kind is AmendmentKind.INSERT:
        number = insertion_number(charter, amendment)
        anchor = principle.number if principle else "?"
        return _("new {number} after {anchor}").format(number=number or "?", anchor=anchor)
    if principle is None:
        return _("a principle no longer in the text")
    return f"{principle.number}. {principle.title}"
