"""Use cases of exchanging work: a sync with a server or a shared folder, a USB export brought
in, a conflict settled, a waiting sync abandoned. Each runs in the charter's one writer, so a
sync never races a comment being recorded; what it changed is reported like any write.

The verification and the merge themselves are storage's (:mod:`charter_app.storage.sync`,
:mod:`charter_app.storage.bundles`, :mod:`charter_app.storage.pending_merge`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from charter_app.application.changes import changed_between
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Changed, Written
from charter_app.i18n import _, ngettext
from charter_app.storage import bundles, pending_merge
from charter_app.storage import sync as storage_sync
from charter_app.storage.incoming_merge import SyncResult
from charter_app.storage.registry import registry_commit
from charter_app.storage.remotes import Credentials


def _exchange(
    session: Session, by: str | None, run: Callable[[Transaction], SyncResult]
) -> Written[SyncResult]:
    with session.transaction(by) as transaction:
        git = transaction.repository.git
        before, names_before = git.head(), registry_commit(git)
        result = run(transaction)
        after = git.head()
        if after != before:
            transaction.note(after, _("Merge received work"), changed_between(git, before, after))
        if registry_commit(git) != names_before:
            transaction.note(None, _("Merge received work"), Changed(participants=True))
        if result.erased:
            transaction.tell(
                ngettext(
                    "{count} participant erased on another laptop is forgotten here too.",
                    "{count} participants erased on another laptop are forgotten here too.",
                    len(result.erased),
                ).format(count=len(result.erased))
            )
        return transaction.result(result)


def sync(
    session: Session, by: str | None, url: str, credentials: Credentials | None = None
) -> Written[SyncResult]:
    """Fetch the server's (or folder's) work, verified, merge it, and send ours."""
    return _exchange(
        session,
        by,
        lambda t: storage_sync.sync(t.repository, url, author=by, credentials=credentials),
    )


def import_bundle(session: Session, by: str | None, path: Path | str) -> Written[SyncResult]:
    """Bring in an export made on another laptop (a file on a USB stick), verified first."""
    return _exchange(session, by, lambda t: bundles.import_bundle(t.repository, path, author=by))


def resolve_conflict(
    session: Session,
    by: str,
    target: str,
    text: str,
    title: str | None = None,
    delete: bool = False,
) -> Written[SyncResult]:
    """Settle one conflict of a waiting sync; the merge is committed once none is left."""
    return _exchange(
        session,
        by,
        lambda t: pending_merge.resolve_conflict(t.repository, target, text, by, title, delete),
    )


def abandon_sync(session: Session) -> Written[None]:
    """Forget a sync waiting for its conflicts; the charter stays as it is."""
    with session.transaction(None) as transaction:
        pending_merge.abandon_merge(transaction.repository)
        return transaction.result(None)
