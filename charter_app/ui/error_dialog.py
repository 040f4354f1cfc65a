"""Errors in plain words: what happened and what to do, technical details folded away."""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.errors import CharterError
from charter_app.i18n import _

log = logging.getLogger(__name__)


def technical_details(error: BaseException) -> str:
    """The traceback, for the folded "Details" section and for bug reports."""
    return "".join(traceback.format_exception(error)).rstrip()


class ErrorDialog(QDialog):
    """A message a participant understands; for unexpected errors, details on request."""

    def __init__(self, parent: QWidget | None, error: BaseException) -> None:
        super().__init__(parent)
        self.error = error
        if isinstance(error, CharterError):
            message, hint, details = error.message, error.hint, ""
        else:
            message = _("Something went wrong. Your text is still in the editor; nothing was lost.")
            hint = _(
                "You can keep working. If it happens again, copy the details below and send "
                "them to the people who look after Charter Studio."
            )
            details = technical_details(error)

        self.setWindowTitle(_("Charter Studio"))
        self.setModal(True)
        self.setAccessibleName(_("Error"))
        self.setAccessibleDescription(f"{message} {hint}".strip())

        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(32, 32)
        )
        icon.setAccessibleName(_("Warning"))
        self.message_label = QLabel(message)
        self.hint_label = QLabel(hint)
        for label in (self.message_label, self.hint_label):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.message_label.font()
        font.setBold(True)
        self.message_label.setFont(font)
        self.hint_label.setVisible(bool(hint))

        text_column = QVBoxLayout()
        text_column.addWidget(self.message_label)
        text_column.addWidget(self.hint_label)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text_column, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)

        self.details_button = QToolButton()
        self.details_button.setText(_("&Details"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAccessibleName(_("Details"))
        self.details_button.setAccessibleDescription(_("Show or hide the technical details."))
        self.details_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.details_text = QPlainTextEdit(details)
        self.details_text.setReadOnly(True)
        self.details_text.setTabChangesFocus(True)
        self.details_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details_text.setAccessibleName(_("Technical details"))
        self.details_text.setVisible(False)
        self.details_button.toggled.connect(self._show_details)
        self.details_button.setVisible(bool(details))
        layout.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.details_text, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("OK"))
        ok.setAccessibleName(_("OK"))
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        ok.setFocus()

    def _show_details(self, shown: bool) -> None:
        self.details_text.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.adjustSize()


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the person what went wrong, in plain words; unexpected errors are also logged."""
    if not isinstance(error, CharterError):
        log.error("unexpected error", exc_info=error)
    dialog = ErrorDialog(parent, error)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
