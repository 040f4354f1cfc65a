"""The main window's save bar and “Who is writing?”: pending changes, participants, commit."""

from __future__ import annotations

from charter_app.core.participants import choice_label
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.ui import commands
from charter_app.ui.window_base import WindowMixinBase


class WindowSavingMixin(WindowMixinBase):
    """Commits the pending changes of ``MainWindow`` in the name of the chosen participant."""

    # -- participants ----------

    def _fill_participants(self) -> None:
        self.who_combo.blockSignals(True)
        self.who_combo.clear()
        if self.document is None:
            self.who_combo.setEnabled(False)
            self.who_combo.blockSignals(False)
            return
        self.who_combo.setEnabled(not self.document.read_only)
        participants = self.document.charter.active_participants
        if not participants:
            self.who_combo.addItem(_("Nobody yet: add a participant"), "")
        for participant in participants:
            self.who_combo.addItem(choice_label(participant), participant.id)
        remembered = self.context.participant_for(str(self.document.path))
        row = self.who_combo.findData(remembered) if remembered else -1
        self.who_combo.setCurrentIndex(max(0, row))
        self.who_combo.blockSignals(False)
        self.who_combo.setToolTip(self.who_combo.currentText())

    def _participant_chosen(self, row: int) -> None:
        participant_id = self.who_combo.itemData(row)
        if self.document is not None and participant_id:
            self.context.set_participant_for(str(self.document.path), participant_id)

    def current_participant(self) -> str | None:
        value = self.who_combo.currentData()
        return str(value) if value else None

    def writer(self, hint: str | None = None) -> str | None:
        """Who is writing, or None after saying plainly that nobody is chosen (``hint``: what
        to do, when adding a participant is not it)."""
        author = self.current_participant()
        if author is None:
            self.show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    hint or _("Add a participant (Ctrl+Shift+P), then try again."),
                )
            )
        return author

    def add_participant(self) -> None:
        if self.document is None or self.document.read_only:
            return
        from charter_app.ui.dialogs import AddParticipantDialog

        dialog = AddParticipantDialog(self)
        if dialog.exec() != AddParticipantDialog.Accepted:
            return
        name, role, organisation = dialog.values()
        self.create_participant(name, role, organisation)

    def create_participant(self, name: str, role: str, organisation: str = "") -> str | None:
        """Register a participant at once (other edits stay pending); their id, or None."""
        from charter_app.application.participants import register_participant

        written = self.operations.run_now(
            lambda session: register_participant(session, name, role, organisation)
        )
        if written is None or self.document is None:
            return None
        participant = written.value
        self.context.set_participant_for(str(self.document.path), participant.id)
        self._fill_participants()
        self.statusBar().showMessage(
            _("{name} can now write: chosen in “Who is writing?”.").format(name=participant.name),
            6000,
        )
        self._update_title()
        return participant.id

    # -- saving ----------

    def _pending_summaries(self) -> list[str]:
        stack = self.undo_stack
        clean, index = stack.cleanIndex(), stack.index()
        if clean < 0 or clean > index:
            return []
        return [
            command.summary
            for i in range(clean, index)
            if isinstance(command := stack.command(i), commands.CharterCommand)
        ]

    def _refresh_message(self) -> None:
        if self.document is None or self._message_touched:
            return
        if not self.document.is_modified:
            self.message_edit.clear()
            return
        pending = self.document.pending(self._pending_summaries())
        self.message_edit.setText(pending.change.summary)

    def save(self) -> bool:
        """Commit every pending change in one commit; False (and a dialog) if it failed."""
        document = self.document
        if document is None or document.read_only:
            return False
        if not document.is_modified:
            self.statusBar().showMessage(_("Nothing to save: everything is already saved."), 4000)
            return True
        pending = document.pending(self._pending_summaries())
        author = self.writer(_("Add a participant (Ctrl+Shift+P), then save again."))
        if author is None:
            return False
        message = " ".join(self.message_edit.text().split()) or pending.change.summary
        charter, change, base = document.charter, pending.change, document.base
        written = self.operations.run_now(
            lambda session: _save_charter(session, author, charter, change, base, message),
            label=_("Saving…"),
        )
        if written is None:
            return False
        commit = written.value
        document.mark_saved(commit)
        self.undo_stack.setClean()
        self._clear_journal()
        self._message_touched = False
        self.message_edit.clear()
        self._update_title()
        self.statusBar().showMessage(_("Saved: {message}").format(message=message), 6000)
        return True


def _save_charter(session, *args):
    """``application.principles.save_charter``, imported when the first save runs (in the
    writer's thread), not before the window's first paint."""
    from charter_app.application.principles import save_charter

    return save_charter(session, *args)
