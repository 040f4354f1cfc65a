"""The drafting workspace: principle list, editor, live preview, history, save bar."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import Charter
from charter_app.core.operations import Change
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.ui import commands
from charter_app.ui.context import AppContext
from charter_app.ui.document import CharterDocument
from charter_app.ui.editor import CharterEditor, PrincipleEditor, set_accessible
from charter_app.ui.features import WindowEvents, load_features
from charter_app.ui.history_panel import HistoryPanel
from charter_app.ui.interaction import CloseChoice
from charter_app.ui.loading import LoadedCharter, load_charter
from charter_app.ui.preview import PreviewPane
from charter_app.ui.principle_model import PrincipleTableModel
from charter_app.ui.theme import app_icon
from charter_app.ui.welcome import WelcomePage
from charter_app.ui.workers import Worker

JOURNAL_INTERVAL_MS = 3000
MESSAGE_REFRESH_MS = 250
WELCOME, WORKSPACE = 0, 1


class MainWindow(QMainWindow):
    """One window, one open charter (or the welcome screen)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.document: CharterDocument | None = None
        self.lock = None
        self.journal = None
        self._journaled: set[str] = set()
        self._message_touched = False
        self._selected_id: str | None = None  # None with a document: the charter's own fields
        self.undo_stack = QUndoStack(self)
        self.events = WindowEvents(self)
        self._feature_menus: dict[str, QMenu] = {}
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect()
        self.loader = Worker(self)
        self.loader.done.connect(self._charter_loaded)
        self.loader.failed.connect(self._load_failed)
        self.journal_timer = QTimer(self, interval=JOURNAL_INTERVAL_MS)
        self.journal_timer.timeout.connect(self.write_journal)
        self.message_timer = QTimer(self, singleShot=True, interval=MESSAGE_REFRESH_MS)
        self.message_timer.timeout.connect(self._refresh_message)
        self.features, self.feature_failures = load_features(self)
        if self.feature_failures:
            self.statusBar().showMessage(
                _("Some parts of the app could not start ({count}); the editor works.").format(
                    count=len(self.feature_failures)
                )
            )
        self.retranslate()
        self._show_welcome()
        self.resize(1280, 800)

    # -- construction ----------

    def _build_widgets(self) -> None:
        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        self.stack.addWidget(self.welcome)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.charter_button = QPushButton()
        self.charter_button.setCheckable(True)
        self.model = PrincipleTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.MoveAction)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # Fixed widths from the font, not ResizeToContents: that would ask every row of a
        # 1,000-principle charter for its size at each change.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.charter_button)
        self.list_label = QLabel()
        self.list_label.setBuddy(self.table)
        left_layout.addWidget(self.list_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)

        self.editor_stack = QStackedWidget()
        self.charter_editor = CharterEditor()
        self.principle_editor = PrincipleEditor()
        self.editor_stack.addWidget(self.charter_editor)
        self.editor_stack.addWidget(self.principle_editor)

        self.preview = PreviewPane()
        self.preview_label = QLabel()
        self.preview_label.setBuddy(self.preview)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview_label)
        preview_layout.addWidget(self.preview, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor_stack)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([430, 460, 420])
        self.splitter.setChildrenCollapsible(False)

        self.message_label = QLabel()
        self.message_edit = QLineEdit()
        self.message_label.setBuddy(self.message_edit)
        self.save_button = QPushButton()
        save_bar = QHBoxLayout()
        save_bar.addWidget(self.message_label)
        save_bar.addWidget(self.message_edit, 1)
        save_bar.addWidget(self.save_button)

        workspace = QWidget()
        layout = QVBoxLayout(workspace)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(save_bar)
        self.stack.addWidget(workspace)
        self.setCentralWidget(self.stack)

        self.history = HistoryPanel(self)
        self.addDockWidget(Qt.RightDockWidgetArea, self.history)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.who_label = QLabel()
        self.who_combo = QComboBox()
        self.who_combo.setMinimumContentsLength(18)
        self.who_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.who_label.setBuddy(self.who_combo)
        self.addToolBar(self.toolbar)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.statusBar().addPermanentWidget(self.progress)

    def _action(self, shortcut: QKeySequence | str | None, slot) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(QKeySequence.New, self.new_charter)
        self.open_action = self._action(QKeySequence.Open, self.choose_and_open)
        self.save_action = self._action(QKeySequence.Save, self.save)
        self.close_action = self._action(QKeySequence.Close, self.close_charter)
        self.quit_action = self._action("Ctrl+Q", self.close)
        self.undo_action = self._action(QKeySequence.Undo, self.undo_stack.undo)
        self.redo_action = self._action(QKeySequence.Redo, self.undo_stack.redo)
        self.add_principle_action = self._action("Ctrl+Shift+N", self.add_principle)
        self.remove_principle_action = self._action("Ctrl+Shift+Del", self.remove_principle)
        self.move_up_action = self._action("Alt+Up", lambda: self.move_selected(-1))
        self.move_down_action = self._action("Alt+Down", lambda: self.move_selected(+1))
        self.add_participant_action = self._action("Ctrl+Shift+P", self.add_participant)
        self.preferences_action = self._action("Ctrl+,", self.show_preferences)
        self.bigger_action = self._action("Ctrl+=", self.context.appearance.bigger)
        self.bigger_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.bigger_action.triggered.disconnect()
        self.bigger_action.triggered.connect(
            lambda: self.context.set_scale(self.context.appearance.scale + 0.1)
        )
        self.smaller_action = self._action(
            "Ctrl+-", lambda: self.context.set_scale(self.context.appearance.scale - 0.1)
        )
        self.normal_size_action = self._action("Ctrl+0", lambda: self.context.set_scale(1.0))
        self.contrast_action = self._action("Ctrl+Shift+H", self._toggle_contrast)
        self.contrast_action.setCheckable(True)
        self.focus_list_action = self._action("Ctrl+L", self._focus_list)
        self.focus_editor_action = self._action("Ctrl+E", self._focus_editor)
        self.history_action = self.history.toggleViewAction()
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        for action in (self.new_action, self.open_action):
            self.file_menu.addAction(action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_action)
        self.file_menu.addAction(self.close_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        for action in (self.undo_action, self.redo_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        for action in (
            self.add_principle_action,
            self.remove_principle_action,
            self.move_up_action,
            self.move_down_action,
        ):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.add_participant_action)
        self.view_menu = bar.addMenu("")
        for action in (
            self.bigger_action,
            self.smaller_action,
            self.normal_size_action,
            self.contrast_action,
        ):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.history_action)
        self.view_menu.addAction(self.focus_list_action)
        self.view_menu.addAction(self.focus_editor_action)

        self.toolbar.addAction(self.save_action)
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.who_label)
        self.toolbar.addWidget(self.who_combo)
        self.toolbar.addAction(self.add_participant_action)

    def feature_menu(self, key: str) -> QMenu:
        """The menu ``key`` of the features (created after View the first time); features set
        its title in their own ``retranslate``."""
        menu = self._feature_menus.get(key)
        if menu is None:
            menu = self.menuBar().addMenu("")
            menu.setObjectName(f"{key}Menu")
            self._feature_menus[key] = menu
        return menu

    @property
    def selected_principle_id(self) -> str | None:
        return self._selected_id

    def reload_from_disk(self) -> None:
        """After a feature committed (an adopted amendment, a merge): show the saved charter.

        Unsaved edits are kept when they touch nothing the new charter changed; the caller
        asks before committing when there are unsaved edits (see ``confirm_no_unsaved``).
        """
        document = self.document
        if document is None:
            return
        charter = document.repository.load()
        document.saved_charter = charter
        document.apply(
            charter,
            Change(
                _("Reloaded"),
                principles=tuple(p.id for p in charter.principles),
                meta=True,
                participants=True,
            ),
        )
        self.undo_stack.clear()
        self.model.set_principles(charter.principles)
        self._fill_participants()
        self.select_principle(
            self._selected_id if charter.principle(self._selected_id or "") else None
        )
        self.history.refresh(charter)
        self._update_title()

    def confirm_no_unsaved(self) -> bool:
        """True when there is nothing unsaved, or the user saved it now."""
        if self.document is None or not self.document.is_modified:
            return True
        return self.save()

    def _connect(self) -> None:
        self.welcome.open_example.connect(lambda: self.open_charter(None, example=True))
        self.welcome.new_charter.connect(self.new_charter)
        self.welcome.open_folder.connect(self.choose_and_open)
        self.welcome.open_recent.connect(lambda folder: self.open_charter(Path(folder)))
        self.charter_button.clicked.connect(lambda: self.select_principle(None))
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.model.move_requested.connect(self._drop_move, Qt.QueuedConnection)
        self.add_button.clicked.connect(self.add_principle)
        self.remove_button.clicked.connect(self.remove_principle)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.save_button.clicked.connect(self.save)
        self.principle_editor.edited.connect(self._principle_edited)
        self.charter_editor.edited.connect(self._charter_edited)
        self.principle_editor.body_edit.follow_line.connect(self.preview.follow_line)
        self.charter_editor.preamble_edit.follow_line.connect(self.preview.follow_line)
        self.message_edit.textEdited.connect(lambda _text: setattr(self, "_message_touched", True))
        self.who_combo.activated.connect(self._participant_chosen)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda _t: self._retranslate_undo())
        self.undo_stack.redoTextChanged.connect(lambda _t: self._retranslate_undo())
        self.preview.confirm_link = lambda url: self.context.interaction.confirm_link(self, url)
        self.history.loaded.connect(self._update_progress)
        self.preview.link_refused.connect(
            lambda url: self.statusBar().showMessage(
                _("Not opened: “{url}” is not a web or e-mail address.").format(url=url), 8000
            )
        )

    # -- texts ----------

    def retranslate(self) -> None:
        """Every visible text again, in the current language."""
        self.events.retranslate.emit()
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.recent_menu.setTitle(_("Open &recent"))
        texts = {
            self.new_action: _("&New charter…"),
            self.open_action: _("&Open…"),
            self.save_action: _("&Save"),
            self.close_action: _("&Close the charter"),
            self.quit_action: _("&Quit"),
            self.add_principle_action: _("&Add a principle"),
            self.remove_principle_action: _("&Remove the principle"),
            self.move_up_action: _("Move &up"),
            self.move_down_action: _("Move &down"),
            self.add_participant_action: _("Add &participant…"),
            self.preferences_action: _("&Preferences…"),
            self.bigger_action: _("&Bigger text"),
            self.smaller_action: _("&Smaller text"),
            self.normal_size_action: _("&Normal text size"),
            self.contrast_action: _("&High contrast"),
            self.history_action: _("&History panel"),
            self.focus_list_action: _("Go to the &list of principles"),
            self.focus_editor_action: _("Go to the &editor"),
        }
        for action, text in texts.items():
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{text.replace('&', '')} ({shortcut})" if shortcut else "")
        self._retranslate_undo()
        self.charter_button.setText(_("C&harter: title, territory, preamble"))
        self.list_label.setText(_("&Principles (Alt+Up / Alt+Down to reorder)"))
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Up"))
        self.down_button.setText(_("Down"))
        self.preview_label.setText(_("Pre&view"))
        self.message_label.setText(_("Save &message:"))
        self.save_button.setText(_("Save (Ctrl+S)"))
        self.who_label.setText(_("&Who is writing? "))
        self.message_edit.setPlaceholderText(_("What changed, in a few words"))
        accessible = (
            (
                self.charter_button,
                _("Charter"),
                _("Edit the charter’s title, territory and preamble."),
            ),
            (
                self.table,
                _("Principles"),
                _("Number, title and status of each principle; Alt+Up and Alt+Down reorder."),
            ),
            (self.add_button, _("Add a principle"), _("Add a principle after the selected one.")),
            (self.remove_button, _("Remove the principle"), _("Remove the selected principle.")),
            (self.up_button, _("Move up"), _("Move the selected principle up (Alt+Up).")),
            (self.down_button, _("Move down"), _("Move the selected principle down (Alt+Down).")),
            (
                self.preview,
                _("Preview"),
                _("The text as it will be read; links open in the browser after confirmation."),
            ),
            (
                self.message_edit,
                _("Save message"),
                _("Describes the change in the history; filled in for you, you may edit it."),
            ),
            (self.save_button, _("Save"), _("Record every change now, with the message (Ctrl+S).")),
            (
                self.who_combo,
                _("Who is writing?"),
                _("The participant the saved changes are attributed to."),
            ),
        )
        for widget, name, description in accessible:
            set_accessible(widget, name, description)
        set_accessible(
            self.table.horizontalHeader(),
            _("Columns of the list of principles"),
            _("Number, title and status."),
        )
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One row per principle."))
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator() and action.text():
                set_accessible(button, action.text().replace("&", ""), action.toolTip())
        self.model.retranslate()
        self._fit_columns()
        self.charter_editor.retranslate()
        self.principle_editor.retranslate()
        self.history.retranslate()
        self.welcome.retranslate()
        self._fill_participants()
        self._fill_recent()
        self._update_title()
        self._update_banner()
        self._refresh_message()
        self._update_actions()

    def _fit_columns(self) -> None:
        from charter_app.core.model import PrincipleStatus
        from charter_app.ui.principle_model import status_label

        metrics = self.table.fontMetrics()
        padding = 3 * metrics.averageCharWidth()
        number = max(metrics.horizontalAdvance("10 bis"), metrics.horizontalAdvance(_("No.")))
        status = max(metrics.horizontalAdvance(status_label(s)) for s in PrincipleStatus)
        self.table.setColumnWidth(0, number + padding)
        icon = self.table.iconSize().width() or metrics.height()
        self.table.setColumnWidth(2, status + padding + icon + 4 * metrics.averageCharWidth())
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.FontChange, QEvent.StyleChange) and hasattr(self, "table"):
            self._fit_columns()
        super().changeEvent(event)

    def _retranslate_undo(self) -> None:
        undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        self.undo_action.setText(_("&Undo {action}").format(action=undo) if undo else _("&Undo"))
        self.redo_action.setText(_("&Redo {action}").format(action=redo) if redo else _("&Redo"))
        for action in (self.undo_action, self.redo_action):
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                set_accessible(button, action.text().replace("&", ""), action.toolTip())

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle(_("Charter Studio"))
            self.setWindowModified(False)
            return
        suffix = _(" (read-only)") if self.document.read_only else ""
        self.setWindowTitle(
            _("{title}[*]{suffix} — Charter Studio").format(
                title=self.document.charter.title, suffix=suffix
            )
        )
        self.setWindowModified(self.document.is_modified)

    def _update_banner(self) -> None:
        text = getattr(self, "_banner_text", "")
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _set_banner(self, text: str) -> None:
        self._banner_text = text
        self._update_banner()

    # -- opening and closing ----------

    def _show_welcome(self) -> None:
        self.stack.setCurrentIndex(WELCOME)
        self.history.hide()
        self._fill_recent()
        self._update_actions()

    def _fill_recent(self) -> None:
        recent = self.context.recent()
        self.welcome.set_recent(recent)
        self.recent_menu.clear()
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open_charter(Path(f)))
        self.recent_menu.setEnabled(bool(recent))

    def choose_and_open(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open a charter folder"))
        if folder:
            self.open_charter(Path(folder))

    def open_charter(self, path: Path | None, *, example: bool = False) -> None:
        """Open ``path`` (or the example copy) off the UI thread; the window stays responsive."""
        if not self.close_charter():
            return
        self.progress.show()
        self.statusBar().showMessage(_("Opening the charter…"))
        self.stack.setCurrentIndex(WORKSPACE)
        self._set_banner(_("Opening the charter…"))
        self.splitter.setEnabled(False)
        self.loader.submit(lambda: load_charter(path, example=example))

    def new_charter(self) -> None:
        from charter_app.ui.dialogs import NewCharterDialog

        dialog = NewCharterDialog(self.context.language, self)
        if dialog.exec() != NewCharterDialog.Accepted:
            return
        self.create_charter(dialog.folder, dialog.template, dialog.title, dialog.language)

    def create_charter(self, folder: Path, template: str, title: str, language: str) -> None:
        """Create a charter (off the UI thread) and open it."""
        from charter_app.ui.loading import create_charter

        if not str(folder).strip() or folder == Path():
            self._show_error(
                ValidationError(
                    _("Choose a folder for the new charter."),
                    _("Type a folder path or use Browse…"),
                )
            )
            return
        if not self.close_charter():
            return
        self.progress.show()
        self.stack.setCurrentIndex(WORKSPACE)
        self._set_banner(_("Creating the charter…"))
        self.splitter.setEnabled(False)
        self.loader.submit(lambda: create_charter(folder, template, title, language))

    def _load_failed(self, error: object) -> None:
        self.progress.hide()
        self.splitter.setEnabled(True)
        self._set_banner("")
        self.statusBar().clearMessage()
        self._show_welcome()
        self._show_error(error)

    def _charter_loaded(self, loaded: LoadedCharter) -> None:
        self.progress.hide()
        self.splitter.setEnabled(True)
        self.statusBar().clearMessage()
        read_only, banner = self._acquire_lock(loaded.path)
        self.document = CharterDocument(loaded.repository, loaded.charter, read_only=read_only)
        self.document.stable_numbers = loaded.stable_numbers
        self.document.changed.connect(self._document_changed)
        self.undo_stack.clear()
        self._set_banner(banner)
        self._message_touched = False
        self.message_edit.clear()
        self.model.read_only = read_only
        self.model.set_principles(loaded.charter.principles)
        self.charter_editor.set_read_only(read_only)
        self.principle_editor.set_read_only(read_only)
        self.context.remember(str(loaded.path))
        self._fill_recent()
        self._fill_participants()
        self.history.show()
        self.stack.setCurrentIndex(WORKSPACE)
        first = loaded.charter.principles[0].id if loaded.charter.principles else None
        self.select_principle(first)
        self._update_title()
        self._update_actions()
        if not read_only:
            self._open_journal(loaded.path)
        self.events.opened.emit(self.document)

    def _acquire_lock(self, path: Path) -> tuple[bool, str]:
        from charter_app.storage.instance_lock import InstanceLock

        lock = InstanceLock(path)
        try:
            lock.acquire()
        except CharterError as error:  # LockedError, or a recovery folder we cannot write
            return True, f"{error.message} {error.hint}".strip()
        self.lock = lock
        return False, ""

    def _open_journal(self, path: Path) -> None:
        from charter_app.storage.journal import Journal

        self.journal = Journal(path)
        self._journaled = set()
        try:
            entries = self.journal.pending()
        except CharterError as error:
            self._show_error(error)
            return
        if entries:
            QTimer.singleShot(0, lambda: self._offer_recovery(entries))

    def _offer_recovery(self, entries: list) -> None:
        if self.document is None or self.journal is None:
            return
        chosen = self.context.interaction.offer_recovery(self, entries, self.journal)
        for entry in chosen:
            try:
                self._restore_entry(entry.key, entry.text)
            except CharterError as error:
                self._show_error(error)
        if chosen:
            self.statusBar().showMessage(
                _("Recovered text restored as unsaved changes: check it, then save."), 10000
            )

    def _restore_entry(self, key: str, text: str) -> None:
        assert self.document is not None
        parts = key.split(":")
        if parts[0] == "principle" and len(parts) == 3 and parts[2] in ("body", "title"):
            principle_id, field = parts[1], parts[2]
            if self.document.charter.principle(principle_id) is None:
                return
            self._push(commands.EditPrincipleCommand(self.document, principle_id, field, text))
            self.select_principle(principle_id)
        elif (
            parts[0] == "charter"
            and len(parts) == 2
            and parts[1]
            in (
                "preamble",
                "title",
                "territory",
            )
        ):
            field = "charter-title" if parts[1] == "title" else parts[1]
            self._push(commands.EditCharterCommand(self.document, field, text))
            self.select_principle(None)

    def close_charter(self) -> bool:
        """Close the open charter after asking about unsaved changes; False if cancelled."""
        if self.document is None:
            return True
        if self.document.is_modified and not self.document.read_only:
            choice = self.context.interaction.ask_unsaved(self, self.document.charter.title)
            if choice is CloseChoice.CANCEL:
                return False
            if choice is CloseChoice.SAVE and not self.save():
                return False
            if choice is CloseChoice.DISCARD and self.journal is not None:
                self._clear_journal()
        self.journal_timer.stop()
        self.write_journal()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        repository = self.document.repository
        self.document = None
        self.journal = None
        self.undo_stack.clear()
        self.model.set_principles([])
        self.principle_editor.show_principle(None)
        self.preview.clear_preview()
        self.history.show_history(None, None, None)
        self._set_banner("")
        with contextlib.suppress(Exception):  # closing must never keep anyone in a dead charter
            repository.close()
        self._fill_participants()
        self._update_title()
        self._show_welcome()
        self.events.closed.emit()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_charter():
            event.accept()
        else:
            event.ignore()

    # -- selection ----------

    def select_principle(self, principle_id: str | None) -> None:
        """Show ``principle_id`` in the editor (None: the charter's title and preamble)."""
        if principle_id is None:
            self.table.selectionModel().clearSelection()
            self.table.selectionModel().setCurrentIndex(
                self.model.index(-1, -1), QItemSelectionModel.NoUpdate
            )
            self._show_selection(None)
            return
        row = self.model.row_of(principle_id)
        if row < 0:
            return
        self._selected_id = principle_id  # so the selection signal does not show it twice
        index = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        self.table.scrollTo(index)
        if self.editor_stack.currentWidget() is not self.principle_editor or (
            self.principle_editor.principle_id != principle_id
        ):
            self._show_selection(principle_id)

    def _current_row_changed(self, current, _previous) -> None:
        principle = self.model.principle(current.row()) if current.isValid() else None
        if principle is not None and principle.id != self._selected_id:
            self._show_selection(principle.id)

    def _show_selection(self, principle_id: str | None) -> None:
        if self.document is None:
            return
        self._selected_id = principle_id
        charter = self.document.charter
        self.charter_button.setChecked(principle_id is None)
        if principle_id is None:
            self.charter_editor.show_charter(charter)
            self.editor_stack.setCurrentWidget(self.charter_editor)
            self.preview.show_text_now(charter.preamble)
        else:
            principle = charter.principle(principle_id)
            self.principle_editor.show_principle(principle)
            self.editor_stack.setCurrentWidget(self.principle_editor)
            self.preview.show_text_now(principle.body if principle else "")
        self.history.show_history(self.document.path, principle_id, charter)
        self._update_progress()
        self._update_actions()
        self.events.selected.emit(principle_id)

    def _focus_list(self) -> None:
        self.table.setFocus()

    def _focus_editor(self) -> None:
        if self._selected_id is None:
            self.charter_editor.preamble_edit.setFocus()
        else:
            self.principle_editor.body_edit.setFocus()

    # -- editing ----------

    def _push(self, command: commands.CharterCommand) -> bool:
        """Run a command's operation now (errors reach the person), then push it for undo."""
        try:
            if not command.prepare():
                return False
        except CharterError as error:
            self._show_error(error)
            return False
        self.undo_stack.push(command)
        return True

    def _principle_edited(self, principle_id: str, field: str, value: object) -> None:
        if self.document is not None and not self.document.read_only:
            self._push(commands.EditPrincipleCommand(self.document, principle_id, field, value))

    def _charter_edited(self, field: str, value: str) -> None:
        if self.document is not None and not self.document.read_only:
            self._push(commands.EditCharterCommand(self.document, field, value))

    def _document_changed(self, change: Change) -> None:
        document = self.document
        assert document is not None
        charter = document.charter
        self.model.set_principles(charter.principles)
        if self._selected_id is not None and charter.principle(self._selected_id) is None:
            self.select_principle(charter.principles[0].id if charter.principles else None)
        elif self._selected_id is None:
            self.charter_editor.show_charter(charter)
            self.preview.request(charter.preamble)
        else:
            principle = charter.principle(self._selected_id)
            assert principle is not None
            self.principle_editor.update_from(principle)
            self.preview.request(principle.body)
            row = self.model.row_of(principle.id)
            current = self.table.selectionModel().currentIndex()
            if current.row() != row:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 1),
                    QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows,
                )
        if change.participants:
            self._fill_participants()
        self._update_title()
        self._update_actions()
        self.message_timer.start()
        if document.is_modified and not self.journal_timer.isActive():
            self.journal_timer.start()

    def add_principle(self) -> None:
        if self.document is None or self.document.read_only:
            return
        command = commands.AddPrincipleCommand(self.document, _("New principle"), self._selected_id)
        if self._push(command) and command.added_id:
            self.select_principle(command.added_id)
            self.principle_editor.title_edit.setFocus()
            self.principle_editor.title_edit.selectAll()

    def remove_principle(self) -> None:
        if self.document is None or self.document.read_only or self._selected_id is None:
            return
        self._push(commands.RemovePrincipleCommand(self.document, self._selected_id))

    def move_selected(self, step: int) -> None:
        """Move the selected principle one place up (-1) or down (+1)."""
        if self.document is None or self.document.read_only or self._selected_id is None:
            return
        ids = [p.id for p in self.document.charter.principles]
        row = ids.index(self._selected_id)
        target = row + step
        if not 0 <= target < len(ids):
            return
        others = [pid for pid in ids if pid != self._selected_id]
        after_id = others[target - 1] if target > 0 else None
        self._push(commands.MovePrincipleCommand(self.document, self._selected_id, after_id))

    def _drop_move(self, principle_id: str, after_id: str | None) -> None:
        if self.document is None or self.document.read_only:
            return
        if self._push(commands.MovePrincipleCommand(self.document, principle_id, after_id)):
            self.select_principle(principle_id)

    # -- participants ----------

    def _fill_participants(self) -> None:
        self.who_combo.blockSignals(True)
        self.who_combo.clear()
        if self.document is None:
            self.who_combo.setEnabled(False)
            self.who_combo.blockSignals(False)
            return
        self.who_combo.setEnabled(not self.document.read_only)
        participants = self.document.charter.participants
        if not participants:
            self.who_combo.addItem(_("Nobody yet: add a participant"), "")
        for participant in participants:
            label = participant.name
            if participant.organisation:
                label = f"{participant.name} ({participant.organisation})"
            self.who_combo.addItem(label, participant.id)
        remembered = self.context.participant_for(str(self.document.path))
        row = self.who_combo.findData(remembered) if remembered else -1
        self.who_combo.setCurrentIndex(max(0, row))
        self.who_combo.blockSignals(False)

    def _participant_chosen(self, row: int) -> None:
        participant_id = self.who_combo.itemData(row)
        if self.document is not None and participant_id:
            self.context.set_participant_for(str(self.document.path), participant_id)

    def current_participant(self) -> str | None:
        value = self.who_combo.currentData()
        return str(value) if value else None

    def add_participant(self) -> None:
        if self.document is None or self.document.read_only:
            return
        from charter_app.ui.dialogs import AddParticipantDialog

        dialog = AddParticipantDialog(self)
        if dialog.exec() != AddParticipantDialog.Accepted:
            return
        name, role, organisation = dialog.values()
        self.create_participant(name, role, organisation)

    def create_participant(self, name: str, role: str, organisation: str = "") -> str | None:
        """Add a participant and commit participants.yaml at once (other edits stay pending)."""
        from dataclasses import replace

        from charter_app.core.operations import add_participant

        document = self.document
        assert document is not None
        try:
            saved, change, participant = add_participant(
                document.saved_charter, name, role, organisation
            )
            # The newcomer is the author of their own registration.
            document.repository.save(saved, change, participant.id, change.summary)
        except CharterError as error:
            self._show_error(error)
            return None
        document.saved_charter = saved
        document.charter = replace(document.charter, participants=saved.participants)
        self.context.set_participant_for(str(document.path), participant.id)
        self._fill_participants()
        self.statusBar().showMessage(
            _("{name} can now write: chosen in “Who is writing?”.").format(name=participant.name),
            6000,
        )
        self._update_title()
        return participant.id

    # -- saving ----------

    def _pending_summaries(self) -> list[str]:
        stack = self.undo_stack
        clean, index = stack.cleanIndex(), stack.index()
        if clean < 0 or clean > index:
            return []
        return [
            command.summary
            for i in range(clean, index)
            if isinstance(command := stack.command(i), commands.CharterCommand)
        ]

    def _refresh_message(self) -> None:
        if self.document is None or self._message_touched:
            return
        if not self.document.is_modified:
            self.message_edit.clear()
            return
        pending = self.document.pending(self._pending_summaries())
        self.message_edit.setText(pending.change.summary)

    def save(self) -> bool:
        """Commit every pending change in one commit; False (and a dialog) if it failed."""
        document = self.document
        if document is None or document.read_only:
            return False
        if not document.is_modified:
            self.statusBar().showMessage(_("Nothing to save: everything is already saved."), 4000)
            return True
        pending = document.pending(self._pending_summaries())
        author = self.current_participant()
        if author is None:
            self._show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Add a participant (Ctrl+Shift+P), then save again."),
                )
            )
            return False
        message = " ".join(self.message_edit.text().split()) or pending.change.summary
        try:
            commit = document.repository.save(document.charter, pending.change, author, message)
        except CharterError as error:
            self._show_error(error)
            return False
        document.mark_saved(commit)
        self.undo_stack.setClean()
        self._clear_journal()
        self._message_touched = False
        self.message_edit.clear()
        self._update_title()
        self.statusBar().showMessage(_("Saved: {message}").format(message=message), 6000)
        self.history.refresh(document.charter)
        self.events.saved.emit(commit or "")
        return True

    # -- recovery journal ----------

    def _journal_texts(self) -> dict[str, tuple[str, str]]:
        """key -> (text in the editor, saved text) for every text that differs."""
        assert self.document is not None
        saved, working = self.document.saved_charter, self.document.charter
        texts: dict[str, tuple[str, str]] = {}
        if working.preamble != saved.preamble:
            texts["charter:preamble"] = (working.preamble, saved.preamble)
        if working.title != saved.title:
            texts["charter:title"] = (working.title, saved.title)
        if working.territory != saved.territory:
            texts["charter:territory"] = (working.territory, saved.territory)
        saved_by_id = {p.id: p for p in saved.principles}
        for principle in working.principles:
            before = saved_by_id.get(principle.id)
            if before is principle:
                continue
            if before is None or before.body != principle.body:
                texts[f"principle:{principle.id}:body"] = (
                    principle.body,
                    before.body if before else "",
                )
            if before is None or before.title != principle.title:
                texts[f"principle:{principle.id}:title"] = (
                    principle.title,
                    before.title if before else "",
                )
        return texts

    def write_journal(self) -> None:
        """Keep unsaved text outside the repository, so a crash loses nothing."""
        if self.document is None or self.journal is None or self.document.read_only:
            self.journal_timer.stop()
            return
        texts = self._journal_texts()
        try:
            for key in self._journaled - texts.keys():
                self.journal.discard(key)
            for key, (text, saved_text) in texts.items():
                self.journal.save(key, text, saved_text)
        except CharterError as error:
            self.journal_timer.stop()
            self.statusBar().showMessage(error.message, 10000)
            return
        self._journaled = set(texts)
        if not texts:
            self.journal_timer.stop()

    def _clear_journal(self) -> None:
        self.journal_timer.stop()
        self._journaled = set()
        if self.journal is not None:
            try:
                self.journal.clear()
            except CharterError as error:
                self.statusBar().showMessage(error.message, 10000)

    # -- preferences and appearance ----------

    def show_preferences(self) -> None:
        from charter_app.ui.dialogs import PreferencesDialog

        appearance = self.context.appearance
        dialog = PreferencesDialog(
            self.context.language, appearance.high_contrast, appearance.scale, self
        )
        if dialog.exec() != PreferencesDialog.Accepted:
            return
        self.apply_preferences(dialog.language, dialog.high_contrast, dialog.scale)

    def apply_preferences(self, language: str, high_contrast: bool, scale: float) -> None:
        if language != self.context.language:
            self.context.set_language(language)
            self.retranslate()
        self.context.set_high_contrast(high_contrast)
        self.contrast_action.setChecked(high_contrast)
        self.context.set_scale(scale)

    def _toggle_contrast(self) -> None:
        self.context.set_high_contrast(self.contrast_action.isChecked())

    # -- helpers ----------

    def _show_error(self, error: object) -> None:
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.context.interaction.show_error(self, error)

    def _update_progress(self) -> None:
        busy = self.loader.busy or self.history.busy
        self.progress.setVisible(busy)

    def _update_actions(self) -> None:
        document = self.document
        has = document is not None
        writable = has and not document.read_only
        selected = writable and self._selected_id is not None
        for action in (
            self.save_action,
            self.add_principle_action,
            self.add_participant_action,
        ):
            action.setEnabled(writable)
        self.close_action.setEnabled(has)
        for action in (self.remove_principle_action, self.move_up_action, self.move_down_action):
            action.setEnabled(selected)
        self.add_button.setEnabled(writable)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(selected)
        self.save_button.setEnabled(writable)
        self.message_edit.setEnabled(writable)

    @property
    def charter(self) -> Charter | None:
        return self.document.charter if self.document else None
