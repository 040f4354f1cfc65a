"""Setting aside the files of a charter that cannot be read, so the rest works: the files are
kept, never deleted (:mod:`charter_app.storage.repair` says how), in the charter's one writer."""

from __future__ import annotations

from charter_app.application.session import Session
from charter_app.application.written import Changed, Written
from charter_app.core import clock
from charter_app.storage.repair import RepairResult, repair


def repair_charter(session: Session, by: str | None = None) -> Written[RepairResult]:
    """Set aside every unreadable file (``by`` signs the commit; None: the app itself)."""
    with session.transaction(by) as transaction:
        result = repair(transaction.repository, by, now=clock.wall_now())
        if result.commit is not None:
            paths = [*result.set_aside, *(r.path for r in result.restored), *result.dropped]
            transaction.note(
                result.commit, "repair", Changed.of_paths(paths).plus(Changed(meta=True))
            )
        return transaction.result(result)
