"""Filing a document's proposed amendments and comments, each by its author, through the
application layer (:mod:`charter_app.application.filing`); what was not filed as proposed is
reported with the rest of the import's report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.application import filing
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.importing.blocks import Issue, IssueKind
from charter_app.importing.suggestions import ProposedChange, ProposedComment

_KINDS = {"change": IssueKind.TRACKED_CHANGE, "comment": IssueKind.COMMENT}


@dataclass(frozen=True)
class Filed(filing.Filed):
    """What was written, with what was not filed as proposed as import report issues."""

    issues: tuple[Issue, ...] = ()


def file_proposals(
    session: Session,
    caller: str,
    changes: Sequence[ProposedChange],
    comments: Sequence[ProposedComment],
    rationale: str,
    authors: dict[str, str] | None = None,
) -> Written[filing.Filed]:
    """File the changes as registered amendments and record the comments (see
    :func:`charter_app.application.filing.file_proposals`)."""
    return filing.file_proposals(session, caller, changes, comments, rationale, authors)


def as_filed(result: filing.Filed) -> Filed:
    """The result with its notes as import report issues."""
    issues = tuple(
        Issue(_KINDS[note.what], note.message, detail=note.detail)
        for note in result.not_as_proposed
    )
    return Filed(result.amendments, result.comments, result.not_as_proposed, issues)
