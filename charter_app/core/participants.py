"""How a participant is shown: their name, or "Removed participant" with the role and the id once
erased, so that every listing, export and dock says the same thing (never an erased name)."""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.core.model import ROLE_LABELS, Charter, Participant
from charter_app.errors import ValidationError
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


def identify(charter: Charter | Sequence[Participant], given: str) -> str:
    """The participant id ``given`` names: an id, or a name nobody else has (case ignored),
    among the participants of ``charter`` (or these participants)."""
    if not given:
        raise ValidationError(
            _("Say who is writing with --as (a participant id or name)."),
            _("List participants with “charter participant list”."),
        )
    people = charter.participants if isinstance(charter, Charter) else charter
    known = next((person for person in people if person.id == given), None)
    if known is not None:
        if known.is_erased:
            raise ValidationError(
                _("Participant {id} was erased from the charter; they can no longer write.").format(
                    id=given
                ),
                _("Register them again if they come back (they will get a new id)."),
            )
        return given
    matches = [p.id for p in people if not p.is_erased and p.name.casefold() == given.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        _("Unknown participant “{who}”.").format(who=given),
        _("Add them with “charter participant add NAME --role ROLE”.")
        if not matches
        else _("Several participants have this name; use the id."),
    )
