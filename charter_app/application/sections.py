"""Use cases on the charter's structure: its sections, how its numbers behave, and the explicit
renumbering (the one way numbers change in stable numbering)."""

from __future__ import annotations

from collections.abc import Callable

from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.core import operations, sections
from charter_app.core.model import Charter, Section
from charter_app.core.operations import Change


def _apply(
    session: Session,
    by: str,
    operation: Callable[[Charter], tuple[Charter, Change]],
    message: str | None,
) -> Written[str | None]:
    """Run one core operation on the saved charter and commit it; None when nothing changed."""
    with session.transaction(by) as transaction:
        charter, change = operation(transaction.charter())
        sha = transaction.save(charter, change, message) if not change.is_empty else None
        return transaction.result(sha)


def add_section(
    session: Session,
    by: str,
    title: str,
    after: str | None = None,
    level: int = 1,
    message: str | None = None,
) -> Written[Section]:
    """A new, empty section at the end of the section order, or after section ``after``."""
    with session.transaction(by) as transaction:
        charter, change, section = sections.add_section(transaction.charter(), title, after, level)
        transaction.save(charter, change, message)
        return transaction.result(section)


def edit_section(
    session: Session,
    by: str,
    section_id: str,
    title: str | None = None,
    level: int | None = None,
    message: str | None = None,
) -> Written[str | None]:
    return _apply(
        session, by, lambda c: sections.edit_section(c, section_id, title=title, level=level),
        message,
    )  # fmt: skip


def remove_section(
    session: Session, by: str, section_id: str, message: str | None = None
) -> Written[str | None]:
    """Remove a section; its principles join the section before it."""
    return _apply(session, by, lambda c: sections.remove_section(c, section_id), message)


def set_numbering(
    session: Session,
    by: str,
    mode: str | None = None,
    insertions: str | None = None,
    message: str | None = None,
) -> Written[str | None]:
    """Choose how numbers behave from now on (no number changes)."""
    return _apply(session, by, lambda c: operations.set_numbering(c, mode, insertions), message)


def renumber(session: Session, by: str, message: str | None = None) -> Written[str | None]:
    """Number the principles 1 to n in their order, in one commit that says it renumbers."""
    return _apply(session, by, operations.renumber_charter, message)
