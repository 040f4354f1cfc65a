"""File > Export… and File > Comparison table…: exports with progress, off the UI thread, that
can be cancelled.

A feature (``ui/features.py``). The dialog only gathers choices; :func:`charter_app.export.
export_charter` and :func:`~charter_app.export.compare_charter` do the work in a thread of the
pool, with a repository of their own, reporting ``progress(done, total)`` and polling
``cancelled()``: a cancelled export writes no file. :class:`Worker`
(``ui/workers.py``) runs them; :class:`FileChooser` (``ui/file_chooser.py``) is shared
with the import feature.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.operations import slugify
from charter_app.errors import CharterError
from charter_app.export import (
    COMPARISON_FORMATS,
    EXPORT_FORMATS,
    ExportOptions,
    compare_charter,
    export_charter,
    names_in_export,
)
from charter_app.i18n import N_, _
from charter_app.ui.editor import set_accessible
from charter_app.ui.file_chooser import FileChooser, documents_folder
from charter_app.ui.job_dialog import JobDialog

# -- the dialog -----------------------------------------------------------------------------------

FORMAT_LABELS: dict[str, str] = {
    "pdf": N_("PDF (to print or publish)"),
    "html": N_("Web page (HTML)"),
    "odt": N_("LibreOffice text (ODT)"),
    "docx": N_("Word document (DOCX)"),
    "md": N_("Markdown text (MD)"),
}
WORDING_LABELS: dict[str, str] = {"fr": "Français", "en": "English"}
"""Each language named in itself, as language choosers do."""
NAMES_LABELS: dict[str, str] = {
    "names": N_("Names and roles"),
    "roles": N_("Roles only"),
    "none": N_("No contributors"),
}


class ExportDialog(JobDialog):
    """Choices of one export (or comparison table), its progress, Cancel and Open the folder."""

    def __init__(
        self,
        repository_path: Path,
        title: str,
        versions: list[str],
        chooser: FileChooser,
        *,
        comparison: bool = False,
        unsaved: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repository_path = repository_path
        self.comparison = comparison
        self.chooser = chooser
        self.written: Path | None = None
        self.failed_text = _("The export failed: nothing was written.")
        heading = _("Comparison table") if comparison else _("Export the charter")
        self.setWindowTitle(heading)
        set_accessible(
            self,
            heading,
            _("Choose the format and the file; the export runs in the background."),
        )

        self.format_combo = QComboBox()
        for fmt in COMPARISON_FORMATS if comparison else EXPORT_FORMATS:
            self.format_combo.addItem(_(FORMAT_LABELS[fmt]), fmt)
        self.version_combo = QComboBox()
        self.old_combo = QComboBox()
        self.names_combo = QComboBox()
        self.provenance_box = QCheckBox(_("Add the &provenance appendix (amendments, votes)"))
        self.version_combo.addItem(_("Last saved text"), None)
        for name in reversed(versions):
            self.version_combo.addItem(_("Adopted version {name}").format(name=name), name)
            self.old_combo.addItem(_("Adopted version {name}").format(name=name), name)
        for mode, label in NAMES_LABELS.items():
            self.names_combo.addItem(_(label), mode)
        self.wording_combo = QComboBox()
        self.wording_combo.addItem(_("The charter's language"), None)
        for language, label in WORDING_LABELS.items():
            self.wording_combo.addItem(label, language)
        self.names_combo.setEnabled(False)  # contributors are named in the appendix only
        self.provenance_box.toggled.connect(self.names_combo.setEnabled)
        self.path_edit = QLineEdit()
        stem = slugify(title, set()) or "charter"
        if comparison:
            stem += "-" + _("comparison")
        self.path_edit.setText(str(documents_folder() / f"{stem}.{self.format()}"))
        self.browse_button = QPushButton(_("C&hoose…"))
        self.browse_button.clicked.connect(self.choose_output)
        self.format_combo.currentIndexChanged.connect(self._format_changed)

        form = QFormLayout()
        form.addRow(_("&Format:"), self.format_combo)
        if comparison:
            form.addRow(_("&Text in force:"), self.old_combo)
            form.addRow(_("&New text:"), self.version_combo)
        else:
            form.addRow(_("&Version:"), self.version_combo)
            form.addRow(self.provenance_box)
            form.addRow(_("&Contributors:"), self.names_combo)
        form.addRow(_("&Wording in:"), self.wording_combo)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_label = QLabel(_("F&ile:"))
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        for widget in (self.names_combo, self.provenance_box):
            widget.setVisible(not comparison)
        self.old_combo.setVisible(comparison)

        self.note = QLabel()
        self.note.setWordWrap(True)
        notes = []
        if unsaved:
            notes.append(_("Unsaved changes are not exported: save first to include them."))
        if comparison and not versions:
            notes.append(_("No version has been adopted yet: there is nothing to compare with."))
        self.note.setText(" ".join(notes))
        self.note.setVisible(bool(notes))

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            _("&Write the table") if comparison else _("&Export"),
            QDialogButtonBox.ButtonRole.ActionRole,
        )
        self.cancel_button = self.buttons.addButton(
            _("&Stop"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_folder_button = self.buttons.addButton(
            _("&Open the folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(
            _("C&lose"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.export_button.setDefault(True)
        self.cancel_button.setEnabled(False)
        self.open_folder_button.hide()
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.buttons.rejected.connect(self.reject)
        if comparison and not versions:
            self.export_button.setEnabled(False)
        self.start_button = self.export_button
        self.inputs = (
            self.format_combo,
            self.version_combo,
            self.old_combo,
            self.provenance_box,
            self.wording_combo,
            self.path_edit,
            self.browse_button,
        )

        for widget, name, description in (
            (self.format_combo, _("Format"), _("The kind of file to write.")),
            (
                self.version_combo,
                _("New text") if comparison else _("Version"),
                _("The last saved text, or an adopted version."),
            ),
            (self.old_combo, _("Text in force"), _("The adopted version to compare with.")),
            (
                self.names_combo,
                _("Contributors"),
                _("In the provenance appendix: contributors by name, role, or not at all."),
            ),
            (
                self.wording_combo,
                _("Wording in"),
                _("The language of headings such as “Preamble” (default: the charter's)."),
            ),
            (
                self.provenance_box,
                _("Provenance appendix"),
                _("Add the adopted amendments, decisions, votes and workshops."),
            ),
            (self.path_edit, _("File to write"), _("Where the export is saved.")),
            (self.browse_button, _("Choose the file"), _("Choose where to save the export.")),
            (self.progress_bar, _("Progress"), _("How much of the export is done.")),
            (self.export_button, _("Export"), _("Write the file in the background.")),
            (self.cancel_button, _("Stop"), _("Stop the export; no file is written.")),
            (
                self.open_folder_button,
                _("Open the folder"),
                _("Show the folder holding the written file."),
            ),
            (self.close_button, _("Close"), _("Close this dialog (a running export stops).")),
        ):
            set_accessible(widget, name, description)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(620, self.sizeHint().height())

    # -- choices ----------

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def options(self) -> ExportOptions:
        return ExportOptions(
            self.version_combo.currentData(),
            self.names_combo.currentData(),
            self.provenance_box.isChecked(),
            self.wording_combo.currentData(),
        )

    def output(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def _format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(f".{self.format()}")))

    def choose_output(self) -> None:
        fmt = self.format()
        chosen = self.chooser.save_file(
            self,
            _("Export to"),
            self.path_edit.text(),
            _("{format} files (*.{ext})").format(format=fmt.upper(), ext=fmt),
        )
        if chosen:
            path = Path(chosen)
            self.path_edit.setText(str(path if path.suffix else path.with_suffix(f".{fmt}")))

    # -- running ----------

    def start(self, names_confirmed: bool = False) -> None:
        """Export in the background; an export hiding names first looks for names in its free
        texts and, when some are found, asks before writing (``names_confirmed``: asked)."""
        if self.task.busy:
            return
        if not self.path_edit.text().strip():
            self.status.setText(_("Choose the file to write first."))
            return
        path, fmt, folder = self.output(), self.format(), self.repository_path
        self.written = None
        self.open_folder_button.hide()
        language = self.wording_combo.currentData()
        if self.comparison:
            old, new = self.old_combo.currentData(), self.version_combo.currentData()

            def work(progress, cancelled):
                from charter_app.storage.repository import CharterRepository

                with CharterRepository.open(folder) as repository:
                    return compare_charter(
                        repository, old, new, fmt, path, progress, cancelled, language
                    )
        else:
            options = self.options()

            def work(progress, cancelled):
                from charter_app.storage.repository import CharterRepository

                with CharterRepository.open(folder) as repository:
                    if not names_confirmed:
                        found = names_in_export(repository, options)
                        if found:
                            return found
                    return export_charter(repository, fmt, path, options, progress, cancelled)

        self.begin(work, _("Exporting…"))

    def _set_running(self, running: bool) -> None:
        super()._set_running(running)
        self.names_combo.setEnabled(not running and self.provenance_box.isChecked())

    def _done(self, path: object) -> None:
        self._set_running(False)
        if isinstance(path, list):  # names found in free texts: ask before writing
            self.progress_bar.setValue(0)
            if self._interaction().confirm_names(self, path):
                self.start(names_confirmed=True)
            else:
                self.status.setText(_("Nothing was exported: some texts name participants."))
            return
        self.written = Path(str(path))
        self.progress_bar.setValue(100)
        self.status.setText(_("Written to {path}.").format(path=self.written))
        self.open_folder_button.show()
        self.open_folder_button.setFocus()

    def open_folder(self) -> None:
        if self.written is not None:
            self.chooser.open_folder(self.written.parent)


# -- the feature ----------------------------------------------------------------------------------


class ExportFeature:
    """File > Export… and File > Comparison table…"""

    def __init__(self, window) -> None:
        self.window = window
        self.chooser = FileChooser()
        self.dialog: ExportDialog | None = None
        self.export_action = QAction(window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.triggered.connect(self.open_export)
        self.compare_action = QAction(window)
        self.compare_action.setShortcut(QKeySequence("Ctrl+Alt+T"))
        self.compare_action.triggered.connect(self.open_comparison)
        for action in (self.export_action, self.compare_action):
            window.addAction(action)
        menu = window.file_menu
        before = window.preferences_action
        menu.insertAction(before, self.export_action)
        menu.insertAction(before, self.compare_action)
        menu.insertSeparator(before)
        window.events.opened.connect(lambda _doc: self._update_actions())
        window.events.closed.connect(self._update_actions)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.export_action.setText(_("E&xport…"))
        self.compare_action.setText(_("Co&mparison table…"))

    def _update_actions(self) -> None:
        has = self.window.document is not None
        self.export_action.setEnabled(has)
        self.compare_action.setEnabled(has)

    def _versions(self) -> list[str]:
        document = self.window.document
        try:
            return [tag.name for tag in document.repository.tags()]
        except CharterError as error:
            self.window.context.interaction.show_error(self.window, error)
            return []

    def _open(self, comparison: bool) -> ExportDialog | None:
        document = self.window.document
        if document is None:
            return None
        if self.dialog is not None and self.dialog.busy:
            self.dialog.raise_()
            return self.dialog
        dialog = ExportDialog(
            document.path,
            document.saved_charter.title,
            self._versions(),
            self.chooser,
            comparison=comparison,
            unsaved=document.is_modified,
            parent=self.window,
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._dispose(dialog))
        dialog.open()
        return dialog

    def _dispose(self, dialog: ExportDialog) -> None:
        """A closed dialog is deleted (each export left one behind, about 47 widgets), once
        its export has stopped: a running one was asked to stop when the dialog closed."""
        if self.dialog is dialog:
            self.dialog = None
        if not dialog.busy:
            dialog.deleteLater()
            return

        def stopped(busy: bool) -> None:
            if not busy:
                dialog.deleteLater()

        dialog.task.busy_changed.connect(stopped)

    def open_export(self) -> ExportDialog | None:
        return self._open(False)

    def open_comparison(self) -> ExportDialog | None:
        return self._open(True)


__all__ = [
    "ExportDialog",
    "ExportFeature",
    "FORMAT_LABELS",
    "FileChooser",
    "NAMES_LABELS",
    "documents_folder",
]
