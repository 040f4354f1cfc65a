"""Priorities by dot voting: each participant places their dots on principles or amendments.

The panel records placements through ``core/dots.py`` (as ``charter dots place`` does): the
core refuses a dot beyond the participant's budget, and the panel says so in words next to the
buttons. Results are a bar chart and the same numbers as a table.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from charter_app.application.workshops import place_dots
from charter_app.core import dots as dots_core
from charter_app.i18n import _
from charter_app.ui.charts import ChartAndTable
from charter_app.ui.editor import set_accessible
from charter_app.ui.responsive import scrolling


class DotTargetsModel(QAbstractTableModel):
    """Principles and registered amendments, with the chosen person's dots and everyone's."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, int, int]] = []
        """(target id, about, label, your dots, all dots)."""

    def set_rows(self, rows: list[tuple[str, str, str, int, int]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        target, _about, label, yours, total = self.rows[index.row()]
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return (label, str(yours), str(total))[index.column()]
        if role == Qt.ToolTipRole:
            return _("{label}: your dots {yours}, all dots {total}").format(
                label=label, yours=yours, total=total
            )
        if role == Qt.UserRole:
            return target
        if role == Qt.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole) and orientation == Qt.Horizontal:
            return (_("Principle or amendment"), _("Your dots"), _("All dots"))[section]
        return None


class DotsPanel(QDockWidget):
    """Place and take back dots; see the results as a chart and a table."""

    def __init__(self, feature) -> None:
        super().__init__()
        self.feature = feature
        self.window_ = feature.window
        self.setObjectName("dotsPanel")
        self.who_combo = QComboBox()
        self.who_label = QLabel()
        self.who_label.setBuddy(self.who_combo)
        self.model = DotTargetsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table_label = QLabel()
        self.table_label.setBuddy(self.table)
        self.plus_button = QPushButton()
        self.minus_button = QPushButton()
        self.left_label = QLabel()
        self.left_label.setObjectName("dotsLeft")
        self.message = QLabel()
        self.message.setObjectName("dotsMessage")
        self.message.setWordWrap(True)
        self.results = ChartAndTable()
        form = QFormLayout()
        form.addRow(self.who_label, self.who_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.plus_button)
        buttons.addWidget(self.minus_button)
        buttons.addWidget(self.left_label, 1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 2)
        self.setWidget(scrolling(body))
        self.plus_button.clicked.connect(lambda: self.place(1))
        self.minus_button.clicked.connect(lambda: self.place(-1))
        for keys, step in (("+", 1), ("=", 1), ("-", -1)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.WidgetShortcut)
            shortcut.activated.connect(lambda step=step: self.place(step))
        self.who_combo.activated.connect(lambda _row: self.refresh())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Priorities (dot voting)"))
        self.who_label.setText(_("&Who places dots"))
        self.table_label.setText(_("&Principles and amendments (+ and − keys place and take back)"))
        self.plus_button.setText(_("+ &Place a dot"))
        self.minus_button.setText(_("− &Take a dot back"))
        set_accessible(self.who_combo, _("Who places dots"), _("The participant voting now."))
        set_accessible(
            self.table,
            _("Principles and amendments"),
            _("Each row: its dots from this participant and from everyone; + places a dot on "
              "the selected row, − takes one back."),
        )  # fmt: skip
        set_accessible(self.table.horizontalHeader(), _("Columns"), _("Target, your dots, all"))
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One per target"))
        set_accessible(self.plus_button, _("Place a dot"), _("One dot on the selected row (+)."))
        set_accessible(
            self.minus_button,
            _("Take a dot back"),
            _("Take one dot back from the selected row (−)."),
        )
        self.refresh()

    def _fill_people(self) -> None:
        document = self.window_.document
        chosen = self.who_combo.currentData() or self.window_.current_participant()
        self.who_combo.clear()
        if document is None:
            return
        for participant in document.saved_charter.active_participants:
            self.who_combo.addItem(participant.name, participant.id)
        self.who_combo.setCurrentIndex(max(0, self.who_combo.findData(chosen)))

    def refresh(self) -> None:
        snapshot = self.feature.discussion.snapshot
        if snapshot is None:
            self.model.set_rows([])
            return
        self._fill_people()
        who = str(self.who_combo.currentData() or "")
        register = snapshot.register
        workshop = register.current()
        charter = snapshot.charter
        labels = {p.id: f"{p.number}. {p.title}" for p in charter.principles}
        labels |= {r.id: r.label for r in snapshot.ledger.records}
        everyone = dots_core.dot_results(
            snapshot.events, register, charter.participants, labels, workshop
        )
        totals = {row.target: row.dots for row in everyone.rows}
        own = self._own_dots(snapshot, who, workshop)
        rows = [("principle", p.id, labels[p.id]) for p in charter.principles]
        rows += [("amendment", r.id, f"{r.label}") for r in snapshot.registered()]
        current = self.table.currentIndex().row()
        self.model.set_rows(
            [(target, about, label, own.get(target, 0), totals.get(target, 0))
             for about, target, label in rows]
        )  # fmt: skip
        if self.model.rowCount():
            self.table.selectRow(max(0, min(current, self.model.rowCount() - 1)))
        left, budget = dots_core.dots_left(snapshot.events, register, who) if who else (0, 0)
        # As the command line says it: "Gommettes restantes : 1 sur 5." agrees in French too.
        self.left_label.setText(_("{left} of {budget} dots left.").format(left=left, budget=budget))
        set_accessible(self.left_label, self.left_label.text(), "")
        headers, table_rows = everyone.table()
        caption = (
            _("Dots in workshop {number}").format(number=workshop.label)
            if workshop
            else _("Dots outside workshops")
        )
        self.results.show_data(caption, everyone.chart(), headers, table_rows)

    @staticmethod
    def _own_dots(snapshot, who: str, workshop) -> dict[str, int]:
        """Target -> dots ``who`` has on it in this session (from their own placements)."""
        session = workshop.id if workshop else ""
        mine: dict[str, int] = {}
        ignored = {e.id for e in dots_core.dot_results(
            snapshot.events, snapshot.register, (), None, workshop).ignored}  # fmt: skip
        for event in snapshot.events:
            if event.type != dots_core.DOT or event.by != who or event.id in ignored:
                continue
            if str(event.get("session", "")) != session:
                continue
            try:
                count = int(str(event.get("count", "0")))
            except ValueError:
                continue
            target = str(event.get("target", ""))
            mine[target] = mine.get(target, 0) + count
        return mine

    def selected(self) -> tuple[str, str, str] | None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.model.rows):
            return None
        target, about, label, _yours, _total = self.model.rows[row]
        return target, about, label

    def _say(self, text: str) -> None:
        self.message.setText(text)
        set_accessible(self.message, _("Message"), text)

    def place(self, count: int) -> bool:
        """Place (``count`` > 0) or take back dots on the selected row; a refusal is said."""
        snapshot = self.feature.discussion.snapshot
        chosen = self.selected()
        who = str(self.who_combo.currentData() or "")
        if snapshot is None or chosen is None or not who:
            self._say(_("Choose who is voting and a principle or an amendment first."))
            return False
        target, about, label = chosen
        problems: list[BaseException] = []
        written = self.window_.operations.run_now(
            lambda session: place_dots(session, who, target, count), failed=problems.append
        )
        if written is None:
            error = problems[0] if problems else None
            self._say(f"{getattr(error, 'message', error)} {getattr(error, 'hint', '')}".strip())
            return False
        self.feature.refresh()
        self.refresh()
        self._say(
            _("Dot placed on {target}.").format(target=label)
            if count > 0
            else _("Dot taken back from {target}.").format(target=label)
        )
        return True
