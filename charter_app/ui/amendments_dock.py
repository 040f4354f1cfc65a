"""The amendments dock: the filtered list of amendments and the selected one's details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendment_state import STATUS_LABELS, people_label
from charter_app.core.amendments import TEXT_STATE_LABELS, TextState
from charter_app.core.participants import names_by_id
from charter_app.i18n import _
from charter_app.ui.amendment_models import (
    AUTHOR_ROLE,
    COLUMNS,
    PRINCIPLE_ROLE,
    STATE_ROLE,
    STATUS_ROLE,
    AmendmentFilter,
    AmendmentTableModel,
    amendment_counts,
    column_title,
    state_icon,
)
from charter_app.ui.amendment_selection import AmendmentSelectionMixin
from charter_app.ui.amendment_snapshot import Snapshot, load_snapshot
from charter_app.ui.amendment_texts import BASE_TO_PROPOSED, CURRENT_TO_PROPOSED
from charter_app.ui.diff_view import DiffView
from charter_app.ui.editor import set_accessible
from charter_app.ui.fitted_columns import FittedColumns
from charter_app.ui.responsive import ResponsiveRow, hbox
from charter_app.ui.workers import Worker

FOLLOW_SELECTION = "\x00selected"
"""Principle filter value: the principle selected in the list (all when none is)."""
AUTHOR_CHARACTERS = 20
"""The author column's widest: a longer name is elided (the row's tooltip gives it whole)."""


class AmendmentsPanel(AmendmentSelectionMixin, QDockWidget):
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
        # Two pairs of filters, side by side when the dock is wide enough (label above combo).
        pairs = (QGridLayout(), QGridLayout())
        combos = (self.principle_filter, self.author_filter, self.status_filter, self.state_filter)
        for index, (label, combo) in enumerate(zip(self.filter_labels, combos, strict=True)):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16 if combo is self.principle_filter else 10)
            pairs[index // 2].addWidget(label, 0, index % 2)
            pairs[index // 2].addWidget(combo, 1, index % 2)
            combo.currentIndexChanged.connect(self._apply_filters)
        filters = ResponsiveRow(pairs)

        self.table = QTableView()
        self.table.setObjectName("amendmentsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # The principle takes the room left; on a narrow dock the status and the state show
        # their icons alone, then the author steps aside (every word stays in the row's
        # tooltip and for screen readers).
        self.columns = FittedColumns(
            self.table,
            self.model,
            COLUMNS.index("principle"),
            self._column_widths,
            optional=(COLUMNS.index("author"),),  # the tooltip and the filter keep it
        )
        self.model.modelReset.connect(self.columns.refit)  # the widths follow the rows
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.activated.connect(lambda _index: self.open_diff())
        self.table.installEventFilter(self)
        self.count_label = QLabel()

        self.propose_button = QPushButton()
        self.register_button = QPushButton()
        self.withdraw_button = QPushButton()
        self.compare_button = QPushButton()
        buttons = ResponsiveRow(
            [
                hbox(self.propose_button, self.register_button, self.withdraw_button),
                hbox(self.compare_button, stretch_after=True),
            ]
        )

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(filters)
        self.table_label = QLabel()
        self.table_label.setBuddy(self.table)
        left_layout.addWidget(self.table_label)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(buttons)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_icon = QLabel()
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        # Its choices are long sentences: whole in the list it opens, not in a narrow dock.
        self.mode_combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo.setMinimumContentsLength(18)
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
        self.mode_combo.addItem(
            _("Current text → proposed (fitted into today’s text)"), CURRENT_TO_PROPOSED
        )
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))
        self.mode_combo.blockSignals(False)
        self.tabs.setTabText(0, _("Changes"))
        self.tabs.setTabText(1, _("Rationale"))
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
            (self.rationale_text, _("Rationale"), _("Why the author proposes it.")),
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
        self.columns.refit()
        self.diff.retranslate()
        self._fill_filters()
        self._show_current()

    def _column_widths(self, metrics: QFontMetrics) -> dict[int, int]:
        """Every column but the principle's, as wide as its words (see AUTHOR_CHARACTERS)."""
        character = metrics.averageCharWidth()
        padding = 3 * character
        icon = self.table.iconSize().width() or metrics.height()
        advance = metrics.horizontalAdvance
        rows = self.model.rows()
        number = max(
            [advance(column_title("number"))] + [advance(people_label(r.record)) for r in rows]
        )
        author = max([advance(column_title("author"))] + [advance(r.author_name) for r in rows])
        status = max(advance(_(label)) for label in STATUS_LABELS.values())
        state = max(advance(_(label)) for label in TEXT_STATE_LABELS.values())
        return {
            COLUMNS.index("number"): number + padding,
            COLUMNS.index("author"): min(author, AUTHOR_CHARACTERS * character) + padding,
            COLUMNS.index("status"): status + icon + padding,
            COLUMNS.index("state"): state + icon + padding,
        }

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
        previous, self.snapshot = self.snapshot, snapshot
        if previous is not None and _same_list(previous, snapshot):
            # A write that changed no amendment (a comment from a phone, say) leaves the list
            # and its filters as they are: refilling them cost the window's thread each time.
            self._show_current()
            self.loaded.emit()
            return
        current = self.current_id()
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
                    *((name, pid) for pid, name in names_by_id(charter).items()),
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
        # A label, not a plural: English agrees with the total, French with those shown.
        self.count_label.setText(
            _("Amendments shown: {shown} of {total}").format(shown=shown, total=total)
        )
        if shown and not self.table.selectionModel().currentIndex().isValid():
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(0, 0),
                QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows,
            )
        self._show_current()


def _same_list(old: Snapshot, new: Snapshot) -> bool:
    """The list and its filters would show the same (same rows, principles and names)."""
    return (
        old.rows == new.rows
        and old.charter.principles == new.charter.principles
        and names_by_id(old.charter) == names_by_id(new.charter)
    )
