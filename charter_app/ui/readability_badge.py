"""A quiet plain-language indicator next to the principle editor: "Readability: easy".

The reasons (long sentences, long words, passives) are in its tooltip and accessible
description. It is worked out again a moment after typing stops (``core/readability.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel

from charter_app.core.readability import Level, analyse
from charter_app.i18n import _
from charter_app.rendering import to_plain_paragraphs
from charter_app.ui.editor import set_accessible

DEBOUNCE_MS = 600
SYMBOLS = {Level.EASY: "●●●", Level.FAIRLY_EASY: "●●○", Level.DIFFICULT: "●○○"}
"""A shape as well as the word: never colour alone."""


class ReadabilityBadge(QLabel):
    """Placed under the principle editor's text; follows what is typed."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("readabilityBadge")
        self.result = None
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.update_now)
        editor = window.principle_editor
        editor.layout().addWidget(self)
        editor.body_edit.textChanged.connect(self.timer.start)
        window.events.selected.connect(lambda _id: self.update_now())
        window.events.opened.connect(lambda _document: self.update_now())
        window.events.retranslate.connect(self.update_now)
        self.update_now()

    def update_now(self) -> None:
        self.timer.stop()
        document = self.window_.document
        editor = self.window_.principle_editor
        if document is None or editor.principle_id is None:
            self.setText("")
            return
        language = document.charter.language
        self.result = analyse(to_plain_paragraphs(editor.body_edit.text()), language)
        text = _("Readability: {level}").format(level=self.result.level_label)
        self.setText(f"{SYMBOLS[self.result.level]} {text}")
        reasons = "\n".join(self.result.reasons)
        self.setToolTip(reasons)
        set_accessible(self, text, reasons)
