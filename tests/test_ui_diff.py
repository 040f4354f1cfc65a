"""The side-by-side diff view: marks that never rely on colour, change navigation, one column,
synchronised scrolling, the text for screen readers, options and long texts off the UI thread."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from charter_app import i18n
from charter_app.ui.diff_view import LONG_TEXT_CHARS, DiffView

OLD = (
    "Premier paragraphe inchangé.\n"
    "La commune garantit l’accès au plus grand nombre de services publics numériques.\n"
    "Un paragraphe supprimé."
)
NEW = (
    "Premier paragraphe inchangé.\n"
    "La commune garantit l’accès à tous les services publics numériques.\n"
    "Un paragraphe ajouté à la fin."
)


@pytest.fixture(autouse=True)
def english():
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture
def view(qtbot) -> DiffView:
    widget = DiffView()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def runs(document: QTextDocument) -> list[tuple[str, bool, bool]]:
    """(text, underlined, struck through) of every run of the document."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            found.append((fragment.text(), fmt.fontUnderline(), fmt.fontStrikeOut()))
            iterator += 1
        block = block.next()
    return found


def test_insertions_are_underlined_and_deletions_struck_through(view):
    view.set_texts(OLD, NEW, "v1.0, 12 mars", "Amendement A-7")
    old_runs = runs(view.old_column.document())
    new_runs = runs(view.new_column.document())
    assert ("au plus grand nombre de", False, True) in old_runs
    assert ("à tous les", True, False) in new_runs
    assert ("Un paragraphe supprimé.", False, True) in old_runs
    assert ("Un paragraphe ajouté à la fin.", True, False) in new_runs
    # Kept text carries no mark, and the new side never shows the deleted words.
    assert ("Premier paragraphe inchangé.", False, False) in new_runs
    assert "au plus" not in view.new_column.toPlainText()
    html = view.new_column.toHtml()
    assert "text-decoration: underline" in html
    assert "line-through" in view.old_column.toHtml()
    # The legend names both sides and shows both marks.
    assert "v1.0, 12 mars" in view.old_legend.text()
    assert "Amendement A-7" in view.new_legend.text()
    assert "line-through" in view.old_legend.text()
    assert "underline" in view.new_legend.text()


def test_rows_are_aligned_block_by_block(view):
    view.set_texts(OLD, NEW, "a", "b")
    old_doc, new_doc = view.old_column.document(), view.new_column.document()
    assert old_doc.blockCount() == new_doc.blockCount() == len(view.rows)
    layout_old, layout_new = old_doc.documentLayout(), new_doc.documentLayout()
    for number in range(old_doc.blockCount()):
        top_old = layout_old.blockBoundingRect(old_doc.findBlockByNumber(number)).top()
        top_new = layout_new.blockBoundingRect(new_doc.findBlockByNumber(number)).top()
        assert abs(top_old - top_new) < 1.5


def test_f7_and_shift_f7_move_the_cursor_from_change_to_change(qtbot, view):
    view.set_texts(OLD, NEW, "a", "b")
    assert len(view.stops) == 3
    column = view.new_column
    column.setFocus()
    qtbot.keyClick(column, Qt.Key_F7)
    assert column.textCursor().selectedText() == "à tous les"
    assert view.old_column.textCursor().selectedText() == "au plus grand nombre de"
    assert view.position_label.text() == "Change 1 of 3"
    assert "inserted: «à tous les»" in view.position_label.accessibleName()
    qtbot.keyClick(column, Qt.Key_F7)
    assert view.old_column.textCursor().selectedText() == "Un paragraphe supprimé."
    qtbot.keyClick(column, Qt.Key_F7)
    assert column.textCursor().selectedText() == "Un paragraphe ajouté à la fin."
    assert not view.next_button.isEnabled()
    qtbot.keyClick(column, Qt.Key_F7, Qt.ShiftModifier)
    qtbot.keyClick(column, Qt.Key_F7, Qt.ShiftModifier)
    assert column.textCursor().selectedText() == "à tous les"
    assert not view.previous_button.isEnabled()
    view.next_button.click()
    assert view.current_stop == 1


def test_single_column_shows_both_marks_in_reading_order(qtbot, view):
    view.set_texts(OLD, NEW, "a", "b")
    view.inline_box.setFocus()
    qtbot.keyClick(view.inline_box, Qt.Key_Space)
    assert view.inline
    assert view.stack.currentWidget() is view.inline_column
    inline_runs = runs(view.inline_column.document())
    deleted = inline_runs.index(("au plus grand nombre de", False, True))
    inserted = inline_runs.index(("à tous les", True, False))
    assert deleted < inserted
    view.next_change()
    assert view.inline_column.textCursor().selectedText() == "au plus grand nombre deà tous les"
    view.set_inline(False)
    assert view.stack.currentWidget() is view.columns


def test_scrolling_one_side_scrolls_the_other(qtbot, view):
    old = "\n".join(f"Paragraphe {n} : la commune agit." for n in range(200))
    new_lines = [f"Paragraphe {n} : la commune agit." for n in range(200)]
    new_lines[5] = "Paragraphe 5 : la commune agit vite, avec un texte bien plus long. " * 4
    view.resize(700, 300)
    view.set_texts(old, "\n".join(new_lines), "a", "b")
    old_bar = view.old_column.verticalScrollBar()
    new_bar = view.new_column.verticalScrollBar()
    qtbot.waitUntil(lambda: new_bar.maximum() > 0)
    old_bar.setValue(old_bar.maximum() // 2)
    assert new_bar.value() > 0
    assert abs(new_bar.value() - old_bar.value()) <= 2  # equal heights row by row
    top_old = view.old_column.cursorForPosition(view.old_column.rect().topLeft())
    top_new = view.new_column.cursorForPosition(view.new_column.rect().topLeft())
    assert abs(top_old.blockNumber() - top_new.blockNumber()) <= 1
    new_bar.setValue(10)
    assert abs(old_bar.value() - 10) <= 2


def test_screen_reader_text_lists_every_change(view):
    view.set_texts(OLD, NEW, "a", "b")
    text = view.changes_as_text()
    assert "Paragraph 2: deleted: «au plus grand nombre de» inserted: «à tous les»" in text
    assert "deleted: «Un paragraphe supprimé.»" in text
    assert "inserted: «Un paragraphe ajouté à la fin.»" in text
    assert view.changes_text.isReadOnly()
    assert view.changes_text.focusPolicy() & Qt.TabFocus
    assert "3 changes" in view.new_column.accessibleDescription()
    view.set_texts("Même texte.", "Même texte.", "a", "b")
    assert view.changes_as_text() == "No difference."


def test_ignore_case_and_typography(view):
    view.set_texts("La Commune d'Auch", "la commune d’Auch", "a", "b")
    assert len(view.stops) >= 1
    view.case_box.setChecked(True)
    assert len(view.stops) == 1  # the apostrophe still differs
    view.typography_box.setChecked(True)
    assert view.stops == []
    assert view.changes_as_text() == "No difference."
    # The real text is still what is shown.
    assert view.new_column.toPlainText() == "la commune d’Auch"


def test_a_degraded_diff_says_so(view):
    view.budget_s = 0.0
    view.set_texts(OLD, NEW, "a", "b")
    assert view.alignment.degraded
    assert view.notice.isVisible()
    assert "too long" in view.notice.text()
    assert "too long" in view.changes_as_text()
    view.budget_s = None
    view.set_texts(OLD, NEW, "a", "b")
    assert not view.notice.isVisible()


def test_long_texts_are_compared_off_the_ui_thread(qtbot, view):
    paragraph = "La commune publie ses données ouvertes chaque trimestre. " * 4
    old = "\n".join(f"{n}. {paragraph}" for n in range(LONG_TEXT_CHARS // len(paragraph) + 20))
    new = old.replace("\n3. La commune", "\n3. La communauté")
    with qtbot.waitSignal(view.shown, timeout=20_000):
        view.set_texts(old, new, "a", "b")
        assert view.busy  # returned before the comparison was done
    assert not view.busy
    assert len(view.stops) == 1
    assert "inserted: «communauté»" in view.changes_as_text()


def styled_runs(document: QTextDocument) -> list[tuple[str, bool, bool, bool, bool]]:
    """(text, bold, italic, underlined, struck through) of every run of the document."""
    found = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fmt = iterator.fragment().charFormat()
            bold = fmt.fontWeight() >= 600
            found.append(
                (
                    iterator.fragment().text(),
                    bold,
                    fmt.fontItalic(),
                    fmt.fontUnderline(),
                    fmt.fontStrikeOut(),
                )
            )
            iterator += 1
        block = block.next()
    return found


def test_the_columns_show_emphasis_as_emphasis_never_the_sources_stars(view):
    old = "Les **données** des habitants restent *locales*.\n- un point **fort**"
    new = "Les **données** des habitants restent *à la commune*.\n- un point **fort**"
    view.set_texts(old, new, "v1.0", "Amendement A-9")
    for column in (view.old_column, view.new_column, view.inline_column):
        text = column.toPlainText()
        assert "*" not in text and "- un" not in text
        assert "Les données des habitants restent" in text and "• un point fort" in text
    old_runs, new_runs = (
        styled_runs(view.old_column.document()),
        styled_runs(view.new_column.document()),
    )
    assert ("données", True, False, False, False) in new_runs
    # The change keeps its mark (struck, underlined) and the words their emphasis.
    assert ("locales", False, True, False, True) in old_runs
    assert ("à la commune", False, True, True, False) in new_runs
    inline = styled_runs(view.inline_column.document())
    assert ("locales", False, True, False, True) in inline
    assert ("à la commune", False, True, True, False) in inline
    # The text for screen readers says the words, without the markup.
    changes = view.changes_as_text()
    assert "locales" in changes and "à la commune" in changes and "*" not in changes
    # The change cursor selects the changed words as they are shown.
    view.next_change()
    assert view.new_column.textCursor().selectedText() == "à la commune"


def test_a_change_of_markup_alone_is_said_in_words(view):
    view.set_texts("Les données restent locales.", "Les **données** restent locales.", "a", "b")
    assert "**" not in view.new_column.toPlainText()
    # The words were replaced by the same words in bold: underlined as inserted, said in words.
    assert ("données", True, False, True, False) in styled_runs(view.new_column.document())
    assert len(view.stops) == 1
    assert "formatting changed: «données»" in view.changes_as_text()
