"""Amendments in the window, on a real repository: propose through the dialog, list and filter,
register and withdraw, read the diff, compare versions, keyboard and accessibility."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from charter_app.cli import main as cli
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.ui.amendment_models import (
    AUTHOR_ROLE,
    PRINCIPLE_ROLE,
    STATE_ROLE,
    STATUS_ROLE,
    AmendmentTableModel,
)
from charter_app.ui.amendments_panel import AmendmentsFeature
from charter_app.ui.workspaces import COUNCIL  # noqa: E402
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

CTRL, SHIFT = Qt.ControlModifier, Qt.ShiftModifier
SOVEREIGNTY = "souverainete-numerique"
RIGHTS = "droits-libertes"
CLAIRE, JEAN_MARC = "p-cbb40a", "p-8736df"


def feature(window) -> AmendmentsFeature:
    return next(f for f in window.features if isinstance(f, AmendmentsFeature))


def ledger(path: Path):
    with CharterRepository.open(path) as repository:
        return AmendmentBook(repository).ledger()


def amend(path: Path, tmp_path: Path, principle: str, old: str, new: str, *flags: str) -> None:
    """File an amendment through the CLI (as another laptop would)."""
    with CharterRepository.open(path) as repository:
        body = repository.load().principle(principle).body
    assert old in body
    text = tmp_path / f"body-{len(list(tmp_path.iterdir()))}.md"
    text.write_text(body.replace(old, new, 1), encoding="utf-8")
    argv = ["-C", str(path), "amend", principle, "--body-file", str(text), *flags]
    assert cli(argv) == 0


def loaded(qtbot, window) -> AmendmentsFeature:
    """The amendments feature with its panel read, in the council's workspace (its home)."""
    window.workspaces.show(COUNCIL)
    amendments = feature(window)
    qtbot.waitUntil(lambda: not amendments.panel.busy and amendments.panel.snapshot is not None)
    return amendments


def reload_panel(qtbot, amendments: AmendmentsFeature) -> None:
    with qtbot.waitSignal(amendments.panel.loaded, timeout=10_000):
        amendments.refresh()


def test_propose_through_the_dialog_rationale_required_then_filed(qtbot, window, interaction):
    amendments = loaded(qtbot, window)
    window.select_principle(SOVEREIGNTY)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_A, CTRL | SHIFT)
    dialog = amendments.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_edit.text() == window.document.charter.principle(SOVEREIGNTY).title
    body = dialog.body_edit.text()
    dialog.body_edit.setPlainText(body.replace("de ses outils,", "de ses outils numériques,"))
    head_before = git(window.document.path, "rev-parse", "HEAD")

    dialog.ok_button.click()  # no rationale yet
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "required" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.rationale_edit
    assert git(window.document.path, "rev-parse", "HEAD") == head_before
    assert ledger(window.document.path).records == ()

    qtbot.keyClicks(dialog.rationale_edit, "Preciser le perimetre")
    assert not dialog.error_label.isVisible()
    dialog.author_combo.setCurrentIndex(dialog.author_combo.findData(JEAN_MARC))
    results: list[int] = []
    dialog.finished.connect(results.append)
    with qtbot.waitSignal(amendments.panel.loaded, timeout=10_000):
        dialog.ok_button.click()
    assert results == [QDialog.Accepted]
    assert interaction.errors == []

    (record,) = ledger(window.document.path).records
    assert record.label == "A-1"
    assert record.status is AmendmentStatus.REGISTERED
    assert record.amendment.author == JEAN_MARC
    assert record.amendment.rationale == "Preciser le perimetre"
    assert "de ses outils numériques," in record.amendment.body
    assert record.amendment.title is None  # unchanged title is not proposed
    log = git(window.document.path, "log", "-1", "--format=%an%n%B")
    assert log.splitlines()[0] == JEAN_MARC
    assert "Charter-Amendment: A-1" in log
    assert git(window.document.path, "status", "--porcelain") == ""
    # The panel shows it, selected, with its diff.
    panel = amendments.panel
    assert panel.current_id() == record.id
    assert panel.rationale_text.toPlainText() == "Preciser le perimetre"
    # Only the words changed (no-break spaces of French typography survive the dialog).
    assert panel.diff.changes_as_text() == "Paragraph 2: inserted: « numériques»"


def test_draft_then_register_and_withdraw_from_the_panel(qtbot, window, interaction):
    amendments = loaded(qtbot, window)
    window.select_principle(RIGHTS)
    dialog = amendments.propose()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("delete"))
    assert not dialog.body_edit.isEnabled()
    dialog.rationale_edit.setPlainText("Redondant avec le principe 1")
    dialog.register_box.setChecked(False)
    with qtbot.waitSignal(amendments.panel.loaded, timeout=10_000):
        dialog.ok_button.click()
    (record,) = ledger(window.document.path).records
    assert record.status is AmendmentStatus.DRAFT and record.number is None
    panel = amendments.panel
    assert panel.current_id() == record.id
    assert panel.register_button.isEnabled()

    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.register_button.click()
    (record,) = ledger(window.document.path).records
    assert (record.status, record.label) == (AmendmentStatus.REGISTERED, "A-1")
    assert not panel.register_button.isEnabled()
    assert panel.withdraw_button.isEnabled()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.withdraw_button.click()
    (record,) = ledger(window.document.path).records
    assert record.status is AmendmentStatus.WITHDRAWN
    assert not panel.withdraw_button.isEnabled()
    assert interaction.errors == []
    assert "withdrawn" in panel.state_label.text()


def test_filters_by_principle_author_status_and_state(qtbot, window, tmp_path):
    path = window.document.path
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses logiciels,",
          "--rationale", "Un", "--as", CLAIRE)  # fmt: skip
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses machines,",
          "--rationale", "Deux", "--as", JEAN_MARC, "--draft")  # fmt: skip
    body = window.document.charter.principle(RIGHTS).body
    first_word = body.split()[0]
    amend(path, tmp_path, RIGHTS, first_word, first_word.upper(),
          "--rationale", "Trois", "--as", CLAIRE)  # fmt: skip
    amendments = feature(window)
    reload_panel(qtbot, amendments)
    panel = amendments.panel

    def shown() -> list[str]:
        return [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]

    window.select_principle(SOVEREIGNTY)  # default: follows the selected principle
    assert panel.principle_filter.currentData() == "\x00selected"
    assert len(shown()) == 2
    window.select_principle(RIGHTS)
    assert shown() == ["A-2"]
    panel.principle_filter.setCurrentIndex(panel.principle_filter.findData(None))
    assert len(shown()) == 3
    assert "3 of 3" in panel.count_label.text()
    panel.author_filter.setCurrentIndex(panel.author_filter.findData(CLAIRE))
    assert shown() == ["A-1", "A-2"]
    panel.author_filter.setCurrentIndex(0)
    panel.status_filter.setCurrentIndex(panel.status_filter.findData("draft"))
    assert shown() == ["draft"]  # a draft has no number yet: named in words, never by its id
    panel.status_filter.setCurrentIndex(0)
    panel.state_filter.setCurrentIndex(panel.state_filter.findData("clean"))
    assert len(shown()) == 3
    panel.state_filter.setCurrentIndex(panel.state_filter.findData("conflicting"))
    assert shown() == []
    assert "0 of 3" in panel.count_label.text()
    # Counts for the principle list: amendments still to decide, per principle.
    assert amendments.counts == {SOVEREIGNTY: 2, RIGHTS: 1}


def test_state_is_text_and_icon_and_current_to_proposed_shows_the_merge(
    qtbot, window, tmp_path, interaction
):
    path = window.document.path
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,",
          "--rationale", "Préciser", "--as", CLAIRE)  # fmt: skip
    # The principle changes elsewhere after the amendment was written: it needs an update.
    window.select_principle(SOVEREIGNTY)
    editor = window.principle_editor.body_edit
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Ajout.")
    amendments = feature(window)
    window.workspaces.show(COUNCIL)  # the amendments' workspace: the panel reads them there
    assert window.save()
    panel = amendments.panel
    mine = ledger(path).records[0].id

    def state() -> str:
        row = panel.model.row_of(mine)
        return str(panel.model.index(row, 4).data(Qt.ToolTipRole)) if row >= 0 else ""

    qtbot.waitUntil(lambda: not panel.busy and "needs update" in state(), timeout=10_000)
    assert panel.select_amendment(mine)
    index = panel.proxy.index(0, 4)
    panel.model.set_icon_only(False)  # a wide dock: the state in words and an icon
    assert index.data() == "needs update"
    assert not index.data(Qt.DecorationRole).isNull()
    panel.model.set_icon_only(True)  # a narrow one: the icon, the words in the tooltip
    assert index.data() is None
    assert not index.data(Qt.DecorationRole).isNull()
    assert "needs update" in index.data(Qt.ToolTipRole)
    assert panel.proxy.headerData(4, Qt.Horizontal, Qt.ToolTipRole) == "State"
    assert "needs update" in panel.state_label.text()

    assert "Ajout." not in panel.diff.new_column.toPlainText()  # base → proposed
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("current"))
    assert "Ajout." in panel.diff.new_column.toPlainText()  # merged into the current text
    assert "Ajout." in panel.diff.old_column.toPlainText()
    assert panel.diff.changes_as_text() == "Paragraph 2: inserted: « numériques»"
    assert "fitted into the current text" in panel.diff.new_legend.text()
    assert interaction.errors == []


def test_enter_opens_the_diff_and_the_dock_has_a_shortcut(qtbot, window, tmp_path):
    amend(window.document.path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses biens,",
          "--rationale", "Un", "--as", CLAIRE)  # fmt: skip
    amendments = feature(window)
    reload_panel(qtbot, amendments)
    window.select_principle(SOVEREIGNTY)
    panel = amendments.panel
    panel.tabs.setCurrentIndex(1)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_A, CTRL | Qt.AltModifier)
    assert panel.table.hasFocus()
    qtbot.keyClick(panel.table, Qt.Key_Return)
    assert panel.tabs.currentIndex() == 0
    assert QApplication.focusWidget() is panel.diff.new_column
    qtbot.keyClick(panel.diff.new_column, Qt.Key_F7)
    assert panel.diff.new_column.textCursor().selectedText() == "biens"


def test_discussion_shows_the_comments_on_the_amendment(qtbot, window, tmp_path):
    path = window.document.path
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses biens,",
          "--rationale", "Un", "--as", CLAIRE)  # fmt: skip
    argv = ["-C", str(path), "comment", "A-1", "--text", "Trop vague", "--as", JEAN_MARC]
    assert cli(argv) == 0
    amendments = feature(window)
    reload_panel(qtbot, amendments)
    window.select_principle(SOVEREIGNTY)
    text = amendments.panel.discussion_text.toPlainText()
    assert "Jean-Marc Sabatier" in text and "Trop vague" in text


def test_compare_two_versions_after_an_edit(qtbot, window, interaction):
    path = window.document.path
    first = git(path, "rev-parse", "HEAD").strip()
    window.select_principle(SOVEREIGNTY)
    editor = window.principle_editor.body_edit
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, " Nouvelle phrase.")
    assert window.save()
    second = git(path, "rev-parse", "HEAD").strip()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_R, CTRL | SHIFT)
    dialog = feature(window).compare_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.new_combo.count() >= 2 and not dialog.busy, timeout=10_000)
    # Defaults: the newest commit against the one before, on the selected principle.
    assert dialog.new_combo.currentData() == second
    assert dialog.old_combo.currentData() == first
    assert dialog.scope_combo.currentData() == SOVEREIGNTY
    qtbot.waitUntil(lambda: "Nouvelle phrase" in dialog.diff.changes_as_text(), timeout=10_000)
    assert "inserted: «Nouvelle phrase.»" in dialog.diff.changes_as_text().replace(
        " Nouvelle", "Nouvelle"
    )
    with qtbot.waitSignal(dialog.diff.shown, timeout=10_000):
        dialog.choose(first, second, None)  # the whole charter
    assert "Nouvelle phrase." in dialog.diff.new_column.toPlainText()
    assert window.document.charter.title in dialog.diff.old_column.toPlainText()
    dialog.reject()
    assert interaction.errors == []


def test_accessibility_walk_of_the_dock_and_dialogs(qtbot, window):
    amendments = loaded(qtbot, window)
    assert amendments.panel.isVisible()
    assert unnamed_widgets(amendments.panel) == []
    window.select_principle(SOVEREIGNTY)
    dialog = amendments.propose()
    assert unnamed_widgets(dialog) == []
    dialog.reject()
    compare = amendments.compare_versions()
    qtbot.waitUntil(lambda: not compare.busy, timeout=10_000)
    assert unnamed_widgets(compare) == []
    compare.reject()
    for action in (amendments.propose_action, amendments.panel_action, amendments.compare_action):
        assert not action.shortcut().isEmpty()
        assert action.text()
    for button in (amendments.panel.register_button, amendments.panel.withdraw_button):
        assert button.accessibleDescription()


def test_amendments_model_passes_the_model_tester(qtbot, qtmodeltester, window, tmp_path):
    path = window.document.path
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses biens,",
          "--rationale", "Un", "--as", CLAIRE)  # fmt: skip
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses armes,",
          "--rationale", "Deux", "--as", JEAN_MARC, "--draft")  # fmt: skip
    amendments = feature(window)
    reload_panel(qtbot, amendments)
    model = AmendmentTableModel()
    model.set_rows(amendments.panel.model.rows())
    qtmodeltester.check(model)
    qtmodeltester.check(amendments.panel.proxy)
    index = model.index(0, 0)
    assert index.data(PRINCIPLE_ROLE) == SOVEREIGNTY
    assert index.data(AUTHOR_ROLE) == CLAIRE
    assert index.data(STATUS_ROLE) == "registered"
    assert index.data(STATE_ROLE) == "clean"
    assert "Claire Fontanel" in index.data(Qt.AccessibleTextRole)


@pytest.mark.parametrize("language", ["fr"])
def test_the_panel_speaks_french(qtbot, window, language):
    amendments = loaded(qtbot, window)
    window.apply_preferences(language, False, 1.0)
    try:
        assert amendments.menu.title() == "A&mendements"
        assert amendments.panel.windowTitle() == "Amendements"
        assert amendments.panel.diff.case_box.text() == "Ignorer la &casse"
    finally:
        window.apply_preferences("en", False, 1.0)  # Qt's translators are process-wide
    assert amendments.menu.title() == "A&mendments"


def test_a_write_that_changed_no_amendment_leaves_the_list_filters_and_diff(
    qtbot, window, tmp_path
):
    """A room of phones comments many times a minute: the list is not reset, the filters not
    refilled and the comparison not redone; the discussion still shows the new comment."""
    path = window.document.path
    amend(path, tmp_path, SOVEREIGNTY, "de ses outils,", "de ses biens,",
          "--rationale", "Un", "--as", CLAIRE)  # fmt: skip
    amendments = feature(window)
    reload_panel(qtbot, amendments)
    panel = amendments.panel
    panel.principle_filter.setCurrentIndex(panel.principle_filter.findData(None))
    assert panel.current_id() is not None  # the first one shown is selected
    alignment = panel.diff.alignment
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    panel.principle_filter.model().rowsInserted.connect(lambda *_: resets.append(False))
    argv = ["-C", str(path), "comment", "A-1", "--text", "Trop vague", "--as", JEAN_MARC]
    assert cli(argv) == 0
    reload_panel(qtbot, amendments)
    assert resets == []
    assert panel.diff.alignment is alignment  # not compared again
    assert "Trop vague" in panel.discussion_text.toPlainText()
    amend(path, tmp_path, RIGHTS, "", "Préambule. ", "--rationale", "Deux", "--as", CLAIRE)
    reload_panel(qtbot, amendments)  # one more amendment: the list is built again
    assert any(resets) and panel.model.rowCount() == 2  # a reset was recorded
