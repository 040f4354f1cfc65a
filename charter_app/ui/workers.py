"""Run slow work (loading a charter, its history, rendering) off the UI thread.

A :class:`Worker` delivers only the result of the latest request, so a slow answer to an old
question never overwrites a newer one; with ``coalesce`` it also runs one job at a time and keeps
only the newest waiting job (typing fast never queues renders).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Lives in the UI thread; signals emitted from the pool thread arrive there queued."""

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, function: Callable[[], Any], relay: _Relay, token: int) -> None:
        super().__init__()
        self.function = function
        self.relay = relay
        self.token = token

    def run(self) -> None:
        try:
            result = self.function()
        except Exception as error:  # delivered to the UI thread, shown there
            self.relay.failed.emit(self.token, error)
        else:
            self.relay.finished.emit(self.token, result)


class Worker(QObject):
    """Runs callables in a thread pool; emits ``done``/``failed`` for the latest request only."""

    done = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        coalesce: bool = False,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.coalesce = coalesce
        self._relay = _Relay()
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._latest = 0
        self._running = 0
        self._waiting: Callable[[], Any] | None = None

    @property
    def busy(self) -> bool:
        return self._running > 0 or self._waiting is not None

    def submit(self, function: Callable[[], Any]) -> int:
        """Run ``function`` off the UI thread; returns the request's token."""
        self._latest += 1
        if self.coalesce and self._running:
            self._waiting = function
            return self._latest
        self._start(function, self._latest)
        return self._latest

    def cancel(self) -> None:
        """Forget every request made so far: their results will be dropped."""
        self._latest += 1
        self._waiting = None

    def _start(self, function: Callable[[], Any], token: int) -> None:
        was_busy = self.busy
        self._running += 1
        self.pool.start(_Job(function, self._relay, token))
        if not was_busy:
            self.busy_changed.emit(True)

    def _finish_one(self) -> None:
        self._running -= 1
        if self._waiting is not None and not self._running:
            function, self._waiting = self._waiting, None
            self._start(function, self._latest)
        if not self.busy:
            self.busy_changed.emit(False)

    def _on_finished(self, token: int, result: object) -> None:
        self._finish_one()
        if token == self._latest:
            self.done.emit(result)

    def _on_failed(self, token: int, error: object) -> None:
        self._finish_one()
        if token == self._latest:
            self.failed.emit(error)
