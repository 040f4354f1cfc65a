"""The participants' registry as the domain sees it: erasing a person, and merging two laptops'
registries by id, where an erasure always wins (docs/DESIGN.md, "Erasing a person").

The registry is replaced, never appended (:mod:`charter_app.storage.registry`), so two copies
have no common version to compare with: the merge looks at each id on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from charter_app.core.mentions import fingerprint
from charter_app.core.model import Charter, Participant
from charter_app.errors import ValidationError
from charter_app.i18n import _

RETENTION = "retention"
"""``erased_by`` of the names the charter's retention rule erased."""


def tombstone(participant: Participant, day: str, by: str) -> Participant:
    """What stays of ``participant`` once erased on ``day`` by ``by``: id, role, when, who,
    and the fingerprint of the name (never the name nor the organisation)."""
    return Participant(
        id=participant.id,
        name="",
        role=participant.role,
        erased=day,
        erased_by=by,
        fingerprint=fingerprint(participant.name),
    )


def erase(charter: Charter, participant_id: str, by: str, day: str) -> tuple[Charter, Participant]:
    """The charter with ``participant_id`` erased on ``day`` by the facilitator ``by``: the
    registry keeps their tombstone in place. Refuses an unknown, already erased participant, or
    an erasure asked by someone who is not a facilitator."""
    # Imported here: the comments' module brings the anchoring and diff engine, which reading
    # a charter's registry (every command) does not need.
    from charter_app.core.comment_requests import is_facilitator

    if by != RETENTION and not (
        charter.active_participant(by) is not None and is_facilitator(charter, by)
    ):
        raise ValidationError(
            _("Only a facilitator (a participant with the role staff) can erase a participant."),
            _("Choose a facilitator with --as, or ask one to do it."),
        )
    participant = charter.participant(participant_id)
    if participant is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=participant_id),
            _("List participants with “charter participant list”."),
        )
    if participant.is_erased:
        raise ValidationError(
            _("This participant was already erased on {day}.").format(day=participant.erased)
        )
    gone = tombstone(participant, day, by)
    people = tuple(gone if p.id == participant_id else p for p in charter.participants)
    return replace(charter, participants=people), gone


def merge_registries(
    mine: Sequence[Participant], theirs: Sequence[Participant]
) -> tuple[Participant, ...]:
    """Both registries by id, in our order then theirs' newcomers in their order. An erasure
    wins over a name (whoever erased, every copy forgets); two erasures keep the earlier one;
    two different entries for one person (edited by hand) keep the greater one by text, so every
    laptop holds the same people (in an order that may differ: see
    :func:`charter_app.storage.registry.merge_received`)."""
    by_theirs = {p.id: p for p in theirs}
    merged: dict[str, Participant] = {}
    for participant in mine:
        other = by_theirs.get(participant.id)
        merged[participant.id] = participant if other is None else _one(participant, other)
    for participant in theirs:
        merged.setdefault(participant.id, participant)
    return tuple(merged.values())


def _one(mine: Participant, theirs: Participant) -> Participant:
    if mine == theirs:
        return mine
    if mine.is_erased or theirs.is_erased:
        gone = [p for p in (mine, theirs) if p.is_erased]
        return min(gone, key=_key)
    return max(mine, theirs, key=_key)


def _key(participant: Participant) -> tuple[str, ...]:
    return (
        participant.erased,
        participant.erased_by,
        participant.registered,
        participant.name,
        participant.organisation,
        participant.role.value,
        participant.fingerprint,
    )


def newly_erased(before: Sequence[Participant], after: Sequence[Participant]) -> list[str]:
    """Ids that had a name in ``before`` and are tombstones in ``after``."""
    known = {p.id for p in before if not p.is_erased}
    return [p.id for p in after if p.is_erased and p.id in known]
