"""In one program, one write at a time per charter, in the order writers arrived.

The window, a background sync and the phone companion's server threads may all write the same
charter from one process. Each charter folder has one :class:`WriteQueue` (found by its real
path), a fair first-come first-served lock; the operating-system lock of
:mod:`charter_app.storage.write_lock` then keeps other programs out.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from charter_app.storage.write_lock import NOTICE_AFTER_S, WAIT_LIMIT_S, busy_error


class WriteQueue:
    """A first-come, first-served lock; a waiter is told once, and gives up after a limit."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._next_ticket = 0
        self._serving = 0
        self._abandoned: set[int] = set()
        """Tickets of writers that gave up waiting: skipped when their turn comes."""

    @contextmanager
    def turn(
        self, on_wait: Callable[[], None] | None = None, limit: float = WAIT_LIMIT_S
    ) -> Iterator[None]:
        with self._condition:
            ticket = self._next_ticket
            self._next_ticket += 1
            started = time.monotonic()
            told = False
            while self._serving != ticket:
                waited = time.monotonic() - started
                if waited >= limit:
                    self._abandon(ticket)
                    raise busy_error()
                if not told and waited >= NOTICE_AFTER_S and on_wait is not None:
                    told = True
                    on_wait()
                self._condition.wait(timeout=max(0.01, min(NOTICE_AFTER_S, limit - waited)))
        try:
            yield
        finally:
            with self._condition:
                self._serving += 1
                self._skip_abandoned()
                self._condition.notify_all()

    def _abandon(self, ticket: int) -> None:
        self._abandoned.add(ticket)

    def _skip_abandoned(self) -> None:
        while self._serving in self._abandoned:
            self._abandoned.discard(self._serving)
            self._serving += 1


_queues: dict[str, WriteQueue] = {}
_queues_lock = threading.Lock()


def queue_for(charter_path: Path) -> WriteQueue:
    """The one queue of the charter at ``charter_path`` in this program."""
    key = os.path.realpath(charter_path)
    with _queues_lock:
        queue = _queues.get(key)
        if queue is None:
            queue = _queues[key] = WriteQueue()
        return queue
