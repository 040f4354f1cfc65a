"""The council: decisions on amendments, adoption of a selection in order, adopted versions.

A feature (``ui/features.py``): a Council menu and a dock. Every write goes through
:class:`charter_app.storage.versions.Council`, exactly as ``charter decide``, ``adopt-batch`` and
``adopt`` do; a conflicting adoption writes nothing and shows both texts; a batch is previewed
("what if") before its one commit. Reading the amendments, checking signatures, previews and
signing run off the UI thread, each with a repository of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import AmendmentKind
from charter_app.core.decisions import (
    OUTCOME_LABELS,
    AdoptionConflictError,
    Outcome,
    make_decision,
    parse_date,
)
from charter_app.core.versions import VERSION_NAME, Version
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.ui.council_models import (
    ID_ROLE,
    AmendmentRow,
    AmendmentTableModel,
    VersionTableModel,
)
from charter_app.ui.editor import set_accessible
from charter_app.ui.workers import Worker

# -- work done off the UI thread (each with a repository of its own) ------------------------------


@dataclass(frozen=True)
class CouncilState:
    """What the panel shows of a charter's amendments."""

    rows: tuple[AmendmentRow, ...]
    signing: bool
    """Whether the user's global git configuration names a signing key."""


def _target_text(charter, record, ledger) -> str:
    amendment = record.amendment
    if amendment.kind is AmendmentKind.SUB:
        parent = ledger.get(amendment.target)
        return _("amendment {number}").format(number=parent.label if parent else amendment.target)
    principle = charter.principle(amendment.target)
    name = f"{principle.number}. {principle.title}" if principle else amendment.target
    if amendment.kind is AmendmentKind.INSERT:
        return _("new, after {principle}").format(principle=name)
    return name


def load_council(path: Path) -> CouncilState:
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import user_signing_setup

    with CharterRepository.open(path) as repository:
        charter = repository.load()
        book = AmendmentBook(repository)
        ledger = book.ledger()
        states = book.states(charter, ledger)
        rows = []
        for record in ledger.records:
            undecided = record.status in (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)
            assessment = states.get(record.id)
            author = charter.participant(record.amendment.author)
            rows.append(
                AmendmentRow(
                    record.id,
                    record.display,
                    record.amendment.kind,
                    _target_text(charter, record, ledger),
                    record.status,
                    assessment.state if undecided and assessment else None,
                    record.amendment.rationale,
                    author.name if author else record.amendment.author,
                )
            )
        signing = bool(user_signing_setup(repository.git).key)
    return CouncilState(tuple(rows), signing)


def load_versions(path: Path) -> list[Version]:
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import Council

    with CharterRepository.open(path) as repository:
        return Council(repository).versions()


@dataclass(frozen=True)
class PreviewedText:
    """One principle as the selection would leave it."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class BatchPreview:
    adopted: tuple[str, ...]
    texts: tuple[PreviewedText, ...]


def _principle_text(principle) -> str:
    return f"{principle.number}. {principle.title}\n\n{principle.body}" if principle else ""


def preview_batch(path: Path, references: Sequence[str], by: str) -> BatchPreview:
    """The "what if" of adopting ``references`` in order: nothing is written."""
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import Council

    with CharterRepository.open(path) as repository:
        council = Council(repository)
        decision = make_decision(Outcome.ADOPTED)
        adoption = council.adopt([(r, decision) for r in references], by, dry_run=True)
        before = repository.load()
    texts = []
    for principle_id in adoption.change.principles:
        old, new = before.principle(principle_id), adoption.charter.principle(principle_id)
        label = f"{new.number}. {new.title}" if new else principle_id
        if old is None:
            label = _("{principle} (new)").format(principle=label)
        texts.append(PreviewedText(label, _principle_text(old), _principle_text(new)))
    for principle_id in adoption.change.removed:
        old = before.principle(principle_id)
        label = f"{old.number}. {old.title}" if old else principle_id
        texts.append(
            PreviewedText(
                _("{principle} (deleted)").format(principle=label), _principle_text(old), ""
            )
        )
    return BatchPreview(adoption.adopted, tuple(texts))


def adopt_version_in(path: Path, name, by, ref, when, renumber, sign) -> Version:
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import Council

    with CharterRepository.open(path) as repository:
        return Council(repository).adopt_version(name, by, ref, when, renumber=renumber, sign=sign)


def next_version_name(versions: Sequence[Version]) -> str:
    """``v1.0`` first, then the next whole number after the latest version."""
    majors = [int(v.name[1:].split(".")[0]) for v in versions if VERSION_NAME.match(v.name)]
    return f"v{max(majors, default=0) + 1}.0"


# -- two texts side by side -----------------------------------------------------------------------


class _HtmlDiffView(QWidget):
    """Old and new text side by side, deletions struck and insertions underlined (not colour
    alone); stands in until the shared ``ui/diff_view.py`` widget exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.old_label, self.new_label = QLabel(), QLabel()
        self.old_view, self.new_view = QTextBrowser(), QTextBrowser()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, view in ((self.old_label, self.old_view), (self.new_label, self.new_view)):
            view.setOpenLinks(False)
            view.setTabChangesFocus(True)
            label.setBuddy(view)
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(view, 1)
            layout.addLayout(column, 1)

    def set_texts(self, old: str, new: str, old_label: str, new_label: str) -> None:
        from charter_app.diffing import (
            describe_changes,
            diff_words,
            render_new_html,
            render_old_html,
        )

        result = diff_words(old, new)
        style = "<style>del{text-decoration:line-through;} ins{text-decoration:underline;}</style>"

        def page(fragment: str) -> str:
            return style + "<div style='white-space:pre-wrap'>" + fragment + "</div>"

        self.old_view.setHtml(page(render_old_html(result.ops)))
        self.new_view.setHtml(page(render_new_html(result.ops)))
        self.old_label.setText(old_label)
        self.new_label.setText(new_label)
        changes = " ".join(describe_changes(result.ops)) or _("no change")
        set_accessible(self.old_view, old_label, changes)
        set_accessible(self.new_view, new_label, changes)


def make_diff_view(parent: QWidget | None = None) -> QWidget:
    """The shared side-by-side diff widget when it is there, else a plain HTML one."""
    try:
        from charter_app.ui.diff_view import DiffView  # type: ignore[import-not-found]

        return DiffView(parent)
    except Exception:  # absent or not ready yet: the plain view says the same
        return _HtmlDiffView(parent)


# -- dialogs --------------------------------------------------------------------------------------


def _buttons(
    ok_text: str, ok_description: str
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    set_accessible(ok, ok_text.replace("&", ""), ok_description)
    set_accessible(cancel, _("Cancel"), _("Close without recording anything."))
    return box, ok, cancel


class ConflictDialog(QDialog):
    """Why a selection cannot be adopted: each amendment, the text now and what it proposes."""

    def __init__(self, error: AdoptionConflictError, labels: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nothing was recorded"))
        self.setAccessibleName(_("Adoption conflict"))
        self.setAccessibleDescription(error.message)
        layout = QVBoxLayout(self)
        self.summary = QLabel(error.hint)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        content = QWidget()
        column = QVBoxLayout(content)
        self.views: list[QWidget] = []
        for conflict in error.conflicts:
            number = labels.get(conflict.amendment, conflict.amendment)
            head = QLabel(
                _("Amendment {number} cannot be applied: {reason}").format(
                    number=number, reason=conflict.reason
                )
            )
            if conflict.earlier:
                head.setText(
                    head.text()
                    + " "
                    + _("It collides with {numbers}.").format(
                        numbers=", ".join(labels.get(e, e) for e in conflict.earlier)
                    )
                )
            head.setWordWrap(True)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            column.addWidget(head)
            for passage in conflict.conflicts:
                view = make_diff_view()
                view.set_texts(
                    passage.ours.strip(),
                    passage.theirs.strip(),
                    _("Text now"),
                    _("Amendment {number} proposes").format(number=number),
                )
                view.setMinimumHeight(120)
                column.addWidget(view)
                self.views.append(view)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        set_accessible(scroll, _("Conflicting passages"), error.message)
        layout.addWidget(scroll, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = box.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Close"))
        set_accessible(close, _("Close"), _("Back to the council panel."))
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(820, 520)


class BatchDialog(QDialog):
    """Tick the amendments the council adopts, put them in its order, preview, then adopt."""

    def __init__(self, path: Path, rows: Sequence[AmendmentRow], by: str, parent=None) -> None:
        super().__init__(parent)
        self.path, self.by = path, by
        self.preview_result: BatchPreview | None = None
        self._previewed: tuple[str, ...] | None = None
        self.setWindowTitle(_("Adopt several amendments"))
        set_accessible(
            self,
            _("Adopt several amendments"),
            _("Tick the amendments, put them in the council’s order, preview, then adopt."),
        )
        self.list_label = QLabel(_("Amendments, in the council’s &order (Alt+Up / Alt+Down):"))
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list_label.setBuddy(self.list)
        set_accessible(
            self.list,
            _("Amendments to adopt"),
            _("Space ticks an amendment; Alt+Up and Alt+Down change the order."),
        )
        for row in rows:
            item = QListWidgetItem(f"{row.label} — {row.target}")
            item.setData(ID_ROLE, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(row.rationale)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.up_button, self.down_button = QPushButton(_("&Up")), QPushButton(_("Do&wn"))
        set_accessible(self.up_button, _("Move up"), _("Adopt this amendment earlier (Alt+Up)."))
        set_accessible(
            self.down_button, _("Move down"), _("Adopt this amendment later (Alt+Down).")
        )
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        for key, step in (("Alt+Up", -1), ("Alt+Down", +1)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _c=False, s=step: self.move_current(s))
            self.addAction(action)

        self.ref_edit = QLineEdit()
        self.date_edit = QLineEdit(date.today().isoformat())
        self.date_edit.setPlaceholderText(_("YYYY-MM-DD"))
        set_accessible(self.ref_edit, _("Deliberation reference"), _("e.g. Délibération 2026-14"))
        set_accessible(self.date_edit, _("Date of the deliberation"), _("Year-month-day."))
        form = QFormLayout()
        form.addRow(_("&Deliberation:"), self.ref_edit)
        form.addRow(_("D&ate:"), self.date_edit)

        self.preview_button = QPushButton(_("&What if? Preview the charter"))
        set_accessible(
            self.preview_button,
            _("What if"),
            _("Show the charter with the ticked amendments applied in this order; nothing is "
              "written."),
        )  # fmt: skip
        self.preview_button.clicked.connect(self.run_preview)
        self.status = QLabel(_("Tick amendments, then preview."))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.changed_list = QListWidget()
        set_accessible(
            self.changed_list,
            _("Principles the selection changes"),
            _("Choose one to see its text before and after."),
        )
        self.diff = make_diff_view()
        self.diff.set_texts("", "", _("Text now"), _("After adoption"))
        self.changed_list.currentRowChanged.connect(self._show_text)

        left = QVBoxLayout()
        left.addWidget(self.list_label)
        left.addWidget(self.list, 1)
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        left.addLayout(moves)
        left.addLayout(form)
        left.addWidget(self.preview_button)
        changed_box = QWidget()
        changed_layout = QVBoxLayout(changed_box)
        changed_layout.setContentsMargins(0, 0, 0, 0)
        changed_label = QLabel(_("&Principles the selection changes:"))
        changed_label.setBuddy(self.changed_list)
        changed_layout.addWidget(changed_label)
        changed_layout.addWidget(self.changed_list)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(changed_box)
        right.addWidget(self.diff)
        right.setSizes([120, 360])
        top = QHBoxLayout()
        top.addLayout(left, 2)
        top.addWidget(right, 5)

        self.buttons, self.adopt_button, cancel = _buttons(
            _("&Adopt in this order"),
            _("Record the adoption of the ticked amendments, in this order, in one commit."),
        )
        self.adopt_button.setEnabled(False)
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(lambda _item: self._invalidate())
        self.list.model().rowsMoved.connect(lambda *_args: self._invalidate())
        self.worker = Worker(self)
        self.worker.done.connect(self._previewed_ok)
        self.worker.failed.connect(self._preview_failed)
        self.resize(1000, 620)

    # -- selection ----------

    def selection(self) -> list[str]:
        """Ids of the ticked amendments, in the list's order."""
        return [
            self.list.item(i).data(ID_ROLE)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_selection(self, amendment_ids: Sequence[str]) -> None:
        """Tick exactly ``amendment_ids`` and put them first, in that order."""
        items = [self.list.takeItem(0) for _ in range(self.list.count())]
        by_id = {item.data(ID_ROLE): item for item in items}
        ordered = [by_id[i] for i in amendment_ids] + [
            item for item in items if item.data(ID_ROLE) not in amendment_ids
        ]
        for item in ordered:
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(ID_ROLE) in amendment_ids
                else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        self._invalidate()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._invalidate()

    def _invalidate(self) -> None:
        self.adopt_button.setEnabled(False)
        if self._previewed is not None and tuple(self.selection()) != self._previewed:
            self.status.setText(_("The selection changed: preview it again before adopting."))

    # -- what if ----------

    def run_preview(self) -> None:
        selection = self.selection()
        if not selection:
            self.status.setText(_("Tick at least one amendment."))
            return
        self._previewed = None
        self.status.setText(_("Preparing the preview…"))
        self.preview_button.setEnabled(False)
        path, by = self.path, self.by
        self._pending = tuple(selection)
        self.worker.submit(lambda: preview_batch(path, selection, by))

    def _previewed_ok(self, result: BatchPreview) -> None:
        self.preview_button.setEnabled(True)
        self.preview_result = result
        self._previewed = self._pending
        current = tuple(self.selection()) == self._previewed
        self.adopt_button.setEnabled(current)
        self.status.setText(
            _("All of {numbers} apply, in this order. Nothing is recorded until you adopt.").format(
                numbers=", ".join(result.adopted)
            )
        )
        self.changed_list.clear()
        for text in result.texts:
            self.changed_list.addItem(text.label)
        if result.texts:
            self.changed_list.setCurrentRow(0)

    def _preview_failed(self, error: object) -> None:
        self.preview_button.setEnabled(True)
        self.preview_result = None
        self.adopt_button.setEnabled(False)
        self.changed_list.clear()
        message = getattr(error, "message", str(error))
        hint = getattr(error, "hint", "")
        self.status.setText(f"{message}\n{hint}".strip())
        self.conflict = error if isinstance(error, AdoptionConflictError) else None

    def _show_text(self, row: int) -> None:
        if self.preview_result is None or not 0 <= row < len(self.preview_result.texts):
            return
        text = self.preview_result.texts[row]
        self.diff.set_texts(text.old, text.new, _("Text now"), _("After adoption"))

    def _accept_if_ready(self) -> None:
        if self.adopt_button.isEnabled():
            self.accept()

    def values(self) -> tuple[str | None, str | None]:
        return self.ref_edit.text().strip() or None, self.date_edit.text().strip() or None


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
        self.buttons, self.ok_button, _cancel = _buttons(
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


# -- the dock -------------------------------------------------------------------------------------


def _fit_table(table: QTableView, stretch: int) -> None:
    """One line per row, columns as wide as their words, one column taking the rest; room for
    a handful of rows even in a crowded dock."""
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    rows = table.fontMetrics().height() + 10
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
        votes = QHBoxLayout()
        for label, spin in (
            (self.for_label, self.for_spin),
            (self.against_label, self.against_spin),
            (self.abstain_label, self.abstain_spin),
        ):
            votes.addWidget(label)
            votes.addWidget(spin)
        form = QFormLayout(self.form_box)
        form.addRow(self.outcome_label, self.outcome_combo)
        form.addRow(self.votes_box, votes)
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
        self.setWidget(content)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())

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
        current = self.selected_row()
        self.state = state
        self.model.set_rows(state.rows)
        if current is not None:
            self.select_amendment(current.id)
        elif state.rows:
            first_open = next((r for r in state.rows if r.open), state.rows[0])
            self.select_amendment(first_open.id)
        self._show_selected()

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


# -- the feature ----------------------------------------------------------------------------------


class CouncilFeature:
    """Council menu and dock: decisions, adoptions in order, adopted versions."""

    MENU = "council"

    def __init__(self, window) -> None:
        self.window = window
        self.panel = CouncilPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.menu = window.feature_menu(self.MENU)
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setShortcut(QKeySequence("Ctrl+Alt+C"))
        self.decide_action = self._action("Ctrl+Alt+D", self.focus_decision)
        self.batch_action = self._action("Ctrl+Alt+B", self.open_batch)
        self.version_action = self._action("Ctrl+Alt+V", self.open_adopt_version)
        window.addAction(self.panel_action)
        for action in (self.panel_action, self.decide_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.batch_action)
        self.menu.addAction(self.version_action)
        self.dialog: QDialog | None = None
        self.loader = Worker(window)
        self.loader.done.connect(self.panel.set_state)
        self.loader.failed.connect(self._load_failed)
        self.loader.busy_changed.connect(self._busy)
        self.versions_loader = Worker(window)
        self.versions_loader.done.connect(self.panel.versions_model.set_versions)
        self.versions_loader.failed.connect(self._load_failed)
        self.versions_loader.busy_changed.connect(self._busy)
        self.version_worker = Worker(window)
        self.version_worker.done.connect(self._version_adopted)
        self.version_worker.failed.connect(self._version_failed)
        self.version_worker.busy_changed.connect(self._busy)
        self.panel.decide_button.clicked.connect(self.record_decision)
        self.panel.batch_button.clicked.connect(self.open_batch)
        self.panel.version_button.clicked.connect(self.open_adopt_version)
        events = window.events
        events.opened.connect(lambda _doc: self.refresh())
        events.closed.connect(self._closed)
        events.saved.connect(lambda _sha: self.refresh())
        events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def _action(self, shortcut: str, slot) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("C&ouncil"))
        self.panel_action.setText(_("Council &panel"))
        self.decide_action.setText(_("&Record a decision…"))
        self.batch_action.setText(_("Adopt &several amendments, in order…"))
        self.version_action.setText(_("Adopt this &version…"))
        self.panel.retranslate()

    # -- state ----------

    @property
    def writable(self) -> bool:
        document = self.window.document
        return document is not None and not document.read_only

    def _update_actions(self) -> None:
        has = self.window.document is not None
        for action in (self.decide_action, self.batch_action, self.version_action):
            action.setEnabled(self.writable)
        self.panel_action.setEnabled(has)
        for widget in (self.panel.form_box, self.panel.batch_button, self.panel.version_button):
            widget.setEnabled(self.writable)

    def _busy(self, _busy: bool = False) -> None:
        busy = self.loader.busy or self.versions_loader.busy or self.version_worker.busy
        self.panel.busy_label.setText(_("Reading the amendments and versions…") if busy else "")

    @property
    def busy(self) -> bool:
        return self.loader.busy or self.versions_loader.busy or self.version_worker.busy

    def refresh(self) -> None:
        """Read the amendments and versions again, off the UI thread."""
        self._update_actions()
        document = self.window.document
        if document is None:
            return
        path = document.path
        self.loader.submit(lambda: load_council(path))
        self.versions_loader.submit(lambda: load_versions(path))

    def _closed(self) -> None:
        self.loader.cancel()
        self.versions_loader.cancel()
        self.panel.set_state(CouncilState((), False))
        self.panel.versions_model.set_versions([])
        self.panel.hide()
        self._update_actions()

    def _load_failed(self, error: object) -> None:
        self._show_error(error)

    def _show_error(self, error: object) -> None:
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.window.context.interaction.show_error(self.window, error)

    def _author(self) -> str | None:
        author = self.window.current_participant()
        if author is None:
            self._show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Choose the person recording the council’s decisions, then try again."),
                )
            )
        return author

    def _labels(self) -> dict[str, str]:
        return {row.id: row.label for row in self.panel.state.rows}

    def _committed(self, message: str) -> None:
        self.window.reload_from_disk()
        self.window.statusBar().showMessage(message, 8000)
        self.refresh()

    # -- decisions ----------

    def focus_decision(self) -> None:
        if self.window.document is None:
            return
        self.panel.show()
        self.panel.raise_()
        self.panel.outcome_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def record_decision(self) -> None:
        """Record the decision of the form on the selected amendment (one commit)."""
        from charter_app.storage.versions import Council

        row = self.panel.selected_row()
        document = self.window.document
        if row is None or document is None or not self.writable:
            return
        author = self._author()
        if author is None:
            return
        outcome, votes, ref, when = self.panel.decision_values()
        try:
            decision = make_decision(outcome, votes, ref, when)
        except CharterError as error:
            self._show_error(error)
            return
        if not self.window.confirm_no_unsaved():
            return
        try:
            sha, record = Council(document.repository).decide(row.id, decision, author)
        except AdoptionConflictError as error:
            self.show_conflict(error)
            return
        except CharterError as error:
            self._show_error(error)
            return
        self._committed(
            _("Amendment {number}: {outcome} (commit {sha}).").format(
                number=record.label,
                outcome=_(OUTCOME_LABELS[decision.outcome])
                + (f" {decision.votes}" if decision.votes else ""),
                sha=sha[:8],
            )
        )

    def show_conflict(self, error: AdoptionConflictError) -> None:
        dialog = ConflictDialog(error, self._labels(), self.window)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: the window keeps drawing, tests keep control."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    # -- adopting several ----------

    def open_batch(self) -> None:
        document = self.window.document
        if document is None or not self.writable:
            return
        author = self._author()
        if author is None or not self.window.confirm_no_unsaved():
            return
        open_rows = [row for row in self.panel.state.rows if row.open]
        if not open_rows:
            self.window.statusBar().showMessage(_("No registered amendment is waiting."), 6000)
        dialog = BatchDialog(document.path, open_rows, author, self.window)
        dialog.accepted.connect(lambda: self._adopt_batch(dialog))
        self._open(dialog)

    def _adopt_batch(self, dialog: BatchDialog) -> None:
        from charter_app.storage.versions import Council

        document = self.window.document
        if document is None:
            return
        ref, when = dialog.values()
        try:
            decision = make_decision(Outcome.ADOPTED, None, ref, when)
            adoption = Council(document.repository).adopt(
                [(amendment_id, decision) for amendment_id in dialog.selection()], dialog.by
            )
        except AdoptionConflictError as error:
            self.show_conflict(error)
            return
        except CharterError as error:
            self._show_error(error)
            return
        self._committed(
            _("Adopted {numbers} in one commit ({sha}).").format(
                numbers=", ".join(adoption.adopted), sha=(adoption.commit or "")[:8]
            )
        )

    # -- adopted versions ----------

    def open_adopt_version(self) -> None:
        document = self.window.document
        if document is None or not self.writable:
            return
        if self._author() is None or not self.window.confirm_no_unsaved():
            return
        suggested = next_version_name(self.panel.versions_model.versions())
        dialog = AdoptVersionDialog(suggested, self.panel.state.signing, self.window)
        dialog.accepted.connect(lambda: self._adopt_version(dialog))
        self._open(dialog)

    def _adopt_version(self, dialog: AdoptVersionDialog) -> None:
        document = self.window.document
        author = self.window.current_participant()
        if document is None or author is None:
            return
        name, ref, when, renumber, sign = dialog.values()
        path = document.path
        self.window.statusBar().showMessage(
            _("Adopting version {name}…").format(name=name)
            + (" " + _("Your signing program may ask for your passphrase.") if sign else "")
        )
        self.version_worker.submit(
            lambda: adopt_version_in(path, name, author, ref, when, renumber, sign)
        )

    def _version_adopted(self, version: Version) -> None:
        self._committed(
            _("Version {name} adopted on commit {sha}.").format(
                name=version.name, sha=version.commit[:8]
            )
        )

    def _version_failed(self, error: object) -> None:
        self.window.statusBar().clearMessage()
        self._show_error(error)
