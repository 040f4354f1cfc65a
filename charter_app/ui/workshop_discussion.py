"""What is on screen now in a workshop: the principle and the amendment under discussion."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from charter_app.core.model import Charter
from charter_app.ui.workers import Worker
from charter_app.ui.workshop_snapshot import Snapshot, read_snapshot


class Discussion(QObject):
    """What the room is looking at: the principle (the main window's selection), the amendment
    under discussion, and the data behind them. The projector and the panels follow it."""

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.snapshot: Snapshot | None = None
        self.amendment_id: str | None = None
        self.reader = Worker(self, coalesce=True)
        self.reader.done.connect(self._read)
        self.reader.failed.connect(window.show_error)

    @property
    def busy(self) -> bool:
        return self.reader.busy

    @property
    def principle_id(self) -> str | None:
        return self.window.selected_principle_id if self.window.document else None

    @property
    def charter(self) -> Charter | None:
        """The text as the facilitator sees it (unsaved edits included)."""
        return self.window.document.charter if self.window.document else None

    def refresh(self, wait: bool = False) -> None:
        """Read the events and amendments again: off the UI thread (after a write, here or
        elsewhere), or at once when ``wait`` (a person's own action, shown right after)."""
        document = self.window.document
        if document is None:
            self.reader.cancel()
            self._read(None)
            return
        repository, saved = document.repository, document.saved_charter
        if wait:
            self.reader.cancel()
            self._read(read_snapshot(repository, saved))
        else:
            self.reader.submit(lambda: read_snapshot(repository, saved))

    def _read(self, snapshot: Snapshot | None) -> None:
        self.snapshot = snapshot
        self._keep_amendment()
        self.changed.emit()

    def _keep_amendment(self) -> None:
        if self.snapshot is None:
            self.amendment_id = None
            return
        on_principle = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
        if self.amendment_id not in [r.id for r in self.snapshot.registered()]:
            self.amendment_id = on_principle[0] if on_principle else None

    def principle_changed(self) -> None:
        if self.snapshot is not None:
            on_principle = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
            self.amendment_id = on_principle[0] if on_principle else None
        self.changed.emit()

    def set_amendment(self, amendment_id: str | None) -> None:
        if amendment_id != self.amendment_id:
            self.amendment_id = amendment_id
            self.changed.emit()

    def step_principle(self, step: int) -> None:
        charter = self.charter
        if charter is None or not charter.principles:
            return
        ids = [p.id for p in charter.principles]
        current = self.principle_id
        index = ids.index(current) if current in ids else -1
        target = max(0, min(len(ids) - 1, index + step))
        if ids[target] != current:
            self.window.select_principle(ids[target])

    def step_amendment(self, step: int) -> None:
        if self.snapshot is None:
            return
        ids = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
        if not ids:
            return
        index = ids.index(self.amendment_id) if self.amendment_id in ids else -1
        self.set_amendment(ids[(index + step) % len(ids)])
