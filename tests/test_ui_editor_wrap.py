"""The Markdown editor stays responsive when a paragraph is one enormous unbreakable run."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QTextOption  # noqa: E402

from charter_app.ui.editor import MarkdownEdit  # noqa: E402


def test_huge_unbreakable_paragraph_switches_to_wrap_anywhere_and_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = MarkdownEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("Une phrase ordinaire, avec des mots. " * 200)  # long but breakable
    assert edit.wordWrapMode() == QTextOption.WordWrap
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    edit.insertPlainText("\n" + "[" * 5000)
    assert edit.wordWrapMode() == QTextOption.WrapAnywhere
    assert edit.text().endswith("[" * 5000)  # nothing typed is altered, only how it wraps
    edit.setPlainText("Texte normal.")
    assert edit.wordWrapMode() == QTextOption.WordWrap
