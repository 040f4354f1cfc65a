"""Use cases on amendments: file one (draft or registered), register, withdraw, renumber.

An amendment file is written once, by its author, in the same commit as its registration event;
everything that happens to it later is a new event (:mod:`charter_app.core.amendment_state`).
"""

from __future__ import annotations

from charter_app.application.session import Session, Transaction
from charter_app.application.written import Changed, Written
from charter_app.core.amendment_state import (
    REGISTER,
    STATUS_LABELS,
    WITHDRAW,
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
    fold,
    lifecycle_event,
    renumber_events,
)
from charter_app.core.amendments import KIND_LABELS, Amendment, AmendmentKind, draft_amendment
from charter_app.core.events import Event
from charter_app.core.workshops import running_workshop_label
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import (
    amendment_path,
    read_amendments,
    serialise_amendment,
)
from charter_app.storage.amendments import (
    record_renumberings as record_renumberings_in,
)


def ledger_of(transaction: Transaction) -> Ledger:
    """Every amendment and what happened to it, as on disk now."""
    return fold(read_amendments(transaction.repository.path), transaction.events())


def file_amendment(
    session: Session,
    by: str,
    kind: AmendmentKind | str,
    target: str,
    *,
    rationale: str,
    title: str | None = None,
    body: str | None = None,
    base: str = "HEAD",
    workshop: str | None = None,
    draft: bool = False,
) -> Written[AmendmentRecord]:
    """File an amendment to principle ``target`` (for a sub-amendment: the amendment it
    amends, ``A-3`` or its id), written against revision ``base``; registered (it gets its
    number) unless ``draft``. It is tagged with ``workshop``, else the running one."""
    kind = AmendmentKind(kind)
    with session.transaction(by) as transaction:
        author = transaction.author()
        repository = transaction.repository
        current = transaction.charter()
        parent: Amendment | None = None
        if kind is AmendmentKind.SUB:
            parent_record = ledger_of(transaction).find(target)
            if parent_record.status is not AmendmentStatus.REGISTERED:
                raise ValidationError(
                    _(
                        "Amendment {number} is {status}: only a registered amendment can be "
                        "sub-amended."
                    ).format(
                        number=parent_record.label,
                        status=_(STATUS_LABELS[parent_record.status]),
                    )
                )
            parent, target = parent_record.amendment, parent_record.id
        base_commit = repository.git.resolve(base)
        head = repository.git.head()
        base_charter = current if base_commit == head else repository.load(base_commit)
        amendment = draft_amendment(
            kind,
            target,
            author=author,
            rationale=rationale,
            base=base_commit,
            base_charter=base_charter,
            current=current,
            title=title,
            body=body,
            workshop=workshop or running_workshop_label(transaction.events()),
            parent=parent,
        )
        return transaction.result(_file(transaction, amendment, register=not draft))


def file_drafted(
    transaction: Transaction, amendment: Amendment, register: bool = True
) -> AmendmentRecord:
    """File an amendment already drafted (by an import) inside ``transaction``."""
    return _file(transaction, amendment, register)


def file_drafted_amendment(
    session: Session, amendment: Amendment, register: bool = True
) -> Written[AmendmentRecord]:
    """File an amendment already drafted with :func:`~charter_app.core.amendments.draft_amendment`
    (by its author), registered unless ``register`` is False."""
    with session.transaction(amendment.author) as transaction:
        transaction.author()
        return transaction.result(_file(transaction, amendment, register))


def _file(transaction: Transaction, amendment: Amendment, register: bool) -> AmendmentRecord:
    ledger = fold([*read_amendments(transaction.repository.path), amendment], transaction.events())
    new_events = renumber_events(ledger, amendment.author, amendment.workshop)
    label = amendment.id
    kind = _(KIND_LABELS[amendment.kind]).lower()
    if register:
        event = lifecycle_event(
            ledger, amendment.id, REGISTER, amendment.author, amendment.workshop
        )
        new_events.append(event)
        label = str(event.get("number"))
        subject = _("Amendment {number}: {kind} {target}").format(
            number=label, kind=kind, target=amendment.target
        )
    else:
        subject = _("Draft amendment {id}: {kind} {target}").format(
            id=amendment.id, kind=kind, target=amendment.target
        )
    path = amendment_path(amendment.id)
    if (transaction.repository.path / path).exists():
        raise ValidationError(_("This amendment is already recorded."))
    transaction.record(
        new_events,
        subject,
        [("Charter-Amendment", label)],
        {path: serialise_amendment(amendment)},
        Changed(amendments=(amendment.id,)),
        author=amendment.author,
    )
    transaction.flag_erased_names(amendment.rationale, amendment.title, amendment.body)
    record = ledger_of(transaction).get(amendment.id)
    assert record is not None
    return record


def register_amendment(
    session: Session, by: str, reference: str, workshop: str | None = None
) -> Written[AmendmentRecord]:
    """Give a draft amendment its citable number."""
    return _lifecycle(session, by, reference, REGISTER, workshop)


def withdraw_amendment(
    session: Session, by: str, reference: str, workshop: str | None = None
) -> Written[AmendmentRecord]:
    return _lifecycle(session, by, reference, WITHDRAW, workshop)


def _lifecycle(
    session: Session, by: str, reference: str, action: str, workshop: str | None
) -> Written[AmendmentRecord]:
    with session.transaction(by) as transaction:
        author = transaction.author()
        workshop = workshop or running_workshop_label(transaction.events())
        ledger = ledger_of(transaction)
        record = ledger.find(reference)
        event = lifecycle_event(ledger, record.id, action, author, workshop)
        new_events: list[Event] = [*renumber_events(ledger, author, workshop), event]
        label = str(event.get("number")) if action == REGISTER else record.label
        transaction.record(
            new_events,
            _("Amendment {number}: {action}").format(number=label, action=action),
            [("Charter-Amendment", label)],
        )
        updated = ledger_of(transaction).get(record.id)
        assert updated is not None
        return transaction.result(updated)


def record_renumberings(session: Session, by: str) -> Written[str | None]:
    """Make the renumberings a sync left pending permanent; the commit, or None."""
    with session.transaction(by) as transaction:
        return transaction.result(renumber_in(transaction, by))


def renumber_in(transaction: Transaction, by: str) -> str | None:
    sha = record_renumberings_in(transaction.repository, by)
    if sha is not None:
        transaction.note(sha, _("Renumber amendments registered twice"), Changed(events=True))
    return sha
