"""The questions the comments feature asks: the text of a comment, a reply, an edit or a reason."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _
from charter_app.ui.editor import set_accessible


class CommentDialog(QDialog):
    """Write a comment, a reply, an edit or a reason: the text is required."""

    def __init__(self, parent, title: str, intro: str, author: str, initial: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.author = QLabel(_("Who is writing? {name}").format(name=author))
        self.author.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label = QLabel(_("&Text (required)"))
        self.text_edit = QPlainTextEdit(initial)
        self.text_edit.setTabChangesFocus(True)
        self.text_label.setBuddy(self.text_edit)
        set_accessible(self.text_edit, _("Text"), f"{intro} {self.author.text()}")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Record"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("&Cancel"))
        set_accessible(self.ok_button, _("Record"), _("Record it now, in the charter’s history."))
        set_accessible(cancel, _("Cancel"), _("Close without recording anything."))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.author, self.text_label, self.text_edit, self.buttons):
            layout.addWidget(widget)
        self._check()
        self.resize(520, 320)

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText()


class CommentPrompts:
    """The questions this feature asks; tests replace it so no modal dialog stays open."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def write(self, title: str, intro: str, author: str, initial: str = "") -> str | None:
        dialog = CommentDialog(self.parent, title, intro, author, initial)
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
