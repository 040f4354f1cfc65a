"""A long session does not grow: closed export dialogs are deleted, merged typing leaves no
command behind, and the undo history keeps a bounded number of steps."""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from charter_app.ui import commands
from charter_app.ui.export_dialog import ExportDialog, ExportFeature
from tests import ui_conftest_helpers as helpers
from tests.test_ui_export import ScriptedChooser

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window


def live(kind: type, window) -> int:
    """Commands of ``kind`` on the window's charter still alive (Python wrappers included)."""
    gc.collect()
    document = window.document
    return sum(isinstance(thing, kind) and thing.document is document for thing in gc.get_objects())


def live_dialogs() -> int:
    return sum(isinstance(widget, ExportDialog) for widget in QApplication.allWidgets())


def test_closed_export_dialogs_are_deleted(qtbot, window, interaction, tmp_path):
    feature = next(f for f in window.features if isinstance(f, ExportFeature))
    for round in range(3):
        out = tmp_path / f"charte-{round}.md"
        feature.chooser = ScriptedChooser(out)
        dialog = feature.open_export()
        dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
        dialog.path_edit.setText(str(out))
        dialog.start()
        qtbot.waitUntil(lambda dialog=dialog: dialog.written is not None, timeout=30_000)
        dialog.reject()
        qtbot.waitUntil(lambda: live_dialogs() == 0)
        assert out.is_file()
    # One closed while its export still runs goes once the export has stopped.
    dialog = feature.open_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    dialog.path_edit.setText(str(tmp_path / "stopped.md"))
    dialog.start()
    dialog.reject()
    qtbot.waitUntil(lambda: live_dialogs() == 0, timeout=30_000)
    assert interaction.errors == [] or all("cancel" in str(e).lower() for e in interaction.errors)


def test_typing_leaves_one_command_per_burst_and_none_after_clearing(qtbot, window):
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    for burst in range(4):
        qtbot.keyClicks(body, f" mot{burst}")
        window.principle_editor.title_edit.setFocus()  # the next burst is another step
        window.principle_editor.title_edit.end(False)
        qtbot.keyClicks(window.principle_editor.title_edit, "!")
        body.setFocus()
        body.moveCursor(body.textCursor().MoveOperation.End)
    steps = window.undo_stack.count()
    assert steps == 8  # four bursts in the text, four in the title
    # 4 * 5 + 4 keystrokes were typed; only the steps on the stack are still alive.
    assert live(commands.EditPrincipleCommand, window) == steps
    window.undo_stack.undo()
    window.undo_stack.redo()
    assert window.principle_editor.title_edit.text().endswith("!")
    window.undo_stack.clear()
    assert live(commands.EditPrincipleCommand, window) == 0


def test_typed_then_erased_leaves_nothing_to_undo(qtbot, window):
    title = window.principle_editor.title_edit
    original = title.text()
    qtbot.keyClicks(title, "ab")
    qtbot.keyClick(title, Qt.Key_Backspace)
    qtbot.keyClick(title, Qt.Key_Backspace)
    assert title.text() == original
    assert window.undo_stack.count() == 0
    # Qt drops a burst that undoes itself; the last keystroke's command (whose C++ half Qt
    # deleted while merging it) is left without its charters or document.
    assert live(commands.EditPrincipleCommand, window) == 0


def test_the_undo_history_is_bounded(qtbot, window):
    stack = window.undo_stack
    assert stack.undoLimit() == commands.UNDO_LIMIT
    first = window.document.charter.principles[0].id
    second = window.document.charter.principles[1].id
    for step in range(commands.UNDO_LIMIT + 30):
        # Alternating fields: every edit is its own step, none merges.
        field, target = ("title", first) if step % 2 else ("tags", second)
        value = f"Titre {step}" if field == "title" else (f"mot{step}",)
        assert window._push(commands.EditPrincipleCommand(window.document, target, field, value))
    assert stack.count() == commands.UNDO_LIMIT
    assert live(commands.EditPrincipleCommand, window) == commands.UNDO_LIMIT
    while stack.canUndo():
        stack.undo()
    # The oldest steps are gone: undoing everything kept reaches the text of step 30.
    assert window.document.charter.principle(first).title == "Titre 29"
