"""What importing a document as a new charter would create, shown before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from charter_app.core.operations import slugify
from charter_app.i18n import _, ngettext
from charter_app.importing.plan import ImportPlan
from charter_app.importing.principles import PlannedPrinciple
from charter_app.ui.editor import set_accessible
from charter_app.ui.file_chooser import FileChooser
from charter_app.ui.import_widgets import dialog_buttons, first_words, report_list

_Index = QModelIndex | QPersistentModelIndex


class PlannedPrincipleModel(QAbstractTableModel):
    """The principles an import would create: number, title, first words."""

    COLUMNS = 3

    def __init__(self, principles: Sequence[PlannedPrinciple] = (), parent=None) -> None:
        super().__init__(parent)
        self._principles = list(principles)

    def set_principles(self, principles: Sequence[PlannedPrinciple]) -> None:
        self.beginResetModel()
        self._principles = list(principles)
        self.endResetModel()

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._principles)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.COLUMNS:
            return None
        return (_("No."), _("Title"), _("First words"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._principles):
            return None
        principle = self._principles[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return principle.heading or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == 0:
            return principle.number
        if column == 1:
            return principle.title
        return first_words(principle.body)


class ImportPreviewDialog(QDialog):
    """What the import would create, shown before anything is written."""

    def __init__(
        self, plan: ImportPlan, destination: Path, chooser: FileChooser, parent=None
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.chooser = chooser
        self.setWindowTitle(_("Import “{name}”").format(name=plan.source))
        set_accessible(
            self,
            _("Import preview"),
            _("What the new charter would hold; nothing is written before you confirm."),
        )
        self.title_edit = QLineEdit(plan.title)
        self.rule_label = QLabel(plan.rule or "—")
        self.rule_label.setWordWrap(True)
        self.preamble_view = QPlainTextEdit(plan.preamble)
        self.preamble_view.setReadOnly(True)
        self.preamble_view.setTabChangesFocus(True)
        self.preamble_view.setMaximumHeight(110)
        self.model = PlannedPrincipleModel(plan.principles, self)
        self.principles_view = QTableView()
        self.principles_view.setModel(self.model)
        self.principles_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.principles_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.principles_view.setTabKeyNavigation(False)
        self.principles_view.verticalHeader().hide()
        header = self.principles_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.principles_view.setColumnWidth(1, 260)
        self.report_view = report_list(plan.report)
        self.destination_edit = QLineEdit(str(destination))
        self.browse_button = QPushButton(_("C&hoose…"))
        self.browse_button.clicked.connect(self.choose_destination)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        count = len(plan.principles)
        self.principles_label = QLabel(
            ngettext("&{count} principle found:", "&{count} principles found:", count).format(
                count=count
            )
        )
        self.principles_label.setBuddy(self.principles_view)
        self.report_label = QLabel(_("What could not be kept as it was (&report):"))
        self.report_label.setBuddy(self.report_view)
        preamble_label = QLabel(_("&Preamble:"))
        preamble_label.setBuddy(self.preamble_view)
        form = QFormLayout()
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("Detected rule:"), self.rule_label)
        form.addRow(preamble_label, self.preamble_view)
        destination_row = QHBoxLayout()
        destination_row.addWidget(self.destination_edit, 1)
        destination_row.addWidget(self.browse_button)

        for widget, name, description in (
            (self.title_edit, _("Title"), _("The new charter’s title; you may change it.")),
            (self.preamble_view, _("Preamble"), _("The text before the first principle.")),
            (
                self.principles_view,
                _("Principles found"),
                _("Number, title and first words of each principle."),
            ),
            (
                self.report_view,
                _("Import report"),
                _("Images, comments, tracked changes and anything else not kept as it was."),
            ),
            (
                self.destination_edit,
                _("Destination folder"),
                _("A new or empty folder for the charter."),
            ),
            (self.browse_button, _("Choose the folder"), _("Choose where to create the charter.")),
        ):
            set_accessible(widget, name, description)
        set_accessible(self.principles_view.horizontalHeader(), _("Columns"), "")
        set_accessible(self.principles_view.verticalHeader(), _("Rows"), "")

        self.buttons, self.create_button, _cancel = dialog_buttons(
            _("C&reate the charter"), _("Create the charter in the destination folder and open it.")
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        destination_label = QLabel(_("&Destination:"))
        destination_label.setBuddy(self.destination_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.principles_label)
        layout.addWidget(self.principles_view, 3)
        layout.addWidget(self.report_label)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(destination_label)
        layout.addLayout(destination_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(860, 680)

    def choose_destination(self) -> None:
        chosen = self.chooser.folder(self, _("Folder for the new charter"))
        if chosen:
            folder = Path(chosen)
            if folder.exists() and any(folder.iterdir()):
                folder = folder / (slugify(self.title_edit.text(), set()) or "charter")
            self.destination_edit.setText(str(folder))

    def _check(self) -> None:
        title = " ".join(self.title_edit.text().split())
        destination = self.destination()
        problem = ""
        if not title:
            problem = _("Give the charter a title.")
        elif not self.destination_edit.text().strip():
            problem = _("Choose a folder for the charter.")
        elif destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
            problem = _("{path} is not empty: choose a new or empty folder.").format(
                path=destination
            )
        if problem:
            self.error_label.setText(f"⚠ {problem}")
            self.error_label.show()
            return
        self.accept()

    def destination(self) -> Path:
        return Path(self.destination_edit.text().strip()).expanduser()

    def confirmed_plan(self) -> ImportPlan:
        return replace(self.plan, title=" ".join(self.title_edit.text().split()))
