"""What the workshop views (the desktop's and the phones') read: the saved charter and its
events, folded once."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from charter_app.core import workshops as core
from charter_app.core.amendment_state import (
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
    fold,
    principle_of,
)
from charter_app.core.amendments import AmendmentKind, as_amended_by
from charter_app.core.comments import CommentBoard, fold_comments
from charter_app.core.events import Event
from charter_app.core.model import Charter
from charter_app.storage.amendments import read_amendments
from charter_app.storage.repository import CharterRepository


@dataclass(frozen=True)
class Snapshot:
    """The saved charter and its events, folded once for every workshop view."""

    charter: Charter
    events: tuple[Event, ...]
    register: core.WorkshopRegister
    ledger: Ledger
    board: CommentBoard

    def amendments_on(self, principle_id: str | None) -> list[AmendmentRecord]:
        """Registered amendments about ``principle_id`` (sub-amendments after their parent)."""
        return [
            record
            for record in self.ledger.records
            if record.status is AmendmentStatus.REGISTERED
            and principle_of(record.amendment, self.ledger) == principle_id
        ]

    def registered(self) -> list[AmendmentRecord]:
        return [r for r in self.ledger.records if r.status is AmendmentStatus.REGISTERED]

    def proposed(self, record: AmendmentRecord) -> tuple[str | None, str | None]:
        """(proposed title, proposed body) of an amendment record; None keeps the current."""
        amendment = record.amendment
        if amendment.is_sub:
            parent = self.ledger.get(amendment.target)
            if parent is not None:
                amendment = as_amended_by(parent.amendment, amendment)
        if amendment.kind is AmendmentKind.DELETE:
            return None, ""
        return amendment.title, amendment.body

    def comment_count(self, target: str) -> int:
        count = 0
        for thread in self.board.threads_on(target):
            count += sum(
                1 for view in (thread.root, *thread.replies) if view.shown_text() is not None
            )
        return count

    def tally_of(self, amendment_id: str | None) -> core.WorkshopTally | None:
        workshop = self.register.current()
        if workshop is None or amendment_id is None:
            return None
        found = [t for t in self.register.tallies_of(workshop.id) if t.amendment == amendment_id]
        return found[0] if found else None


def read_snapshot(repository: CharterRepository, charter: Charter | None = None) -> Snapshot:
    """The events and amendments as on disk, with ``charter`` as saved (read from disk when
    not given: the window passes the saved charter it keeps in step)."""
    charter = charter if charter is not None else repository.load()
    events = repository.events()
    return Snapshot(
        charter,
        tuple(events),
        core.fold_workshops(events),
        fold(read_amendments(repository.path), events),
        fold_comments(events),
    )


class SnapshotCache:
    """The latest :class:`Snapshot`, read again when the charter's refs moved (a few file reads
    to know), at most once every ``max_age`` seconds for writes made elsewhere: the phone
    companion's pages read it many times a second while a room writes, and a page a second
    old is fine. :meth:`invalidate` makes the next read fresh (after one's own write);
    ``get(newer_than=...)`` asks for a snapshot read after a given moment (a phone's own last
    write) without making everyone else read again."""

    def __init__(self, repository: CharterRepository, max_age: float = 0.0) -> None:
        self.repository = repository
        self.max_age = max_age
        self._lock = threading.Lock()
        self._token: tuple[object, ...] | None = None
        self._snapshot: Snapshot | None = None
        self._read_at = 0.0
        """When the snapshot held was read (monotonic seconds); it was started a little earlier,
        at :attr:`_started`: it holds every write that ended before that."""
        self._started = 0.0

    @property
    def token(self) -> tuple[object, ...]:
        """What identifies the charter's state now (changes at every commit anywhere)."""
        return self.repository.git.refs_token()

    def invalidate(self) -> None:
        self._read_at = self._started = 0.0
        self._token = None

    def _fresh(self, snapshot: Snapshot | None, newer_than: float) -> bool:
        if snapshot is None or self._started <= newer_than:
            return False
        if time.monotonic() - self._read_at < self.max_age:
            return True
        return self.token == self._token

    def get(self, newer_than: float = 0.0) -> Snapshot:
        """The snapshot, read again if the charter changed (at most every ``max_age``
        seconds), or if it was read before ``newer_than`` (a ``time.monotonic()`` value)."""
        snapshot = self._snapshot
        if self._fresh(snapshot, newer_than):
            assert snapshot is not None
            return snapshot
        with self._lock:
            if not self._fresh(self._snapshot, newer_than):
                started = time.monotonic()
                token = self.token
                self._snapshot = read_snapshot(self.repository)
                self._token, self._read_at, self._started = token, time.monotonic(), started
            assert self._snapshot is not None
            return self._snapshot
