"""The main window's editing controller: undoable commands on the open charter."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel

from charter_app.core.operations import Change
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui import commands
from charter_app.ui.window_base import WindowMixinBase


class WindowEditingMixin(WindowMixinBase):
    """Pushes the edits of ``MainWindow`` on its undo stack and follows the document."""

    def land(self, landed, from_elsewhere: bool = False) -> None:
        """Take in a write (made here through ``self.operations``, or elsewhere): the saved
        charter when its text or participants changed, with the unsaved edits kept on top;
        then every feature hears of it (``events.written``, and ``events.saved``)."""
        document = self.document
        if document is None:
            return
        written = landed.written
        if landed.charter is not None:
            had_edits = document.is_modified
            change = document.take_saved(landed.charter, landed.head)
            if not change.is_empty:
                # Undo steps hold whole charters from before the write: undoing one would
                # hide it.
                self.undo_stack.clear()
            self._fill_participants()
            self.history.refresh(document.charter)
            self._update_title()
            if from_elsewhere:
                self.statusBar().showMessage(
                    _("Changes made elsewhere were brought in; your unsaved edits are kept.")
                    if had_edits
                    else _("Changes made elsewhere were brought in."),
                    8000,
                )
        else:
            document.base = landed.head
        self.events.written.emit(written)
        self.events.saved.emit(written.commit or "")

    def reload_from_disk(self) -> None:
        """Show the saved charter as it is on disk now, keeping the unsaved edits."""
        document = self.document
        if document is None:
            return
        from charter_app.application.written import Written
        from charter_app.ui.operations import Landed

        repository = document.repository
        self.land(Landed(Written(None), repository.load(), repository.git.head()))

    def confirm_no_unsaved(self) -> bool:
        """True when there is nothing unsaved, or the user saved it now."""
        if self.document is None or not self.document.is_modified:
            return True
        return self.save()

    def push_command(self, command: commands.CharterCommand) -> bool:
        """Run a feature's undoable command on the open charter (see :meth:`_push`)."""
        return self._push(command)

    def _push(self, command: commands.CharterCommand) -> bool:
        """Run a command's operation now (errors reach the person), then push it for undo."""
        try:
            if not command.prepare():
                return False
        except CharterError as error:
            self._show_error(error)
            return False
        commands.push(self.undo_stack, command)
        return True

    def _principle_edited(self, principle_id: str, field: str, value: object) -> None:
        if self.document is not None and not self.document.read_only:
            self._push(commands.EditPrincipleCommand(self.document, principle_id, field, value))

    def _charter_edited(self, field: str, value: str) -> None:
        if self.document is not None and not self.document.read_only:
            self._push(commands.EditCharterCommand(self.document, field, value))

    def _document_changed(self, change: Change) -> None:
        document = self.document
        assert document is not None
        charter = document.charter
        self.model.set_principles(charter.principles, charter.sections)
        if self._selected_id is not None and charter.principle(self._selected_id) is None:
            self.select_principle(charter.principles[0].id if charter.principles else None)
        elif self._selected_id is None:
            self.charter_editor.show_charter(charter)
            self.preview.request(charter.preamble)
        else:
            principle = charter.principle(self._selected_id)
            assert principle is not None
            self.principle_editor.update_from(principle)
            self.preview.request(principle.body)
            row = self.model.row_of(principle.id)
            current = self.table.selectionModel().currentIndex()
            if current.row() != row:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 1),
                    QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows,
                )
        if change.participants:
            self._fill_participants()
        self._update_title()
        self._update_actions()
        self.message_timer.start()
        self.reading_timer.start()
        if document.is_modified and not self.journal_timer.isActive():
            self.journal_timer.start()

    def add_principle(self) -> None:
        if self.document is None or self.document.read_only:
            return
        from charter_app.ui.workspaces import WRITE

        self.workspaces.show(WRITE)
        command = commands.AddPrincipleCommand(self.document, _("New principle"), self._selected_id)
        if self._push(command) and command.added_id:
            self.select_principle(command.added_id)
            self.principle_editor.title_edit.setFocus()
            self.principle_editor.title_edit.selectAll()

    def remove_principle(self) -> None:
        if self.document is None or self.document.read_only or self._selected_id is None:
            return
        self._push(commands.RemovePrincipleCommand(self.document, self._selected_id))

    def move_selected(self, step: int) -> None:
        """Move the selected principle one place up (-1) or down (+1)."""
        if self.document is None or self.document.read_only or self._selected_id is None:
            return
        ids = [p.id for p in self.document.charter.principles]
        row = ids.index(self._selected_id)
        target = row + step
        if not 0 <= target < len(ids):
            return
        others = [pid for pid in ids if pid != self._selected_id]
        after_id = others[target - 1] if target > 0 else None
        self._push(commands.MovePrincipleCommand(self.document, self._selected_id, after_id))

    def _drop_move(
        self, principle_id: str, after_id: str | None, section_id: str | None = None
    ) -> None:
        if self.document is None or self.document.read_only:
            return
        command = commands.MovePrincipleCommand(self.document, principle_id, after_id, section_id)
        if self._push(command):
            self.select_principle(principle_id)
