"""The drafting workspace driven like a facilitator would: keyboard, real git repository."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from PySide6.QtCore import Qt

from charter_app.ui.interaction import CloseChoice
from tests import ui_conftest_helpers as helpers

# Fixtures shared with the other UI tests (tests/conftest.py belongs to the storage tests).
app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

CTRL, ALT, SHIFT = Qt.ControlModifier, Qt.AltModifier, Qt.ShiftModifier


def _numbers(window) -> list[tuple[str, str]]:
    return [(p.number, p.id) for p in window.document.charter.principles]


def _model_numbers(window) -> list[tuple[str, str]]:
    model = window.model
    return [(model.index(r, 0).data(), model.principle(r).id) for r in range(model.rowCount())]


def test_create_type_and_save_makes_one_commit_by_the_chosen_participant(
    qtbot, window, interaction
):
    author = window.current_participant()
    assert author and author.startswith("p-")
    commits_before = int(git(window.document.path, "rev-list", "--count", "HEAD"))

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_N, CTRL | SHIFT)  # add a principle
    editor = window.principle_editor
    qtbot.waitUntil(lambda: editor.title_edit.hasFocus())
    qtbot.keyClicks(editor.title_edit, "Sobriete numerique")
    editor.body_edit.setFocus()
    qtbot.keyClicks(editor.body_edit, "La commune mesure son empreinte.")
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()
    qtbot.keyClick(editor.body_edit, Qt.Key_S, CTRL)

    assert not window.isWindowModified()
    assert interaction.errors == []
    assert int(git(window.document.path, "rev-list", "--count", "HEAD")) == commits_before + 1
    log = git(window.document.path, "log", "-1", "--format=%an%n%ae%n%B")
    assert log.splitlines()[0] == author
    assert log.splitlines()[1] == f"{author}@participants.charter.invalid"
    assert f"Charter-Participant: {author}" in log
    principle_id = editor.principle_id
    text = (window.document.path / "principles" / f"{principle_id}.md").read_text()
    assert "title: Sobriete numerique" in text
    assert "La commune mesure son empreinte." in text
    assert git(window.document.path, "status", "--porcelain") == ""


def test_message_field_is_prefilled_and_editable(qtbot, window):
    body = window.principle_editor.body_edit
    body.setFocus()
    qtbot.keyClicks(body, " Ajout.")
    qtbot.waitUntil(lambda: window.message_edit.text() != "")
    assert window.message_edit.text().startswith("Edit principle 1")
    window.message_edit.setFocus()
    window.message_edit.selectAll()
    qtbot.keyClicks(window.message_edit, "Precise la souverainete")
    qtbot.keyClick(window.message_edit, Qt.Key_S, CTRL)
    subject = git(window.document.path, "log", "-1", "--format=%s").strip()
    assert subject == "Precise la souverainete"


def test_a_principle_shows_the_start_of_a_long_title_and_tags(qtbot, window):
    editor = window.principle_editor
    first, second = (p.id for p in window.document.charter.principles[:2])
    window.select_principle(second)
    window.select_principle(first)
    for edit in (editor.title_edit, editor.tags_edit):
        assert edit.text()
        assert edit.cursorPosition() == 0  # the start is in view, as in the text below


def test_alt_up_and_down_reorder_and_renumber(qtbot, window):
    before = _numbers(window)
    window.select_principle(before[2][1])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_Up, ALT)
    after = _numbers(window)
    assert [pid for _n, pid in after[:3]] == [before[0][1], before[2][1], before[1][1]]
    assert [n for n, _pid in after] == [str(i) for i in range(1, len(after) + 1)]
    assert _model_numbers(window) == after
    assert window.principle_editor.principle_id == before[2][1]  # selection follows the move
    qtbot.keyClick(window.table, Qt.Key_Down, ALT)
    qtbot.keyClick(window.table, Qt.Key_Down, ALT)
    assert [pid for _n, pid in _numbers(window)[:4]] == [
        before[0][1],
        before[1][1],
        before[3][1],
        before[2][1],
    ]
    assert _model_numbers(window) == _numbers(window)


def test_undo_and_redo_restore_text_and_order(qtbot, window):
    first_id = window.document.charter.principles[0].id
    original = window.document.charter.principles[0].body
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " mot")
    assert window.document.charter.principle(first_id).body == original + " mot"
    assert window.undo_stack.count() == 1  # the typing burst is one command
    qtbot.keyClick(body, Qt.Key_Down, ALT)
    assert window.document.charter.principles[1].id == first_id

    window.undo_stack.undo()
    assert window.document.charter.principles[0].id == first_id
    window.undo_stack.undo()
    assert window.document.charter.principle(first_id).body == original
    assert body.text() == original
    assert not window.isWindowModified()
    window.undo_stack.redo()
    assert body.text() == original + " mot"
    assert window.isWindowModified()


def test_drop_moves_through_the_undo_stack(qtbot, window):
    ids = [p.id for p in window.document.charter.principles]
    data = window.model.mimeData([window.model.index(0, 0)])
    assert window.model.dropMimeData(data, Qt.MoveAction, 3, 0, window.model.index(-1, -1)) is False
    qtbot.waitUntil(lambda: window.document.charter.principles[0].id != ids[0])
    assert [p.id for p in window.document.charter.principles][:3] == [ids[1], ids[2], ids[0]]
    window.undo_stack.undo()
    assert [p.id for p in window.document.charter.principles] == ids


def test_charter_title_and_preamble_are_editable(qtbot, window):
    qtbot.mouseClick(window.charter_button, Qt.LeftButton)
    editor = window.charter_editor
    assert window.editor_stack.currentWidget() is editor
    editor.preamble_edit.setFocus()
    qtbot.keyClicks(editor.preamble_edit, "Nouveau paragraphe. ")
    assert window.document.charter.preamble.startswith("Nouveau paragraphe. ")
    assert window.save()
    assert "Nouveau paragraphe." in (window.document.path / "charter.yaml").read_text()


def test_an_error_is_explained_and_the_text_stays(qtbot, window, interaction):
    body = window.principle_editor.body_edit
    body.setFocus()
    qtbot.keyClicks(body, "texte a garder")
    window.who_combo.clear()  # nobody chosen: saving must explain, not crash
    window.who_combo.addItem("", "")
    assert window.save() is False
    assert len(interaction.errors) == 1
    assert interaction.errors[0].hint
    assert "texte a garder" in body.toPlainText()
    assert window.isWindowModified()


def test_empty_title_keeps_the_last_title_and_says_so(qtbot, window):
    editor = window.principle_editor
    old = window.document.charter.principles[0].title
    editor.title_edit.setFocus()
    editor.title_edit.selectAll()
    qtbot.keyClick(editor.title_edit, Qt.Key_Delete)
    assert editor.title_error.isVisible()
    assert window.document.charter.principles[0].title == old


def test_the_writer_s_whole_name_is_in_the_tooltip(qtbot, window):
    combo = window.who_combo
    assert combo.count() > 1
    assert combo.toolTip() == combo.currentText() != ""
    combo.setCurrentIndex(1)
    assert combo.toolTip() == combo.itemText(1)


def test_add_participant_is_registered_apart_from_the_history_and_becomes_the_writer(qtbot, window):
    head = git(window.document.path, "rev-parse", "HEAD")
    new_id = window.create_participant("Alix", "association", "Les Amis du Lèze")
    assert new_id and window.current_participant() == new_id
    registry = git(window.document.path, "show", "refs/charter/registry:participants.yaml")
    assert "Alix" in registry and new_id in registry
    assert "Alix" in (window.document.path / "participants.yaml").read_text()
    assert git(window.document.path, "rev-parse", "HEAD") == head  # names never enter history
    assert "Alix" not in git(window.document.path, "log", "-p", "HEAD")
    assert not window.isWindowModified()


def test_close_prompt_cancel_keeps_the_text_and_save_commits_it(qtbot, window, interaction):
    body = window.principle_editor.body_edit
    body.setFocus()
    qtbot.keyClicks(body, "precieux")
    interaction.unsaved_answer = CloseChoice.CANCEL
    assert window.close_charter() is False
    assert window.document is not None and "precieux" in body.toPlainText()
    interaction.unsaved_answer = CloseChoice.SAVE
    path = window.document.path
    assert window.close_charter() is True
    assert window.document is None
    assert "precieux" in git(path, "show", "HEAD", "--format=")


def test_switching_language_retranslates_menus(qtbot, window):
    assert window.file_menu.title() == "&File"
    window.apply_preferences("fr", False, 1.0)
    assert window.file_menu.title() == "&Fichier"
    from charter_app.i18n import _

    assert window.principle_editor.title_edit.accessibleName() == _("Principle title")
    assert window.principle_editor.title_edit.accessibleName() != "Principle title"
    assert window.model.headerData(1, Qt.Horizontal) not in ("Title", None)
    assert window.model.headerData(2, Qt.Horizontal, Qt.ToolTipRole) not in ("Status", None)
    # Qt's own strings (standard buttons) come from qtbase_fr.qm.
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    window.apply_preferences("en", False, 1.0)
    assert window.file_menu.title() == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_history_panel_lists_saves_with_participant_names(qtbot, window):
    body = window.principle_editor.body_edit
    body.setFocus()
    qtbot.keyClicks(body, "x")
    assert window.save()
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 2, timeout=10_000)
    first = window.history.model.index(0).data()
    name = window.document.charter.participant(window.current_participant()).name
    assert first.startswith(name)
    window.history.list_view.clicked.emit(window.history.model.index(1))
    qtbot.waitUntil(lambda: window.history.revision_text.toPlainText() != "")
    assert "x" not in window.history.revision_text.toPlainText()[-3:]
    assert window.history.revision_text.isReadOnly()


def test_text_scale_shortcuts(qtbot, window):
    appearance = window.context.appearance
    qtbot.keyClick(window.table, Qt.Key_Equal, CTRL)
    assert appearance.scale > 1.0
    qtbot.keyClick(window.table, Qt.Key_Minus, CTRL)
    qtbot.keyClick(window.table, Qt.Key_Minus, CTRL)
    assert appearance.scale < 1.0
