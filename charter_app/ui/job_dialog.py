"""A dialog that runs one long job in the background: progress, Stop, and the outcome in words.

File > Export…, File > Comparison table… and File > Publish… gather their choices in a form,
then write in the thread pool (:class:`~charter_app.ui.workers.Worker`) while the dialog shows a
progress bar and a Stop button. This base holds what they share: the worker and its signals,
the progress bar and status line, the inputs locked while the job runs, Stop, closing (which
stops the job), and a failure said one way (through the window's :class:`Interaction`, which
tests script). A subclass builds its form, names its inputs and its start button, and says what
a stop and a failure left behind.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QProgressBar, QPushButton, QWidget

from charter_app.errors import CharterError
from charter_app.export import ExportCancelledError
from charter_app.i18n import _
from charter_app.ui.workers import Worker


class JobDialog(QDialog):
    """The shared frame of a dialog whose work runs in the background and can be stopped.

    Subclasses set :attr:`start_button`, :attr:`cancel_button` and :attr:`inputs` once their
    form is built, implement ``_done(value)``, and set :attr:`failed_text` (the status after a
    failure) and optionally :attr:`stopped_text` (after Stop; default: the cancellation's own
    message).
    """

    failed_text = ""
    stopped_text = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.task = Worker(self)
        self.task.progress.connect(self._progress)
        self.task.done.connect(self._done)
        self.task.failed.connect(self._failed)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setValue(0)
        self.progress_bar.setFormat(_("%p %"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_button: QPushButton | None = None
        self.cancel_button: QPushButton | None = None
        self.inputs: tuple[QWidget, ...] = ()

    @property
    def busy(self) -> bool:
        return self.task.busy

    def begin(self, work, status: str) -> None:
        """Lock the form, say ``status`` and run ``work(progress, cancelled)`` in the pool."""
        self.progress_bar.setValue(0)
        self.status.setText(status)
        self._set_running(True)
        self.task.submit_task(work)

    def cancel(self) -> None:
        if self.task.busy:
            self.task.stop()
            if self.cancel_button is not None:
                self.cancel_button.setEnabled(False)
            self.status.setText(_("Stopping…"))

    def _set_running(self, running: bool) -> None:
        if self.cancel_button is not None:
            self.cancel_button.setEnabled(running)
        if self.start_button is not None:
            self.start_button.setEnabled(not running)
        for widget in self.inputs:
            widget.setEnabled(not running)
        if running and self.cancel_button is not None:
            self.cancel_button.setFocus()

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(100 * done // max(total, 1))

    def _done(self, value: object) -> None:
        raise NotImplementedError

    def _failed(self, error: object) -> None:
        self._set_running(False)
        self.progress_bar.setValue(0)
        if isinstance(error, ExportCancelledError):
            self.status.setText(self.stopped_text or error.message)
            return
        self.status.setText(self.failed_text)
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self._interaction().show_error(self, error)

    def _interaction(self):
        """The window's way of asking (scripted in tests), or the plain dialogs."""
        parent = self.parentWidget()
        found = getattr(getattr(parent, "context", None), "interaction", None)
        if found is not None:
            return found
        from charter_app.ui.interaction import Interaction

        return Interaction()

    def reject(self) -> None:
        self.task.stop()  # closing stops a running job; what it writes is never half written
        super().reject()
