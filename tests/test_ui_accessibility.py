"""Every interactive widget is named; focus is visible; status is never shown by colour alone."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from charter_app.ui.dialogs import AddParticipantDialog, NewCharterDialog, PreferencesDialog
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QAbstractSlider,
    QTabBar,
)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` with an empty accessible name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue  # scroll bars belong to their scroll area, which is named
        if _is_internal(widget):
            continue
        if not widget.accessibleName().strip():
            missing.append(
                f"{type(widget).__name__} objectName={widget.objectName()!r} "
                f"text={getattr(widget, 'text', lambda: '')()!r}"
            )
    return missing


def _is_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a named composite (a combo's popup list, a spin box's line edit,
    a dock's float/close buttons, which Qt names itself)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox)):
            return True
        parent = parent.parentWidget()
    return widget.objectName().startswith("qt_")


def test_main_window_every_interactive_widget_is_named(window):
    assert unnamed_widgets(window) == []
    window.select_principle(None)  # the charter's own editor too
    assert unnamed_widgets(window) == []


def test_welcome_screen_widgets_are_named(window):
    window.close_charter()
    assert unnamed_widgets(window) == []


def test_dialogs_widgets_are_named(qtbot, app_home):
    for dialog in (
        AddParticipantDialog(),
        PreferencesDialog("en", False, 1.0),
        NewCharterDialog("fr"),
    ):
        qtbot.addWidget(dialog)
        assert unnamed_widgets(dialog) == [], type(dialog).__name__


def test_the_walk_detects_an_unnamed_widget(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    QLineEdit(parent)
    assert len(unnamed_widgets(parent)) == 1


def test_every_action_has_a_shortcut_or_a_button(window):
    menus = (window.file_menu, window.edit_menu, window.view_menu)
    for menu in menus:
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            assert not action.shortcut().isEmpty(), action.text()


def test_focus_is_visible_in_the_stylesheet(window):
    sheet = window.context.app.styleSheet()
    assert ":focus" in sheet and "border" in sheet
    window.context.set_high_contrast(True)
    assert "#ffff00" in window.context.app.styleSheet()


def test_status_is_text_and_a_shape_not_colour_alone(qtbot, window):
    from PySide6.QtCore import Qt

    from charter_app.ui.principle_model import status_label

    model = window.model
    index = model.index(0, 2)
    words = status_label(window.document.charter.principles[0].status)
    window.resize(1600, 900)  # room for the list's status column in words
    qtbot.waitUntil(lambda: not window.table.compact)
    assert index.data(Qt.DisplayRole) == words  # the status in words
    assert not index.data(Qt.DecorationRole).isNull()  # plus a distinct icon
    assert index.data(Qt.ForegroundRole) is None  # and never a colour of its own
    window.resize(900, 650)  # a narrow list: the icon alone, the words still said
    qtbot.waitUntil(lambda: window.table.compact)
    assert not index.data(Qt.DecorationRole).isNull()
    assert words in index.data(Qt.AccessibleTextRole)
    assert words in index.data(Qt.ToolTipRole)
