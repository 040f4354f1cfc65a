"""Reading, planning and filing an import, done off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from charter_app.importing.matching import SuggestionPlan
from charter_app.importing.plan import ImportPlan


@dataclass(frozen=True)
class PlannedImport:
    plan: ImportPlan
    path: Path


def plan_document(path: Path) -> PlannedImport:
    from charter_app.importing.plan import plan_import
    from charter_app.importing.reader import read_document

    return PlannedImport(plan_import(read_document(path)), path)


def create_charter_from(plan: ImportPlan, destination: Path) -> Path:
    from charter_app.importing.plan import apply_plan

    apply_plan(plan, destination).close()
    return destination


@dataclass(frozen=True)
class PlannedSuggestions:
    plan: SuggestionPlan
    path: Path


def plan_suggestions_in(charter_path: Path, path: Path) -> PlannedSuggestions:
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.importing.matching import plan_suggestions
    from charter_app.importing.reader import read_document
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository

    document = read_document(path)
    with CharterRepository.open(charter_path) as repository:
        charter = repository.load()
        pending = [
            r.amendment
            for r in AmendmentBook(repository).ledger().records
            if r.status in (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)
        ]
        return PlannedSuggestions(plan_suggestions(document, charter, pending), path)


def file_suggestions_in(charter_path: Path, plan: SuggestionPlan, caller: str, rationale: str):
    """File the plan's changes and comments, as ``charter import-suggestions`` does: each named
    author becomes a participant (a resident) when nobody of that name is registered."""
    from charter_app.importing.filing import author_ids, file_proposals, people_in
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(charter_path) as repository:
        ids = author_ids(repository, caller, people_in(plan.changes, plan.comments))
        return file_proposals(repository, plan.changes, plan.comments, ids, rationale)
