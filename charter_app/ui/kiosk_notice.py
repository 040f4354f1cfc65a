"""The short privacy notice at the foot of the quick-capture form: what is collected, why, for
how long, whom to ask. Its text is the core's (:mod:`charter_app.core.privacy_notice`), the same
the phone companion shows."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from charter_app.core.model import Charter
from charter_app.core.privacy_notice import privacy_notice
from charter_app.ui.editor import set_accessible


class PrivacyNoticeLabel(QLabel):
    """The notice, small and wrapped; call :meth:`show_for` with the charter (and again when
    the language changes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kioskPrivacyNotice")
        self.setWordWrap(True)
        self.setTextFormat(Qt.RichText)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)

    def show_for(self, charter: Charter) -> None:
        notice = privacy_notice(charter)
        # Every piece of text is escaped: the charter's title and contact are typed by people.
        paragraphs = "".join(f"<p>{escape(text)}</p>" for text in notice.paragraphs)
        self.setText(f"<p><b>{escape(notice.title)}</b></p>{paragraphs}")
        set_accessible(self, notice.title, " ".join(notice.paragraphs))
