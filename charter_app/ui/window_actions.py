"""The main window's actions, menus, toolbar and preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton

from charter_app.ui.window_base import WindowMixinBase


class WindowActionsMixin(WindowMixinBase):
    """Builds the actions and menus of ``MainWindow`` and keeps them enabled as fits."""

    def _action(self, shortcut: QKeySequence | str | None, slot) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(QKeySequence.New, self.new_charter)
        self.open_action = self._action(QKeySequence.Open, self.choose_and_open)
        self.save_action = self._action(QKeySequence.Save, self.save)
        self.close_action = self._action(QKeySequence.Close, self.close_charter)
        self.quit_action = self._action("Ctrl+Q", self.close)
        self.undo_action = self._action(QKeySequence.Undo, self.undo_stack.undo)
        self.redo_action = self._action(QKeySequence.Redo, self.undo_stack.redo)
        self.add_principle_action = self._action("Ctrl+Shift+N", self.add_principle)
        self.remove_principle_action = self._action("Ctrl+Shift+Del", self.remove_principle)
        self.move_up_action = self._action("Alt+Up", lambda: self.move_selected(-1))
        self.move_down_action = self._action("Alt+Down", lambda: self.move_selected(+1))
        self.add_participant_action = self._action("Ctrl+Shift+P", self.add_participant)
        self.preferences_action = self._action("Ctrl+,", self.show_preferences)
        self.bigger_action = self._action("Ctrl+=", self.context.appearance.bigger)
        self.bigger_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.bigger_action.triggered.disconnect()
        self.bigger_action.triggered.connect(
            lambda: self.context.set_scale(self.context.appearance.scale + 0.1)
        )
        self.smaller_action = self._action(
            "Ctrl+-", lambda: self.context.set_scale(self.context.appearance.scale - 0.1)
        )
        self.normal_size_action = self._action("Ctrl+0", lambda: self.context.set_scale(1.0))
        self.contrast_action = self._action("Ctrl+Shift+H", self._toggle_contrast)
        self.contrast_action.setCheckable(True)
        self.focus_list_action = self._action("Ctrl+L", self._focus_list)
        self.focus_editor_action = self._action("Ctrl+E", self._focus_editor)
        self.history_action = self._action(
            "Ctrl+H", lambda: (self.ensure_write_page(), self.workspaces.open_dock(self.history))
        )
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        for action in (self.new_action, self.open_action):
            self.file_menu.addAction(action)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_action)
        self.file_menu.addAction(self.close_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.preferences_action)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        for action in (self.undo_action, self.redo_action):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        for action in (
            self.add_principle_action,
            self.remove_principle_action,
            self.move_up_action,
            self.move_down_action,
        ):
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.add_participant_action)
        self.view_menu = bar.addMenu("")
        for action in (
            self.bigger_action,
            self.smaller_action,
            self.normal_size_action,
            self.contrast_action,
        ):
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for action in self.workspaces.actions.values():
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.regions.next_action)
        self.view_menu.addAction(self.regions.previous_action)
        self.view_menu.addAction(self.history_action)
        self.view_menu.addAction(self.focus_list_action)
        self.view_menu.addAction(self.focus_editor_action)

        self.toolbar.addAction(self.save_action)
        self.toolbar.addAction(self.undo_action)
        self.toolbar.addAction(self.redo_action)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.who_label)
        self.toolbar.addWidget(self.who_combo)
        self.toolbar.addAction(self.add_participant_action)
        for action in self.toolbar.actions():
            button = self.toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable with the keyboard

    def feature_menu(self, key: str) -> QMenu:
        """The menu ``key`` of the features (created after View the first time); features set
        its title in their own ``retranslate``."""
        menu = self._feature_menus.get(key)
        if menu is None:
            menu = self.menuBar().addMenu("")
            menu.setObjectName(f"{key}Menu")
            self._feature_menus[key] = menu
        return menu

    # -- preferences and appearance ----------

    def show_preferences(self) -> None:
        from charter_app.ui.dialogs import PreferencesDialog

        appearance = self.context.appearance
        dialog = PreferencesDialog(
            self.context.language, appearance.high_contrast, appearance.scale, self
        )
        if dialog.exec() != PreferencesDialog.Accepted:
            return
        self.apply_preferences(dialog.language, dialog.high_contrast, dialog.scale)

    def apply_preferences(self, language: str, high_contrast: bool, scale: float) -> None:
        width = self.width()
        if language != self.context.language:
            self.context.set_language(language)
            self.retranslate()
        self.context.set_high_contrast(high_contrast)
        self.contrast_action.setChecked(high_contrast)
        self.context.set_scale(scale)
        self.workspaces.keep_on_screen(width)  # longer words, larger text may have widened it

    def _toggle_contrast(self) -> None:
        self.context.set_high_contrast(self.contrast_action.isChecked())

    # -- enabled state ----------

    def _update_actions(self) -> None:
        document = self.document
        has = document is not None
        writable = has and not document.read_only
        selected = writable and self._selected_id is not None
        for action in (
            self.save_action,
            self.add_principle_action,
            self.add_participant_action,
        ):
            action.setEnabled(writable)
        self.close_action.setEnabled(has)
        for action in (self.remove_principle_action, self.move_up_action, self.move_down_action):
            action.setEnabled(selected)
        if not self.write_page_built:
            return
        self.add_button.setEnabled(writable)
        for button in (self.remove_button, self.up_button, self.down_button):
            button.setEnabled(selected)
        self.save_button.setEnabled(writable)
        self.message_edit.setEnabled(writable)
