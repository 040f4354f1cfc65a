"""Use cases on participants: register someone, find who is writing, add a room's newcomers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core.model import Charter, Participant, Role
from charter_app.core.operations import add_participant
from charter_app.errors import ValidationError
from charter_app.i18n import _


def identify(charter: Charter | Sequence[Participant], given: str) -> str:
    """The participant id ``given`` names: an id, or a name nobody else has (case ignored),
    among the participants of ``charter`` (or these participants)."""
    if not given:
        raise ValidationError(
            _("Say who is writing with --as (a participant id or name)."),
            _("List participants with “charter participant list”."),
        )
    people = charter.participants if isinstance(charter, Charter) else charter
    if any(person.id == given for person in people):
        return given
    matches = [p.id for p in people if p.name.casefold() == given.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        _("Unknown participant “{who}”.").format(who=given),
        _("Add them with “charter participant add NAME --role ROLE”.")
        if not matches
        else _("Several participants have this name; use the id."),
    )


def register_participant(
    session: Session,
    name: str,
    role: Role | str,
    organisation: str = "",
    by: str | None = None,
) -> Written[Participant]:
    """Add a participant to the registry; ``by`` None: the newcomer registers themselves."""
    with session.transaction(by) as transaction:
        participant = _add(transaction, name, role, organisation, by)
        return transaction.result(participant)


def participant_named(
    session: Session, name: str, role: Role | str, by: str | None = None
) -> Written[Participant]:
    """The participant called ``name`` (case ignored), registered with ``role`` if new: how a
    person at the kiosk or on a phone joins with just a name or a pseudonym."""
    with session.transaction(by) as transaction:
        wanted = " ".join(name.split()).casefold()
        known = [p for p in transaction.charter().participants if p.name.casefold() == wanted]
        if known:
            return transaction.result(known[0])
        return transaction.result(_add(transaction, name, role, "", by))


def add_authors(transaction: Transaction, caller: str, names: Iterable[str]) -> dict[str, str]:
    """The participant id of each name (found by name, case ignored); a name nobody has yet
    becomes a participant (a resident), registered by ``caller``. No name ("") is the caller."""
    ids = {"": caller}
    for name in sorted({name for name in names if name}):
        known = [
            p.id for p in transaction.charter().participants if p.name.casefold() == name.casefold()
        ]
        ids[name] = known[0] if known else _add(transaction, name, Role.RESIDENT, "", caller).id
    return ids


def _add(
    transaction: Transaction, name: str, role: Role | str, organisation: str, by: str | None
) -> Participant:
    charter, change, participant = add_participant(transaction.charter(), name, role, organisation)
    transaction.save(charter, change, change.summary, author=by or participant.id)
    return participant
