"""Start from the text people already have: import a document as a new charter (after a
preview), import suggestions on the open charter, and export it for a text editor.

A feature (``ui/features.py``) adding three entries to the File menu. Reading and planning
(:mod:`charter_app.importing`) and writing run off the UI thread; nothing is written before the
person confirmed the preview, and a document that cannot be read creates nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from charter_app import paths
from charter_app.core.amendments import KIND_LABELS
from charter_app.core.operations import slugify
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _, ngettext
from charter_app.importing.blocks import Issue
from charter_app.importing.matching import SuggestionPlan
from charter_app.importing.plan import ImportPlan
from charter_app.importing.principles import PlannedPrinciple
from charter_app.ui.editor import set_accessible
from charter_app.ui.export_dialog import FileChooser
from charter_app.ui.workers import Worker

DOCUMENT_FILTER = "*.docx *.odt *.md *.markdown *.txt"
FIRST_WORDS = 12

_Index = QModelIndex | QPersistentModelIndex


# -- work done off the UI thread ------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedImport:
    plan: ImportPlan
    path: Path


def plan_document(path: Path) -> PlannedImport:
    from charter_app.importing.plan import plan_import
    from charter_app.importing.reader import read_document

    return PlannedImport(plan_import(read_document(path)), path)


def create_charter_from(plan: ImportPlan, destination: Path) -> Path:
    from charter_app.importing.plan import apply_plan

    apply_plan(plan, destination).close()
    return destination


@dataclass(frozen=True)
class PlannedSuggestions:
    plan: SuggestionPlan
    path: Path


def plan_suggestions_in(charter_path: Path, path: Path) -> PlannedSuggestions:
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.importing.matching import plan_suggestions
    from charter_app.importing.reader import read_document
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository

    document = read_document(path)
    with CharterRepository.open(charter_path) as repository:
        charter = repository.load()
        pending = [
            r.amendment
            for r in AmendmentBook(repository).ledger().records
            if r.status in (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)
        ]
        return PlannedSuggestions(plan_suggestions(document, charter, pending), path)


def file_suggestions_in(charter_path: Path, plan: SuggestionPlan, caller: str, rationale: str):
    """File the plan's changes and comments, as ``charter import-suggestions`` does: each named
    author becomes a participant (a resident) when nobody of that name is registered."""
    from charter_app.core.model import Role
    from charter_app.core.operations import add_participant
    from charter_app.importing.filing import file_proposals
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(charter_path) as repository:
        charter = repository.load()
        ids = {"": caller}
        names = {c.author for c in plan.changes} | {c.author for c in plan.comments}
        for name in sorted(n for n in names if n):
            known = [p.id for p in charter.participants if p.name.casefold() == name.casefold()]
            if known:
                ids[name] = known[0]
                continue
            charter, change, participant = add_participant(charter, name, Role.RESIDENT)
            repository.save(charter, change, caller)
            ids[name] = participant.id
        return file_proposals(repository, plan.changes, plan.comments, ids, rationale)


def export_criticmarkup_in(charter_path: Path, out: Path) -> tuple[Path, tuple[str, ...]]:
    """The charter with its registered amendments as CriticMarkup, written to ``out``."""
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.importing.offline import export_criticmarkup
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.atomic import write_atomic
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(charter_path) as repository:
        charter = repository.load()
        book = AmendmentBook(repository)
        ledger = book.ledger()
        states = book.states(charter, ledger)

    def proposal(amendment):
        assessment = states.get(amendment.id)
        if assessment is None or assessment.state.value in ("conflicting", "fallen"):
            return None
        principle = charter.principle(amendment.target)
        title = assessment.title or (principle.title if principle else "")
        return title, assessment.body or ""

    pending = [
        (r.label, r.amendment) for r in ledger.records if r.status is AmendmentStatus.REGISTERED
    ]
    copy = export_criticmarkup(charter, pending, proposal)
    write_atomic(out, copy.text.encode("utf-8"))
    return out, copy.left_out


# -- models and dialogs ---------------------------------------------------------------------------


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


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


def _report_list(report: Sequence[Issue]) -> QListWidget:
    widget = QListWidget()
    widget.setWordWrap(True)
    for issue in report:
        where = f" [{issue.where}]" if issue.where else ""
        item = QListWidgetItem(f"⚠ {issue.message}{where}")
        if issue.detail:
            item.setToolTip(issue.detail[:2000])
        widget.addItem(item)
    if not report:
        widget.addItem(_("Everything in the document could be represented."))
    return widget


def _dialog_buttons(ok_text: str, ok_description: str):
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    set_accessible(ok, ok_text.replace("&", "").replace("…", ""), ok_description)
    set_accessible(cancel, _("Cancel"), _("Close; nothing is written."))
    ok.setDefault(True)
    return box, ok, cancel


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
        self.report_view = _report_list(plan.report)
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

        self.buttons, self.create_button, _cancel = _dialog_buttons(
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


class SuggestionsDialog(QDialog):
    """The amendments and comments a revised copy holds, the reason asked, before filing."""

    def __init__(self, plan: SuggestionPlan, source: str, author: str, parent=None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Import suggestions from “{name}”").format(name=source))
        set_accessible(
            self,
            _("Import suggestions"),
            _("Changes become amendments and comments are recorded, once you confirm."),
        )
        self.changes_view = QListWidget()
        for change in plan.changes:
            who = change.author or author
            label = f" ({change.label})" if change.label else ""
            self.changes_view.addItem(
                _("{kind} principle {number}, by {who}{label}").format(
                    kind=_(KIND_LABELS[change.kind]), number=change.number, who=who, label=label
                )
            )
        for comment in plan.comments:
            self.changes_view.addItem(
                _("Comment on principle {number}: {text}").format(
                    number=comment.number, text=first_words(comment.text)
                )
            )
        nothing = not plan.changes and not plan.comments
        if nothing:
            self.changes_view.addItem(_("No suggestions: the file reads as the charter does."))
        self.report_view = _report_list(plan.report)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText(_("Why these changes? (required)"))
        self.rationale_edit.setMaximumHeight(90)
        self.author_label = QLabel(
            _("Filed by {name} (“Who is writing?”); named authors are filed under their name.")
            .format(name=author)
        )  # fmt: skip
        self.author_label.setWordWrap(True)
        for widget, name, description in (
            (self.changes_view, _("Suggestions found"), _("Each becomes an amendment or comment.")),
            (self.report_view, _("Import report"), _("What could not be kept as it was.")),
            (self.rationale_edit, _("Rationale"), _("Why these changes; required.")),
        ):
            set_accessible(widget, name, description)
        self.buttons, self.file_button, _cancel = _dialog_buttons(
            _("&File them"), _("File the amendments and comments, each by its author.")
        )
        self.file_button.setEnabled(False)
        self.rationale_edit.textChanged.connect(
            lambda: self.file_button.setEnabled(
                not nothing and bool(self.rationale_edit.toPlainText().strip())
            )
        )
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        changes_label = QLabel(_("&Suggestions:"))
        changes_label.setBuddy(self.changes_view)
        report_label = QLabel(_("&Report:"))
        report_label.setBuddy(self.report_view)
        rationale_label = QLabel(_("R&ationale:"))
        rationale_label.setBuddy(self.rationale_edit)
        layout = QVBoxLayout(self)
        for widget in (
            changes_label,
            self.changes_view,
            report_label,
            self.report_view,
            self.author_label,
            rationale_label,
            self.rationale_edit,
            self.buttons,
        ):
            layout.addWidget(widget)
        self.resize(720, 560)

    def _accept_if_ready(self) -> None:
        if self.file_button.isEnabled():
            self.accept()

    def rationale(self) -> str:
        return " ".join(self.rationale_edit.toPlainText().split())


# -- the feature ----------------------------------------------------------------------------------


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
        self.criticmarkup_action.setText(_("Export for a &text editor (CriticMarkup)…"))

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
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.window.context.interaction.show_error(self.window, error)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
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
        if self.window.current_participant() is None:
            self._show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Choose who imports the suggestions, then try again."),
                )
            )
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
        name = participant.name if participant else caller
        dialog = SuggestionsDialog(planned.plan, planned.path.name, name, self.window)
        dialog.accepted.connect(lambda: self._file(dialog.plan, caller, dialog.rationale()))
        self._open(dialog)

    def _file(self, plan: SuggestionPlan, caller: str, rationale: str) -> None:
        document = self.window.document
        if document is None or not self.window.confirm_no_unsaved():
            return
        folder = document.path
        self._run(
            lambda: file_suggestions_in(folder, plan, caller, rationale),
            self._filed,
            _("Filing the suggestions…"),
        )

    def _filed(self, filed) -> None:
        self.window.reload_from_disk()
        message = _("Filed {count} amendments ({labels}) and {comments} comments.").format(
            count=len(filed.amendments),
            labels=", ".join(filed.amendments) or "-",
            comments=filed.comments,
        )
        if filed.issues:
            message += " " + " ".join(issue.message for issue in filed.issues)
        self.window.statusBar().showMessage(message, 15000)
        self.last_filed = filed

    # -- CriticMarkup ----------

    def export_criticmarkup(self) -> None:
        document = self.window.document
        if document is None:
            return
        from charter_app.ui.export_dialog import documents_folder

        stem = (slugify(document.saved_charter.title, set()) or "charter") + "-criticmarkup.md"
        chosen = self.chooser.save_file(
            self.window,
            _("Export for a text editor (CriticMarkup)"),
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


__all__ = ["ImportFeature", "ImportPreviewDialog", "PlannedPrincipleModel", "SuggestionsDialog"]
