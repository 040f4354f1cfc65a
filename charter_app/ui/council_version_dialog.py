"""The dialog naming, dating and signing a new adopted version."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from charter_app.core.decisions import parse_date
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.ui.council_buttons import buttons
from charter_app.ui.editor import set_accessible


class AdoptVersionDialog(QDialog):
    """Name, deliberation, date, renumbering and signature of a new adopted version."""

    def __init__(self, suggested: str, signing: bool, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Adopt this version"))
        set_accessible(
            self,
            _("Adopt this version"),
            _("Record the saved text as an adopted version that never changes."),
        )
        self.name_edit = QLineEdit(suggested)
        self.ref_edit = QLineEdit()
        self.date_edit = QLineEdit(date.today().isoformat())
        self.date_edit.setPlaceholderText(_("YYYY-MM-DD"))
        self.renumber_box = QCheckBox(_("&Renumber first (3 bis becomes 4)"))
        self.sign_box = QCheckBox(_("&Sign with my key"))
        self.sign_box.setEnabled(signing)
        self.sign_note = QLabel(
            _("Signing is possible: your key is configured.")
            if signing
            else _(
                "Signing is not available: no signing key is configured "
                "(git config --global user.signingkey)."
            )
        )
        self.sign_note.setWordWrap(True)
        for widget, name, description in (
            (self.name_edit, _("Version name"), _("“v” and numbers, e.g. v1.0.")),
            (self.ref_edit, _("Deliberation reference"), _("Required, e.g. Délibération 2026-14.")),
            (self.date_edit, _("Date of the deliberation"), _("Year-month-day.")),
            (
                self.renumber_box,
                _("Renumber first"),
                _("Turn “3 bis” numbers into whole numbers before adopting."),
            ),
            (self.sign_box, _("Sign the version"), self.sign_note.text()),
        ):
            set_accessible(widget, name, description)
        form = QFormLayout()
        form.addRow(_("&Version:"), self.name_edit)
        form.addRow(_("&Deliberation:"), self.ref_edit)
        form.addRow(_("D&ate:"), self.date_edit)
        form.addRow(self.renumber_box)
        form.addRow(self.sign_box)
        form.addRow(self.sign_note)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons, self.ok_button, _cancel = buttons(
            _("&Adopt the version"), _("Record the saved text as this adopted version.")
        )
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        self.ref_edit.setFocus()

    def _check(self) -> None:
        """Refuse, in the dialog, what the council would refuse: nothing is lost."""
        from charter_app.core.decisions import check_reference
        from charter_app.core.versions import check_version_name

        try:
            check_version_name(self.name_edit.text().strip(), [])
            check_reference(self.ref_edit.text())
            if self.date_edit.text().strip():
                parse_date(self.date_edit.text())
        except ValidationError as error:
            self.error_label.setText(f"⚠ {error.message} {error.hint}".strip())
            self.error_label.show()
            return
        self.accept()

    def values(self) -> tuple[str, str, date | None, bool, bool]:
        when = parse_date(self.date_edit.text()) if self.date_edit.text().strip() else None
        return (
            self.name_edit.text().strip(),
            " ".join(self.ref_edit.text().split()),
            when,
            self.renumber_box.isChecked(),
            self.sign_box.isChecked() and self.sign_box.isEnabled(),
        )
