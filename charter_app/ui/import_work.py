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

    apply_plan(plan, destination).close()  # a new charter: no window writes it yet
    return destination


@dataclass(frozen=True)
class PlannedSuggestions:
    plan: SuggestionPlan
    path: Path


def plan_suggestions_in(charter_path: Path, path: Path) -> PlannedSuggestions:
    from charter_app.importing.in_charter import suggestions_in
    from charter_app.importing.reader import read_document
    from charter_app.storage.repository import CharterRepository

    document = read_document(path)
    with CharterRepository.open(charter_path) as repository:
        return PlannedSuggestions(suggestions_in(repository, document), path)


def file_suggestions(session, plan: SuggestionPlan, caller: str, rationale: str):
    """File the plan's changes and comments, as ``charter import-suggestions`` does: each named
    author becomes a participant (a resident) when nobody of that name is registered."""
    from charter_app.importing.filing import file_proposals

    return file_proposals(session, caller, plan.changes, plan.comments, rationale)
