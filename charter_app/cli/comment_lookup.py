"""What a listing names: a principle by id or number, an amendment, the comment board."""

from __future__ import annotations

from charter_app.application.comments import is_amendment_reference, principle_named
from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.storage.repository import CharterRepository

__all__ = ["amendment_named", "comment_board", "is_amendment_reference", "principle_named"]


def amendment_named(repository: CharterRepository, reference: str) -> tuple[str, str]:
    """(stable id, citable label) of the amendment ``reference`` names, or NotFoundError."""
    from charter_app.storage.amendments import AmendmentBook

    record = AmendmentBook(repository).ledger().find(reference)
    return record.id, record.label


def comment_board(repository: CharterRepository) -> tuple[list[Event], core.CommentBoard]:
    events = repository.events()
    return events, core.fold_comments(events)
