"""Comments in the desktop app, driven like a workshop would: a real window, a real repository."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import importlib.util

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from charter_app.core.comments import fold_comments
from charter_app.core.supports import Position, fold_supports
from charter_app.ui import features
from charter_app.ui.comments_panel import CommentDialog, CommentsFeature
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

SOPHIE, CLAIRE, JEAN_MARC, LILI = "p-47232f", "p-cbb40a", "p-8736df", "p-7c975d"
"""Example participants: Sophie is staff (a facilitator), Claire and Lili residents."""


@pytest.fixture(autouse=True)
def existing_features(monkeypatch):
    """Other features are written at the same time: build the window with those that exist."""
    available = [
        spec
        for spec in features.FEATURES
        if importlib.util.find_spec(spec.partition(":")[0]) is not None
    ]
    monkeypatch.setattr(features, "FEATURES", available)


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
    qtbot.waitUntil(lambda: not feature.busy, timeout=10_000)


def record_comment(qtbot, window, feature, words: str, text: str) -> None:
    window.principle_editor.body_edit.setFocus()
    select_words(window, words)
    feature.prompts.texts.append(text)
    before = len(window.document.repository.events())
    feature.comment_action.trigger()
    assert len(window.document.repository.events()) == before + 1
    settle(qtbot, feature)


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


# -- commenting a selection -------------------------------------------------------------------------


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
