"""The drafting workspace: principle list, editor, live preview, history, save bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import Charter
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui import commands
from charter_app.ui.context import AppContext
from charter_app.ui.document import CharterDocument
from charter_app.ui.editor import CharterEditor, PrincipleEditor
from charter_app.ui.features import WindowEvents, load_features
from charter_app.ui.flow import flow
from charter_app.ui.history_panel import HistoryPanel
from charter_app.ui.operations import Operations
from charter_app.ui.preview import PreviewPane
from charter_app.ui.principle_model import PrincipleTableModel
from charter_app.ui.principle_table import PrincipleTable
from charter_app.ui.reading.view import ReadingView
from charter_app.ui.regions import Regions
from charter_app.ui.screen_fit import fit_to_screen
from charter_app.ui.theme import app_icon
from charter_app.ui.welcome import WelcomePage
from charter_app.ui.window_actions import WindowActionsMixin
from charter_app.ui.window_editing import WindowEditingMixin
from charter_app.ui.window_journal import WindowJournalMixin
from charter_app.ui.window_opening import WELCOME, WORKSPACE, WindowOpeningMixin
from charter_app.ui.window_saving import WindowSavingMixin
from charter_app.ui.window_texts import WindowTextsMixin
from charter_app.ui.workers import Worker
from charter_app.ui.workspaces import HISTORY, WRITE, Workspaces, page_of

__all__ = ["JOURNAL_INTERVAL_MS", "MESSAGE_REFRESH_MS", "WELCOME", "WORKSPACE", "MainWindow"]

READING_DELAY_MS = 400
"""Pause after an edit before the reading view shows the new words (when it is shown)."""

FEATURES_DELAY_MS = 1500
AFTER_PAINT_FALLBACK_MS = 500
"""On the welcome screen, features load after this delay (a charter opening loads them)."""
JOURNAL_INTERVAL_MS = 3000
MESSAGE_REFRESH_MS = 250


class _PaintWatch(QObject):
    """Calls back once, at the first paint of ``target`` (or of anything inside ``window``)."""

    def __init__(
        self, window: QWidget, callback: Callable[[], None], target: QWidget | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._target = target
        self._callback: Callable[[], None] | None = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self._callback is not None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and (watched is self._target if self._target is not None else True)
            and watched.window() is self._window
        ):
            callback, self._callback = self._callback, None
            callback()
        return False


class MainWindow(
    WindowActionsMixin,
    WindowTextsMixin,
    WindowOpeningMixin,
    WindowJournalMixin,
    WindowEditingMixin,
    WindowSavingMixin,
    QMainWindow,
):
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
        self._following_reading = False
        self.undo_stack = commands.new_undo_stack(self)
        self.events = WindowEvents(self)
        self._feature_menus: dict[str, QMenu] = {}
        self.announced: list[str] = []
        """What the window said to screen readers lately (``ui/announce.py``)."""
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.workspaces = Workspaces(self)
        self.workspaces.show(context.saved_workspace() or self.workspaces.current)
        self._build_widgets()
        self.regions = Regions(self)
        self._build_actions()
        self._build_menus()
        self._connect()
        self.operations = Operations(self)
        self.operations.busy_changed.connect(lambda _busy: self._update_progress())
        self.loader = Worker(self)
        self.loader.done.connect(self._charter_loaded)
        self.loader.failed.connect(self._load_failed)
        self.journal_timer = QTimer(self, interval=JOURNAL_INTERVAL_MS)
        self.journal_timer.timeout.connect(self.write_journal)
        self.message_timer = QTimer(self, singleShot=True, interval=MESSAGE_REFRESH_MS)
        self.message_timer.timeout.connect(self._refresh_message)
        # Features (comments, amendments, council...) load once the first charter has been
        # shown (or after a short moment on the welcome screen): the window never waits for
        # them, and they catch up with the open charter when they arrive.
        self.features: list[object] = []
        self.feature_failures: list[str] = []
        self.features_loaded = False
        QTimer.singleShot(FEATURES_DELAY_MS, self, self.load_features)
        self.reading_timer = QTimer(self, singleShot=True, interval=READING_DELAY_MS)
        self.reading_timer.timeout.connect(self.refresh_reading)
        self._reading_stale = False
        self.retranslate()
        self._show_welcome()
        fit_to_screen(self, self.context.saved_geometry())

    def load_features(self) -> None:
        """Build every feature once; they catch up with a charter that is already open."""
        if self.features_loaded:
            return
        self.features_loaded = True
        self.features, self.feature_failures = load_features(self)
        if self.feature_failures:
            self.statusBar().showMessage(
                _("Some parts of the app could not start ({count}); the editor works.").format(
                    count=len(self.feature_failures)
                )
            )
        self.events.retranslate.emit()
        if self.document is not None:
            self.events.opened.emit(self.document)
            self.events.selected.emit(self.selected_principle_id)

    def _after_next_paint(self, action: Callable[[], None], target: QWidget | None = None) -> None:
        """Run ``action`` once the window (or ``target``) has painted, or after a short moment
        at most."""
        done = [False]

        def run() -> None:
            if not done[0]:
                done[0] = True
                QCoreApplication.instance().removeEventFilter(watch)
                action()

        watch = _PaintWatch(self, lambda: QTimer.singleShot(0, self, run), target)
        QCoreApplication.instance().installEventFilter(watch)
        QTimer.singleShot(AFTER_PAINT_FALLBACK_MS, self, run)

    def _announce_opened(self, document: object) -> None:
        """Tell the features about a newly opened charter, after it has been shown."""
        if not self.features_loaded:
            self.load_features()  # they learn about the open charter as they load
        elif document is self.document:
            self.events.opened.emit(document)

    # -- construction ----------

    def _size_to_page(self, _index: int = 0) -> None:
        current = self.stack.currentWidget()
        preferred, ignored = QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored
        for index in range(self.stack.count()):
            page = self.stack.widget(index)
            shown = page is current
            # The welcome page never asks for its height (a 768-pixel screen).
            tall = shown and page is not self.welcome
            page.setSizePolicy(preferred if shown else ignored, preferred if tall else ignored)

    def _build_widgets(self) -> None:
        self.stack = QStackedWidget()
        self.welcome = WelcomePage()
        # The stack would otherwise ask for the welcome page's height even while the charter's
        # page is shown, and make the window too tall for a 768-pixel laptop screen.
        self.welcome.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Ignored)
        self.stack.addWidget(self.welcome)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()

        self.charter_button = QPushButton()
        self.charter_button.setCheckable(True)
        self.model = PrincipleTableModel(self)
        self.table = PrincipleTable(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setDragDropMode(QAbstractItemView.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDefaultDropAction(Qt.MoveAction)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.up_button = QPushButton()
        self.down_button = QPushButton()
        # Wrapped onto two lines in a narrow list rather than cut.
        buttons = flow(self.add_button, self.remove_button, self.up_button, self.down_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.charter_button)
        self.list_label = QLabel()
        self.list_label.setWordWrap(True)
        self.list_label.setBuddy(self.table)
        left_layout.addWidget(self.list_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(buttons)

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
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([500, 430, 390])
        self.splitter.setChildrenCollapsible(False)

        self.message_label = QLabel()
        self.message_edit = QLineEdit()
        self.message_label.setBuddy(self.message_edit)
        self.save_button = QPushButton()
        save_bar = QHBoxLayout()
        save_bar.addWidget(self.message_label)
        save_bar.addWidget(self.message_edit, 1)
        save_bar.addWidget(self.save_button)

        self.write_page = QWidget()
        self.write_page.setObjectName("writePage")
        layout = QVBoxLayout(self.write_page)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(save_bar)
        self.save_bar = save_bar
        # F6 stops of the writing page: the list, the editor, the preview, the save message.
        self.write_page.regions = lambda: [left, self.editor_stack, preview_box, self.message_edit]
        self.stack.addWidget(self.write_page)

        self.reading = ReadingView()
        self.reading.regions = lambda: [self.reading.bar, self.reading.text, self.reading.margin]
        self.stack.addWidget(self.reading)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.central = central
        # The window asks only for the room of the page shown (a stack asks for its widest).
        self.stack.currentChanged.connect(self._size_to_page)
        self._size_to_page()

        # Docks on the left and right run the window's full height.
        self.setCorner(Qt.BottomRightCorner, Qt.RightDockWidgetArea)
        self.setCorner(Qt.BottomLeftCorner, Qt.LeftDockWidgetArea)
        self.history = HistoryPanel(self)
        self.addDockWidget(Qt.LeftDockWidgetArea, self.history)

        self.workspace_toolbar = QToolBar()
        self.workspace_toolbar.setObjectName("workspaceToolbar")
        self.workspace_toolbar.setMovable(False)
        self.workspace_toolbar.addWidget(self.workspaces.bar)
        self.addToolBar(self.workspace_toolbar)
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

    @property
    def selected_principle_id(self) -> str | None:
        return self._selected_id

    def _connect(self) -> None:
        self.workspaces.register(self.history, HISTORY, Qt.LeftDockWidgetArea)
        self.workspaces.changed.connect(self._workspace_changed)
        self.reading.principle_entered.connect(self._reading_entered)
        self.reading.edit_requested.connect(self.edit_principle_source)
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
        # The toolbar keeps the combo short: a long "name (organisation)" is read in full here.
        self.who_combo.currentTextChanged.connect(self.who_combo.setToolTip)
        self.undo_stack.canUndoChanged.connect(self.undo_action.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_action.setEnabled)
        self.undo_stack.undoTextChanged.connect(lambda _t: self._retranslate_undo())
        self.undo_stack.redoTextChanged.connect(lambda _t: self._retranslate_undo())
        self.history.loaded.connect(self._update_progress)
        for text in (self.preview, self.reading.text):
            text.confirm_link = lambda url: self.context.interaction.confirm_link(self, url)
            text.link_refused.connect(
                lambda url: self.statusBar().showMessage(
                    _("Not opened: “{url}” is not a web or e-mail address.").format(url=url), 8000
                )
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        workspace = self.workspaces.current
        if self.close_charter():
            self.context.save_geometry(self.saveGeometry())
            self.context.save_workspace(workspace)
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
        if principle_id is not None and not self._following_reading:
            self.reading.go_to_principle(principle_id)
        self.events.selected.emit(principle_id)

    def _focus_list(self) -> None:
        self.workspaces.show(WRITE)
        self.table.setFocus()

    def _focus_editor(self) -> None:
        self.workspaces.show(WRITE)
        if self._selected_id is None:
            self.charter_editor.preamble_edit.setFocus()
        else:
            self.principle_editor.body_edit.setFocus()

    # -- workspaces and the reading view ----------

    def show_central(self, central: str | None) -> None:
        """Show the central page ``central`` ("read", "write", "welcome"), or none (the docks
        of the workspace take the whole window)."""
        page = page_of(self, central)
        if page is None:
            self.central.hide()
            return
        self.stack.setCurrentWidget(page)
        self.central.show()
        if page is self.reading and self._reading_stale:
            self.refresh_reading()

    def update_dock_visibility(self, dock, visible: bool) -> None:
        dock.setVisible(visible)

    def _workspace_changed(self, key: str) -> None:
        self._update_actions()

    def refresh_reading(self) -> None:
        """Show the working charter in the reading view (now, or when it is next shown)."""
        self.reading_timer.stop()
        if self.document is None:
            self.reading.show_charter(None)
            self._reading_stale = False
            return
        if not self.reading.isVisible():
            self._reading_stale = True
            return
        self._reading_stale = False
        self.reading.show_charter(self.document.charter)

    def _reading_entered(self, principle_id: str | None) -> None:
        """The reader's cursor moved to another principle: it is the selected one."""
        if principle_id is None or principle_id == self._selected_id or self.document is None:
            return
        self._following_reading = True
        try:
            self.select_principle(principle_id)
        finally:
            self._following_reading = False

    def edit_principle_source(self, principle_id: str) -> None:
        """Open a principle's Markdown in the Write workspace."""
        self.workspaces.show(WRITE)
        self.select_principle(principle_id)
        self._focus_editor()

    # -- helpers ----------

    def show_error(self, error: object) -> None:
        """The one way errors reach the person: the interaction's error dialog."""
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.context.interaction.show_error(self, error)

    _show_error = show_error

    def _update_progress(self) -> None:
        busy = self.loader.busy or self.history.busy or self.operations.busy
        self.progress.setVisible(busy)

    @property
    def charter(self) -> Charter | None:
        return self.document.charter if self.document else None
