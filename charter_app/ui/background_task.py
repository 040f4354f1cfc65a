"""One long job at a time off the UI thread, with progress and a cancel request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _TaskRelay(QObject):
    """Lives in the UI thread; signals emitted from the pool thread arrive there queued."""

    progress = Signal(int, int, int)
    finished = Signal(int, object)
    failed = Signal(int, object)


class _TaskJob(QRunnable):
    def __init__(self, function, relay: _TaskRelay, token: int, stop: threading.Event) -> None:
        super().__init__()
        self.function, self.relay, self.token, self.stop = function, relay, token, stop

    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            self.relay.progress.emit(self.token, done, total)

        try:
            result = self.function(progress, self.stop.is_set)
        except Exception as error:  # shown in the UI thread
            self.relay.failed.emit(self.token, error)
        else:
            self.relay.finished.emit(self.token, result)


class BackgroundTask(QObject):
    """One long job at a time, off the UI thread, with progress and a cancel request.

    ``start(function)`` runs ``function(progress, cancelled)`` in the thread pool; ``progress``,
    ``done`` and ``failed`` arrive in the UI thread, for the latest job only.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _TaskRelay()
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._token = 0
        self._running = 0
        self._stop = threading.Event()

    @property
    def busy(self) -> bool:
        return self._running > 0

    @property
    def cancel_requested(self) -> bool:
        return self._stop.is_set()

    def start(self, function: Callable[[Progress, Cancelled], Any]) -> None:
        self._stop.set()  # an earlier job still running stops at its next check
        self._token += 1
        self._stop = threading.Event()
        self._running += 1
        QThreadPool.globalInstance().start(_TaskJob(function, self._relay, self._token, self._stop))
        if self._running == 1:
            self.busy_changed.emit(True)

    def cancel(self) -> None:
        """Ask the running job to stop; it reports ``failed`` with its cancellation error."""
        self._stop.set()

    def _finish_one(self) -> None:
        self._running -= 1
        if not self._running:
            self.busy_changed.emit(False)

    def _on_progress(self, token: int, done: int, total: int) -> None:
        if token == self._token:
            self.progress.emit(done, total)

    def _on_finished(self, token: int, result: object) -> None:
        self._finish_one()
        if token == self._token:
            self.done.emit(result)

    def _on_failed(self, token: int, error: object) -> None:
        self._finish_one()
        if token == self._token:
            self.failed.emit(error)
