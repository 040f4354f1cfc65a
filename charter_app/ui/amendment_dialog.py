"""The amendments feature's dialogs: propose an amendment, and compare two versions.

Both open window-modal and non-blocking (``open()``), so nothing waits on a nested event loop;
the work they ask for goes through the core and storage API, never through git directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendments import AmendmentKind
from charter_app.core.model import Charter, Participant, Principle
from charter_app.core.participants import choice_label
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui.diff_view import DiffView
from charter_app.ui.editor import MarkdownEdit, set_accessible
from charter_app.ui.history_panel import format_when
from charter_app.ui.responsive import box_with_note
from charter_app.ui.screen_fit import fit_dialog
from charter_app.ui.workers import Worker

# -- proposing an amendment ------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """What the person filled in; the panel turns it into an amendment (``draft_amendment``)."""

    kind: AmendmentKind
    target: str
    title: str | None
    """None when unchanged (modify) or not applicable (delete)."""
    body: str | None
    rationale: str
    author: str
    register: bool


class ProposeAmendmentDialog(QDialog):
    """Propose a change to ``principle`` (its saved text): modify, insert after, or delete.

    ``submit(proposal)`` files it; a :class:`CharterError` it raises is shown in the dialog,
    which stays open so nothing typed is lost.
    """

    def __init__(
        self,
        principle: Principle,
        participants: tuple[Participant, ...],
        author: str | None,
        submit: Callable[[Proposal], None],
        parent: QWidget | None = None,
        *,
        unsaved_note: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("proposeAmendmentDialog")
        self.principle = principle
        self.submit = submit
        self.setWindowTitle(_("Propose an amendment"))
        self.setAccessibleName(_("Propose an amendment"))
        self.setAccessibleDescription(
            _("An amendment to principle {number}: {title}").format(
                number=principle.number, title=principle.title
            )
        )
        heading = QLabel(
            _("Principle {number}: {title}").format(number=principle.number, title=principle.title)
        )
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.PlainText)
        note = QLabel(
            _(
                "This principle has unsaved changes: the amendment is written on its saved text. "
                "Save first to amend your latest wording."
            )
        )
        note.setObjectName("banner")
        note.setWordWrap(True)
        note.setVisible(unsaved_note)

        self.kind_combo = QComboBox()
        for kind, label in (
            (AmendmentKind.MODIFY, _("Modify this principle")),
            (AmendmentKind.INSERT, _("Insert a new principle after it")),
            (AmendmentKind.DELETE, _("Delete this principle")),
        ):
            self.kind_combo.addItem(label, kind.value)
        self.title_edit = QLineEdit(principle.title)
        self.body_edit = MarkdownEdit()  # keeps no-break spaces, unlike toPlainText
        self.body_edit.setPlainText(principle.body)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText(_("Why this change? (required)"))
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.author_combo = QComboBox()
        for participant in participants:
            if not participant.is_erased:
                self.author_combo.addItem(choice_label(participant), participant.id)
        row = self.author_combo.findData(author) if author else -1
        self.author_combo.setCurrentIndex(max(0, row))
        self.register_box = QCheckBox(_("&Register now"))
        self.register_box.setChecked(True)
        for combo in (self.kind_combo, self.author_combo):  # as wide as given, not its longest
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above when narrow
        self.kind_label = QLabel(_("&Kind:"))
        self.title_label = QLabel(_("&Title:"))
        self.body_label = QLabel(_("Te&xt (one paragraph per line):"))
        self.rationale_label = QLabel(_("&Rationale — why (required):"))
        self.author_label = QLabel(_("&Author:"))
        for label, field in (
            (self.kind_label, self.kind_combo),
            (self.title_label, self.title_edit),
            (self.body_label, self.body_edit),
            (self.rationale_label, self.rationale_edit),
            (self.author_label, self.author_combo),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.error_label)
        form.addRow("", box_with_note(self.register_box, _("It gets its number at once.")))

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.Ok)
        self.cancel_button = self.buttons.button(QDialogButtonBox.Cancel)
        self.ok_button.setText(_("&File the amendment"))
        self.cancel_button.setText(_("Cancel"))
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addLayout(form, 1)
        layout.addWidget(self.buttons)

        set_accessible(self.kind_combo, _("Kind"), _("Modify, insert after, or delete."))
        set_accessible(self.title_edit, _("Proposed title"), _("The title as you propose it."))
        set_accessible(
            self.body_edit,
            _("Proposed text"),
            _("The text as you propose it, one paragraph a line."),
        )
        set_accessible(
            self.rationale_edit,
            _("Rationale"),
            _("Required: why this change, in a few words."),
        )
        set_accessible(self.author_combo, _("Author"), _("Who proposes this amendment."))
        set_accessible(
            self.register_box,
            _("Register now"),
            _("Registered, it gets its citable number; unticked, it stays a draft."),
        )
        set_accessible(self.ok_button, _("File the amendment"), _("Record it in the charter."))
        set_accessible(self.cancel_button, _("Cancel"), _("Close without filing anything."))
        self.error_label.setAccessibleName(_("Problem"))

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.rationale_edit.textChanged.connect(self._rationale_typed)
        fit_dialog(self, 640, 560)
        self.title_edit.setFocus()

    @property
    def kind(self) -> AmendmentKind:
        return AmendmentKind(self.kind_combo.currentData())

    def _kind_changed(self) -> None:
        kind = self.kind
        has_text = kind is not AmendmentKind.DELETE
        for widget in (self.title_label, self.title_edit, self.body_label, self.body_edit):
            widget.setEnabled(has_text)
        if kind is AmendmentKind.INSERT and self.title_edit.text() == self.principle.title:
            self.title_edit.clear()
            self.body_edit.clear()
        elif kind is AmendmentKind.MODIFY and not self.title_edit.text():
            self.title_edit.setText(self.principle.title)
            self.body_edit.setPlainText(self.principle.body)

    def _rationale_typed(self) -> None:
        if self.rationale_edit.toPlainText().strip():
            self.show_problem("")

    def show_problem(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        self.error_label.setAccessibleDescription(text)

    def proposal(self) -> Proposal:
        kind = self.kind
        title: str | None = self.title_edit.text()
        body: str | None = self.body_edit.text()
        if kind is AmendmentKind.DELETE:
            title = body = None
        elif kind is AmendmentKind.MODIFY:
            title = None if title == self.principle.title else title
            body = None if body == self.principle.body else body
        return Proposal(
            kind,
            self.principle.id,
            title,
            body,
            self.rationale_edit.toPlainText().strip(),
            str(self.author_combo.currentData() or ""),
            self.register_box.isChecked(),
        )

    def try_accept(self) -> None:
        """File the amendment; on a problem, say it here and keep everything typed."""
        proposal = self.proposal()
        if not proposal.rationale:
            self.show_problem(
                _("The exposé des motifs is required: explain in a few words why this change.")
            )
            self.rationale_edit.setFocus()
            return
        try:
            self.submit(proposal)
        except CharterError as error:
            self.show_problem(f"{error.message} {error.hint}".strip())
            return
        self.accept()


# -- comparing versions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """A version to compare: a tag or a commit."""

    rev: str
    label: str
    is_tag: bool = False


def charter_text(charter: Charter, principle_id: str | None) -> str:
    """The text compared: one principle ("number. title" then its body), or the whole charter."""
    if principle_id is not None:
        principle = charter.principle(principle_id)
        return "" if principle is None else principle_text(principle)
    parts = [charter.title, charter.preamble, *(principle_text(p) for p in charter.principles)]
    return "\n".join(part for part in parts if part)


def principle_text(principle: Principle) -> str:
    return f"{principle.number}. {principle.title}\n{principle.body}"


def list_versions(path: Path) -> list[Version]:
    """Tags (adopted versions) first, then every commit, newest first (off the UI thread)."""
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(path) as repository:
        versions = []
        for tag in repository.tags():
            when = f", {format_when(tag.tagged_at)}" if tag.tagged_at else ""
            label = _("Version {name}{when}").format(name=tag.name, when=when)
            versions.append(Version(tag.target, label, is_tag=True))
        for revision in repository.history():
            versions.append(
                Version(revision.sha, f"{format_when(revision.authored_at)} — {revision.subject}")
            )
        return versions


def texts_at(path: Path, old_rev: str, new_rev: str, principle_id: str | None) -> tuple[str, str]:
    from charter_app.storage.repository import CharterRepository

    with CharterRepository.open(path) as repository:
        old = charter_text(repository.load(old_rev), principle_id)
        new = charter_text(repository.load(new_rev), principle_id)
    return old, new


class CompareVersionsDialog(QDialog):
    """Any two versions (tags or commits) of the whole charter or of one principle, compared."""

    def __init__(
        self,
        path: Path,
        charter: Charter,
        principle_id: str | None,
        show_error: Callable[[object], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareVersionsDialog")
        self.path = path
        self.show_error = show_error
        self.versions: list[Version] = []
        self.setWindowTitle(_("Compare versions"))
        self.setAccessibleName(_("Compare versions"))
        self.setAccessibleDescription(_("Choose two versions and what to compare."))

        self.old_combo = QComboBox()
        self.new_combo = QComboBox()
        self.scope_combo = QComboBox()
        self.scope_combo.addItem(_("The whole charter"), None)
        for principle in charter.principles:
            self.scope_combo.addItem(
                _("Principle {number}: {title}").format(
                    number=principle.number, title=principle.title
                ),
                principle.id,
            )
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(principle_id)))
        grid = QGridLayout()
        for row, (text, combo, name, description) in enumerate(
            (
                (_("&From:"), self.old_combo, _("From"), _("The older version.")),
                (_("&To:"), self.new_combo, _("To"), _("The newer version.")),
                (
                    _("&Compare:"),
                    self.scope_combo,
                    _("Compare"),
                    _("The whole charter or one principle."),
                ),
            )
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            combo.setMinimumContentsLength(40)
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            set_accessible(combo, name, description)
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
        grid.setColumnStretch(1, 1)
        self.diff = DiffView()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Close)
        close = self.buttons.button(QDialogButtonBox.Close)
        close.setText(_("Close"))
        set_accessible(close, _("Close"), _("Close the comparison."))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.diff, 1)
        layout.addWidget(self.buttons)

        self.lister = Worker(self)
        self.lister.done.connect(self._versions_listed)
        self.lister.failed.connect(show_error)
        self.loader = Worker(self, coalesce=True)
        self.loader.done.connect(self._texts_loaded)
        self.loader.failed.connect(show_error)
        for combo in (self.old_combo, self.new_combo, self.scope_combo):
            combo.currentIndexChanged.connect(self.compare)
        fit_dialog(self, 1100, 760)
        self.lister.submit(lambda: list_versions(path))

    @property
    def busy(self) -> bool:
        return self.lister.busy or self.loader.busy or self.diff.busy

    def _versions_listed(self, versions: list[Version]) -> None:
        self.versions = versions
        for combo in (self.old_combo, self.new_combo):
            combo.blockSignals(True)
            combo.clear()
            for version in versions:
                combo.addItem(version.label, version.rev)
            combo.blockSignals(False)
        commits = [i for i, version in enumerate(versions) if not version.is_tag]
        newest = commits[0] if commits else 0
        self.new_combo.setCurrentIndex(newest)
        # Compare with the latest adopted version, else with the commit before the newest.
        older = 0 if versions and newest != 0 else min(newest + 1, len(versions) - 1)
        self.old_combo.setCurrentIndex(max(0, older))
        self.compare()

    def choose(self, old_rev: str, new_rev: str, principle_id: str | None) -> None:
        """Select two versions (revisions as listed) and a scope, then compare."""
        for combo in (self.old_combo, self.new_combo, self.scope_combo):
            combo.blockSignals(True)
        self.old_combo.setCurrentIndex(self.old_combo.findData(old_rev))
        self.new_combo.setCurrentIndex(self.new_combo.findData(new_rev))
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(principle_id)))
        for combo in (self.old_combo, self.new_combo, self.scope_combo):
            combo.blockSignals(False)
        self.compare()

    def compare(self) -> None:
        old_rev, new_rev = self.old_combo.currentData(), self.new_combo.currentData()
        if not old_rev or not new_rev:
            return
        principle_id = self.scope_combo.currentData()
        labels = (self.old_combo.currentText(), self.new_combo.currentText())
        path = self.path
        self.loader.submit(lambda: (*texts_at(path, old_rev, new_rev, principle_id), *labels))

    def _texts_loaded(self, result: tuple[str, str, str, str]) -> None:
        self.diff.set_texts(*result)
