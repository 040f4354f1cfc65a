"""What a comment command names: a principle by id or number, an amendment, the comment board."""

from __future__ import annotations

from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import Charter, Principle
from charter_app.storage.repository import CharterRepository


def principle_named(charter: Charter, reference: str) -> Principle | None:
    """A principle by id, or by its number ("3", "3 bis") when that is unique."""
    principle = charter.principle(reference)
    if principle is not None:
        return principle
    wanted = " ".join(reference.split()).casefold()
    matches = [p for p in charter.principles if p.number.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def is_amendment_reference(reference: str) -> bool:
    return reference.strip().lower().startswith("a-")


def amendment_named(repository: CharterRepository, reference: str) -> tuple[str, str]:
    """(stable id, citable label) of the amendment ``reference`` names, or NotFoundError."""
    # Imported here: amendments are their own topic, loaded only when a command needs them.
    from charter_app.storage.amendments import AmendmentBook

    record = AmendmentBook(repository).ledger().find(reference)
    return record.id, record.label


def comment_board(repository: CharterRepository) -> tuple[list[Event], core.CommentBoard]:
    events = repository.events()
    return events, core.fold_comments(events)
