"""The charter's retention rule, set and applied: names erased a number of months after the
adoption that followed each person's last contribution (:mod:`charter_app.core.retention`).

The rule is set by a facilitator (``charter privacy retention 12``; in the app, the privacy
report) and kept in ``charter.yaml``, so every copy applies the same one. It runs each time a
charter is opened for writing (:meth:`charter_app.application.session.Session.open`), on every
laptop; the erasures it makes travel like any other (:mod:`charter_app.storage.registry`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from charter_app.application.opening import retention_rule_set
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.core import clock
from charter_app.core.comment_requests import is_facilitator
from charter_app.core.model import Charter
from charter_app.core.operations import Change
from charter_app.core.registry import RETENTION, erase
from charter_app.core.retention import Adoption, Retention, due, last_seen, schedule
from charter_app.core.versions import parse_version_message
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.storage.amendments import read_amendments
from charter_app.storage.registry import forget_unreachable
from charter_app.storage.repository import CharterRepository

MAX_MONTHS = 1200


def adoptions(repository: CharterRepository) -> list[Adoption]:
    """Every adopted version and its deliberation day (else the day it was tagged)."""
    found = []
    for tag in repository.tags():
        fields = parse_version_message(tag.message)
        day = fields.date or (tag.tagged_at.date().isoformat() if tag.tagged_at else "")
        try:
            found.append(Adoption(tag.name, date.fromisoformat(day)))
        except ValueError:
            continue
    return found


def last_seen_days(repository: CharterRepository, charter: Charter) -> dict[str, date]:
    """Each participant's registration or last contribution (event, amendment, commit)."""
    contributions = [(event.by, event.at.date()) for event in repository.events()]
    contributions += [(a.author, a.created.date()) for a in read_amendments(repository.path)]
    contributions += [(r.author, r.authored_at.date()) for r in repository.history()]
    return last_seen(charter, contributions)


def retention_plan(
    repository: CharterRepository, charter: Charter | None = None
) -> list[Retention]:
    """When each name still known is due for erasure (empty without a rule)."""
    charter = charter or repository.load()
    if not charter.retention_months:
        return []
    return schedule(charter, last_seen_days(repository, charter), adoptions(repository))


def apply_retention(repository: CharterRepository) -> list[str]:
    """Erase the names whose day has come (call it holding the write lock); their ids."""
    if not retention_rule_set(repository):
        return []  # the common case reads one small file, at every opening
    charter = repository.load()
    today = clock.wall_now().date()
    gone = due(retention_plan(repository, charter), today)
    if not gone:
        return []
    for item in gone:
        charter, _tombstone = erase(charter, item.participant, RETENTION, today.isoformat())
    repository.store_participants(charter.participants)
    forget_unreachable(repository.git)
    return [item.participant for item in gone]


def retention_notice(erased: list[str]) -> str:
    return ngettext(
        "The retention rule erased the name of {count} participant: their contributions stay, "
        "shown as a removed participant.",
        "The retention rule erased the names of {count} participants: their contributions "
        "stay, shown as removed participants.",
        len(erased),
    ).format(count=len(erased))


def set_retention(session: Session, by: str, months: int) -> Written[Charter]:
    """A facilitator sets the retention rule (0: none); it is applied at the next opening."""
    if not 0 <= months <= MAX_MONTHS:
        raise ValidationError(
            _("The retention period must be between 0 (no rule) and {limit} months.").format(
                limit=MAX_MONTHS
            )
        )
    summary = (
        _("Set the retention rule: names erased {months} months after adoption").format(
            months=months
        )
        if months
        else _("Remove the retention rule")
    )
    return _set(session, by, lambda charter: replace(charter, retention_months=months), summary)


def set_privacy_contact(session: Session, by: str, contact: str) -> Written[Charter]:
    """A facilitator says whom to ask about personal data (the data-protection officer)."""
    clean = " ".join(contact.split())
    return _set(
        session,
        by,
        lambda charter: replace(charter, privacy_contact=clean),
        _("Say whom to ask about personal data"),
    )


def _set(
    session: Session, by: str, change: Callable[[Charter], Charter], summary: str
) -> Written[Charter]:
    with session.transaction(by) as transaction:
        charter = transaction.charter()
        author = transaction.author()
        if not is_facilitator(charter, author):
            raise ValidationError(
                _("Only a facilitator (a participant with the role staff) can change this."),
                _("Choose a facilitator with --as, or ask one to do it."),
            )
        changed = change(charter)
        if changed != charter:
            transaction.save(changed, Change(summary, meta=True))
        return transaction.result(changed)
