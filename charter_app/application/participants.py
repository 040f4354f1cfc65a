"""Use cases on participants: register someone, find who is writing, add a room's newcomers,
erase a person (docs/DESIGN.md, "Erasing a person")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from charter_app.application.amendments import ledger_of
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core import clock
from charter_app.core.free_texts import Mention, free_texts, mentions_in
from charter_app.core.model import Participant, Role
from charter_app.core.operations import add_participant
from charter_app.core.registry import erase
from charter_app.i18n import _, ngettext
from charter_app.storage.amendments import read_amendments
from charter_app.storage.registry import forget_unreachable


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
        known = [
            p for p in transaction.charter().active_participants if p.name.casefold() == wanted
        ]
        if known:
            return transaction.result(known[0])
        return transaction.result(_add(transaction, name, role, "", by))


def add_authors(transaction: Transaction, caller: str, names: Iterable[str]) -> dict[str, str]:
    """The participant id of each name (found by name, case ignored); a name nobody has yet
    becomes a participant (a resident), registered by ``caller``. No name ("") is the caller."""
    ids = {"": caller}
    for name in sorted({name for name in names if name}):
        known = [
            p.id
            for p in transaction.charter().active_participants
            if p.name.casefold() == name.casefold()
        ]
        ids[name] = known[0] if known else _add(transaction, name, Role.RESIDENT, "", caller).id
    return ids


def _add(
    transaction: Transaction, name: str, role: Role | str, organisation: str, by: str | None
) -> Participant:
    charter, change, participant = add_participant(transaction.charter(), name, role, organisation)
    transaction.save(charter, change, change.summary, author=by or participant.id)
    return participant


@dataclass(frozen=True)
class Erasure:
    """What erasing a participant did, and what is left to do."""

    participant: Participant
    """Their tombstone: id, role, when and by whom; no name."""
    mentions: tuple[Mention, ...]
    """The free texts that held their name (found before it was forgotten), to redact."""


def erase_participant(session: Session, by: str, participant_id: str) -> Written[Erasure]:
    """A facilitator erases a participant: their name and organisation leave the registry and
    every earlier version of it in this repository (:mod:`charter_app.storage.registry`), and
    every other copy at its next exchange. Their contributions stay, shown as a removed
    participant with the role. The free texts naming them are returned, to be redacted."""
    with session.transaction(by) as transaction:
        charter = transaction.charter()
        author = transaction.author()
        person = charter.participant(participant_id)
        amendments = read_amendments(transaction.repository.path)
        texts = free_texts(transaction.events(), amendments, _labels(transaction))
        found = mentions_in(texts, [person]) if person is not None else []
        erased, tombstone = erase(
            charter, participant_id, author, clock.wall_now().date().isoformat()
        )
        transaction.store_participants(
            erased, _("Erase participant {id}").format(id=participant_id)
        )
        forget_unreachable(transaction.repository.git)
        transaction.tell(
            _(
                "The name of {id} is erased from this charter and every earlier list of "
                "participants here; the other laptops and the server forget it at their next "
                "exchange with this one. USB exports made before today still hold it: delete "
                "them."
            ).format(id=participant_id)
        )
        if found:
            transaction.tell(
                ngettext(
                    "{count} text still names them: redact it (the privacy report lists it).",
                    "{count} texts still name them: redact them (the privacy report lists them).",
                    len(found),
                ).format(count=len(found))
            )
        return transaction.result(Erasure(tombstone, tuple(found)))


def _labels(transaction: Transaction) -> dict[str, str]:
    return {record.id: record.label for record in ledger_of(transaction).records}
