"""Side panel: who changed the selected principle, when and why; the text at any revision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import Charter
from charter_app.core.participants import names_by_id
from charter_app.core.revision import Revision
from charter_app.i18n import _, current_language
from charter_app.ui.editor import set_accessible
from charter_app.ui.shared_repository import SharedRepository
from charter_app.ui.workers import Worker

_ROOT = QModelIndex()
SHA_ROLE = Qt.UserRole + 1


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the history panel, ready to display."""

    sha: str
    who: str
    """The participant's name, "Removed participant" once erased, or their id if unknown."""
    when: datetime
    message: str


def format_when(when: datetime) -> str:
    """A date and time in the interface language, e.g. « 12 mars 2026 19:42 »."""
    locale = QLocale(QLocale.French if current_language() == "fr" else QLocale.English)
    moment = QDateTime.fromSecsSinceEpoch(int(when.timestamp()))
    return locale.toString(moment, "d MMMM yyyy HH:mm")


def entries_from(revisions: list[Revision], charter: Charter) -> list[HistoryEntry]:
    names = names_by_id(charter)
    names["charter-studio"] = _("Charter Studio (automatic)")
    return [
        HistoryEntry(r.sha, names.get(r.author, r.author), r.authored_at, r.subject)
        for r in revisions
    ]


class HistoryModel(QAbstractListModel):
    """Revisions, newest first."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []
        self._display: dict[int, str] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._entries)

    def entry(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._entries)):
            return None
        entry = self._entries[index.row()]
        if role == Qt.DisplayRole:
            text = self._display.get(index.row())
            if text is None:  # formatted lazily: only rows on screen are ever asked
                text = f"{entry.who} — {format_when(entry.when)}\n{entry.message}"
                self._display[index.row()] = text
            return text
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            return _("{who}, {when}: {message}").format(
                who=entry.who, when=format_when(entry.when), message=entry.message
            )
        if role == SHA_ROLE:
            return entry.sha
        return None

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._display = {}
        self._entries = list(entries)
        self.endResetModel()

    def retranslate(self) -> None:
        self._display = {}
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1))


def _load_text(repository: Any, principle_id: str | None, sha: str) -> str:
    if principle_id is None:
        charter = repository.load(sha)
        return f"{charter.title}\n\n{charter.preamble}"
    principle = repository.principle_at(principle_id, sha)
    if principle is None:
        return _("This principle did not exist yet at this revision.")
    return f"{principle.number}. {principle.title}\n\n{principle.body}"


class HistoryPanel(QDockWidget):
    """A dock listing the history of the principle (or the charter) shown in the editor."""

    loaded = Signal()
    text_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDock")
        self.path: Path | None = None
        self._shared: SharedRepository | None = None
        self.principle_id: str | None = None
        self.charter: Charter | None = None
        self.model = HistoryModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.model)
        self.list_view.setAlternatingRowColors(True)
        # Every entry is two lines: uniform sizes and batched layout keep 10,000 entries smooth.
        self.list_view.setUniformItemSizes(True)
        self.list_view.setTextElideMode(Qt.ElideRight)  # the tooltip holds the whole line
        self.list_view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list_view.setLayoutMode(QListView.Batched)
        self.list_view.setBatchSize(200)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.revision_text = QPlainTextEdit()
        self.revision_text.setReadOnly(True)
        self.revision_text.setTabChangesFocus(True)
        self.revision_label = QLabel()
        self.revision_label.setWordWrap(True)
        self.revision_label.setBuddy(self.revision_text)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.revision_label)
        lower_layout.addWidget(self.revision_text)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.list_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(splitter, 1)
        self.setWidget(body)

        self._history_worker = Worker(self)
        self._history_worker.done.connect(self._history_loaded)
        self._history_worker.failed.connect(self._history_failed)
        self._text_worker = Worker(self)
        self._text_worker.done.connect(self._text_loaded)
        self._text_worker.failed.connect(self._history_failed)
        self.list_view.clicked.connect(self._entry_chosen)
        self.list_view.activated.connect(self._entry_chosen)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self._history_worker.busy or self._text_worker.busy

    def retranslate(self) -> None:
        self.setWindowTitle(_("History"))
        self.revision_label.setText(_("Text at the chosen revision (read-only)"))
        set_accessible(
            self.list_view,
            _("History"),
            _("Who changed this text, when and why; choose an entry to read the text then."),
        )
        set_accessible(
            self.revision_text,
            _("Text at the chosen revision"),
            _("The text as it was at the revision chosen in the history, read-only."),
        )
        self.model.retranslate()
        self._update_status()

    def show_history(
        self, path: Path | None, principle_id: str | None, charter: Charter | None
    ) -> None:
        """Load, off the UI thread, the history of ``principle_id`` (None: the whole charter)."""
        if path != self.path:
            # One repository per open charter, its history indexed once (off the UI thread):
            # switching principle is then answered from memory, not by a new git log.
            if self._shared is not None:
                self._shared.close()
            self._shared = SharedRepository(path) if path is not None else None
        self.path, self.principle_id, self.charter = path, principle_id, charter
        self.model.set_entries([])
        self.revision_text.clear()
        self._text_worker.cancel()
        shared = self._shared
        if shared is None:
            self._history_worker.cancel()
            self._update_status()
            return
        self.progress.show()
        self.status.setText(_("Loading history…"))
        self._history_worker.submit(lambda: shared.run(lambda r: r.history(principle_id)))

    def refresh(self, charter: Charter | None = None) -> None:
        self.show_history(self.path, self.principle_id, charter or self.charter)

    def _history_loaded(self, revisions: list[Revision]) -> None:
        self.progress.hide()
        assert self.charter is not None
        self.model.set_entries(entries_from(revisions, self.charter))
        self._update_status()
        self.loaded.emit()

    def _history_failed(self, error: object) -> None:
        self.progress.hide()
        self.status.setText(_("The history could not be read: {error}").format(error=error))

    def _update_status(self) -> None:
        if self.path is None:
            self.status.setText(_("No charter is open."))
            return
        count = self.model.rowCount()
        if count == 0:
            self.status.setText(_("No saved change yet."))
        else:
            from charter_app.i18n import ngettext

            self.status.setText(
                ngettext("{count} saved change", "{count} saved changes", count).format(count=count)
            )

    def _entry_chosen(self, index: QModelIndex) -> None:
        entry = self.model.entry(index.row())
        if entry is None or self.path is None:
            return
        principle_id = self.principle_id
        self.revision_label.setText(
            _("Text on {when}, by {who} (read-only)").format(
                when=format_when(entry.when), who=entry.who
            )
        )
        shared = self._shared
        if shared is not None:
            self._text_worker.submit(
                lambda: shared.run(lambda r: _load_text(r, principle_id, entry.sha))
            )

    def _text_loaded(self, text: str) -> None:
        self.revision_text.setPlainText(text)
        self.text_shown.emit(text)
