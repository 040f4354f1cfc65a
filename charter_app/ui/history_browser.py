"""The history browser: the charter's and each principle's timeline (who, when, why, with the
amendment, decision and workshop of each change), the text at any point compared with now,
"Restore this wording", who wrote each sentence, and the adopted versions over time.

A feature (``ui/features.py``): a "History" menu opens one window with three tabs. Everything
is read off the UI thread on the browser's own repository (:class:`SharedRepository`), indexed
once per opened charter.

Restoring a wording is a **direct edit by the participant chosen in "Who is writing?"**: the
principle's title and text at the chosen point replace the saved ones in one commit (core
``edit_principle`` + ``CharterRepository.save``, exactly what the window's save does), then the
window reloads. It is undone the same way (restore the previous point). An amendment would be
the route when the wording must go through the council; the amendments feature files those.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _, ngettext
from charter_app.ui.blame_view import BlameView
from charter_app.ui.diff_view import DiffView
from charter_app.ui.editor import set_accessible
from charter_app.ui.history_models import (
    PastText,
    SharedRepository,
    TimelineModel,
    charter_text,
    load_text_at,
    load_timeline,
    participant_names,
    timeline_entries,
)
from charter_app.ui.history_panel import format_when
from charter_app.ui.versions_view import VersionsView
from charter_app.ui.workers import Worker
from charter_app.ui.workspaces import HISTORY


class TimelineView(QWidget):
    """The commits of the charter or of a principle, and the text at the chosen one."""

    loaded = Signal()
    restore_requested = Signal(object, str)
    """(PastText, message) — the browser turns it into a commit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shared: SharedRepository | None = None
        self.principle_id: str | None = None
        self.names: dict[str, str] = {}
        self.current_text = ""
        self.past: PastText | None = None
        self.writable = False
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = TimelineModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(TimelineModel.WHAT, QHeaderView.Stretch)
        self.table_label = QLabel()
        self.table_label.setBuddy(self.table)
        self.then_label = QLabel()
        self.then_label.setWordWrap(True)
        self.then_text = QPlainTextEdit()
        self.then_text.setReadOnly(True)
        self.then_text.setTabChangesFocus(True)
        self.then_label.setBuddy(self.then_text)
        self.diff_label = QLabel()
        self.diff = DiffView()
        self.diff_label.setBuddy(self.diff)
        self.message_label = QLabel()
        self.message_edit = QLineEdit()
        self.message_label.setBuddy(self.message_edit)
        self.restore_button = QPushButton()
        self.restore_button.setEnabled(False)

        texts = QSplitter(Qt.Horizontal)
        for label, widget in ((self.then_label, self.then_text), (self.diff_label, self.diff)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(widget, 1)
            texts.addWidget(box)
        # A third for the text of the time (a narrow column cut words at 150 % text).
        texts.setStretchFactor(0, 1)
        texts.setStretchFactor(1, 2)
        texts.setSizes([300, 600])
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.table_label)
        upper_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(texts)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.message_label)
        restore_row.addWidget(self.message_edit, 1)
        restore_row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        layout.addLayout(restore_row)

        self.history_worker = Worker(self)
        self.history_worker.done.connect(self._history_loaded)
        self.history_worker.failed.connect(self._failed)
        self.text_worker = Worker(self)
        self.text_worker.done.connect(self._text_loaded)
        self.text_worker.failed.connect(self._failed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.restore_button.clicked.connect(self._restore_clicked)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self.history_worker.busy or self.text_worker.busy

    def retranslate(self) -> None:
        self.table_label.setText(_("&Changes, newest first"))
        self.diff_label.setText(_("Differences between then and now"))
        self.message_label.setText(_("Restore &message:"))
        self.restore_button.setText(_("&Restore this wording"))
        set_accessible(
            self.table,
            _("Changes, newest first"),
            _("When, who, what, and the amendment, decision or workshop of each change."),
        )
        set_accessible(
            self.table.horizontalHeader(),
            _("Columns"),
            _("When, who, what, amendment decision and workshop."),
        )
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One row per change."))
        set_accessible(
            self.then_text,
            _("Text at the chosen change"),
            _("The text as it was right after the chosen change, read-only."),
        )
        set_accessible(
            self.diff,
            _("Differences between then and now"),
            _("Struck-through words were removed since then; underlined words were added."),
        )
        set_accessible(
            self.message_edit,
            _("Restore message"),
            _("Describes the restoring change in the history; filled in for you."),
        )
        set_accessible(
            self.restore_button,
            _("Restore this wording"),
            _(
                "Save the title and text of the principle as they were then, as a change by "
                "the participant chosen in “Who is writing?”."
            ),
        )
        self.model.retranslate()
        self.diff.retranslate()
        self._update_then_label()
        self._show_status()

    def show_history(
        self,
        shared: SharedRepository | None,
        principle_id: str | None,
        names: dict[str, str],
        current_text: str,
        writable: bool,
    ) -> None:
        self.shared, self.principle_id, self.names = shared, principle_id, names
        self.current_text, self.writable = current_text, writable
        self.past = None
        self.model.set_entries([])
        self.then_text.clear()
        self.diff.set_texts("", "", "", "")
        self.text_worker.cancel()
        self._update_restore()
        if shared is None:
            self.history_worker.cancel()
            self._show_status()
            return
        self.status.setText(_("Loading history…"))
        self.history_worker.submit(lambda: shared.run(lambda r: load_timeline(r, principle_id)))

    def _history_loaded(self, result: tuple) -> None:
        revisions, tags = result
        self.model.set_entries(timeline_entries(revisions, self.names, tags))
        self.table.resizeColumnToContents(TimelineModel.WHEN)
        self.table.resizeColumnToContents(TimelineModel.WHO)
        self.table.resizeColumnToContents(TimelineModel.BADGES)
        self._show_status()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.loaded.emit()

    def _failed(self, error: object) -> None:
        self.status.setText(_("The history could not be read: {error}").format(error=error))
        self.loaded.emit()

    def _show_status(self) -> None:
        if self.shared is None:
            self.status.setText(_("No charter is open."))
            return
        count = self.model.rowCount()
        if count == 0:
            self.status.setText(_("No saved change yet."))
        else:
            self.status.setText(
                ngettext("{count} saved change", "{count} saved changes", count).format(count=count)
            )

    def _row_changed(self, current, _previous) -> None:
        entry = self.model.entry(current.row()) if current.isValid() else None
        self.past = None
        self._update_restore()
        if entry is None or self.shared is None:
            return
        shared, principle_id, sha = self.shared, self.principle_id, entry.sha
        self._update_then_label()
        self.text_worker.submit(lambda: shared.run(lambda r: load_text_at(r, principle_id, sha)))

    def _current_entry(self):
        index = self.table.selectionModel().currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _update_then_label(self) -> None:
        entry = self._current_entry()
        if entry is None:
            self.then_label.setText(_("Text at the chosen change"))
        else:
            self.then_label.setText(
                _("Text on {when}, by {who} (read-only)").format(
                    when=format_when(entry.when), who=entry.who
                )
            )

    def _text_loaded(self, past: PastText) -> None:
        entry = self._current_entry()
        if entry is None or entry.sha != past.sha:
            return
        self.past = past
        if not past.text:
            self.then_text.setPlainText(_("This principle did not exist yet at this revision."))
        else:
            self.then_text.setPlainText(past.text)
        self.diff.set_texts(
            past.text, self.current_text, _("then ({when})").format(when=format_when(entry.when)),
            _("now"),
        )  # fmt: skip
        self.message_edit.setText(
            _("Restore the wording of {when}").format(when=format_when(entry.when))
        )
        self._update_restore()

    def _update_restore(self) -> None:
        past = self.past
        possible = (
            self.writable
            and self.principle_id is not None
            and past is not None
            and past.body is not None
            and past.text != self.current_text
        )
        self.restore_button.setEnabled(bool(possible))

    def _restore_clicked(self) -> None:
        if self.past is not None:
            self.restore_requested.emit(self.past, " ".join(self.message_edit.text().split()))


class HistoryBrowser(QWidget):
    """Timeline, who wrote this, versions over time: the History workspace's main area (in a
    dock of its own, :class:`HistoryBrowserDock`); Escape goes back where the person was."""

    TIMELINE, BLAME, VERSIONS = range(3)
    restored = Signal(str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.main_window = window
        self.setObjectName("historyBrowser")
        self.dock = HistoryBrowserDock(self, window)
        self.shared: SharedRepository | None = None
        self.principle_id: str | None = None
        self._loaded_for: dict[int, object] = {}
        self.subject_label = QLabel()
        self.subject_combo = QComboBox()
        self.subject_label.setBuddy(self.subject_combo)
        self.tabs = QTabWidget()
        self.timeline = TimelineView()
        self.blame = BlameView()
        self.versions = VersionsView()
        self.tabs.addTab(self.timeline, "")
        self.tabs.addTab(self.blame, "")
        self.tabs.addTab(self.versions, "")
        self.close_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.subject_label)
        top.addWidget(self.subject_combo, 1)
        top.addWidget(self.close_button)
        self.close_button.hide()  # a workspace, not a window: Escape or another tab leaves it
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.close_action = QAction(self)
        self.close_action.setShortcut(QKeySequence(Qt.Key_Escape))
        self.close_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.close_action.triggered.connect(self.leave)
        self.addAction(self.close_action)
        self.close_button.clicked.connect(self.leave)
        self.subject_combo.activated.connect(self._subject_chosen)
        self.tabs.currentChanged.connect(lambda _index: self._load_tab())
        self.timeline.restore_requested.connect(self.restore)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self.timeline.busy or self.blame.busy or self.versions.busy

    def leave(self) -> None:
        """Back to the workspace the person came from."""
        self.main_window.workspaces.back()

    def retranslate(self) -> None:
        self.setWindowTitle(_("History of the charter"))
        self.dock.setWindowTitle(_("Timeline, who wrote this, versions"))
        self.subject_label.setText(_("History &of:"))
        self.close_button.setText(_("Close (Esc)"))
        self.tabs.setTabText(self.TIMELINE, _("&Timeline"))
        self.tabs.setTabText(self.BLAME, _("&Who wrote this"))
        self.tabs.setTabText(self.VERSIONS, _("&Versions over time"))
        # Its tab bar takes the keyboard, but the screen reader lists the whole as focusable.
        self.tabs.setAccessibleName(_("Timeline, who wrote this, versions"))
        set_accessible(
            self.subject_combo,
            _("History of"),
            _("The whole charter, or the principle whose history is shown."),
        )
        set_accessible(self.close_button, _("Close"), _("Close the history window (Esc)."))
        set_accessible(
            self.tabs.tabBar(),
            _("History views"),
            _("Timeline, who wrote this, and versions over time."),
        )
        self.timeline.retranslate()
        self.blame.retranslate()
        self.versions.retranslate()
        self._fill_subjects()

    # -- following the window ----------

    def set_repository(self, shared: SharedRepository | None) -> None:
        self.shared = shared
        self._fill_subjects()
        if self.isVisible():
            self._load_tab(force=True)

    def _fill_subjects(self) -> None:
        document = self.main_window.document
        self.subject_combo.blockSignals(True)
        self.subject_combo.clear()
        self.subject_combo.addItem(_("The whole charter"), "")
        if document is not None:
            for principle in document.charter.principles:
                self.subject_combo.addItem(f"{principle.number}. {principle.title}", principle.id)
        row = self.subject_combo.findData(self.principle_id or "")
        self.subject_combo.setCurrentIndex(max(0, row))
        self.subject_combo.blockSignals(False)

    def follow(self, principle_id: str | None) -> None:
        """Show ``principle_id`` (None: the whole charter), as selected in the window."""
        self.principle_id = principle_id
        row = self.subject_combo.findData(principle_id or "")
        if row < 0:
            self._fill_subjects()
            row = self.subject_combo.findData(principle_id or "")
        self.subject_combo.setCurrentIndex(max(0, row))
        self._loaded_for = {}
        if self.isVisible():
            self._load_tab()

    def _subject_chosen(self, row: int) -> None:
        principle_id = self.subject_combo.itemData(row) or None
        self.main_window.select_principle(principle_id)  # the window follows, and tells us
        if self.principle_id != principle_id:
            self.follow(principle_id)

    def open_tab(self, tab: int) -> None:
        self.main_window.workspaces.open_dock(self.dock)
        if self.tabs.currentIndex() != tab:
            self.tabs.setCurrentIndex(tab)  # loads it
        else:
            self._load_tab(force=True)

    def refresh(self) -> None:
        """After a save, a sync or a restore: read again what is shown."""
        self._fill_subjects()
        if self.isVisible():
            self._load_tab(force=True)

    def _load_tab(self, force: bool = False) -> None:
        tab = self.tabs.currentIndex()
        key = (self.shared, self.principle_id)
        if not force and self._loaded_for.get(tab) == key:
            return
        self._loaded_for[tab] = key
        document = self.main_window.document
        names = participant_names(document.charter if document else None)
        if tab == self.TIMELINE:
            self.timeline.show_history(
                self.shared, self.principle_id, names, self._current_text(),
                document is not None and not document.read_only,
            )  # fmt: skip
        elif tab == self.BLAME:
            self.blame.show_principle(self.shared, self.principle_id, names)
        else:
            self.versions.load(self.shared)

    def _current_text(self) -> str:
        """The text now (the saved one: that is what a restore replaces)."""
        document = self.main_window.document
        if document is None:
            return ""
        charter = document.saved_charter
        if self.principle_id is None:
            return charter_text(charter)
        principle = charter.principle(self.principle_id)
        return f"{principle.number}. {principle.title}\n\n{principle.body}" if principle else ""

    # -- restoring a wording ----------

    def restore(self, past: PastText, message: str) -> str | None:
        """Save the principle's title and text as they were at ``past`` (one commit by the
        current participant); returns the commit id, or None if nothing was saved."""
        from charter_app.application.principles import restore_wording

        window = self.main_window
        document = window.document
        principle_id = self.principle_id
        if document is None or document.read_only or principle_id is None or past.body is None:
            return None
        author = window.writer(_("Add a participant (Ctrl+Shift+P), then restore again."))
        if author is None:
            return None
        if not window.confirm_no_unsaved():
            return None
        written = window.operations.run_now(
            lambda session: restore_wording(
                session, author, principle_id, past.title, past.body, message or None
            )
        )
        if written is None:
            return None
        commit = written.value
        if commit is None:
            window.statusBar().showMessage(_("The text is already worded like this."), 6000)
            return None
        window.statusBar().showMessage(_("Wording restored and saved."), 6000)
        self.refresh()
        self.restored.emit(commit)
        return commit


class HistoryBrowserDock(QDockWidget):
    """The dock holding the history browser, in the History workspace."""

    def __init__(self, browser: HistoryBrowser, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("historyBrowserDock")
        self.setWidget(browser)
        self.browser = browser
        self.visibilityChanged.connect(self._shown)

    def _shown(self, visible: bool) -> None:
        if visible:
            self.browser._load_tab()


class HistoryFeature:
    """The History menu: the browser's three views, each with a shortcut."""

    MENU = "history"

    def __init__(self, window: Any) -> None:
        self.window = window
        self.shared: SharedRepository | None = None
        self.browser: HistoryBrowser | None = HistoryBrowser(window)
        window.workspaces.register(self.browser.dock, HISTORY, Qt.RightDockWidgetArea)
        self.menu = window.feature_menu(self.MENU)
        self.timeline_action = self._action("Ctrl+Alt+H", HistoryBrowser.TIMELINE)
        self.blame_action = self._action("Ctrl+Alt+W", HistoryBrowser.BLAME)
        self.versions_action = self._action("Ctrl+Alt+L", HistoryBrowser.VERSIONS)
        events = window.events
        events.opened.connect(self._opened)
        events.closed.connect(self._closed)
        events.selected.connect(self._selected)
        events.saved.connect(lambda _sha: self.refresh())
        events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def _action(self, shortcut: str, tab: int) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda: self.show_browser(tab))
        self.window.addAction(action)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("Histor&y"))
        self.timeline_action.setText(_("&Timeline and past wordings…"))
        self.blame_action.setText(_("&Who wrote this principle?…"))
        self.versions_action.setText(_("&Versions over time…"))
        if self.browser is not None:
            self.browser.retranslate()

    def _update_actions(self) -> None:
        has = self.window.document is not None
        for action in (self.timeline_action, self.blame_action, self.versions_action):
            action.setEnabled(has)

    def _opened(self, document: Any) -> None:
        if self.shared is not None:
            self.shared.close()
        self.shared = SharedRepository(document.path)
        shared = self.shared
        # Index the history now, off the UI thread, so the browser answers at once later.
        self._indexer = Worker(self.window)
        self._indexer.failed.connect(lambda _error: None)  # shown when the browser asks
        self._indexer.submit(lambda: shared.run(lambda _r: None))
        if self.browser is not None:
            self.browser.set_repository(shared)
            self.browser.follow(self.window.selected_principle_id)
        self._update_actions()

    def _closed(self) -> None:
        if self.browser is not None:
            self.browser.set_repository(None)
        if self.shared is not None:
            self.shared.close()
            self.shared = None
        self._update_actions()

    def _selected(self, principle_id: str | None) -> None:
        if self.browser is not None:
            self.browser.follow(principle_id)

    def refresh(self) -> None:
        if self.browser is not None:
            self.browser.refresh()

    def show_browser(self, tab: int = HistoryBrowser.TIMELINE) -> HistoryBrowser | None:
        if self.window.document is None:
            return None
        if self.browser is None:
            self.browser = HistoryBrowser(self.window)
            self.window.workspaces.register(self.browser.dock, HISTORY, Qt.RightDockWidgetArea)
        if self.browser.shared is not self.shared:
            self.browser.set_repository(self.shared)
            self.browser.follow(self.window.selected_principle_id)
        self.browser.open_tab(tab)
        return self.browser
