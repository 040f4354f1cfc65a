"""The Help menu: what this copy of Charter Studio is (version, licence) and its keyboard shortcuts.

A feature (``ui/features.py``): it asks the window for its Help menu and adds two entries. The
About box also says which git the app runs, so a town hall's IT staff can answer "which version
is installed here?" without a terminal.
"""

from __future__ import annotations

import sys

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charter_app import __version__, gitbinary
from charter_app.i18n import _
from charter_app.ui.theme import app_icon

LICENCE = "GPL-3.0-or-later"
LICENCE_URL = "https://www.gnu.org/licenses/gpl-3.0.html"
SHORTCUTS_KEY = QKeySequence.StandardKey.HelpContents  # F1 on Linux and Windows, Ctrl+? on macOS


def _plain(text: str) -> str:
    """An action's text without its accelerator mark (``&Save`` -> ``Save``)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").replace("…", "").strip()


def licence_text() -> str:
    return _(
        "Charter Studio is free software: you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License, version 3 or (at your option) any later "
        "version ({licence}). It comes with no warranty. Full text: {url}"
    ).format(licence=LICENCE, url=LICENCE_URL)


def git_description() -> str:
    binary = gitbinary.chosen_git()
    if binary is None:
        return _("Git: not found")
    if binary.bundled:
        return _("Git: included with the app ({path})").format(path=binary.executable)
    return _("Git: installed on this computer ({path})").format(path=binary.executable)


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(action, shortcut) for every action of ``window`` and its menus that has a shortcut."""
    actions: list[QAction] = list(window.actions())
    menus: list[QMenu] = window.findChildren(QMenu)
    for menu in menus:
        actions += menu.actions()
    rows: dict[tuple[str, str], None] = {}
    for action in actions:
        keys = [key for key in action.shortcuts() if not key.isEmpty()]
        name = _plain(action.text())
        if not keys or not name:
            continue
        shown = ", ".join(key.toString(QKeySequence.SequenceFormat.NativeText) for key in keys)
        rows[(name, shown)] = None
    return list(rows)


class AboutDialog(QDialog):
    """Name, version, licence, and the versions a bug report needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About Charter Studio"))
        self.setAccessibleName(_("About Charter Studio"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAccessibleName(_("Charter Studio logo"))
        self.title_label = QLabel(_("Charter Studio"))
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title_label.setFont(font)
        self.version_label = QLabel(_("Version {version}").format(version=__version__))
        self.summary_label = QLabel(
            _("Write, amend and adopt a local digital charter together, offline.")
        )
        self.licence_label = QLabel(licence_text())
        self.details_label = QLabel(
            "\n".join(
                (
                    git_description(),
                    f"Python {sys.version.split()[0]} · Qt {qVersion()} · PySide6 {pyside_version}",
                )
            )
        )
        for label in (
            self.title_label,
            self.version_label,
            self.summary_label,
            self.licence_label,
            self.details_label,
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        text = QVBoxLayout()
        for label in (self.title_label, self.version_label, self.summary_label):
            text.addWidget(label)
        text.addSpacing(8)
        text.addWidget(self.licence_label)
        text.addWidget(self.details_label)
        text.addStretch(1)  # extra height goes below the text, not between the lines
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)

        self.buttons = QDialogButtonBox()
        self.shortcuts_button = QPushButton(_("&Keyboard shortcuts"))
        self.shortcuts_button.setAccessibleName(_("Keyboard shortcuts"))
        self.shortcuts_button.setAccessibleDescription(_("List every keyboard shortcut"))
        self.buttons.addButton(self.shortcuts_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("&Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.buttons.rejected.connect(self.reject)
        self.shortcuts_button.clicked.connect(
            lambda: ShortcutsDialog(self.parentWidget() or self, self).exec()
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.buttons)
        self.setAccessibleDescription(f"{self.version_label.text()}. {self.licence_label.text()}")
        self.close_button.setDefault(True)
        self.resize(520, self.sizeHint().height())


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, in a table a screen reader can walk."""

    def __init__(self, source: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.setAccessibleName(_("Keyboard shortcuts"))
        rows = shortcut_rows(source)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels([_("Action"), _("Shortcut")])
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setAccessibleName(_("Columns: action and shortcut"))
        self.table.verticalHeader().setAccessibleName(_("Rows"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("&Close"))
        self.close_button.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(480, 520)


class AboutFeature:
    """Help menu: keyboard shortcuts (F1) and About Charter Studio."""

    MENU = "help"

    def __init__(self, window) -> None:
        self.window = window
        # Kept here: we set the title ourselves, whatever name the window files the menu under.
        self.menu: QMenu = window.feature_menu(self.MENU)
        self.shortcuts_action = QAction(window)
        self.shortcuts_action.setShortcut(QKeySequence(SHORTCUTS_KEY))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        window.addAction(self.shortcuts_action)
        self.menu.addAction(self.shortcuts_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Help"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.about_action.setText(_("&About Charter Studio"))

    def show_about(self) -> None:
        AboutDialog(self.window).exec()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.window, self.window).exec()
