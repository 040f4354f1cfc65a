"""The app offers the repair: when a charter cannot be opened because of a file that cannot be
read, and from File > Check and repair; invisible direction controls are flagged under the
editors and can be removed, as an edit that undo and redo follow."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

from PySide6.QtCore import Qt, QThreadPool  # noqa: E402

from charter_app.storage.repair import SET_ASIDE_DIR  # noqa: E402
from charter_app.ui.context import AppContext  # noqa: E402
from charter_app.ui.direction_warning import DirectionWarningFeature  # noqa: E402
from charter_app.ui.main_window import MainWindow  # noqa: E402
from charter_app.ui.repair_offer import RepairFeature  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

EVENT = "events/2026/e-0123456789abcdef.yaml"


def feature(window, kind):  # type: ignore[no-untyped-def]
    (found,) = [f for f in window.features if isinstance(f, kind)]
    return found


def new_window(qtbot, qapp, interaction):  # type: ignore[no-untyped-def]
    main = MainWindow(AppContext(qapp, interaction=interaction))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def close(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: main.features_loaded, timeout=15_000)
    main.close()
    QThreadPool.globalInstance().waitForDone(5000)


def first_principle(folder: Path) -> Path:
    return sorted((folder / "principles").glob("*.md"))[0]


def test_a_charter_that_cannot_open_is_offered_the_repair(  # type: ignore[no-untyped-def]
    qtbot, qapp, charter_path, interaction
):
    principle = first_principle(charter_path)
    saved = principle.read_bytes()
    principle.write_bytes(b"---\nid: [\n---\nUn brouillon.\n")
    interaction.repair_answer = True
    main = new_window(qtbot, qapp, interaction)
    main.open_charter(charter_path)
    qtbot.waitUntil(lambda: main.document is not None, timeout=15_000)
    assert len(interaction.repair_asked) == 1 and principle.name in interaction.repair_asked[0]
    assert interaction.errors == []
    assert principle.read_bytes() == saved
    (kept,) = (charter_path / SET_ASIDE_DIR).rglob(principle.name)
    assert kept.read_bytes() == b"---\nid: [\n---\nUn brouillon.\n"
    assert any("Restored" in text for text in interaction.informed)
    close(qtbot, main)


def test_declining_the_repair_shows_the_problem_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, qapp, charter_path, interaction
):
    principle = first_principle(charter_path)
    principle.write_bytes(b"no front matter\n")
    main = new_window(qtbot, qapp, interaction)
    main.open_charter(charter_path)
    qtbot.waitUntil(lambda: bool(interaction.errors), timeout=15_000)
    assert interaction.repair_asked and main.document is None
    assert principle.read_bytes() == b"no front matter\n"
    assert not (charter_path / SET_ASIDE_DIR).exists()
    close(qtbot, main)


def test_check_and_repair_from_the_file_menu(qtbot, window, interaction):  # type: ignore[no-untyped-def]
    folder = window.document.path
    # What the opening reads in the background (comments, events...) is read before the file
    # breaks: a panel reading the broken file would rightly report it, which is not this test.
    pool = QThreadPool.globalInstance()
    qtbot.waitUntil(lambda: pool.activeThreadCount() == 0, timeout=15_000)
    (folder / EVENT).parent.mkdir(parents=True, exist_ok=True)
    (folder / EVENT).write_bytes(b"id: [broken\n")
    repair = feature(window, RepairFeature)
    assert repair.action in window.file_menu.actions() and repair.action.isEnabled()
    interaction.repair_answer = True
    repair.action.trigger()
    qtbot.waitUntil(lambda: bool(interaction.informed), timeout=15_000)
    qtbot.waitUntil(
        lambda: window.document is not None and repair.action.isEnabled(), timeout=15_000
    )
    assert EVENT in interaction.repair_asked[0]
    assert not (folder / EVENT).exists()
    assert [p.name for p in (folder / SET_ASIDE_DIR).rglob("*.yaml")] == [Path(EVENT).name]
    # A second check finds everything in order.
    interaction.informed.clear()
    repair.action.trigger()
    qtbot.waitUntil(lambda: bool(interaction.informed), timeout=15_000)
    assert "Every file of the charter can be read." in interaction.informed[0]
    assert interaction.errors == []


def test_direction_controls_are_flagged_and_removed_undoably(qtbot, window):  # type: ignore[no-untyped-def]
    feature(window, DirectionWarningFeature)
    editor = window.principle_editor
    warning = editor.findChild(type(feature(window, DirectionWarningFeature).warnings[0]))
    assert warning is not None and warning.isHidden()
    body = editor.body_edit
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    body.textCursor().insertText(" Signé : \u202eevil\u202c.")  # pasted: no key types it
    assert warning.isVisible()
    assert "U+202E (right-to-left override)" in warning.label.text()
    assert "U+202E" in warning.label.accessibleDescription()
    warning.button.click()
    principle_id = editor.principle_id
    cleaned = window.document.charter.principle(principle_id).body
    assert cleaned.endswith(" Signé : evil.") and warning.isHidden()
    # The removal is an edit like typing (merged with the paste before it): undone and redone.
    window.undo_stack.undo()
    assert "Signé" not in window.document.charter.principle(principle_id).body
    window.undo_stack.redo()
    assert window.document.charter.principle(principle_id).body == cleaned


def test_a_one_line_field_is_flagged_and_cleaned_too(qtbot, window):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.charter_button, Qt.LeftButton)
    editor = window.charter_editor
    warning = feature(window, DirectionWarningFeature).warnings[1]
    editor.territory_edit.setFocus()
    editor.territory_edit.end(False)
    editor.territory_edit.insert(" \u2067Nord\u2069")  # pasted
    assert warning.isVisible() and "Territory: " in warning.label.text()
    assert "U+2067" in warning.label.text() and "U+2069" in warning.label.text()
    warning.button.click()
    assert window.document.charter.territory.endswith(" Nord") and warning.isHidden()
