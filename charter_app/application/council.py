"""The council's use cases: a decision on an amendment, adoptions as one commit, a version.

A decision is one commit holding its event; an adoption is one commit holding the principle
changes *and* the decision events, or nothing at all when any amendment of the selection
conflicts. An adopted version is an annotated tag, optionally signed with the user's own key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from charter_app.application.amendments import ledger_of
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Changed, Written
from charter_app.core import clock
from charter_app.core.amendment_state import AmendmentRecord, renumber_events
from charter_app.core.decisions import (
    Decision,
    Outcome,
    adoption_conflict,
    check_can_decide,
    combined_change,
    decision_event,
    decision_trailers,
)
from charter_app.core.model import Charter
from charter_app.core.operations import Change, renumber_charter
from charter_app.core.revision import Signature
from charter_app.core.versions import Version, check_version_name, version_message
from charter_app.errors import ValidationError
from charter_app.i18n import N_, _
from charter_app.storage import files
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.version_tags import create_signed_tag
from charter_app.storage.versions import (
    CHARTER_PATHS,
    adopted_since_last_version,
    adopted_versions,
    user_signing_setup,
)

OUTCOME_SUBJECTS: dict[Outcome, str] = {
    Outcome.ADOPTED: N_("Amendment {number} adopted"),
    Outcome.REJECTED: N_("Amendment {number} rejected"),
    Outcome.WITHDRAWN: N_("Amendment {number} withdrawn"),
    Outcome.FALLEN: N_("Amendment {number} has fallen"),
    Outcome.NOT_MOVED: N_("Amendment {number} not moved"),
}
"""Commit subjects of decisions (translated when used)."""


@dataclass(frozen=True)
class Adoption:
    """What adopting a selection did (or, for a dry run, would do)."""

    commit: str | None
    """The new commit; None for a dry run."""
    adopted: tuple[str, ...]
    """The amendments' numbers, in the council's order."""
    change: Change
    charter: Charter
    """The charter with the amendments applied."""


def decide(
    session: Session, by: str, reference: str, decision: Decision, workshop: str | None = None
) -> Written[AmendmentRecord]:
    """Record ``decision`` on one amendment; adopting it also applies its text (one commit)."""
    with session.transaction(by) as transaction:
        if decision.outcome is Outcome.ADOPTED:
            _adopt(transaction, [(reference, decision)], workshop, dry_run=False)
            return transaction.result(ledger_of(transaction).find(reference))
        author = transaction.author()
        ledger = ledger_of(transaction)
        record = ledger.find(reference)
        event = decision_event(ledger, record, decision, author, workshop)
        outcome = _(OUTCOME_SUBJECTS[decision.outcome])
        transaction.record(
            [*renumber_events(ledger, author, workshop), event],
            outcome.format(number=record.label),
            [("Charter-Amendment", record.label), ("Charter-Decision", decision.trailer)],
        )
        updated = ledger_of(transaction).get(record.id)
        assert updated is not None
        return transaction.result(updated)


def adopt(
    session: Session,
    by: str,
    selection: Sequence[tuple[str, Decision]],
    workshop: str | None = None,
    dry_run: bool = False,
) -> Written[Adoption]:
    """Adopt amendments in the given order, as one commit: each applied by a 3-way merge
    from its base onto the text the earlier ones left, then its decision recorded.

    If any cannot be applied, nothing is written and :class:`AdoptionConflictError` says which
    and shows both texts. A dry run only checks (the council's "what if").
    """
    if dry_run:
        with session.reading(by) as reading:
            return reading.result(_adopt(reading, selection, workshop, dry_run=True))
    with session.transaction(by) as transaction:
        return transaction.result(_adopt(transaction, selection, workshop, dry_run=False))


def _adopt(
    transaction: Transaction,
    selection: Sequence[tuple[str, Decision]],
    workshop: str | None,
    dry_run: bool,
) -> Adoption:
    if not selection:
        raise ValidationError(_("Name the amendments to adopt, e.g. A-1,A-4."))
    _require_saved(transaction)
    author = transaction.author()
    charter = transaction.charter()
    ledger = ledger_of(transaction)
    records = [ledger.find(reference) for reference, _decision in selection]
    seen: set[str] = set()
    for record, (_reference, decision) in zip(records, selection, strict=True):
        if record.id in seen:
            raise ValidationError(
                _("Amendment {number} is named twice.").format(number=record.label)
            )
        seen.add(record.id)
        if decision.outcome is not Outcome.ADOPTED:
            raise ValueError("adopt() only records adoptions")
        check_can_decide(record, Outcome.ADOPTED)
    result, _ledger = AmendmentBook(transaction.repository).preview(
        [record.id for record in records], charter
    )
    labels = {record.id: record.label for record in ledger.records}
    if result.conflicts:
        raise adoption_conflict(result.conflicts, labels)
    numbers = tuple(record.label for record in records)
    summary = _("Adopt amendments {numbers}").format(numbers=", ".join(numbers))
    if len(numbers) == 1:
        summary = _("Adopt amendment {number}").format(number=numbers[0])
    change = combined_change(result.changes, summary)
    if dry_run:
        return Adoption(None, numbers, change, result.charter)
    decided = [
        (record.label, decision) for record, (_r, decision) in zip(records, selection, strict=True)
    ]
    new_events = renumber_events(ledger, author, workshop)
    new_events += [
        decision_event(ledger, record, decision, author, workshop)
        for record, (_reference, decision) in zip(records, selection, strict=True)
    ]
    body = "\n".join(c.summary for c in result.changes)
    sha = transaction.record(
        new_events,
        f"{summary}\n\n{body}",
        decision_trailers(result.changes, decided),
        files.charter_files(result.charter, change),
        Changed.of_change(change),
    )
    return Adoption(sha, numbers, change, result.charter)


def _require_saved(transaction: Transaction) -> None:
    changed = transaction.repository.git.status(CHARTER_PATHS)
    if changed:
        raise ValidationError(
            _("The charter has unsaved changes ({paths}).").format(
                paths=", ".join(sorted(changed))
            ),
            _("Save or discard them first: the council decides on the saved text."),
        )


def adopt_version(
    session: Session,
    by: str,
    name: str,
    ref: str,
    when: date | None = None,
    renumber: bool = False,
    sign: bool = False,
) -> Written[Version]:
    """Tag the current text as the adopted version ``name`` (annotated tag).

    With ``renumber``, "3 bis" numbers become whole numbers first, in one commit. With
    ``sign``, the tag is signed with the user's own key.
    """
    with session.transaction(by) as transaction:
        repository = transaction.repository
        check_version_name(name, [tag.name for tag in repository.tags()])
        setup = user_signing_setup(repository.git) if sign else None
        if setup is not None:
            setup.require_key()
        _require_saved(transaction)
        author = transaction.author()
        charter = transaction.charter()
        if repository.git.head() is None:
            raise ValidationError(_("The charter has no saved text to adopt yet."))
        if renumber:
            renumbered, change = renumber_charter(charter)
            if change.principles:
                message = _("Renumber the principles before adopting {name}").format(name=name)
                transaction.save(renumbered, change, message)
                charter = renumbered
        head = repository.git.resolve("HEAD")
        amendments = adopted_since_last_version(repository, head)
        day = when or clock.wall_now().date()
        message = version_message(name, charter.title, day, ref, amendments)
        tagger = Signature.for_participant(author)
        if setup is None:
            repository.git.create_tag(name, head, message, tagger)
        else:
            create_signed_tag(repository.git, name, head, message, tagger, setup)
        subject = _("Adopt version {name}").format(name=name)
        transaction.note(None, subject, Changed(versions=(name,)))
        version = next(v for v in adopted_versions(repository) if v.name == name)
        return transaction.result(version)
