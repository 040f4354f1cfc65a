"""Use cases on the charter's text: save the editor's changes, add, edit, move, restore."""

from __future__ import annotations

from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core import operations
from charter_app.core.model import Charter, Principle
from charter_app.core.operations import Change
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage import files


def save_charter(
    session: Session,
    by: str,
    charter: Charter,
    change: Change,
    base: str | None,
    message: str | None = None,
) -> Written[str | None]:
    """Commit the editor's pending ``change`` of ``charter``, made from the text saved at
    commit ``base``. If others wrote since, the files are merged with theirs (a principle
    changed on both sides merges word by word); an overlap refuses the save, nothing lost."""
    with session.transaction(by) as transaction:
        transaction.author()
        to_write = files.charter_files(charter, change)
        head = session.repository.git.head()
        if base != head and to_write:
            to_write = _merged(transaction, base, head, to_write)
        sha = None
        if to_write:
            sha = transaction.record([], message or change.summary, change.trailers, to_write)
        return transaction.result(sha)


def _merged(
    transaction: Transaction, base: str | None, head: str | None, mine: dict[str, bytes | None]
) -> dict[str, bytes | None]:
    git = transaction.repository.git
    paths = list(mine)
    before = git.read_blobs([f"{base}:{path}" for path in paths]) if base else [None] * len(paths)
    now = git.read_blobs([f"{head}:{path}" for path in paths]) if head else [None] * len(paths)
    merged: dict[str, bytes | None] = {}
    for path, old, theirs in zip(paths, before, now, strict=True):
        ours = mine[path]
        if theirs in (old, ours):
            if theirs != ours:
                merged[path] = ours
            continue
        # Imported here: the word merge is needed only when others wrote meanwhile, and a
        # one-principle edit from the command line should not load it.
        from charter_app.storage.tree_merge import merge_file

        result = merge_file(path, old, theirs, ours)
        if not isinstance(result, bytes | None):
            raise ValidationError(
                _("Someone else changed the same passage while you were editing; nothing was "
                  "saved and your text is still in the editor."),
                _("Reload the charter to see their change, then make yours again."),
            )  # fmt: skip
        if result != theirs:
            merged[path] = result
    return merged


def add_principle(
    session: Session,
    by: str,
    title: str,
    body: str = "",
    after: str | None = None,
    message: str | None = None,
    section: str | None = None,
) -> Written[Principle]:
    """Add a principle at the end, after ``after``, or at the end of ``section``."""
    with session.transaction(by) as transaction:
        charter, change, principle = operations.add_principle(
            transaction.charter(),
            title,
            body,
            after,
            session.repository.stable_numbers,
            section=section,
        )
        transaction.save(charter, change, message)
        return transaction.result(principle)


def edit_principle(
    session: Session,
    by: str,
    principle_id: str,
    title: str | None = None,
    body: str | None = None,
    message: str | None = None,
) -> Written[str | None]:
    """Change a principle's title or text; the commit, or None when nothing changed."""
    with session.transaction(by) as transaction:
        charter, change = operations.edit_principle(
            transaction.charter(), principle_id, title=title, body=body
        )
        sha = transaction.save(charter, change, message) if not change.is_empty else None
        return transaction.result(sha)


def move_principle(
    session: Session,
    by: str,
    principle_id: str,
    after: str | None,
    message: str | None = None,
    section: str | None = None,
) -> Written[str | None]:
    """Move a principle after ``after``, to the end of ``section`` (``after`` None), or first."""
    with session.transaction(by) as transaction:
        charter, change = operations.move_principle(
            transaction.charter(),
            principle_id,
            after,
            session.repository.stable_numbers,
            section=section,
        )
        sha = transaction.save(charter, change, message) if not change.is_empty else None
        return transaction.result(sha)


def restore_wording(
    session: Session,
    by: str,
    principle_id: str,
    title: str | None,
    body: str,
    message: str | None = None,
) -> Written[str | None]:
    """Save a principle worded as it was at an earlier moment (title and text given); None
    when the saved text is already worded like this."""
    return edit_principle(session, by, principle_id, title, body, message)
