"""The council dock: amendments and their decisions, the decision form, adopted versions."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.decisions import OUTCOME_LABELS, Outcome
from charter_app.i18n import _
from charter_app.ui.council_models import AmendmentRow, AmendmentTableModel, VersionTableModel
from charter_app.ui.council_work import CouncilState
from charter_app.ui.editor import set_accessible
from charter_app.ui.fitted_columns import StretchedColumn
from charter_app.ui.flow import flow
from charter_app.ui.responsive import scrolling


def _fit_table(table: QTableView, stretch: int) -> None:
    """Two lines per row (a long principle title wraps instead of losing its middle), columns
    as wide as their words, one column taking the rest and never less than its header; room
    for a handful of rows even in a crowded dock."""
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    StretchedColumn(table, stretch)  # its header's word always shows, whatever the room
    rows = table.fontMetrics().lineSpacing() * 2 + 10
    table.verticalHeader().setDefaultSectionSize(rows)
    table.setMinimumHeight(rows * 5)


class CouncilPanel(QDockWidget):
    """Amendments and their decisions, the decision form, and the adopted versions."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("councilPanel")
        self.state = CouncilState((), False)
        self.model = AmendmentTableModel(self)
        self.versions_model = VersionTableModel(self)

        self.amendments_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        _fit_table(self.table, stretch=1)
        self.amendments_label.setBuddy(self.table)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)

        self.form_box = QGroupBox()
        self.outcome_combo = QComboBox()
        for outcome in Outcome:
            self.outcome_combo.addItem("", outcome.value)
        self.votes_box = QCheckBox()
        self.for_spin, self.against_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        for spin in (self.for_spin, self.against_spin, self.abstain_spin):
            spin.setRange(0, 9999)
            spin.setEnabled(False)
            self.votes_box.toggled.connect(spin.setEnabled)
        self.ref_edit = QLineEdit()
        self.date_edit = QLineEdit(date.today().isoformat())
        self.decide_button = QPushButton()
        self.outcome_label, self.ref_label, self.date_label = QLabel(), QLabel(), QLabel()
        self.for_label, self.against_label, self.abstain_label = QLabel(), QLabel(), QLabel()
        self.outcome_label.setBuddy(self.outcome_combo)
        self.ref_label.setBuddy(self.ref_edit)
        self.date_label.setBuddy(self.date_edit)
        self.for_label.setBuddy(self.for_spin)
        self.against_label.setBuddy(self.against_spin)
        self.abstain_label.setBuddy(self.abstain_spin)
        # Each count with its word, wrapped onto a second line in a narrow panel.
        pairs = []
        for label, spin in (
            (self.for_label, self.for_spin),
            (self.against_label, self.against_spin),
            (self.abstain_label, self.abstain_spin),
        ):
            pair = QWidget()
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(spin)
            pairs.append(pair)
        votes = flow(*pairs)
        form = QFormLayout(self.form_box)
        form.addRow(self.outcome_label, self.outcome_combo)
        form.addRow(self.votes_box, votes)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.ref_label, self.ref_edit)
        form.addRow(self.date_label, self.date_edit)
        form.addRow(self.decide_button)

        self.batch_button = QPushButton()
        self.version_button = QPushButton()
        actions = QHBoxLayout()
        actions.addWidget(self.batch_button)
        actions.addWidget(self.version_button)

        self.versions_label = QLabel()
        self.versions_table = QTableView()
        self.versions_table.setModel(self.versions_model)
        self.versions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions_table.setTabKeyNavigation(False)
        _fit_table(self.versions_table, stretch=2)
        self.versions_label.setBuddy(self.versions_table)
        self.busy_label = QLabel()

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.amendments_label)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.details)
        layout.addWidget(self.form_box)
        layout.addLayout(actions)
        layout.addWidget(self.versions_label)
        layout.addWidget(self.versions_table, 2)
        layout.addWidget(self.busy_label)
        self.setWidget(scrolling(content))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._chosen())

    def selected_row(self) -> AmendmentRow | None:
        return self.model.row_data(self.table.currentIndex().row())

    def select_amendment(self, amendment_id: str) -> None:
        row = self.model.row_of(amendment_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def set_state(self, state: CouncilState) -> None:
        if state.rows == self.state.rows:
            # A write that changed no amendment (a comment from a phone, say) leaves the list
            # as it is: resetting it re-measured every row in the window's thread each time.
            self.state = state
            self._show_selected()
            return
        current = self.selected_row()
        self.state = state
        self.model.set_rows(state.rows)
        if current is not None:
            self.select_amendment(current.id)
        elif state.rows:
            first_open = next((r for r in state.rows if r.open), state.rows[0])
            self.select_amendment(first_open.id)
        self._show_selected()

    def _chosen(self) -> None:
        row = self.selected_row()
        window = self.parentWidget()
        events = getattr(window, "events", None)
        if row is not None and events is not None:
            events.amendment_chosen.emit(row.id)

    def _show_selected(self) -> None:
        row = self.selected_row()
        can_decide = row is not None and row.open
        self.decide_button.setEnabled(can_decide)
        if row is None:
            self.details.setText(_("No amendment selected."))
            return
        text = _("{number} by {author}: {rationale}").format(
            number=row.label, author=row.author, rationale=row.rationale
        )
        if not row.open:
            text += "\n" + _("Already decided or not registered: no decision can be recorded.")
        self.details.setText(text)

    def decision_values(self) -> tuple[str, str | None, str | None, str | None]:
        votes = None
        if self.votes_box.isChecked():
            votes = (
                f"{self.for_spin.value()},{self.against_spin.value()},{self.abstain_spin.value()}"
            )
        return (
            str(self.outcome_combo.currentData()),
            votes,
            self.ref_edit.text().strip() or None,
            self.date_edit.text().strip() or None,
        )

    def retranslate(self) -> None:
        self.setWindowTitle(_("Council"))
        self.amendments_label.setText(_("&Amendments"))
        self.form_box.setTitle(_("Decision on the selected amendment"))
        for i in range(self.outcome_combo.count()):
            outcome = Outcome(self.outcome_combo.itemData(i))
            self.outcome_combo.setItemText(i, _(OUTCOME_LABELS[outcome]))
        self.outcome_label.setText(_("&Outcome:"))
        self.votes_box.setText(_("&Votes:"))
        self.for_label.setText(_("for"))
        self.against_label.setText(_("against"))
        self.abstain_label.setText(_("abstentions"))
        self.ref_label.setText(_("Delibe&ration:"))
        self.date_label.setText(_("Da&te:"))
        self.date_edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.ref_edit.setPlaceholderText(_("e.g. Délibération 2026-14 (optional)"))
        self.decide_button.setText(_("&Record the decision"))
        self.batch_button.setText(_("Adopt &several, in order…"))
        self.version_button.setText(_("Adopt this &version…"))
        self.versions_label.setText(_("Adopted versions"))
        for widget, name, description in (
            (self.table, _("Amendments"), _("Number, principle, kind, decision and text state.")),
            (self.outcome_combo, _("Outcome"), _("What the council decided.")),
            (self.votes_box, _("Record the votes"), _("Tick to record the count of the vote.")),
            (self.for_spin, _("Votes for"), _("Number of votes for.")),
            (self.against_spin, _("Votes against"), _("Number of votes against.")),
            (self.abstain_spin, _("Abstentions"), _("Number of abstentions.")),
            (self.ref_edit, _("Deliberation reference"), _("The council’s deliberation number.")),
            (self.date_edit, _("Date of the deliberation"), _("Year-month-day.")),
            (
                self.decide_button,
                _("Record the decision"),
                _("Record it in one commit; adopting also applies the amendment’s text."),
            ),
            (
                self.batch_button,
                _("Adopt several, in order"),
                _("Tick amendments, order them, preview the charter, then adopt in one commit."),
            ),
            (
                self.version_button,
                _("Adopt this version"),
                _("Record the saved text as an adopted version (v1.0…)."),
            ),
            (
                self.versions_table,
                _("Adopted versions"),
                _("Name, date, deliberation, amendments and signature state of each version."),
            ),
        ):
            set_accessible(widget, name, description)
        for table in (self.table, self.versions_table):
            set_accessible(table.horizontalHeader(), _("Columns"), _("Column titles."))
            set_accessible(table.verticalHeader(), _("Rows"), "")
        self.model.retranslate()
        self.versions_model.retranslate()
        self._show_selected()
