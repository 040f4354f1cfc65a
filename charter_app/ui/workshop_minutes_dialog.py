"""The dialog that exports a workshop's minutes: which workshop, format, names, file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.core import workshops as core
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible


class MinutesDialog(QDialog):
    """Which workshop, which format, names shown or not, and where to write."""

    FORMATS = ("html", "pdf", "odt")

    def __init__(self, register: core.WorkshopRegister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export the minutes"))
        self.setAccessibleName(_("Export the minutes"))
        self.workshop_combo = QComboBox()
        for workshop in reversed(register.workshops):
            self.workshop_combo.addItem(f"{workshop.display} — {workshop.title}", workshop.label)
        self.format_combo = QComboBox()
        for name, label in zip(self.FORMATS, ("HTML", "PDF", "ODT (LibreOffice)"), strict=True):
            self.format_combo.addItem(label, name)
        self.names_combo = QComboBox()
        for mode, label in (
            ("names", _("Names and roles")),
            ("roles", _("Roles only")),
            ("none", _("Nobody named")),
        ):
            self.names_combo.addItem(label, mode)
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton(_("&Browse…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        for text, widget, name, description in (
            (_("&Workshop"), self.workshop_combo, _("Workshop"), _("The workshop to write up.")),
            (_("&Format"), self.format_combo, _("Format"), _("HTML, PDF or ODT.")),
            (
                _("&People"),
                self.names_combo,
                _("People"),
                _("Show contributors by name, by role only, or not at all."),
            ),
            (_("F&ile"), self.path_edit, _("File"), _("Where to write the minutes.")),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, path_row if widget is self.path_edit else widget)
            set_accessible(widget, name, description)
        set_accessible(self.browse_button, _("Browse"), _("Choose the file to write."))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setText(_("&Export"))
        cancel = buttons.button(QDialogButtonBox.Cancel)
        cancel.setText(_("&Cancel"))
        set_accessible(ok, _("Export"), _("Write the minutes."))
        set_accessible(cancel, _("Cancel"), _("Close without writing anything."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._browse)
        self.format_combo.currentIndexChanged.connect(lambda _row: self._suggest())
        self.workshop_combo.currentIndexChanged.connect(lambda _row: self._suggest())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._suggest()

    def _suggest(self) -> None:
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else Path.home()
        label = self.workshop_combo.currentData() or "W"
        name = _("minutes-{workshop}").format(workshop=label)
        self.path_edit.setText(str(folder / f"{name}.{self.format_combo.currentData()}"))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the minutes"), self.path_edit.text()
        )
        if path:
            self.path_edit.setText(path)

    def values(self) -> tuple[str, str, str, Path]:
        return (
            str(self.workshop_combo.currentData()),
            str(self.format_combo.currentData()),
            str(self.names_combo.currentData()),
            Path(self.path_edit.text()),
        )
