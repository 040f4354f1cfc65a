"""How a participant is shown: their name, or "Removed participant" with the role and the id once
erased, so that every listing, export and dock says the same thing (never an erased name)."""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.core.model import ROLE_LABELS, Charter, Participant
from charter_app.i18n import N_, _

REMOVED = N_("Removed participant")
"""What stands for an erased participant's name where the id and role are shown beside it."""


def removed_label(participant: Participant, with_role: bool = True) -> str:
    """“Removed participant (Resident, p-3f9a1c)”: the role, and the id for traceability."""
    if with_role:
        return _("Removed participant ({role}, {id})").format(
            role=_(ROLE_LABELS[participant.role]), id=participant.id
        )
    return _("Removed participant ({id})").format(id=participant.id)


def shown_name(participant: Participant, with_role: bool = True) -> str:
    """The participant's name, or the removed label (:func:`removed_label`) once erased.

    ``with_role`` False leaves the role out of the removed label, for places that show the
    role beside the name already."""
    return removed_label(participant, with_role) if participant.is_erased else participant.name


def name_of(charter: Charter | None, participant_id: str, with_role: bool = True) -> str:
    """The name shown for ``participant_id``: :func:`shown_name`, or the id itself when the
    registry does not know it (a participant registered on a laptop not synced yet)."""
    participant = charter.participant(participant_id) if charter is not None else None
    return shown_name(participant, with_role) if participant is not None else participant_id


def names_by_id(
    charter: Charter | Sequence[Participant] | None, with_role: bool = True
) -> dict[str, str]:
    """Every participant id -> the name shown for it (:func:`shown_name`), of a charter or of
    participants read alone."""
    if charter is None:
        return {}
    people = charter.participants if isinstance(charter, Charter) else charter
    return {p.id: shown_name(p, with_role) for p in people}


def choice_label(participant: Participant) -> str:
    """How a participant is offered in a “who is writing” list: name (organisation)."""
    if participant.organisation:
        return f"{participant.name} ({participant.organisation})"
    return participant.name
