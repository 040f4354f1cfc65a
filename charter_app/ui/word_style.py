"""The look of words people wrote in bold, italics or code, wherever the app shows them as read
(the reading view, the comparison)."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QFont, QTextCharFormat


class WordStyle(Protocol):
    strong: bool
    emphasis: bool
    code: bool


def with_word_style(base: QTextCharFormat, style: WordStyle) -> QTextCharFormat:
    """``base`` with the words' own bold, italics and code look (``base`` is left as it is)."""
    char_format = QTextCharFormat(base)
    if style.strong:
        char_format.setFontWeight(QFont.Weight.Bold)
    if style.emphasis:
        char_format.setFontItalic(True)
    if style.code:
        char_format.setFontFixedPitch(True)
        char_format.setFontFamilies(["monospace"])
    return char_format
