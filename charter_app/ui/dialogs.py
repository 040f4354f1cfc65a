"""Small dialogs: add a participant, preferences, new charter."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charter_app import paths
from charter_app.core.model import ROLE_LABELS, Role
from charter_app.core.operations import slugify
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    ok, cancel = box.button(QDialogButtonBox.Ok), box.button(QDialogButtonBox.Cancel)
    ok.setText(ok_text)
    cancel.setText(_("Cancel"))
    set_accessible(ok, ok_text.replace("&", ""), _("Confirm and close this dialog."))
    set_accessible(cancel, _("Cancel"), _("Close this dialog without changing anything."))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AddParticipantDialog(QDialog):
    """Name or pseudonym, role and organisation of someone joining the workshop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a participant"))
        self.name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(_(ROLE_LABELS[role]), role.value)
        self.organisation_edit = QLineEdit()
        intro = QLabel(
            _("Only this name is shown; commits carry an anonymous id. A pseudonym is fine.")
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        for text, widget in (
            (_("&Name or pseudonym"), self.name_edit),
            (_("&Role"), self.role_combo),
            (_("&Organisation (optional)"), self.organisation_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        set_accessible(
            self.name_edit, _("Name or pseudonym"), _("How the participant will be shown.")
        )
        set_accessible(
            self.role_combo,
            _("Role"),
            _("Resident, elected member, association, business or staff."),
        )
        set_accessible(
            self.organisation_edit,
            _("Organisation"),
            _("The association, business or service the participant speaks for, if any."),
        )
        self.buttons = _buttons(self, _("&Add"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name_edit.setFocus()

    def values(self) -> tuple[str, str, str]:
        return (
            self.name_edit.text(),
            str(self.role_combo.currentData()),
            self.organisation_edit.text(),
        )


class PreferencesDialog(QDialog):
    """Language, high contrast and text size."""

    def __init__(
        self, language: str, high_contrast: bool, scale: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Preferences"))
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.contrast_check = QCheckBox(_("&High contrast (white on black)"))
        self.contrast_check.setChecked(high_contrast)
        self.scale_spin = QSpinBox()
        self.scale_spin.setRange(60, 300)
        self.scale_spin.setSingleStep(10)
        self.scale_spin.setSuffix(" %")
        self.scale_spin.setValue(round(scale * 100))
        form = QFormLayout()
        language_label = QLabel(_("&Language"))
        language_label.setBuddy(self.language_combo)
        scale_label = QLabel(_("&Text size"))
        scale_label.setBuddy(self.scale_spin)
        form.addRow(language_label, self.language_combo)
        form.addRow(scale_label, self.scale_spin)
        form.addRow("", self.contrast_check)
        set_accessible(
            self.language_combo,
            _("Language"),
            _("The language of the interface: French or English."),
        )
        set_accessible(
            self.contrast_check,
            _("High contrast"),
            _("White text on a black background, with a yellow focus frame."),
        )
        set_accessible(
            self.scale_spin,
            _("Text size"),
            _("Size of all text, as a percentage of the system font (also Ctrl+= and Ctrl+-)."),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, _("&Apply")))

    @property
    def language(self) -> str:
        return str(self.language_combo.currentData())

    @property
    def high_contrast(self) -> bool:
        return self.contrast_check.isChecked()

    @property
    def scale(self) -> float:
        return self.scale_spin.value() / 100


class NewCharterDialog(QDialog):
    """A new charter: from the bundled example or blank, with a title and a folder."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New charter"))
        self._folder_touched = False
        self.title_edit = QLineEdit()
        self.template_combo = QComboBox()
        self.template_combo.addItem(_("Start from the example charter"), "example")
        self.template_combo.addItem(_("Start from a blank charter"), "blank")
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(language)))
        self.folder_edit = QLineEdit()
        self.browse_button = QPushButton(_("&Browse…"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        for text, widget in (
            (_("&Title"), self.title_edit),
            (_("&Start from"), self.template_combo),
            (_("&Language of the charter"), self.language_combo),
            (_("&Folder"), self.folder_edit),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, folder_row if widget is self.folder_edit else widget)
        set_accessible(self.title_edit, _("Charter title"), _("The title of the new charter."))
        set_accessible(
            self.template_combo,
            _("Start from"),
            _("Copy the example charter, or start with no principle."),
        )
        set_accessible(
            self.language_combo, _("Language of the charter"), _("The language of the text.")
        )
        set_accessible(
            self.folder_edit,
            _("Folder"),
            _("A new or empty folder where the charter will be kept."),
        )
        set_accessible(
            self.browse_button, _("Browse for a folder"), _("Choose the folder in a file dialog.")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, _("C&reate")))
        self.title_edit.textEdited.connect(self._suggest_folder)
        self.folder_edit.textEdited.connect(lambda _text: setattr(self, "_folder_touched", True))
        self.browse_button.clicked.connect(self._browse)
        self.resize(560, self.sizeHint().height())

    def _suggest_folder(self, title: str) -> None:
        if not self._folder_touched:
            name = slugify(title or "charte", set())
            self.folder_edit.setText(str(paths.charters_dir() / name))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of the new charter"))
        if folder:
            self._folder_touched = True
            self.folder_edit.setText(folder)

    @property
    def title(self) -> str:
        return self.title_edit.text().strip()

    @property
    def template(self) -> str:
        return str(self.template_combo.currentData())

    @property
    def language(self) -> str:
        return str(self.language_combo.currentData())

    @property
    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()
