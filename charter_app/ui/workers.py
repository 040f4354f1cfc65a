"""Run slow work (loading a charter, its history, rendering, exports, writes) off the UI thread.

One class, :class:`Worker`, for every background job of the app:

- ``submit(function)`` runs ``function()`` in the thread pool;
- ``submit_task(function)`` runs ``function(progress, cancelled)``, for long jobs that report
  how far they are and stop when asked (:meth:`Worker.cancel`);
- ``cancel()`` forgets the requests made so far; ``stop()`` asks a running task to stop;
- by default only the result of the latest request is delivered (``done`` / ``failed``), so a
  slow answer to an old question never overwrites a newer one; with ``coalesce`` one job runs
  at a time and only the newest waiting one is kept (typing fast never queues renders); with
  ``every_result`` every job's result is delivered, in order of completion (writes).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _Relay(QObject):
    """Lives in the UI thread; signals emitted from the pool thread arrive there queued."""

    progress = Signal(int, int, int)
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(
        self,
        function: Callable[..., Any],
        relay: _Relay,
        token: int,
        stop: threading.Event | None,
    ) -> None:
        super().__init__()
        self.function, self.relay, self.token, self.stop = function, relay, token, stop

    def run(self) -> None:
        try:
            if self.stop is None:
                result = self.function()
            else:

                def progress(done: int, total: int) -> None:
                    self._tell(self.relay.progress, self.token, done, total)

                result = self.function(progress, self.stop.is_set)
        except Exception as error:  # delivered to the UI thread, shown there
            self._tell(self.relay.failed, self.token, error)
        else:
            self._tell(self.relay.finished, self.token, result)

    @staticmethod
    def _tell(signal: Any, *values: object) -> None:
        # The window (and its worker) may have closed while the job ran: nobody to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(*values)


class Worker(QObject):
    """Runs callables in a thread pool; emits ``done``/``failed`` in the UI thread."""

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        coalesce: bool = False,
        every_result: bool = False,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.coalesce = coalesce
        self.every_result = every_result
        self._relay = _Relay(self)  # deleted with the worker: late results are dropped
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._relay.progress.connect(self._on_progress)
        self._latest = 0
        self._running = 0
        self._waiting: tuple[Callable[..., Any], threading.Event | None] | None = None
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        return self._running > 0 or self._waiting is not None

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def submit(self, function: Callable[[], Any]) -> int:
        """Run ``function()`` off the UI thread; returns the request's token."""
        return self._submit(function, None)

    def submit_task(self, function: Callable[[Progress, Cancelled], Any]) -> int:
        """Run ``function(progress, cancelled)`` off the UI thread: a long job that reports
        its progress and checks ``cancelled()``; an earlier task still running is asked to
        stop."""
        self._stop.set()
        self._stop = threading.Event()
        return self._submit(function, self._stop)

    def _submit(self, function: Callable[..., Any], stop: threading.Event | None) -> int:
        self._latest += 1
        if self.coalesce and self._running:
            self._waiting = (function, stop)
            return self._latest
        self._start(function, stop, self._latest)
        return self._latest

    def cancel(self) -> None:
        """Forget every request made so far: their results are dropped (a running task is also
        asked to stop)."""
        self._stop.set()
        self._latest += 1
        self._waiting = None

    def stop(self) -> None:
        """Ask the running task to stop; it still reports, ``failed`` with its cancellation."""
        self._stop.set()

    def _start(
        self, function: Callable[..., Any], stop: threading.Event | None, token: int
    ) -> None:
        was_busy = self.busy
        self._running += 1
        self.pool.start(_Job(function, self._relay, token, stop))
        if not was_busy:
            self.busy_changed.emit(True)

    def _finish_one(self) -> None:
        self._running -= 1
        if self._waiting is not None and not self._running:
            (function, stop), self._waiting = self._waiting, None
            self._start(function, stop, self._latest)
        if not self.busy:
            self.busy_changed.emit(False)

    def _wanted(self, token: int) -> bool:
        return self.every_result or token == self._latest

    def _on_progress(self, token: int, done: int, total: int) -> None:
        if self._wanted(token):
            self.progress.emit(done, total)

    def _on_finished(self, token: int, result: object) -> None:
        self._finish_one()
        if self._wanted(token):
            self.done.emit(result)

    def _on_failed(self, token: int, error: object) -> None:
        self._finish_one()
        if self._wanted(token):
            self.failed.emit(error)
