"""Conflicts left by a sync: this laptop's text and the other one's side by side, and an editable
result where each conflicting passage is either chosen (mine, theirs, both) or left marked for
editing by hand. Nothing is lost: both texts stay on screen until the result is used.

"Use this result" settles one conflict (``storage.sync.resolve_conflict``); when none is left,
the storage commits the merge (two parents) and the window reloads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.merging import Conflict, PrincipleConflict
from charter_app.diffing.merge3 import Conflict as Region
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.ui.editor import set_accessible

MINE, THEIRS, MINE_THEN_THEIRS, THEIRS_THEN_MINE, MARKED = range(5)
MARK_START, MARK_MIDDLE, MARK_END = "<<<<<<<", "=======", ">>>>>>>"


def merge_segments(base: str, mine: str, theirs: str) -> list[str | Region]:
    """The 3-way merge of :func:`charter_app.diffing.merge3.merge3`, in reading order: merged
    paragraphs as text, conflicting ones as regions (merge3 gives the regions, not their place).

    Adapter over merge3's own paragraph walk, so both always agree; a public
    ``merge3_segments`` in ``diffing/merge3.py`` would be the better home.
    """
    from charter_app.diffing.merge3 import _merge, _merge_paragraph

    base_lines, my_lines, their_lines = base.split("\n"), mine.split("\n"), theirs.split("\n")
    segments: list[str | Region] = []
    for group, piece in _merge(base_lines, my_lines, their_lines, strict=False):
        if piece is not None:
            segments.extend(piece)
            continue
        start, end, my_version, their_version = group
        if end - start == len(my_version) == len(their_version):
            for k in range(end - start):
                line = _merge_paragraph(base_lines[start + k], my_version[k], their_version[k])
                segments.append(
                    line
                    if line is not None
                    else Region(base_lines[start + k], my_version[k], their_version[k])
                )
        else:
            segments.append(
                Region(
                    "\n".join(base_lines[start:end]),
                    "\n".join(my_version),
                    "\n".join(their_version),
                )
            )
    return segments


def build_result(segments: list[str | Region], choices: list[int]) -> str:
    """The result text for a choice per region (in order)."""
    lines: list[str] = []
    k = 0
    for segment in segments:
        if isinstance(segment, str):
            lines.append(segment)
            continue
        choice = choices[k] if k < len(choices) else MARKED
        k += 1
        mine, theirs = segment.ours, segment.theirs
        if choice == MINE:
            chosen = [mine]
        elif choice == THEIRS:
            chosen = [theirs]
        elif choice == MINE_THEN_THEIRS:
            chosen = [mine, theirs]
        elif choice == THEIRS_THEN_MINE:
            chosen = [theirs, mine]
        else:
            chosen = [
                f"{MARK_START} " + _("this laptop"),
                mine,
                MARK_MIDDLE,
                theirs,
                f"{MARK_END} " + _("the other laptop"),
            ]
        lines.extend(part for part in chosen if part or choice == MARKED)
    return "\n".join(lines)


def has_marks(text: str) -> bool:
    return any(
        line.startswith((MARK_START, MARK_END)) or line.strip() == MARK_MIDDLE
        for line in text.split("\n")
    )


def raw_text(edit: QPlainTextEdit) -> str:
    """The exact text: unlike ``toPlainText`` it keeps no-break spaces (French « : »)."""
    return edit.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")


def conflict_name(conflict: Conflict) -> str:
    if isinstance(conflict, PrincipleConflict):
        principle = conflict.mine or conflict.theirs
        assert principle is not None
        return f"{principle.number}. {principle.title}"
    return conflict.path


def _texts(conflict: Conflict) -> tuple[str, str, str]:
    if isinstance(conflict, PrincipleConflict):

        def body(principle: Any) -> str:
            return "" if principle is None else str(principle.body)

        return body(conflict.base), body(conflict.mine), body(conflict.theirs)
    return conflict.base, conflict.mine, conflict.theirs


class _Pending:
    """One conflict on screen: its regions, the choices made, and the result as edited."""

    def __init__(self, conflict: Conflict) -> None:
        self.conflict = conflict
        self.segments = merge_segments(*_texts(conflict))
        self.regions = [s for s in self.segments if isinstance(s, Region)]
        self.choices = [MARKED] * len(self.regions)
        self.result = build_result(self.segments, self.choices)
        if not self.regions and isinstance(conflict, PrincipleConflict):
            self.result = conflict.merged.body  # only the title (or status) conflicts
        self.title = ""
        if isinstance(conflict, PrincipleConflict):
            self.title = conflict.merged.title


class ConflictView(QWidget):
    """A window (not modal) listing the conflicts waiting, one side by side at a time."""

    resolved = Signal(object)
    """The SyncResult of the last resolution (``conflicts`` empty: the merge is committed)."""
    abandoned = Signal()

    def __init__(self, window: Any, conflicts: tuple[Conflict, ...]) -> None:
        super().__init__(window, Qt.Window)
        self.main_window = window
        self.setObjectName("conflictView")
        self.pending: list[_Pending] = []
        self.current: _Pending | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list_label = QLabel()
        self.list_label.setBuddy(self.list)
        self.mine_label, self.theirs_label, self.result_label = QLabel(), QLabel(), QLabel()
        self.mine_text, self.theirs_text = QPlainTextEdit(), QPlainTextEdit()
        for widget, label in (
            (self.mine_text, self.mine_label),
            (self.theirs_text, self.theirs_label),
        ):
            widget.setReadOnly(True)
            widget.setTabChangesFocus(True)
            label.setBuddy(widget)
        self.result_text = QPlainTextEdit()
        self.result_text.setTabChangesFocus(True)
        self.result_label.setBuddy(self.result_text)
        self.title_label = QLabel()
        self.title_edit = QLineEdit()
        self.title_label.setBuddy(self.title_edit)
        self.theirs_title = QLabel()
        self.theirs_title.setWordWrap(True)
        self.regions_box = QGroupBox()
        self.regions_layout = QFormLayout(self.regions_box)
        self.region_combos: list[QComboBox] = []
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.use_button = QPushButton()
        self.delete_button = QPushButton()
        self.delete_button.hide()
        self.abandon_button = QPushButton()
        self.close_button = QPushButton()

        sides = QSplitter(Qt.Horizontal)
        for label, widget in (
            (self.mine_label, self.mine_text),
            (self.theirs_label, self.theirs_text),
            (self.result_label, self.result_text),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(label)
            box_layout.addWidget(widget, 1)
            sides.addWidget(box)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list_label)
        left_layout.addWidget(self.list, 1)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title_label)
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.theirs_title, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(title_row)
        right_layout.addWidget(self.regions_box)
        right_layout.addWidget(sides, 1)
        right_layout.addWidget(self.note)
        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.abandon_button)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self._resolving = False
        self.list.currentRowChanged.connect(self._show)
        self.use_button.clicked.connect(lambda: self.use_result())
        self.delete_button.clicked.connect(self.delete_principle)
        self.abandon_button.clicked.connect(self.abandon)
        self.close_button.clicked.connect(self.close)
        self.result_text.textChanged.connect(self._result_edited)
        self.title_edit.textEdited.connect(self._title_edited)
        use = QAction(self)
        use.setShortcut(QKeySequence("Ctrl+Return"))
        use.triggered.connect(lambda: self.use_result())
        self.addAction(use)
        self.resize(1200, 700)
        self.set_conflicts(conflicts)
        self.retranslate()

    @property
    def busy(self) -> bool:
        return self._resolving

    def retranslate(self) -> None:
        self.setWindowTitle(_("Resolve the sync’s conflicts — Charter Studio"))
        self.list_label.setText(_("&Conflicts waiting"))
        self.mine_label.setText(_("On &this laptop (kept, read-only)"))
        self.theirs_label.setText(_("On the &other laptop (kept, read-only)"))
        self.result_label.setText(_("&Result (editable)"))
        self.title_label.setText(_("T&itle:"))
        self.regions_box.setTitle(_("Passages written differently on both laptops"))
        self.use_button.setText(_("&Use this result (Ctrl+Enter)"))
        self.delete_button.setText(_("&Delete the principle"))
        self.abandon_button.setText(_("&Abandon this sync"))
        self.close_button.setText(_("C&lose (decide later)"))
        self.note.setText(
            _(
                "Lines between “<<<<<<<” and “>>>>>>>” still hold both versions: choose one "
                "above, or edit the result and remove the marks. Nothing changes in the "
                "charter until every conflict is resolved."
            )
        )
        named = (
            (
                self.list,
                _("Conflicts waiting"),
                _("Each principle or file changed on both laptops."),
            ),
            (self.mine_text, _("Text on this laptop"), _("This laptop’s version, read-only.")),
            (
                self.theirs_text,
                _("Text on the other laptop"),
                _("The other laptop’s version, read-only."),
            ),
            (self.result_text, _("Result"), _("The text that will be kept; you can edit it.")),
            (self.title_edit, _("Title"), _("The title that will be kept.")),
            (
                self.use_button,
                _("Use this result"),
                _("Keep the result for this conflict (Ctrl+Enter)."),
            ),
            (
                self.delete_button,
                _("Delete the principle"),
                _(
                    "Accept the deletion made on one laptop; the other laptop’s wording stays "
                    "in the history."
                ),
            ),
            (
                self.abandon_button,
                _("Abandon this sync"),
                _("Forget the received changes waiting here; the charter stays as it is."),
            ),
            (self.close_button, _("Close"), _("Close this window; the conflicts keep waiting.")),
        )
        for widget, name, description in named:
            set_accessible(widget, name, description)
        self._fill_region_combos()
        self._update_intro()

    def set_conflicts(self, conflicts: tuple[Conflict, ...]) -> None:
        kept = {self._key(p.conflict): p for p in self.pending}
        self.pending = [kept.get(self._key(c)) or _Pending(c) for c in conflicts]
        self.list.blockSignals(True)
        self.list.clear()
        for pending in self.pending:
            item = QListWidgetItem(conflict_name(pending.conflict))
            conflict = pending.conflict
            if isinstance(conflict, PrincipleConflict):
                item.setToolTip(_("Conflicting: {what}").format(what=", ".join(conflict.fields)))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self.pending else -1)
        self._show(self.list.currentRow())
        self._update_intro()

    @staticmethod
    def _key(conflict: Conflict) -> str:
        return conflict.principle_id if isinstance(conflict, PrincipleConflict) else conflict.path

    def _update_intro(self) -> None:
        count = len(self.pending)
        self.intro.setText(
            ngettext(
                "{count} text was changed differently on both laptops. Choose what to keep for "
                "it; the sync is committed once every conflict is resolved.",
                "{count} texts were changed differently on both laptops. Choose what to keep "
                "for each; the sync is committed once every conflict is resolved.",
                count,
            ).format(count=count)
        )

    def _show(self, row: int) -> None:
        self.current = self.pending[row] if 0 <= row < len(self.pending) else None
        pending = self.current
        if pending is None:
            for widget in (self.mine_text, self.theirs_text, self.result_text):
                widget.clear()
            self._fill_region_combos()
            self.use_button.setEnabled(False)
            self.delete_button.hide()
            return
        self.use_button.setEnabled(True)
        conflict = pending.conflict
        self.delete_button.setVisible(_deleted_on_one_side(conflict))
        _base, mine, theirs = _texts(conflict)
        deleted = _("(deleted on this laptop)"), _("(deleted on the other laptop)")
        is_principle = isinstance(conflict, PrincipleConflict)
        self.mine_text.setPlainText(
            deleted[0] if is_principle and conflict.mine is None else mine  # type: ignore[union-attr]
        )
        self.theirs_text.setPlainText(
            deleted[1] if is_principle and conflict.theirs is None else theirs  # type: ignore[union-attr]
        )
        self.result_text.blockSignals(True)
        self.result_text.setPlainText(pending.result)
        self.result_text.blockSignals(False)
        title_conflict = is_principle and "title" in conflict.fields  # type: ignore[union-attr]
        for widget in (self.title_label, self.title_edit, self.theirs_title):
            widget.setVisible(title_conflict)
        if title_conflict:
            assert isinstance(conflict, PrincipleConflict) and conflict.theirs is not None
            self.title_edit.setText(pending.title)
            self.theirs_title.setText(
                _("Other laptop’s title: {title}").format(title=conflict.theirs.title)
            )
        self._fill_region_combos()

    def _fill_region_combos(self) -> None:
        while self.regions_layout.rowCount():
            self.regions_layout.removeRow(0)
        self.region_combos = []
        pending = self.current
        regions = pending.regions if pending else []
        self.regions_box.setVisible(bool(regions))
        for k, region in enumerate(regions):
            combo = QComboBox()
            for text in (
                _("Keep this laptop’s passage"),
                _("Keep the other laptop’s passage"),
                _("Keep both, this laptop’s first"),
                _("Keep both, the other laptop’s first"),
                _("Keep both marked, to edit by hand"),
            ):
                combo.addItem(text)
            assert pending is not None
            combo.setCurrentIndex(pending.choices[k])
            label = _("Passage {number}:").format(number=k + 1)
            excerpt = " ".join((region.ours or region.theirs).split())[:80]
            set_accessible(
                combo,
                _("Passage {number}").format(number=k + 1),
                _("What to keep where the laptops differ: “{excerpt}…”").format(excerpt=excerpt),
            )
            combo.setToolTip(excerpt)
            combo.activated.connect(lambda choice, k=k: self.choose(k, choice))
            self.regions_layout.addRow(label, combo)
            self.region_combos.append(combo)

    def choose(self, region: int, choice: int) -> None:
        """Rebuild the result from the choices (the edit is undoable with Ctrl+Z)."""
        pending = self.current
        if pending is None or not 0 <= region < len(pending.choices):
            return
        pending.choices[region] = choice
        if self.region_combos and self.region_combos[region].currentIndex() != choice:
            self.region_combos[region].setCurrentIndex(choice)
        cursor = self.result_text.textCursor()
        cursor.select(QTextCursor.Document)
        cursor.insertText(build_result(pending.segments, pending.choices))

    def _result_edited(self) -> None:
        if self.current is not None:
            self.current.result = raw_text(self.result_text)

    def _title_edited(self, text: str) -> None:
        if self.current is not None:
            self.current.title = text

    # -- resolving ----------

    def delete_principle(self) -> None:
        """Settle a deleted-here, edited-there conflict (or the reverse) by deleting."""
        if self.current is not None and _deleted_on_one_side(self.current.conflict):
            self.use_result(delete=True)

    def use_result(self, delete: bool = False) -> None:
        pending = self.current
        window = self.main_window
        if pending is None or self._resolving:
            return
        text = pending.result
        if has_marks(text) and not delete:
            window.context.interaction.show_error(
                self,
                ValidationError(
                    _("The result still holds both versions of a passage."),
                    _("Choose what to keep for each passage, or remove the marked lines."),
                ),
            )
            return
        author = window.writer(_("Choose who is resolving the conflict, then try again."))
        if author is None:
            return
        conflict = pending.conflict
        target = self._key(conflict)
        title = None
        if isinstance(conflict, PrincipleConflict) and "title" in conflict.fields:
            title = pending.title.strip() or None
        from charter_app.application.sync import resolve_conflict

        self._set_resolving(True)
        window.operations.run(
            lambda session: resolve_conflict(
                session, author, target, text, title=title, delete=delete
            ),
            lambda written: self._resolved(written.value),
            failed=self._failed,
        )

    def _set_resolving(self, resolving: bool) -> None:
        self._resolving = resolving
        self.progress.setVisible(resolving)
        for button in (self.use_button, self.delete_button):
            button.setEnabled(not resolving)

    def _resolved(self, result: Any) -> None:
        self._set_resolving(False)
        self.set_conflicts(result.conflicts)
        self.resolved.emit(result)
        if not result.conflicts:
            self.close()

    def _failed(self, error: object) -> None:
        self._set_resolving(False)
        self.main_window.context.interaction.show_error(self, error)

    def abandon(self) -> None:
        from charter_app.application.sync import abandon_sync

        if self.main_window.operations.run_now(abandon_sync) is None:
            return
        self.pending = []
        self.abandoned.emit()
        self.close()


def _deleted_on_one_side(conflict: Conflict) -> bool:
    """A principle deleted on one laptop and changed on the other: deleting settles it."""
    return isinstance(conflict, PrincipleConflict) and "deleted" in conflict.fields
