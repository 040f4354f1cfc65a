"""Start from the text people already have: import a document as a new charter (after a
preview), import suggestions on the open charter, and export it for a text editor.

A feature (``ui/features.py``) adding three entries to the File menu. Reading and planning
(:mod:`charter_app.importing`) and writing run off the UI thread; nothing is written before the
person confirmed the preview, and a document that cannot be read creates nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from charter_app import paths
from charter_app.core.operations import slugify
from charter_app.core.participants import shown_name
from charter_app.i18n import _
from charter_app.importing.filing import as_filed
from charter_app.importing.matching import SuggestionPlan
from charter_app.ui.criticmarkup_export import export_criticmarkup_in
from charter_app.ui.file_chooser import FileChooser, documents_folder
from charter_app.ui.import_preview_dialog import ImportPreviewDialog, PlannedPrincipleModel
from charter_app.ui.import_widgets import FIRST_WORDS, first_words
from charter_app.ui.import_work import (
    PlannedImport,
    PlannedSuggestions,
    create_charter_from,
    file_suggestions,
    plan_document,
    plan_suggestions_in,
)
from charter_app.ui.suggestions_dialog import SuggestionsDialog
from charter_app.ui.workers import Worker

DOCUMENT_FILTER = "*.docx *.odt *.md *.markdown *.txt"


class ImportFeature:
    """File > Import a document as a new charter…, Import suggestions…, and CriticMarkup."""

    def __init__(self, window) -> None:
        self.window = window
        self.chooser = FileChooser()
        self.dialog: QDialog | None = None
        self.import_action = self._action("Ctrl+Alt+I", self.import_new_charter)
        self.suggestions_action = self._action("Ctrl+Alt+G", self.import_suggestions)
        self.criticmarkup_action = self._action("Ctrl+Alt+M", self.export_criticmarkup)
        menu, before = window.file_menu, window.save_action
        for action in (self.import_action, self.suggestions_action, self.criticmarkup_action):
            menu.insertAction(before, action)
        menu.insertSeparator(before)
        self.worker = Worker(window)
        self.worker.done.connect(self._work_done)
        self.worker.failed.connect(self._work_failed)
        self.worker.busy_changed.connect(self._busy_changed)
        self._then = None
        window.events.opened.connect(lambda _doc: self._update_actions())
        window.events.closed.connect(self._update_actions)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def _action(self, shortcut: str, slot) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def retranslate(self) -> None:
        self.import_action.setText(_("&Import a document as a new charter…"))
        self.suggestions_action.setText(_("Import su&ggestions…"))
        self.criticmarkup_action.setText(_("Export with suggestions marked, for a &text editor…"))

    def _update_actions(self) -> None:
        document = self.window.document
        writable = document is not None and not document.read_only
        self.suggestions_action.setEnabled(writable)
        self.criticmarkup_action.setEnabled(document is not None)

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def _busy_changed(self, busy: bool) -> None:
        self.import_action.setEnabled(not busy)
        if not busy:
            self._update_actions()

    def _run(self, function, then, message: str) -> None:
        """Run ``function`` off the UI thread, then ``then(result)`` in it."""
        self._then = then
        self.window.statusBar().showMessage(message)
        self.worker.submit(function)

    def _work_done(self, result: object) -> None:
        self.window.statusBar().clearMessage()
        then, self._then = self._then, None
        if then is not None:
            then(result)

    def _work_failed(self, error: object) -> None:
        self.window.statusBar().clearMessage()
        self._then = None
        self._show_error(error)

    def _show_error(self, error: object) -> None:
        self.window.show_error(error)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.finished.connect(lambda _result: dialog.deleteLater())  # closed: gone
        dialog.open()

    # -- a new charter from a document ----------

    def import_new_charter(self) -> None:
        chosen = self.chooser.open_file(
            self.window,
            _("Import a document as a new charter"),
            _("Documents ({patterns})").format(patterns=DOCUMENT_FILTER),
        )
        if chosen:
            self.preview_document(Path(chosen))

    def preview_document(self, path: Path) -> None:
        self._run(
            lambda: plan_document(path),
            self._show_preview,
            _("Reading “{name}”…").format(name=path.name),
        )

    def _show_preview(self, planned: PlannedImport) -> None:
        plan = planned.plan
        destination = paths.charters_dir() / (slugify(plan.title, set()) or "charter")
        suffix = 2
        base = destination
        while destination.exists():
            destination = base.with_name(f"{base.name}-{suffix}")
            suffix += 1
        dialog = ImportPreviewDialog(plan, destination, self.chooser, self.window)
        dialog.accepted.connect(lambda: self._create(dialog))
        self._open(dialog)

    def _create(self, dialog: ImportPreviewDialog) -> None:
        plan, destination = dialog.confirmed_plan(), dialog.destination()
        if not self.window.close_charter():
            return
        self._run(
            lambda: create_charter_from(plan, destination),
            self.window.open_charter,
            _("Creating the charter “{title}”…").format(title=plan.title),
        )

    # -- suggestions on the open charter ----------

    def import_suggestions(self) -> None:
        document = self.window.document
        if document is None or document.read_only:
            return
        if self.window.writer(_("Choose who imports the suggestions, then try again.")) is None:
            return
        chosen = self.chooser.open_file(
            self.window,
            _("Import suggestions"),
            _("Documents ({patterns})").format(patterns=DOCUMENT_FILTER),
        )
        if chosen:
            self.preview_suggestions(Path(chosen))

    def preview_suggestions(self, path: Path) -> None:
        document = self.window.document
        if document is None:
            return
        folder = document.path
        self._run(
            lambda: plan_suggestions_in(folder, path),
            self._show_suggestions,
            _("Reading “{name}”…").format(name=path.name),
        )

    def _show_suggestions(self, planned: PlannedSuggestions) -> None:
        document = self.window.document
        caller = self.window.current_participant()
        if document is None or caller is None:
            return
        participant = document.charter.participant(caller)
        name = shown_name(participant) if participant else caller
        dialog = SuggestionsDialog(planned.plan, planned.path.name, name, self.window)
        dialog.accepted.connect(lambda: self._file(dialog.plan, caller, dialog.rationale()))
        self._open(dialog)

    def _file(self, plan: SuggestionPlan, caller: str, rationale: str) -> None:
        document = self.window.document
        if document is None or not self.window.confirm_no_unsaved():
            return
        self.window.operations.run(
            lambda session: file_suggestions(session, plan, caller, rationale),
            lambda written: self._filed(as_filed(written.value)),
            _("Filing the suggestions…"),
        )

    def _filed(self, filed) -> None:
        message = filed.summary()
        if filed.issues:
            message += " " + " ".join(issue.message for issue in filed.issues)
        self.window.statusBar().showMessage(message, 15000)
        self.last_filed = filed

    # -- CriticMarkup ----------

    def export_criticmarkup(self) -> None:
        document = self.window.document
        if document is None:
            return
        stem = (slugify(document.saved_charter.title, set()) or "charter") + "-criticmarkup.md"
        chosen = self.chooser.save_file(
            self.window,
            _("Export with suggestions marked, for a text editor"),
            str(documents_folder() / stem),
            _("Markdown files (*.md)"),
        )
        if not chosen:
            return
        folder, out = document.path, Path(chosen)
        self._run(
            lambda: export_criticmarkup_in(folder, out),
            self._criticmarkup_written,
            _("Writing {path}…").format(path=out),
        )

    def _criticmarkup_written(self, result: tuple[Path, tuple[str, ...]]) -> None:
        path, left_out = result
        message = _("Written to {path}.").format(path=path)
        if left_out:
            message += " " + _(
                "Not written (another amendment changes the same principle, or it conflicts): "
                "{labels}."
            ).format(labels=", ".join(left_out))
        self.window.statusBar().showMessage(message, 15000)
        self.last_written = path


__all__ = [
    "DOCUMENT_FILTER",
    "FIRST_WORDS",
    "ImportFeature",
    "ImportPreviewDialog",
    "PlannedImport",
    "PlannedPrincipleModel",
    "PlannedSuggestions",
    "SuggestionsDialog",
    "create_charter_from",
    "export_criticmarkup_in",
    "file_suggestions",
    "first_words",
    "plan_document",
    "plan_suggestions_in",
]
