"""Help > About shows the version and the licence; the shortcuts list; ``charter --version``."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMainWindow, QMenu

from charter_app import __version__, i18n
from charter_app.cli import LICENCE as CLI_LICENCE
from charter_app.cli import main as charter_main
from charter_app.ui.about import (
    LICENCE,
    AboutDialog,
    AboutFeature,
    ShortcutsDialog,
    shortcut_rows,
)
from charter_app.ui.features import FEATURES, WindowEvents
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def english():
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


class StubWindow(QMainWindow):
    """The part of the main window a feature uses: ``feature_menu`` and ``events``."""

    def __init__(self) -> None:
        super().__init__()
        self.events = WindowEvents()
        self.menus: dict[str, QMenu] = {}
        save = QAction("&Save", self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        self.addAction(save)

    def feature_menu(self, name: str) -> QMenu:
        if name not in self.menus:
            self.menus[name] = self.menuBar().addMenu(name)
        return self.menus[name]


def test_the_licence_is_the_one_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert LICENCE == CLI_LICENCE == project["license"] == "GPL-3.0-or-later"
    assert "GPL-3.0-or-later" in (ROOT / "LICENSE").read_text()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_charter_version_prints_version_and_licence(capsys, language: str) -> None:
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        with pytest.raises(SystemExit) as exit_info:
            charter_main(["--version"])
    finally:
        i18n.set_language(before)
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out.strip()
    assert printed == f"charter {__version__} (Charter Studio), licence GPL-3.0-or-later"


def test_about_shows_version_and_licence(qtbot, english) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == f"Version {__version__}"
    assert "GPL-3.0-or-later" in dialog.licence_label.text()
    assert "Git:" in dialog.details_label.text()  # which git runs, for the IT staff
    assert __version__ in dialog.accessibleDescription()


def test_every_button_has_an_accessible_name(qtbot, english) -> None:
    about = AboutDialog()
    shortcuts = ShortcutsDialog(StubWindow())
    for dialog in (about, shortcuts):
        qtbot.addWidget(dialog)
        assert dialog.findChildren(QAbstractButton)
        assert unnamed_widgets(dialog) == [], type(dialog).__name__  # buttons, the table...
    assert about.close_button.accessibleName() == "Close"
    assert about.shortcuts_button.accessibleName() == "Keyboard shortcuts"


def test_the_shortcuts_list_comes_from_the_window(qtbot, english) -> None:
    window = StubWindow()
    qtbot.addWidget(window)
    AboutFeature(window)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(row, 0).text(): dialog.table.item(row, 1).text()
        for row in range(dialog.table.rowCount())
    }
    assert rows["Save"] == QKeySequence("Ctrl+S").toString(QKeySequence.NativeText)
    assert "Keyboard shortcuts" in rows  # F1 itself is listed


def test_the_help_menu_follows_the_language(qtbot, english) -> None:
    window = StubWindow()
    qtbot.addWidget(window)
    feature = AboutFeature(window)
    assert feature.menu.title() == "&Help"
    assert [action.text() for action in feature.menu.actions() if action.text()] == [
        "&Keyboard shortcuts",
        "&About Charter Studio",
    ]
    i18n.set_language("fr")
    window.events.retranslate.emit()
    assert feature.menu.title() == "A&ide"
    assert feature.about_action.text() == "À &propos de Charter Studio"


def test_the_about_feature_is_plugged_in() -> None:
    assert FEATURES[-1] == "charter_app.ui.about:AboutFeature"


def test_the_main_window_has_the_help_menu(window) -> None:
    feature = next(f for f in window.features if isinstance(f, AboutFeature))
    assert feature.menu is window.feature_menu(AboutFeature.MENU)
    assert feature.menu.menuAction() in window.menuBar().actions()
    assert feature.menu.title() == "&Help"
    shortcuts = dict(shortcut_rows(window))
    assert shortcuts["Keyboard shortcuts"] == QKeySequence(QKeySequence.HelpContents).toString(
        QKeySequence.NativeText
    )
    assert "Save" in shortcuts  # the window's own actions are listed too
