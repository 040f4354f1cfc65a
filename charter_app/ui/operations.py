"""Every write of a window, run one way: off the UI thread, then refresh from what changed.

In the spirit of Anki's ``CollectionOp``: a feature hands :meth:`Operations.run` a function of
the charter's :class:`~charter_app.application.session.Session` that calls one use case of the
application layer. It runs in the thread pool (through the charter's one writer, so it waits its
turn behind the phone companion or the command line and says so); the window then takes in what
changed (:meth:`MainWindow.land`: the saved charter reloaded when its text changed, the user's
unsaved edits kept) and tells the features (``window.events.written``); errors are shown one
way, by the window's interaction. Writes made elsewhere (the command line, another program, a
sync) arrive the same way, from :class:`~charter_app.application.watch.ChangeWatcher` polled
every half second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal

from charter_app.core.model import Charter
from charter_app.i18n import _
from charter_app.ui.workers import Worker

if TYPE_CHECKING:
    # The application layer is imported when a charter is opened for writing (attach), not
    # before the window's first paint.
    from charter_app.application.session import Session
    from charter_app.application.watch import ChangeWatcher
    from charter_app.application.written import Written
    from charter_app.ui.main_window import MainWindow

Work = Callable[["Session"], "Written[Any]"]
WATCH_INTERVAL_MS = 500
"""How often the window looks whether someone else wrote (a few file reads, no git process)."""


@dataclass(frozen=True)
class Landed:
    """A write's result as it reaches the UI thread, with what to show afterwards."""

    written: Written[Any]
    charter: Charter | None
    """The saved charter, reloaded when the write changed its text or participants."""
    head: str | None
    """The last commit after the write: the base of the editor's next save."""


def _land(session: Session, written: Written[Any], watcher: ChangeWatcher | None) -> Landed:
    """Off the UI thread: what the window needs to show ``written``."""
    changed = written.changed
    charter = session.repository.load() if changed.text or changed.participants else None
    if watcher is not None:
        watcher.seen()
    return Landed(written, charter, session.repository.git.head())


@dataclass(frozen=True)
class _Outcome:
    """What one write's job hands back to the UI thread: its ticket, and a result or an error."""

    ticket: int
    landed: Landed | None
    error: BaseException | None


class _WaitRelay(QObject):
    """Lives in the UI thread: the writer's "I am waiting" arrives here from the pool."""

    waiting = Signal()


Then = Callable[["Written[Any]"], None]
Failed = Callable[[BaseException], None]


class Operations(QObject):
    """The window's writes, one way; and the writes of others, noticed."""

    busy_changed = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker = Worker(self, every_result=True)
        self.worker.busy_changed.connect(self.busy_changed)
        self.worker.done.connect(self._done)
        self._next_ticket = 0
        self._pending: dict[int, tuple[Then | None, Failed | None]] = {}
        self._relay = _WaitRelay()
        self._relay.waiting.connect(self._say_waiting)
        self.watcher: ChangeWatcher | None = None
        self.watch_timer = QTimer(self, interval=WATCH_INTERVAL_MS)
        self.watch_timer.timeout.connect(self._look)
        self._watching = Worker(self)
        self._watching.done.connect(self._landed_from_elsewhere)
        self._watching.failed.connect(lambda _error: None)  # the next look tries again

    @property
    def busy(self) -> bool:
        return self.worker.busy

    # -- the charter being watched ----------

    def attach(self, session: Session) -> None:
        """Follow the charter just opened: its writer's waits, and writes made elsewhere."""
        session.on_wait = self._relay.waiting.emit
        from charter_app.application.watch import ChangeWatcher

        self.watcher = ChangeWatcher(session)
        self.watch_timer.start()

    def detach(self) -> None:
        self.watch_timer.stop()
        self.watcher = None
        self._watching.cancel()

    # -- running a write ----------

    def run(
        self,
        work: Work,
        then: Then | None = None,
        label: str = "",
        failed: Failed | None = None,
    ) -> bool:
        """Run ``work(session)`` off the UI thread, then land it and call ``then(written)``;
        an error is shown in the window's error dialog, or handed to ``failed(error)`` when
        given (the kiosk says it in its own words, in place). False when no charter is open
        for writing."""
        document = self.window.document
        if document is None or document.read_only:
            return False
        session, watcher = document.session, self.watcher
        self._next_ticket += 1
        ticket = self._next_ticket
        self._pending[ticket] = (then, failed)
        if label:
            self.window.statusBar().showMessage(label)

        def job() -> _Outcome:
            try:
                return _Outcome(ticket, _land(session, work(session), watcher), None)
            except Exception as error:  # shown in the UI thread
                return _Outcome(ticket, None, error)

        self.worker.submit(job)
        return True

    def run_now(
        self, work: Work, label: str = "", failed: Failed | None = None
    ) -> Written[Any] | None:
        """:meth:`run`, waiting for it: the window keeps drawing meanwhile (input waits until
        the write has landed). The result, or None when it failed (the error is shown, or
        handed to ``failed``)."""
        outcome: list[Written[Any] | None] = []
        loop = QEventLoop()

        def landed(written: Written[Any]) -> None:
            outcome.append(written)
            loop.quit()

        def refused(error: BaseException) -> None:
            outcome.append(None)
            loop.quit()
            if failed is not None:
                failed(error)
            else:
                self.window.show_error(error)

        if not self.run(work, landed, label, refused):
            return None
        if not outcome:
            loop.exec(QEventLoop.ExcludeUserInputEvents)
        return outcome[0]

    def wait_until_idle(self) -> None:
        """Let every write still running land (closing the charter, tests)."""
        loop = QEventLoop()
        while self.worker.busy:
            QTimer.singleShot(10, loop, loop.quit)
            loop.exec(QEventLoop.ExcludeUserInputEvents)

    # -- results ----------

    def _done(self, outcome: _Outcome) -> None:
        then, failed = self._pending.pop(outcome.ticket, (None, None))
        if outcome.error is not None:
            self.window.statusBar().clearMessage()
            if failed is not None:
                failed(outcome.error)
            else:
                self.window.show_error(outcome.error)
            return
        assert outcome.landed is not None
        written = outcome.landed.written
        self.window.land(outcome.landed)
        if written.notices:
            self.window.statusBar().showMessage(" ".join(written.notices), 12000)
        elif written.summary:
            self.window.statusBar().showMessage(
                _("Recorded: {message}").format(message=written.summary), 6000
            )
        if then is not None:
            then(written)

    def _say_waiting(self) -> None:
        self.window.statusBar().showMessage(
            _("Waiting: another program is writing to this charter…")
        )

    # -- writes made elsewhere ----------

    def _look(self) -> None:
        """Every half second: has anyone else written? (a few file reads on the UI thread)"""
        watcher, document = self.watcher, self.window.document
        if watcher is None or document is None or self.worker.busy or self._watching.busy:
            return
        if not watcher.moved():
            return
        session = document.session

        def work() -> Landed | None:
            written = watcher.poll()
            if written is None:
                return None
            return _land(session, written, None)

        self._watching.submit(work)

    def _landed_from_elsewhere(self, landed: Landed | None) -> None:
        if landed is not None and self.window.document is not None and not self.worker.busy:
            self.window.land(landed, from_elsewhere=True)
