"""Adopting several amendments in the council's order, after a "what if" preview."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.decisions import AdoptionConflictError
from charter_app.i18n import _
from charter_app.ui.council_buttons import buttons
from charter_app.ui.council_models import ID_ROLE, AmendmentRow
from charter_app.ui.council_work import BatchPreview, preview_batch
from charter_app.ui.editor import set_accessible
from charter_app.ui.screen_fit import fit_dialog
from charter_app.ui.side_by_side_view import make_diff_view
from charter_app.ui.workers import Worker


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
        self.list_label.setWordWrap(True)  # 150 % text: two lines, not a dialog past the screen
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a long principle title on two lines, not cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
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
        changed_label.setWordWrap(True)
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

        self.buttons, self.adopt_button, cancel = buttons(
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
        fit_dialog(self, 1000, 620)  # within a small screen

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
