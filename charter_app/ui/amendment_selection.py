"""The selected amendment in the dock: finding it, and showing its state, diff and texts."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAccessible

from charter_app.core.amendment_state import STATUS_LABELS, AmendmentStatus, people_label
from charter_app.core.amendments import TEXT_STATE_LABELS
from charter_app.i18n import _
from charter_app.ui.amendment_models import ID_ROLE, AmendmentRow, state_icon
from charter_app.ui.amendment_texts import BASE_TO_PROPOSED, diff_texts, thread_text


class AmendmentSelectionMixin:
    """Part of :class:`~charter_app.ui.amendments_dock.AmendmentsPanel`: the selected
    amendment, its buttons, state, diff, exposé des motifs and discussion."""

    def current_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        return str(index.data(ID_ROLE)) if index.isValid() else None

    def current_row(self) -> AmendmentRow | None:
        amendment_id = self.current_id()
        row = self.model.row_of(amendment_id) if amendment_id else -1
        return self.model.row(row)

    def select_amendment(self, amendment_id: str) -> bool:
        row = self.model.row_of(amendment_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
        if index is None or not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        )
        return True

    def _current_changed(self, *_args: object) -> None:
        self._show_current()

    def _show_current(self) -> None:
        row = self.current_row()
        self.register_button.setEnabled(
            row is not None and row.record.status is AmendmentStatus.DRAFT
        )
        self.withdraw_button.setEnabled(
            row is not None
            and row.record.status in (AmendmentStatus.DRAFT, AmendmentStatus.REGISTERED)
        )
        if row is None or self.snapshot is None:
            self.state_label.setText(_("No amendment selected."))
            self.state_icon.clear()
            self.rationale_text.clear()
            self.discussion_text.clear()
            self.diff.show_message(_("Select an amendment to see its changes."))
            return
        assessment = row.assessment
        state = _(TEXT_STATE_LABELS[assessment.state])
        number = people_label(row.record, row.author_name)
        status = _(STATUS_LABELS[row.record.status])
        if row.record.status in (AmendmentStatus.DRAFT, AmendmentStatus.REGISTERED):
            text = _("{number} — {status}; against the current text: {state}.").format(
                number=number, status=status, state=state
            )
            if assessment.reason:
                text += " " + assessment.reason
        else:  # decided or withdrawn: how it would apply now no longer matters
            text = _("{number} — {status}.").format(number=number, status=status)
        self.state_label.setText(text)
        self.state_label.setAccessibleName(text)
        self.state_icon.setPixmap(state_icon(assessment.state).pixmap(20, 20))
        self.state_icon.setAccessibleName(state)
        self.rationale_text.setPlainText(row.record.amendment.rationale)
        self.discussion_text.setPlainText(
            thread_text(self.snapshot.threads.get(row.id, []), self.snapshot.charter)
        )
        self._show_diff()

    def _show_diff(self) -> None:
        row = self.current_row()
        if row is None or self.snapshot is None:
            return
        texts = diff_texts(self.snapshot, row.id, self.mode_combo.currentData() or BASE_TO_PROPOSED)
        if isinstance(texts, str):
            self.diff.show_message(texts)
        else:
            self.diff.set_texts(*texts)

    def open_diff(self) -> None:
        """Show the selected amendment's changes and put the keyboard there."""
        if self.current_row() is None:
            return
        self.tabs.setCurrentIndex(0)
        # With a screen reader running, the changes written out in words; else the columns.
        target = self.diff.changes_text if QAccessible.isActive() else self.diff.primary_column()
        target.setFocus(Qt.ShortcutFocusReason)

    def show_amendment(self, amendment_id: str) -> bool:
        """Select ``amendment_id`` whatever the filters (they are cleared if they hide it)."""
        if self.select_amendment(amendment_id):
            return True
        for combo in (self.principle_filter, self.author_filter, self.status_filter,
                      self.state_filter):  # fmt: skip
            row = combo.findData(None)
            combo.setCurrentIndex(row if row >= 0 else 0)
        return self.select_amendment(amendment_id)

    def set_list_shown(self, shown: bool) -> None:
        """Show the filters and the list (hidden where the council's list is beside it)."""
        self.splitter.widget(0).setVisible(shown)

    def focus_list(self) -> None:
        workspaces = getattr(self.parentWidget(), "workspaces", None)
        if workspaces is not None:
            workspaces.open_dock(self)  # the council's workspace, where it lives
        else:
            self.show()
            self.raise_()
        self.table.setFocus(Qt.ShortcutFocusReason)
