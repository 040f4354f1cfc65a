"""Comments in the desktop app, driven like a workshop would: a real window, a real repository."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from charter_app.core.comments import fold_comments
from charter_app.core.supports import Position, fold_supports
from charter_app.ui import features
from charter_app.ui.comment_models import THREAD_ID_ROLE as THREAD_ID
from charter_app.ui.comments_panel import CommentDialog, CommentsFeature
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

SOPHIE, CLAIRE, JEAN_MARC, LILI = "p-47232f", "p-cbb40a", "p-8736df", "p-7c975d"
"""Example participants: Sophie is staff (a facilitator), Claire and Lili residents."""


def _importable(spec: str) -> bool:
    try:
        importlib.import_module(spec.partition(":")[0])
    except Exception:  # noqa: BLE001 - a feature another engineer is writing right now
        return False
    return True


@pytest.fixture(autouse=True)
def existing_features(monkeypatch):
    """Other features are written at the same time: build the window with those that load."""
    monkeypatch.setattr(features, "FEATURES", [s for s in features.FEATURES if _importable(s)])


class Scripted:
    """Answers the feature's questions (no modal dialog)."""

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.written: list[tuple[str, str, str, str]] = []
        self.confirm_answer = True
        self.confirmed: list[str] = []

    def write(self, title, intro, author, initial=""):
        self.written.append((title, intro, author, initial))
        return self.texts.pop(0) if self.texts else None

    def confirm(self, title, question):
        self.confirmed.append(question)
        return self.confirm_answer


def feature_of(window) -> CommentsFeature:
    return next(f for f in window.features if isinstance(f, CommentsFeature))


@pytest.fixture
def comments(window, qtbot):
    feature = feature_of(window)
    feature.prompts = Scripted()
    qtbot.waitUntil(lambda: feature.data is not None and not feature.busy, timeout=10_000)
    return feature


def as_participant(window, participant_id: str) -> None:
    window.who_combo.setCurrentIndex(window.who_combo.findData(participant_id))


def select_words(window, words: str) -> tuple[int, int]:
    body = window.principle_editor.body_edit
    start = body.text().index(words)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), QTextCursor.KeepAnchor)
    body.setTextCursor(cursor)
    return start, start + len(words)


def settle(qtbot, feature) -> None:
    """Every write landed (they run off the UI thread), then the dock read it."""
    helpers.written(qtbot, feature.window)
    qtbot.waitUntil(lambda: not feature.busy, timeout=10_000)


def record_comment(qtbot, window, feature, words: str, text: str) -> None:
    window.principle_editor.body_edit.setFocus()
    select_words(window, words)
    feature.prompts.texts.append(text)
    before = len(window.document.repository.events())
    feature.comment_action.trigger()
    settle(qtbot, feature)
    assert len(window.document.repository.events()) == before + 1


def underlined(window) -> list:
    """The editor's extra selections drawn with an underline (the comment marks)."""
    body = window.principle_editor.body_edit
    return [
        s
        for s in body.extraSelections()
        if s.format.underlineStyle() != QTextCharFormat.NoUnderline
    ]


def first_words(window, count: int = 6) -> str:
    return " ".join(window.principle_editor.body_edit.text().split()[:count])


# -- commenting a selection ------------------------------------------------------------------------


def test_comment_a_selection_records_the_quote_and_underlines_it(qtbot, window, comments):
    as_participant(window, CLAIRE)
    principle_id = window.selected_principle_id
    words = first_words(window)
    commits = int(git(window.document.path, "rev-list", "--count", "HEAD"))
    record_comment(qtbot, window, comments, words, "Trop vague pour moi.")

    events = window.document.repository.events()
    event = events[-1]
    assert event.type == "comment" and event.by == CLAIRE
    assert event.data["target"] == principle_id
    assert event.data["passage"]["quote"] == words
    assert (
        event.data["passage"]["commit"] == git(window.document.path, "rev-parse", "HEAD~1").strip()
    )
    assert int(git(window.document.path, "rev-list", "--count", "HEAD")) == commits + 1
    log = git(window.document.path, "log", "-1", "--format=%B")
    assert f"Charter-Event: {event.id}" in log and f"Charter-Principle: {principle_id}" in log
    assert comments.prompts.written[0][2] == "Claire Fontanel"  # "Who is writing?"

    marks = underlined(window)
    assert len(marks) == 1
    assert marks[0].cursor.selectedText() == words
    assert marks[0].format.underlineStyle() in (
        QTextCharFormat.DashUnderline,
        QTextCharFormat.SingleUnderline,
    )
    assert "1 commented passage" in comments.highlighter.description
    model = comments.panel.model
    assert model.rowCount() == 1
    assert "anchored" in model.index(0, 0).data()
    assert words in model.index(0, 0).data()


def test_no_selection_comments_the_whole_principle(qtbot, window, comments):
    as_participant(window, LILI)
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(QTextCursor.Start)
    comments.prompts.texts.append("D'accord avec l'ensemble.")
    comments.comment_action.trigger()
    settle(qtbot, comments)
    event = window.document.repository.events()[-1]
    assert "passage" not in event.data
    assert "whole principle" in comments.prompts.written[0][1]
    assert "whole principle" in comments.panel.model.index(0, 0).data()
    assert not underlined(window)


def test_an_empty_dialog_cannot_record(qtbot, window):
    dialog = CommentDialog(window, "Comment", "On the whole principle 1.", "Claire")
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.text_edit, "Oui")
    assert dialog.ok_button.isEnabled()


def test_the_real_dialog_records_through_the_keyboard(qtbot, window):
    feature = feature_of(window)  # real prompts
    qtbot.waitUntil(lambda: feature.data is not None and not feature.busy, timeout=10_000)
    as_participant(window, CLAIRE)
    select_words(window, first_words(window, 3))

    def answer():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CommentDialog)
        qtbot.keyClicks(dialog.text_edit, "Écrit au clavier")
        dialog.ok_button.click()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(window, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    settle(qtbot, feature)
    event = window.document.repository.events()[-1]
    assert event.data["text"] == "Écrit au clavier"


# -- helpers for threads recorded "on another laptop" ----------------------------------------------


def seed_comment(window, feature, author: str, text: str, words: str | None = None) -> str:
    """A comment recorded straight through the core and storage (another laptop, synced)."""
    from charter_app.core import comments as core

    repository = window.document.repository
    charter = window.document.saved_charter
    principle = charter.principle(window.selected_principle_id)
    selector = None
    if words is not None:
        start = principle.body.index(words)
        selector = core.passage_for_range(principle, start, start + len(words))
    head = git(window.document.path, "rev-parse", "HEAD").strip()
    event = core.new_comment(
        charter, author, principle.id, text, passage=selector, commit=head if words else ""
    )
    repository.record([event], author, "seed")
    return event.id


def reload(qtbot, window, feature) -> None:
    feature.reload()
    settle(qtbot, feature)


def select_thread(feature, thread_id: str) -> None:
    index = feature.panel.model.index_of_thread(thread_id)
    assert index.isValid()
    feature.panel.tree.setCurrentIndex(index)


def select_reply(feature, thread_id: str, row: int = 0) -> None:
    parent = feature.panel.model.index_of_thread(thread_id)
    feature.panel.tree.setCurrentIndex(feature.panel.model.index(row, 0, parent))


def board(window):
    return fold_comments(window.document.repository.events())


# -- the dock: reply, resolve, retract, edit, hide -------------------------------------------------


def test_reply_resolve_and_retract_through_the_dock(qtbot, window, comments):
    words = first_words(window, 4)
    thread_id = seed_comment(window, comments, CLAIRE, "Que veut dire « maîtresse » ?", words)
    reload(qtbot, window, comments)
    panel = comments.panel

    as_participant(window, JEAN_MARC)
    select_thread(comments, thread_id)
    assert panel.reply_button.isEnabled()
    assert not panel.edit_button.isEnabled()  # not his comment
    assert not panel.retract_button.isEnabled()
    assert not panel.resolve_button.isEnabled()  # neither its author nor a facilitator
    comments.prompts.texts.append("Qu’elle choisit ses outils.")
    qtbot.mouseClick(panel.reply_button, Qt.LeftButton)
    settle(qtbot, comments)
    thread = board(window).thread(thread_id)
    assert [(r.author, r.text) for r in thread.replies] == [
        (JEAN_MARC, "Qu’elle choisit ses outils.")
    ]
    root = panel.model.index_of_thread(thread_id)
    assert panel.model.rowCount(root) == 1
    assert "Qu’elle choisit ses outils." in panel.model.index(0, 0, root).data()
    assert "Reply by Jean-Marc Sabatier" in panel.model.index(0, 0, root).data()

    as_participant(window, CLAIRE)
    select_thread(comments, thread_id)
    assert panel.resolve_button.isEnabled() and panel.resolve_button.text() == "Resolve the thread"
    panel.resolve_button.click()
    settle(qtbot, comments)
    assert board(window).thread(thread_id).resolved
    assert "resolved" in panel.model.index_of_thread(thread_id).data()
    select_thread(comments, thread_id)
    assert panel.resolve_button.text() == "Reopen the thread"

    comments.prompts.texts.append("Que veut dire « maîtresse de ses outils » ?")
    panel.edit_button.click()
    settle(qtbot, comments)
    assert comments.prompts.written[-1][3] == "Que veut dire « maîtresse » ?"  # prefilled
    assert board(window).get(thread_id).edits == 1
    assert "(edited)" in panel.model.index_of_thread(thread_id).data()

    select_thread(comments, thread_id)
    panel.retract_button.click()
    settle(qtbot, comments)
    assert comments.prompts.confirmed  # asked first: a retraction is final
    assert board(window).get(thread_id).retracted
    shown = panel.model.index_of_thread(thread_id).data()
    assert "[retracted by its author]" in shown and "maîtresse de ses outils" not in shown
    assert panel.model.index_of_thread(thread_id).data(Qt.FontRole).strikeOut()
    select_thread(comments, thread_id)
    assert not panel.retract_button.isEnabled() and not panel.reply_button.isEnabled()
    log = git(window.document.path, "log", "-4", "--format=%s")
    assert log.splitlines()[0].startswith("Retract comment e-")
    assert log.splitlines()[3].startswith("Reply to comment e-")


def test_a_refused_action_shows_the_core_error(qtbot, window, comments, interaction):
    thread_id = seed_comment(window, comments, CLAIRE, "Premier avis.")
    reload(qtbot, window, comments)
    as_participant(window, CLAIRE)
    select_thread(comments, thread_id)
    # Retracted on another laptop meanwhile: the dock still offers it, the core refuses.
    from charter_app.core import comments as core

    event = core.new_retraction(window.document.saved_charter, board(window), CLAIRE, thread_id)
    window.document.repository.record([event], CLAIRE, "elsewhere")
    comments.prompts.texts.append("Nouveau texte")
    comments.panel.edit_button.click()
    helpers.written(qtbot, window)
    assert interaction.errors and "retracted" in interaction.errors[-1].message


def test_facilitators_hide_with_a_reason_and_only_they_read_hidden_text(qtbot, window, comments):
    thread_id = seed_comment(window, comments, LILI, "Texte injurieux")
    reload(qtbot, window, comments)
    panel = comments.panel
    as_participant(window, CLAIRE)
    select_thread(comments, thread_id)
    assert not panel.hide_button.isEnabled()  # residents do not moderate

    as_participant(window, SOPHIE)
    select_thread(comments, thread_id)
    assert panel.hide_button.isEnabled()
    comments.prompts.texts.append("Propos injurieux")
    panel.hide_button.click()
    settle(qtbot, comments)
    comment = board(window).get(thread_id)
    assert comment.hidden and comment.hidden_reason == "Propos injurieux"
    shown = panel.model.index_of_thread(thread_id).data()
    assert "[hidden by a facilitator: Propos injurieux]" in shown
    assert "Texte injurieux" in shown  # a facilitator still reads it

    as_participant(window, CLAIRE)
    shown = panel.model.index_of_thread(thread_id).data()
    assert "[hidden by a facilitator: Propos injurieux]" in shown
    assert "Texte injurieux" not in shown
    assert "Texte injurieux" not in panel.details.toPlainText()

    as_participant(window, SOPHIE)
    select_thread(comments, thread_id)
    assert panel.hide_button.text() == "Show the comment again"
    panel.hide_button.click()
    settle(qtbot, comments)
    assert not board(window).get(thread_id).hidden


# -- positions -------------------------------------------------------------------------------------


def test_positions_are_counted_by_position_and_by_role(qtbot, window, comments):
    thread_id = seed_comment(window, comments, CLAIRE, "Ajouter les logiciels libres.")
    reload(qtbot, window, comments)
    panel = comments.panel
    for participant, position in (
        (LILI, Position.SUPPORT),
        (JEAN_MARC, Position.OPPOSE),
        (CLAIRE, Position.SUPPORT),
        (JEAN_MARC, Position.NEUTRAL),  # changed his mind: the latest counts
    ):
        as_participant(window, participant)
        select_thread(comments, thread_id)
        panel.support_buttons[position].click()
        settle(qtbot, comments)
    tally = fold_supports(window.document.repository.events(), window.document.charter.participants)
    totals = tally[thread_id].totals()
    assert totals == {Position.SUPPORT: 2, Position.OPPOSE: 0, Position.NEUTRAL: 1}
    assert tally[thread_id].by_role()["resident"][Position.SUPPORT] == 2
    select_thread(comments, thread_id)
    details = panel.details.toPlainText()
    assert "support: 2 · oppose: 0 · neutral: 1" in details
    assert "Resident: support 2" in details and "Elected member: neutral 1" in details
    assert "support: 2" in panel.model.index_of_thread(thread_id).data()


# -- filters ---------------------------------------------------------------------------------------


def test_filters_open_resolved_orphaned_author_and_role(qtbot, window, comments):
    from charter_app.core import comments as core

    body_words = first_words(window, 4)
    open_id = seed_comment(window, comments, CLAIRE, "Ouvert", body_words)
    resolved_id = seed_comment(window, comments, JEAN_MARC, "Résolu")
    charter = window.document.saved_charter
    event = core.new_resolution(charter, board(window), JEAN_MARC, resolved_id, True)
    window.document.repository.record([event], JEAN_MARC, "resolve")
    reply = core.new_reply(charter, board(window), LILI, resolved_id, "Merci")
    window.document.repository.record([reply], LILI, "reply")
    reload(qtbot, window, comments)
    panel = comments.panel

    def shown() -> set[str]:
        model = panel.model
        return {model.index(r, 0).data(THREAD) for r in range(model.rowCount())}

    def choose(combo, data) -> None:
        combo.setCurrentIndex(combo.findData(data))
        combo.activated.emit(combo.currentIndex())

    from charter_app.ui.comment_models import THREAD_ID_ROLE as THREAD

    assert shown() == {open_id, resolved_id}
    choose(panel.status_combo, "open")
    assert shown() == {open_id}
    choose(panel.status_combo, "resolved")
    assert shown() == {resolved_id}
    choose(panel.status_combo, "orphaned")
    assert shown() == set()
    choose(panel.status_combo, "all")
    choose(panel.author_combo, LILI)  # she only replied
    assert shown() == {resolved_id}
    choose(panel.author_combo, "")
    choose(panel.role_combo, "elected")
    assert shown() == {resolved_id}
    choose(panel.role_combo, "resident")
    assert shown() == {open_id, resolved_id}  # Claire wrote one, Lili replied to the other
    choose(panel.role_combo, "staff")
    assert shown() == set()
    assert "threads shown: 0 of 2" in panel.heading.text()


# -- anchoring after edits -------------------------------------------------------------------------


def test_an_edit_elsewhere_keeps_the_passage_and_a_deletion_orphans_it(qtbot, window, comments):
    body = window.principle_editor.body_edit
    text = body.text()
    words = text.split("\n")[0].split()[4:9]
    passage = " ".join(words)
    assert text.count(passage) == 1
    thread_id = seed_comment(window, comments, CLAIRE, "Précisez.", passage)
    reload(qtbot, window, comments)
    entry = comments.entries[0]
    assert entry.anchor.state == "anchored"

    # Words added before the passage, in the editor (unsaved, then saved): still anchored.
    body.setFocus()
    body.moveCursor(QTextCursor.Start)
    qtbot.keyClicks(body, "Preambule ajoute. ")
    qtbot.waitUntil(lambda: comments._anchored_for == (window.selected_principle_id, body.text()))
    settle(qtbot, comments)
    entry = comments.entries[0]
    assert entry.anchor.state == "anchored"
    assert body.text()[entry.anchor.start : entry.anchor.end] == passage
    marks = underlined(window)
    assert [m.cursor.selectedText() for m in marks] == [passage]
    assert window.save()
    settle(qtbot, comments)
    assert comments.entries[0].anchor.state == "anchored"

    # The passage deleted: the thread is orphaned and listed with the words as they were.
    start = body.text().index(passage)
    cursor = body.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(passage), QTextCursor.KeepAnchor)
    body.setTextCursor(cursor)
    qtbot.keyClick(body, Qt.Key_Delete)
    assert window.save()
    qtbot.waitUntil(lambda: comments._anchored_for == (window.selected_principle_id, body.text()))
    settle(qtbot, comments)
    entry = comments.entries[0]
    assert entry.state == "orphaned"
    assert not underlined(window)
    shown = comments.panel.model.index_of_thread(thread_id).data()
    assert "orphaned" in shown and f"Passage as it was: “{passage}”" in shown
    panel = comments.panel
    panel.status_combo.setCurrentIndex(panel.status_combo.findData("orphaned"))
    panel.status_combo.activated.emit(panel.status_combo.currentIndex())
    assert panel.model.rowCount() == 1


def test_unsaved_edits_map_the_selection_onto_the_saved_text(qtbot, window, comments):
    as_participant(window, CLAIRE)
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(QTextCursor.Start)
    qtbot.keyClicks(body, "Ajout non enregistre. ")
    assert window.document.is_modified
    saved_body = window.document.saved_charter.principle(window.selected_principle_id).body
    words = saved_body.split()[2:6]
    passage = " ".join(words)
    record_comment(qtbot, window, comments, passage, "Sur le texte enregistré.")
    event = window.document.repository.events()[-1]
    assert int(event.data["passage"]["start"]) == saved_body.index(passage)
    assert window.document.is_modified  # nothing was saved behind the person's back
    assert "not saved yet" in comments.prompts.written[-1][1]
    qtbot.waitUntil(lambda: comments._anchored_for == (window.selected_principle_id, body.text()))
    assert [m.cursor.selectedText() for m in underlined(window)] == [passage]


def test_commenting_unsaved_words_asks_to_save_first(qtbot, window, comments):
    as_participant(window, CLAIRE)
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(QTextCursor.Start)
    qtbot.keyClicks(body, "Des mots tout neufs. ")
    select_words(window, "mots tout neufs")
    comments.prompts.confirm_answer = False
    comments.prompts.texts.append("Jamais enregistré")
    before = len(window.document.repository.events())
    comments.comment_action.trigger()
    assert comments.prompts.confirmed and "not saved yet" in comments.prompts.confirmed[0]
    assert len(window.document.repository.events()) == before  # declined: nothing recorded
    assert window.document.is_modified

    comments.prompts.confirm_answer = True
    comments.comment_action.trigger()
    settle(qtbot, comments)
    assert not window.document.is_modified  # saved first
    event = window.document.repository.events()[-1]
    assert event.data["passage"]["quote"] == "mots tout neufs"
    assert (
        event.data["passage"]["commit"] == git(window.document.path, "rev-parse", "HEAD~1").strip()
    )


def test_comment_a_selection_in_the_preview(qtbot, window, comments):
    as_participant(window, CLAIRE)
    preview = window.preview
    qtbot.waitUntil(lambda: preview.current is not None)
    words = first_words(window, 3)
    found = preview.document().find(words)
    assert not found.isNull()
    preview.setTextCursor(found)
    preview.setFocus()
    comments.prompts.texts.append("Depuis l’aperçu")
    comments.comment_action.trigger()
    settle(qtbot, comments)
    event = window.document.repository.events()[-1]
    assert event.data["passage"]["quote"] == words


# -- keyboard --------------------------------------------------------------------------------------


def test_f8_moves_to_the_next_comment_in_the_dock_and_the_editor(qtbot, window, comments):
    text = window.principle_editor.body_edit.text()
    first_line = text.split("\n")[0].split()
    early, late = " ".join(first_line[1:4]), " ".join(first_line[8:12])
    late_id = seed_comment(window, comments, LILI, "Deuxième", late)
    early_id = seed_comment(window, comments, CLAIRE, "Premier", early)
    whole_id = seed_comment(window, comments, JEAN_MARC, "Sur tout")
    reload(qtbot, window, comments)
    body = window.principle_editor.body_edit
    body.setFocus()
    body.moveCursor(QTextCursor.Start)
    tree = comments.panel.tree

    qtbot.keyClick(body, Qt.Key_F8)
    assert tree.currentIndex().data(THREAD_ID) == early_id
    assert body.textCursor().selectedText() == early
    qtbot.keyClick(body, Qt.Key_F8)
    assert tree.currentIndex().data(THREAD_ID) == late_id
    assert body.textCursor().selectedText() == late
    assert body.hasFocus()  # the cursor moved, the focus stayed
    qtbot.keyClick(body, Qt.Key_F8)
    assert tree.currentIndex().data(THREAD_ID) == whole_id  # listed after the passages
    qtbot.keyClick(body, Qt.Key_F8, Qt.ShiftModifier)
    assert tree.currentIndex().data(THREAD_ID) == late_id

    # Ctrl+Shift+O focuses the dock; moving the editor cursor into a passage selects its thread.
    qtbot.keyClick(body, Qt.Key_O, Qt.ControlModifier | Qt.ShiftModifier)
    assert tree.hasFocus()
    cursor = body.textCursor()
    cursor.setPosition(text.index(early) + 2)
    body.setTextCursor(cursor)
    assert tree.currentIndex().data(THREAD_ID) == early_id


def test_comment_shortcuts_clash_with_no_other_action(window):
    from PySide6.QtGui import QAction, QKeySequence

    feature = feature_of(window)
    mine = {feature.comment_action, feature.next_action, feature.previous_action}
    mine.add(feature.panel_action)
    keys = {k.toString() for a in mine for k in a.shortcuts()}
    assert keys == {"Ctrl+Shift+C", "F8", "Shift+F8", "Ctrl+Shift+O"}
    others = [a for a in window.findChildren(QAction) if a not in mine]
    for action in others:
        for key in action.shortcuts():
            assert key.toString(QKeySequence.PortableText) not in keys, action.text()


# -- counts in the principle list ------------------------------------------------------------------


def test_counts_appear_in_the_principle_list(qtbot, window, comments):
    from charter_app.ui.principle_model import COLUMNS, counts_text

    column = COLUMNS.index("counts")
    row = window.model.row_of(window.selected_principle_id)
    assert window.model.index(row, column).data() == ""  # nothing counted yet
    as_participant(window, CLAIRE)
    record_comment(qtbot, window, comments, first_words(window, 3), "Un")
    seed_comment(window, comments, LILI, "Deux")
    reload(qtbot, window, comments)
    index = window.model.index(row, column)
    assert index.data() == counts_text(2, 0)
    assert index.data().endswith("2 · ✎ 0")
    assert "2 comments, 0 amendments" in index.data(Qt.AccessibleTextRole)
    assert index.data(Qt.ForegroundRole) is None  # words and symbols, not a colour
    other = window.model.index((row + 1) % window.model.rowCount(), column)
    assert other.data() in ("", counts_text(0, 0))


# -- models and accessibility ----------------------------------------------------------------------


def test_thread_model_passes_the_model_tester(qtbot, window, comments, qtmodeltester):
    from charter_app.core import comments as core

    thread_id = seed_comment(window, comments, CLAIRE, "Un", first_words(window, 3))
    seed_comment(window, comments, LILI, "Deux")
    charter = window.document.saved_charter
    for author, text in ((JEAN_MARC, "Réponse"), (LILI, "Autre réponse")):
        reply = core.new_reply(charter, board(window), author, thread_id, text)
        window.document.repository.record([reply], author, "reply")
    reload(qtbot, window, comments)
    model = comments.panel.model
    assert model.rowCount() == 2
    assert model.rowCount(model.index_of_thread(thread_id)) == 2
    qtmodeltester.check(model)
    comments.panel.status_combo.setCurrentIndex(1)
    comments.panel.status_combo.activated.emit(1)
    qtmodeltester.check(model)
    qtmodeltester.check(window.model)


def test_the_dock_and_dialog_are_named_and_reachable(qtbot, window, comments):
    from tests.test_ui_accessibility import unnamed_widgets

    seed_comment(window, comments, CLAIRE, "Un", first_words(window, 3))
    reload(qtbot, window, comments)
    assert unnamed_widgets(comments.panel) == []
    dialog = CommentDialog(window, "Comment", "On the whole principle 1.", "Claire")
    qtbot.addWidget(dialog)
    assert unnamed_widgets(dialog) == []
    for widget in (comments.panel.tree, comments.panel.details, comments.panel.status_combo):
        assert widget.accessibleDescription()
        assert widget.focusPolicy() & Qt.TabFocus
    assert "1 commented passage" in comments.highlighter.gutter.accessibleDescription()
    for action in (comments.comment_action, comments.next_action, comments.panel_action):
        assert not action.shortcut().isEmpty() and action in comments.menu.actions()
    # Every thread action is also in the tree's context menu (the Menu key).
    assert comments.reply_action in comments.panel.tree.actions()


def test_hovering_a_passage_shows_its_thread(qtbot, window, comments):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    words = first_words(window, 4)
    seed_comment(window, comments, CLAIRE, "Que veut dire ce passage ?", words)
    reload(qtbot, window, comments)
    body = window.principle_editor.body_edit
    cursor = body.textCursor()
    cursor.setPosition(2)
    point = body.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.ToolTip, point, body.viewport().mapToGlobal(point))
    QApplication.sendEvent(body.viewport(), event)
    qtbot.waitUntil(lambda: "Que veut dire ce passage ?" in QToolTip.text())
    assert "Claire Fontanel" in QToolTip.text() and words in QToolTip.text()
    QToolTip.hideText()
    far = body.cursorRect(body.textCursor()).center() + QPoint(0, 400)
    assert comments.highlighter.threads_at(body.cursorForPosition(far).position()) == []


def test_comments_made_during_a_workshop_are_tagged_with_it(qtbot, window, comments):
    from charter_app.core.workshops import fold_workshops, new_start

    repository = window.document.repository
    start = new_start(
        window.document.saved_charter,
        fold_workshops(repository.events()),
        SOPHIE,
        "Atelier du mardi",
        day="2026-11-24",
    )
    repository.record([start], SOPHIE, "start")
    as_participant(window, LILI)
    record_comment(qtbot, window, comments, first_words(window, 3), "Pendant l’atelier")
    (event,) = [e for e in repository.events() if e.type == "comment"]
    assert event.workshop == "W-1"
    assert "Charter-Workshop: W-1" in git(window.document.path, "log", "-1", "--format=%B")


def test_nobody_chosen_or_read_only_records_nothing(qtbot, window, comments, interaction):
    window.who_combo.setCurrentIndex(-1)
    assert window.current_participant() is None
    select_words(window, first_words(window, 3))
    before = len(window.document.repository.events())
    comments.comment_action.trigger()
    assert interaction.errors and "Who is writing?" in interaction.errors[-1].message
    assert len(window.document.repository.events()) == before
    assert comments.prompts.written == []
    window.document.read_only = True
    as_participant(window, CLAIRE)
    comments.comment_action.trigger()  # a read-only copy (an old version): nothing recorded
    assert len(window.document.repository.events()) == before
    window.select_principle(window.document.charter.principles[1].id)
    assert not comments.comment_action.isEnabled()


def test_a_reload_from_disk_refreshes_the_counts(qtbot, window, comments):
    from charter_app.ui.principle_model import COLUMNS, counts_text

    seed_comment(window, comments, CLAIRE, "Arrivé par une synchronisation")
    window.reload_from_disk()
    settle(qtbot, comments)
    row = window.model.row_of(window.selected_principle_id)
    assert window.model.index(row, COLUMNS.index("counts")).data() == counts_text(1, 0)
    assert comments.panel.model.rowCount() == 1
