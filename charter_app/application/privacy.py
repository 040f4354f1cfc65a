"""What the data-protection officer asks: the privacy report of a charter (what personal data it
holds, where each is kept and where it travels), and the short notice for the places where
people take part. Reading only; the writes are the erasure
(:func:`charter_app.application.participants.erase_participant`), the retention rule and the
contact (:mod:`charter_app.application.retention`) and the redaction of a comment
(:func:`charter_app.application.comments.redact_comment`)."""

from __future__ import annotations

from charter_app.application.amendments import ledger_of
from charter_app.application.retention import last_seen_days, retention_plan
from charter_app.application.session import Session
from charter_app.core.free_texts import free_texts, mentions_in
from charter_app.core.privacy_notice import PrivacyNotice, privacy_notice
from charter_app.core.privacy_report import OldHistory, Person, PrivacyReport
from charter_app.storage.amendments import read_amendments
from charter_app.storage.privacy_history import exchanges, names_in_history


def privacy_report(session: Session) -> PrivacyReport:
    """Everything the report says, read from the charter as it is now."""
    with session.reading() as transaction:
        repository = transaction.repository
        charter = transaction.charter()
        ledger = ledger_of(transaction)
        labels = {record.id: record.label for record in ledger.records}
        texts = free_texts(transaction.events(), read_amendments(repository.path), labels)
        plan = {item.participant: item for item in retention_plan(repository, charter)}
        seen = last_seen_days(repository, charter)
        old = names_in_history(repository.git)
        laptops, server = exchanges(repository.git)
    people = tuple(
        Person(p, seen.get(p.id), plan[p.id].due if p.id in plan else None)
        for p in charter.active_participants
    )
    erased = tuple(p for p in charter.participants if p.is_erased)
    old_history = None
    if old is not None:
        gone = {p.id for p in erased}
        old_history = OldHistory(
            old.first,
            old.last,
            old.participants,
            tuple(pid for pid in old.participants if pid in gone),
            old.versions,
        )
    return PrivacyReport(
        title=charter.title,
        folder=str(repository.path),
        people=people,
        erased=erased,
        mentions=tuple(mentions_in(texts, charter.participants)),
        laptops=tuple(laptops),
        server=server,
        retention_months=charter.retention_months,
        contact=charter.privacy_contact,
        old_history=old_history,
    )


def notice(session: Session) -> PrivacyNotice:
    """The short notice for the kiosk and the phone companion
    (:mod:`charter_app.core.privacy_notice`)."""
    with session.reading() as transaction:
        return privacy_notice(transaction.charter())
