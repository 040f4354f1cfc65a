"""What the data-protection officer asks: the privacy report of a charter (what personal data it
holds, where each is kept and where it travels), and the short notice for the places where
people take part; and the way out for a charter whose older commits hold names: its history
rewritten without them (:func:`rewrite_history`). The other writes are the erasure
(:func:`charter_app.application.participants.erase_participant`), the retention rule and the
contact (:mod:`charter_app.application.retention`) and the redaction of a comment
(:func:`charter_app.application.comments.redact_comment`)."""

from __future__ import annotations

from charter_app.application.amendments import ledger_of
from charter_app.application.changes import changed_between
from charter_app.application.retention import last_seen_days, retention_plan
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.core.comment_requests import is_facilitator
from charter_app.core.free_texts import free_texts, mentions_in
from charter_app.core.privacy_notice import PrivacyNotice, privacy_notice
from charter_app.core.privacy_report import OldHistory, Person, PrivacyReport
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import read_amendments
from charter_app.storage.history_rewrite import forget_old_history, rewrite_charter
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


def rewrite_history(session: Session, by: str) -> Written[int]:
    """A facilitator rewrites the history of a charter made before the registry without the
    names its older commits hold (:mod:`charter_app.storage.history_rewrite`), while no adopted
    version includes them; the other copies follow at their next exchange. The value: how many
    commits were rewritten."""
    with session.transaction(by) as transaction:
        charter = transaction.charter()
        author = transaction.author()
        if not is_facilitator(charter, author):
            raise ValidationError(
                _("Only a facilitator (a participant with the role staff) can change this."),
                _("Choose a facilitator with --as, or ask one to do it."),
            )
        git = transaction.repository.git
        before = git.head()
        done = rewrite_charter(git)
        changed = changed_between(git, before, done.tip)
        forget_old_history(git)  # the older commits, with the names they held, are gone now
        transaction.note(
            done.tip, _("Rewrite the history without the participants' names"), changed
        )
        transaction.tell(
            _(
                "The history no longer holds any name. The other laptops and the server take "
                "the rewritten history at their next exchange with this one, and keep their own "
                "work. USB exports made before today still hold the names: delete them."
            )
        )
        return transaction.result(done.commits)
