"""Amendments in the window: propose one, list and filter them, read each one's diff,
rationale and discussion, register or withdraw a draft, and compare any two versions.

Everything goes through ``AmendmentBook`` (storage) and the core, as the ``charter amend``,
``amendments``, ``register``, ``withdraw`` and ``diff`` commands do. The ledger, the computed
states and the comments are read off the UI thread, on a repository of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendment_state import (
    REGISTER,
    STATUS_LABELS,
    WITHDRAW,
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
)
from charter_app.core.amendments import (
    TEXT_STATE_LABELS,
    AmendmentKind,
    Assessment,
    TextState,
    draft_amendment,
)
from charter_app.core.comments import Thread
from charter_app.core.model import Charter, Principle
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _, ngettext
from charter_app.ui.amendment_dialog import CompareVersionsDialog, Proposal, ProposeAmendmentDialog
from charter_app.ui.amendment_models import (
    AUTHOR_ROLE,
    COLUMNS,
    ID_ROLE,
    PRINCIPLE_ROLE,
    STATE_ROLE,
    STATUS_ROLE,
    AmendmentFilter,
    AmendmentRow,
    AmendmentTableModel,
    amendment_counts,
    build_rows,
    state_icon,
)
from charter_app.ui.diff_view import DiffView
from charter_app.ui.editor import set_accessible
from charter_app.ui.history_panel import format_when
from charter_app.ui.workers import Worker

if TYPE_CHECKING:
    from charter_app.ui.main_window import MainWindow

FOLLOW_SELECTION = "\x00selected"
"""Principle filter value: the principle selected in the list (all when none is)."""
BASE_TO_PROPOSED, CURRENT_TO_PROPOSED = "base", "current"


# -- what is read off the UI thread -------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The amendments of a charter as saved on disk, with what their views need."""

    charter: Charter
    ledger: Ledger
    states: dict[str, Assessment]
    rows: list[AmendmentRow]
    bases: dict[str, Principle | None]
    """Amendment id -> the principle it changes, as it was at its base commit."""
    effective: dict[str, object]
    """Amendment id -> the amendment as it applies (a sub-amendment: its parent, its text)."""
    base_labels: dict[str, str]
    """Amendment id -> the version it was written on ("v1.0" or "3f2a9c1d, 12 mars 2026")."""
    threads: dict[str, list[Thread]]
    workshop: str | None


def load_snapshot(path: Path) -> Snapshot:
    from charter_app.core.comments import fold_comments
    from charter_app.core.whatif import effective_amendment
    from charter_app.core.workshops import running_workshop_label
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository

    # A repository of its own: git objects are not shared between threads.
    with CharterRepository.open(path) as repository:
        book = AmendmentBook(repository)
        charter = repository.load()
        ledger = book.ledger()
        states = book.states(charter, ledger)
        parents = {record.id: record.amendment for record in ledger.records}
        effective = {r.id: effective_amendment(r.amendment, parents) for r in ledger.records}
        bases = {
            amendment_id: book.base_texts(amendment.base, amendment.target) if amendment else None
            for amendment_id, amendment in effective.items()
        }
        tags = {tag.target: tag.name for tag in repository.tags()}
        dates = {r.sha: r.authored_at for r in repository.history()}
        base_labels = {}
        for amendment_id, amendment in effective.items():
            if amendment is None:
                continue
            label = tags.get(amendment.base)
            if label is None:
                when = dates.get(amendment.base)
                label = amendment.base[:8] + (f", {format_when(when)}" if when else "")
            base_labels[amendment_id] = label
        events = repository.events()
        board = fold_comments(events)
        threads = {record.id: board.threads_on(record.id) for record in ledger.records}
        return Snapshot(
            charter,
            ledger,
            states,
            build_rows(charter, ledger, states),
            bases,
            effective,
            base_labels,
            threads,
            running_workshop_label(events),
        )


def _text(title: str | None, body: str | None) -> str:
    return "\n".join(part for part in (title, body) if part)


def diff_texts(snapshot: Snapshot, amendment_id: str, mode: str) -> tuple[str, str, str, str] | str:
    """(old, new, old label, new label) of an amendment's diff, or why there is none."""
    record = snapshot.ledger.get(amendment_id)
    amendment = snapshot.effective.get(amendment_id)
    if record is None or amendment is None:
        return _("The amendment it targets does not exist.")
    base = snapshot.bases.get(amendment_id)
    number = _("Amendment {number}").format(number=record.display)
    kind = amendment.kind  # type: ignore[attr-defined]
    if mode == BASE_TO_PROPOSED:
        old = _text(base.title, base.body) if base and kind is not AmendmentKind.INSERT else ""
        if kind is AmendmentKind.DELETE:
            new = ""
        elif kind is AmendmentKind.INSERT:
            new = _text(amendment.title, amendment.body)  # type: ignore[attr-defined]
        else:
            title = amendment.title if amendment.title is not None else (base.title if base else "")  # type: ignore[attr-defined]
            body = amendment.body if amendment.body is not None else (base.body if base else "")  # type: ignore[attr-defined]
            new = _text(title, body)
        written_on = snapshot.base_labels.get(amendment_id, "")
        return old, new, _("Text it was written on ({version})").format(version=written_on), number
    assessment = snapshot.states[amendment_id]
    if assessment.state in (TextState.CONFLICTING, TextState.FALLEN):
        state = _(TEXT_STATE_LABELS[assessment.state])
        return _("No merged text: this amendment is {state}. {reason}").format(
            state=state, reason=assessment.reason
        )
    current = snapshot.charter.principle(amendment.target)  # type: ignore[attr-defined]
    old = _text(current.title, current.body) if current and kind is not AmendmentKind.INSERT else ""
    new = "" if kind is AmendmentKind.DELETE else _text(assessment.title, assessment.body)
    return (
        old,
        new,
        _("Current text"),
        _("{number}, merged into the current text").format(number=number),
    )


def thread_text(threads: list[Thread], charter: Charter) -> str:
    """The discussion of an amendment, read-only, oldest first."""
    if not threads:
        return _("No comment on this amendment yet.")
    names = {p.id: p.name for p in charter.participants}
    lines: list[str] = []
    for thread in threads:
        if lines:
            lines.append("")
        if thread.resolved:
            lines.append(_("[resolved]"))
        for depth, comment in ((0, thread.root), *((1, reply) for reply in thread.replies)):
            if comment.hidden:
                text = _("(hidden by the facilitators)")
            elif comment.retracted:
                text = _("(withdrawn by its author)")
            else:
                text = comment.text
            who = names.get(comment.author, comment.author)
            lines.append(f"{'    ' * depth}{who}, {format_when(comment.at)}: {text}")
    return "\n".join(lines)


# -- the dock --------------------------------------------------------------------------------


class AmendmentsPanel(QDockWidget):
    """The list of amendments with filters, and the selected one's diff, rationale, discussion."""

    loaded = Signal()
    """A snapshot is on screen."""
    counts_changed = Signal(object)
    """Principle id -> number of its amendments still to decide (for the principle list)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("amendmentsDock")
        self.snapshot: Snapshot | None = None
        self.selected_principle: str | None = None
        self.model = AmendmentTableModel(self)
        self.proxy = AmendmentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.loader = Worker(self, coalesce=True)
        self.loader.done.connect(self._loaded)
        self._build()

    def _build(self) -> None:
        self.principle_filter = QComboBox()
        self.author_filter = QComboBox()
        self.status_filter = QComboBox()
        self.state_filter = QComboBox()
        self.filter_labels = [QLabel() for _ in range(4)]
        filters = QGridLayout()
        combos = (self.principle_filter, self.author_filter, self.status_filter, self.state_filter)
        for column, (label, combo) in enumerate(zip(self.filter_labels, combos, strict=True)):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16 if combo is self.principle_filter else 10)
            filters.addWidget(label, 0, column)
            filters.addWidget(combo, 1, column)
            combo.currentIndexChanged.connect(self._apply_filters)

        self.table = QTableView()
        self.table.setObjectName("amendmentsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # The state and status must read whole; the principle's title may be elided (tooltip).
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("principle"), QHeaderView.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.open_diff())
        self.table.installEventFilter(self)
        self.count_label = QLabel()

        self.propose_button = QPushButton()
        self.register_button = QPushButton()
        self.withdraw_button = QPushButton()
        self.compare_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (
            self.propose_button,
            self.register_button,
            self.withdraw_button,
            self.compare_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        self.table_label = QLabel()
        self.table_label.setBuddy(self.table)
        left_layout.addWidget(self.table_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addLayout(buttons)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_icon = QLabel()
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_label.setBuddy(self.mode_combo)
        self.mode_combo.currentIndexChanged.connect(self._show_diff)
        # One row for the state and the choice of texts: the diff below gets the height.
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_icon)
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.mode_label)
        state_row.addWidget(self.mode_combo)
        self.diff = DiffView()
        changes = QWidget()
        changes_layout = QVBoxLayout(changes)
        changes_layout.setContentsMargins(4, 4, 4, 4)
        changes_layout.addWidget(self.diff, 1)
        self.rationale_text = QPlainTextEdit()
        self.discussion_text = QPlainTextEdit()
        for text in (self.rationale_text, self.discussion_text):
            text.setReadOnly(True)
            text.setTabChangesFocus(True)
            text.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.tabs = QTabWidget()
        self.tabs.addTab(changes, "")
        self.tabs.addTab(self.rationale_text, "")
        self.tabs.addTab(self.discussion_text, "")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(state_row)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setWidget(self.splitter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter opens the selected amendment's diff on every platform (activated may not fire).
        if (
            watched is self.table
            and event.type() == QEvent.KeyPress
            and event.key() in (Qt.Key_Return, Qt.Key_Enter)
        ):
            self.open_diff()
            return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Amendments"))
        for label, text in zip(
            self.filter_labels,
            (_("P&rinciple:"), _("A&uthor:"), _("Stat&us:"), _("Sta&te:")),
            strict=True,
        ):
            label.setText(text)
        self.table_label.setText(_("Amendments (Enter: show the changes)"))
        self.propose_button.setText(_("Propose…"))
        self.register_button.setText(_("Register"))
        self.withdraw_button.setText(_("Withdraw"))
        self.compare_button.setText(_("Compare versions…"))
        self.mode_label.setText(_("Co&mpare:"))
        self.mode_combo.blockSignals(True)
        mode = self.mode_combo.currentData() or BASE_TO_PROPOSED
        self.mode_combo.clear()
        self.mode_combo.addItem(_("Text it was written on → proposed"), BASE_TO_PROPOSED)
        self.mode_combo.addItem(_("Current text → proposed (after merge)"), CURRENT_TO_PROPOSED)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))
        self.mode_combo.blockSignals(False)
        self.tabs.setTabText(0, _("Changes"))
        self.tabs.setTabText(1, _("Exposé des motifs"))
        self.tabs.setTabText(2, _("Discussion"))
        for widget, name, description in (
            (
                self.principle_filter,
                _("Principle filter"),
                _("Show the amendments to one principle."),
            ),
            (self.author_filter, _("Author filter"), _("Show one participant’s amendments.")),
            (self.status_filter, _("Status filter"), _("Draft, registered, adopted…")),
            (
                self.state_filter,
                _("State filter"),
                _("Against the current text: clean, needs update, conflicting, fallen."),
            ),
            (
                self.table,
                _("Amendments"),
                _("Number, principle, author, status and state; Enter shows the changes."),
            ),
            (
                self.propose_button,
                _("Propose an amendment"),
                _("Propose an amendment to the selected principle (Ctrl+Shift+A)."),
            ),
            (
                self.register_button,
                _("Register"),
                _("Register the selected draft: it gets its citable number."),
            ),
            (self.withdraw_button, _("Withdraw"), _("Withdraw the selected amendment.")),
            (
                self.compare_button,
                _("Compare versions"),
                _("Compare any two versions of the charter or of a principle."),
            ),
            (self.mode_combo, _("Compare"), _("Which texts the diff compares.")),
            (self.tabs, _("Amendment details"), _("Changes, exposé des motifs and discussion.")),
            (self.rationale_text, _("Exposé des motifs"), _("Why the author proposes it.")),
            (self.discussion_text, _("Discussion"), _("Comments on this amendment.")),
        ):
            set_accessible(widget, name, description)
        set_accessible(
            self.table.horizontalHeader(),
            _("Columns of the list of amendments"),
            _("Number, principle, author, status and state."),
        )
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One row per amendment."))
        set_accessible(self.tabs.tabBar(), _("Amendment details"), _("Switch between tabs."))
        self.model.retranslate()
        self.diff.retranslate()
        self._fill_filters()
        self._show_current()

    # -- loading ----------

    def refresh(self, path: Path | None) -> None:
        """Read the amendments again (off the UI thread)."""
        if path is None:
            self.loader.cancel()
            self.snapshot = None
            self.model.set_rows([])
            self._fill_filters()
            self._show_current()
            return
        self.loader.submit(lambda: load_snapshot(path))

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def _loaded(self, snapshot: Snapshot) -> None:
        current = self.current_id()
        self.snapshot = snapshot
        self.model.set_rows(snapshot.rows)
        self._fill_filters()
        if current is not None:
            self.select_amendment(current)
        self._show_current()
        self.counts_changed.emit(amendment_counts(snapshot.rows))
        self.loaded.emit()

    def _fill_filters(self) -> None:
        snapshot = self.snapshot
        charter = snapshot.charter if snapshot else None
        choices: list[tuple[QComboBox, list[tuple[str, str | None]]]] = [
            (
                self.principle_filter,
                [
                    (_("Selected principle"), FOLLOW_SELECTION),
                    (_("All principles"), None),
                    *(
                        (f"{p.number}. {p.title}", p.id)
                        for p in (charter.principles if charter else ())
                    ),
                ],
            ),
            (
                self.author_filter,
                [
                    (_("Everyone"), None),
                    *((p.name, p.id) for p in (charter.participants if charter else ())),
                ],
            ),
            (
                self.status_filter,
                [
                    (_("Any status"), None),
                    *((_(label), s.value) for s, label in STATUS_LABELS.items()),
                ],
            ),
            (
                self.state_filter,
                [
                    (_("Any state"), None),
                    *((_(label), s.value) for s, label in TEXT_STATE_LABELS.items()),
                ],
            ),
        ]
        for combo, items in choices:
            kept = combo.currentData() if combo.count() else FOLLOW_SELECTION
            combo.blockSignals(True)
            combo.clear()
            for label, value in items:
                if combo is self.state_filter and value is not None:
                    combo.addItem(state_icon(TextState(value)), label, value)
                else:
                    combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(kept)))
            combo.blockSignals(False)
        self._apply_filters()

    def set_selected_principle(self, principle_id: str | None) -> None:
        self.selected_principle = principle_id
        self._apply_filters()

    def _apply_filters(self) -> None:
        principle = self.principle_filter.currentData()
        if principle == FOLLOW_SELECTION:
            principle = self.selected_principle
        self.proxy.set_filter(PRINCIPLE_ROLE, principle)
        self.proxy.set_filter(AUTHOR_ROLE, self.author_filter.currentData())
        self.proxy.set_filter(STATUS_ROLE, self.status_filter.currentData())
        self.proxy.set_filter(STATE_ROLE, self.state_filter.currentData())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            ngettext("{shown} of {total} amendment", "{shown} of {total} amendments", total).format(
                shown=shown, total=total
            )
        )
        if shown and not self.table.selectionModel().currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows,
            )
        self._show_current()

    # -- the selected amendment ----------

    def current_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def current_row(self) -> AmendmentRow | None:
        amendment_id = self.current_id()
        row = self.model.row_of(amendment_id) if amendment_id else -1
        return self.model.row(row)

    def select_amendment(self, amendment_id: str) -> bool:
        row = self.model.row_of(amendment_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
        if index is None or not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        return True

    def _current_changed(self, *_args: object) -> None:
        self._show_current()

    def _show_current(self) -> None:
        row = self.current_row()
        self.register_button.setEnabled(
            row is not None and row.record.status is AmendmentStatus.DRAFT
        )
        self.withdraw_button.setEnabled(
            row is not None
            and row.record.status in (AmendmentStatus.DRAFT, AmendmentStatus.REGISTERED)
        )
        if row is None or self.snapshot is None:
            self.state_label.setText(_("No amendment selected."))
            self.state_icon.clear()
            self.rationale_text.clear()
            self.discussion_text.clear()
            self.diff.show_message(_("Select an amendment to see its changes."))
            return
        assessment = row.assessment
        state = _(TEXT_STATE_LABELS[assessment.state])
        text = _("{number} — {status}; against the current text: {state}.").format(
            number=row.record.display, status=_(STATUS_LABELS[row.record.status]), state=state
        )
        if assessment.reason:
            text += " " + assessment.reason
        self.state_label.setText(text)
        self.state_label.setAccessibleName(text)
        self.state_icon.setPixmap(state_icon(assessment.state).pixmap(20, 20))
        self.state_icon.setAccessibleName(state)
        self.rationale_text.setPlainText(row.record.amendment.rationale)
        self.discussion_text.setPlainText(
            thread_text(self.snapshot.threads.get(row.id, []), self.snapshot.charter)
        )
        self._show_diff()

    def _show_diff(self) -> None:
        row = self.current_row()
        if row is None or self.snapshot is None:
            return
        texts = diff_texts(self.snapshot, row.id, self.mode_combo.currentData() or BASE_TO_PROPOSED)
        if isinstance(texts, str):
            self.diff.show_message(texts)
        else:
            self.diff.set_texts(*texts)

    def open_diff(self) -> None:
        """Show the selected amendment's changes and put the keyboard there."""
        if self.current_row() is None:
            return
        self.tabs.setCurrentIndex(0)
        self.diff.primary_column().setFocus(Qt.ShortcutFocusReason)

    def focus_list(self) -> None:
        self.show()
        self.raise_()
        self.table.setFocus(Qt.ShortcutFocusReason)


# -- the feature -----------------------------------------------------------------------------


class AmendmentsFeature:
    """The Amendments menu, the amendments dock and their dialogs."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ProposeAmendmentDialog | None = None
        self.compare_dialog: CompareVersionsDialog | None = None
        self.counts: dict[str, int] = {}
        self.panel = AmendmentsPanel(window)
        window.addDockWidget(Qt.BottomDockWidgetArea, self.panel)
        self.panel.hide()
        self.menu = window.feature_menu("amendments")
        self.propose_action = self._action("Ctrl+Shift+A", self.propose)
        self.panel_action = self._action("Ctrl+Alt+A", self.panel.focus_list)
        self.compare_action = self._action("Ctrl+Shift+R", self.compare_versions)
        self.register_action = self._action(None, lambda: self.record(REGISTER))
        self.withdraw_action = self._action(None, lambda: self.record(WITHDRAW))
        self.menu.addSeparator()
        self.menu.addAction(self.panel.toggleViewAction())
        self.panel.propose_button.clicked.connect(self.propose)
        self.panel.register_button.clicked.connect(self.register_action.trigger)
        self.panel.withdraw_button.clicked.connect(self.withdraw_action.trigger)
        self.panel.compare_button.clicked.connect(self.compare_versions)
        self.panel.counts_changed.connect(self._counts_changed)
        self.panel.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.panel.loaded.connect(self._update_actions)
        events = window.events
        events.opened.connect(self._opened)
        events.closed.connect(self._closed)
        events.selected.connect(self.panel.set_selected_principle)
        events.saved.connect(lambda _sha: self.refresh())
        events.retranslate.connect(self.retranslate)
        self._update_actions()

    def _action(self, shortcut: str | None, slot) -> QAction:
        action = QAction(self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("A&mendments"))
        for action, text in (
            (self.propose_action, _("&Propose an amendment…")),
            (self.panel_action, _("Go to the &amendments")),
            (self.compare_action, _("&Compare versions…")),
            (self.register_action, _("&Register the selected draft")),
            (self.withdraw_action, _("&Withdraw the selected amendment")),
        ):
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            plain = text.replace("&", "")
            action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)
        self.panel.toggleViewAction().setText(_("Amendments &panel"))
        self.panel.retranslate()

    # -- following the window ----------

    def _opened(self, document) -> None:
        self.panel.show()
        self.panel.set_selected_principle(self.window.selected_principle_id)
        self.refresh()
        self._update_actions()

    def _closed(self) -> None:
        self.panel.refresh(None)
        self.panel.hide()
        self._update_actions()

    def refresh(self) -> None:
        document = self.window.document
        self.panel.refresh(document.path if document is not None else None)

    def _counts_changed(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def _writable(self) -> bool:
        document = self.window.document
        return document is not None and not document.read_only

    def _update_actions(self, *_args: object) -> None:
        writable = self._writable()
        row = self.panel.current_row()
        self.propose_action.setEnabled(writable)
        self.panel.propose_button.setEnabled(writable)
        self.compare_action.setEnabled(self.window.document is not None)
        self.panel.compare_button.setEnabled(self.window.document is not None)
        draft = row is not None and row.record.status is AmendmentStatus.DRAFT
        open_ = row is not None and row.record.status in (
            AmendmentStatus.DRAFT,
            AmendmentStatus.REGISTERED,
        )
        self.register_action.setEnabled(writable and draft)
        self.withdraw_action.setEnabled(writable and open_)
        self.panel.register_button.setEnabled(writable and draft)
        self.panel.withdraw_button.setEnabled(writable and open_)

    def _show_error(self, error: object) -> None:
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.window.context.interaction.show_error(self.window, error)

    # -- proposing ----------

    def propose(self) -> ProposeAmendmentDialog | None:
        """Open the dialog for the selected principle (non-blocking); returns it."""
        document = self.window.document
        if document is None or document.read_only:
            return None
        principle_id = self.window.selected_principle_id
        principle = document.saved_charter.principle(principle_id) if principle_id else None
        if principle is None:
            hint = (
                _("Save the new principle first (Ctrl+S), then propose an amendment to it.")
                if principle_id
                else _("Choose a principle in the list, then propose an amendment.")
            )
            self._show_error(ValidationError(_("No saved principle is selected."), hint))
            return None
        working = document.charter.principle(principle.id)
        dialog = ProposeAmendmentDialog(
            principle,
            document.saved_charter.participants,
            self.window.current_participant(),
            self.file,
            self.window,
            unsaved_note=working != principle,
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.dialog = dialog
        return dialog

    def file(self, proposal: Proposal) -> AmendmentRecord:
        """Write the amendment (a commit), as ``charter amend`` does; errors are raised."""
        from charter_app.core.workshops import running_workshop_label
        from charter_app.storage.amendments import AmendmentBook

        document = self.window.document
        if document is None or document.read_only:
            raise ValidationError(_("This charter is open read-only."))
        repository = document.repository
        current = repository.load()
        base = repository.git.head()
        if base is None:
            raise ValidationError(_("Save the charter once before proposing an amendment."))
        amendment = draft_amendment(
            proposal.kind,
            proposal.target,
            author=proposal.author,
            rationale=proposal.rationale,
            base=base,
            base_charter=current,
            current=current,
            title=proposal.title,
            body=proposal.body,
            workshop=running_workshop_label(repository.events()),
        )
        sha, record = AmendmentBook(repository).file(amendment, register=proposal.register)
        message = (
            _("Amendment {number} registered.").format(number=record.label)
            if record.number is not None
            else _("Draft amendment {id} saved (not registered).").format(id=record.id)
        )
        self.window.statusBar().showMessage(message, 6000)
        self._after_write(record.id, sha)
        return record

    def record(self, action: str) -> AmendmentRecord | None:
        """Register or withdraw the selected amendment (as ``charter register/withdraw``)."""
        from charter_app.storage.amendments import AmendmentBook

        document = self.window.document
        row = self.panel.current_row()
        if document is None or document.read_only or row is None:
            return None
        by = self.window.current_participant()
        if by is None:
            self._show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Add a participant (Ctrl+Shift+P), then try again."),
                )
            )
            return None
        workshop = self.panel.snapshot.workshop if self.panel.snapshot else None
        try:
            sha, record = AmendmentBook(document.repository).record(row.id, action, by, workshop)
        except CharterError as error:
            self._show_error(error)
            return None
        done = (
            _("Amendment {number} registered.")
            if action == REGISTER
            else _("Amendment {number} withdrawn.")
        )
        self.window.statusBar().showMessage(done.format(number=record.label), 6000)
        self._after_write(record.id, sha)
        return record

    def _after_write(self, amendment_id: str, sha: str) -> None:
        def select() -> None:
            self.panel.loaded.disconnect(select)
            if not self.panel.select_amendment(amendment_id):
                self.panel.principle_filter.setCurrentIndex(
                    self.panel.principle_filter.findData(None)
                )
                self.panel.select_amendment(amendment_id)

        self.panel.loaded.connect(select)
        self.panel.show()
        self.window.history.refresh(self.window.charter)
        # A commit was made: features following the window (counts, history) read again; the
        # charter's principles did not change, so the working copy needs no reload.
        self.window.events.saved.emit(sha)

    # -- comparing versions ----------

    def compare_versions(self) -> CompareVersionsDialog | None:
        document = self.window.document
        if document is None:
            return None
        dialog = CompareVersionsDialog(
            document.path,
            document.saved_charter,
            self.window.selected_principle_id,
            self._show_error,
            self.window,
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.compare_dialog = dialog
        return dialog
