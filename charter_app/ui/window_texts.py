"""The main window's visible texts: labels, tooltips, accessible names, title and banner."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from charter_app.i18n import _
from charter_app.ui.accessible import set_accessible
from charter_app.ui.window_base import WindowMixinBase


class WindowTextsMixin(WindowMixinBase):
    """Every text of ``MainWindow``, again in the current language on demand."""

    # -- texts ----------

    def retranslate(self) -> None:
        """Every visible text again, in the current language."""
        self.events.retranslate.emit()
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.view_menu.setTitle(_("&View"))
        self.recent_menu.setTitle(_("Open &recent"))
        texts = {
            self.new_action: _("&New charter…"),
            self.open_action: _("&Open…"),
            self.save_action: _("&Save"),
            self.close_action: _("&Close the charter"),
            self.quit_action: _("&Quit"),
            self.add_principle_action: _("&Add a principle"),
            self.remove_principle_action: _("&Remove the principle"),
            self.move_up_action: _("Move &up"),
            self.move_down_action: _("Move &down"),
            self.add_participant_action: _("Add &participant…"),
            self.preferences_action: _("&Preferences…"),
            self.bigger_action: _("&Bigger text"),
            self.smaller_action: _("&Smaller text"),
            self.normal_size_action: _("&Normal text size"),
            self.contrast_action: _("&High contrast"),
            self.history_action: _("&History of the selected principle"),
            self.focus_list_action: _("Go to the &list of principles"),
            self.focus_editor_action: _("Go to the &editor"),
        }
        for action, text in texts.items():
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{text.replace('&', '')} ({shortcut})" if shortcut else "")
        self._retranslate_undo()
        self.who_label.setText(_("&Who is writing? "))
        set_accessible(
            self.who_combo,
            _("Who is writing?"),
            _("The participant the saved changes are attributed to."),
        )
        self._retranslate_write_page()
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if button is not None and not action.isSeparator() and action.text():
                set_accessible(button, action.text().replace("&", ""), action.toolTip())
        self.welcome.retranslate()
        self.workspaces.retranslate()
        self.regions.retranslate()
        self.reading.retranslate()
        self._fill_participants()
        self._fill_recent()
        self._update_title()
        self._update_banner()
        self._refresh_message()
        self._update_actions()

    def _retranslate_write_page(self) -> None:
        """The texts of the Write workspace's page and the History dock (once they are built,
        after the window's first paint)."""
        if not self.write_page_built:
            return
        self.charter_button.setText(_("C&harter: title, territory, preamble"))
        self.list_label.setText(_("&Principles (Alt+Up / Alt+Down to reorder)"))
        self.add_button.setText(_("Add"))
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Up"))
        self.down_button.setText(_("Down"))
        self.preview_label.setText(_("Pre&view"))
        self.message_label.setText(_("Save &message:"))
        self.save_button.setText(_("Save (Ctrl+S)"))
        self.message_edit.setPlaceholderText(_("What changed, in a few words"))
        accessible = (
            (
                self.charter_button,
                _("Charter"),
                _("Edit the charter’s title, territory and preamble."),
            ),
            (
                self.table,
                _("Principles"),
                _("Number, title and status of each principle; Alt+Up and Alt+Down reorder."),
            ),
            (self.add_button, _("Add a principle"), _("Add a principle after the selected one.")),
            (self.remove_button, _("Remove the principle"), _("Remove the selected principle.")),
            (self.up_button, _("Move up"), _("Move the selected principle up (Alt+Up).")),
            (self.down_button, _("Move down"), _("Move the selected principle down (Alt+Down).")),
            (
                self.preview,
                _("Preview"),
                _("The text as it will be read; links open in the browser after confirmation."),
            ),
            (
                self.message_edit,
                _("Save message"),
                _("Describes the change in the history; filled in for you, you may edit it."),
            ),
            (self.save_button, _("Save"), _("Record every change now, with the message (Ctrl+S).")),
        )
        for widget, name, description in accessible:
            set_accessible(widget, name, description)
        set_accessible(
            self.table.horizontalHeader(),
            _("Columns of the list of principles"),
            _("Number, title and status."),
        )
        set_accessible(self.table.verticalHeader(), _("Rows"), _("One row per principle."))
        self.model.retranslate()
        self.table.fit_columns()
        self.charter_editor.retranslate()
        self.principle_editor.retranslate()
        self.history.retranslate()

    def _retranslate_undo(self) -> None:
        undo, redo = self.undo_stack.undoText(), self.undo_stack.redoText()
        self.undo_action.setText(_("&Undo {action}").format(action=undo) if undo else _("&Undo"))
        self.redo_action.setText(_("&Redo {action}").format(action=redo) if redo else _("&Redo"))
        for action in (self.undo_action, self.redo_action):
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            action.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                set_accessible(button, action.text().replace("&", ""), action.toolTip())

    def _update_title(self) -> None:
        if self.document is None:
            self.setWindowTitle(_("Charter Studio"))
            self.setWindowModified(False)
            return
        suffix = _(" (read-only)") if self.document.read_only else ""
        self.setWindowTitle(
            _("{title}[*]{suffix} — Charter Studio").format(
                title=self.document.charter.title, suffix=suffix
            )
        )
        self.setWindowModified(self.document.is_modified)

    def _update_banner(self) -> None:
        text = getattr(self, "_banner_text", "")
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _set_banner(self, text: str) -> None:
        self._banner_text = text
        self._update_banner()
