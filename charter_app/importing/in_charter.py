"""Import work that reads an open charter: the suggestions a revised copy makes against it, and
its copy with pending amendments as CriticMarkup. The command line and the app both call these,
so both see the same pending amendments and the same proposed texts."""

from __future__ import annotations

from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import Amendment, TextState
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.importing.blocks import Document
from charter_app.importing.matching import SuggestionPlan, plan_suggestions
from charter_app.importing.offline import OfflineCopy, export_criticmarkup
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository

_OPEN = (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)


def suggestions_in(repository: CharterRepository, document: Document) -> SuggestionPlan:
    """What ``document`` (a revised copy) proposes against the charter, leaving out what an
    amendment still open (registered or draft) already proposes."""
    charter = repository.load()
    ledger = AmendmentBook(repository).ledger()
    pending = [r.amendment for r in ledger.records if r.status in _OPEN]
    return plan_suggestions(document, charter, pending)


def criticmarkup_in(
    repository: CharterRepository, principle: str | None = None, amendment: str | None = None
) -> OfflineCopy:
    """The charter (or one principle, by id or number) with its registered amendments as
    CriticMarkup; those that conflict or have fallen are left out (and named)."""
    charter = repository.load()
    book = AmendmentBook(repository)
    ledger = book.ledger()
    states = book.states(charter, ledger)
    principle_id = None
    if principle:
        found = charter.principle(principle) or next(
            (p for p in charter.principles if p.number == principle), None
        )
        if found is None:
            raise ValidationError(
                _("There is no principle “{id}” in this charter.").format(id=principle)
            )
        principle_id = found.id

    def proposal(proposed: Amendment) -> tuple[str, str] | None:
        assessment = states.get(proposed.id)
        if assessment is None or assessment.state in (TextState.CONFLICTING, TextState.FALLEN):
            return None
        target = charter.principle(proposed.target)
        title = assessment.title or (target.title if target else "")
        return title, assessment.body or ""

    pending = [
        (r.label, r.amendment) for r in ledger.records if r.status is AmendmentStatus.REGISTERED
    ]
    return export_criticmarkup(charter, pending, proposal, principle_id, amendment)
