"""Editors for one principle and for the charter's own fields (title, territory, preamble)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, Signal
from PySide6.QtGui import QTextBlock, QTextDocument, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import Charter, Principle, PrincipleStatus
from charter_app.i18n import _
from charter_app.ui.accessible import set_accessible
from charter_app.ui.principle_model import status_label
from charter_app.ui.theme import status_icon


def normalise_title(text: str) -> str:
    return " ".join(text.split())


def parse_tags(text: str) -> tuple[str, ...]:
    return tuple(tag for tag in (part.strip() for part in text.split(",")) if tag)


LONG_PARAGRAPH = 4000
LONG_WORD = 1000


def _blocks(document: QTextDocument) -> Iterator[QTextBlock]:
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


class MarkdownEdit(QPlainTextEdit):
    """A Markdown text area that reports the source line to follow in the preview."""

    follow_line = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab leaves the editor: keyboard users are never trapped
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.cursorPositionChanged.connect(lambda: self.follow_line.emit(self.cursor_line()))
        self.verticalScrollBar().valueChanged.connect(
            lambda _value: self.follow_line.emit(self.top_visible_line())
        )
        self.document().contentsChange.connect(self._check_wrapping)

    def _check_wrapping(self, position: int, _removed: int, _added: int) -> None:
        """Wrap anywhere while a paragraph holds a huge unbreakable run (50,000 "[" pasted).

        Qt lays out a paragraph again at each keystroke; word wrapping a 50,000-character
        "word" costs ~150 ms a key, wrapping anywhere ~15 ms. Ordinary text keeps word wrap.
        """
        block = self.document().findBlock(position)
        if block.length() < LONG_PARAGRAPH and self.wordWrapMode() == QTextOption.WordWrap:
            return
        pathological = any(
            len(word) > LONG_WORD
            for candidate in _blocks(self.document())
            if candidate.length() >= LONG_PARAGRAPH
            for word in candidate.text().split()
        )
        wanted = QTextOption.WrapAnywhere if pathological else QTextOption.WordWrap
        if self.wordWrapMode() != wanted:
            self.setWordWrapMode(wanted)

    def text(self) -> str:
        """The exact text: unlike ``toPlainText`` it keeps no-break spaces (French « : »)."""
        raw = self.document().toRawText()
        return raw.replace("\u2029", "\n").replace("\u2028", "\n")

    def cursor_line(self) -> int:
        return self.textCursor().blockNumber()

    def top_visible_line(self) -> int:
        return self.cursorForPosition(QPoint(0, 0)).blockNumber()

    def replace_text_keeping_cursor(self, text: str) -> None:
        """Show ``text`` (after undo/redo) keeping the cursor near where it was."""
        position = self.textCursor().position()
        scroll = self.verticalScrollBar().value()
        self.setPlainText(text)
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(scroll)


class PrincipleEditor(QWidget):
    """Title, status, tags and Markdown body of the selected principle."""

    edited = Signal(str, str, object)
    """(principle id, field, value) — the window turns it into an undoable command."""
    title_invalid = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.principle_id: str | None = None
        self._updating = False
        self.title_edit = QLineEdit()
        self.status_combo = QComboBox()
        for status in PrincipleStatus:
            self.status_combo.addItem(status_icon(status.value), "", status.value)
        self.tags_edit = QLineEdit()
        self.body_edit = MarkdownEdit()
        self.title_error = QLabel()
        self.title_error.setObjectName("inlineError")
        self.title_error.hide()

        form = QFormLayout()
        self.title_label = QLabel()
        self.status_label = QLabel()
        self.tags_label = QLabel()
        self.title_label.setBuddy(self.title_edit)
        self.status_label.setBuddy(self.status_combo)
        self.tags_label.setBuddy(self.tags_edit)
        form.addRow(self.title_label, self.title_edit)
        form.addRow("", self.title_error)
        form.addRow(self.status_label, self.status_combo)
        form.addRow(self.tags_label, self.tags_edit)
        self.body_label = QLabel()
        self.body_label.setBuddy(self.body_edit)
        for label in (self.body_label, self.title_error):  # 150 % text: wrapped, never wider
            label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.body_label)
        layout.addWidget(self.body_edit, 1)

        self.title_edit.textEdited.connect(self._title_edited)
        self.tags_edit.textEdited.connect(self._tags_edited)
        self.status_combo.activated.connect(self._status_chosen)
        self.body_edit.textChanged.connect(self._body_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(_("&Title"))
        self.status_label.setText(_("St&atus"))
        self.tags_label.setText(_("Ta&gs"))
        self.body_label.setText(_("&Text (Markdown, one paragraph per line)"))
        self.title_error.setText(_("A principle needs a title: the last title is kept."))
        self.tags_edit.setPlaceholderText(_("Separate tags with commas"))
        for row, status in enumerate(PrincipleStatus):
            self.status_combo.setItemText(row, status_label(status))
        set_accessible(
            self.title_edit, _("Principle title"), _("The short title of the principle.")
        )
        set_accessible(
            self.status_combo,
            _("Principle status"),
            _("Draft, under discussion, adopted or withdrawn."),
        )
        set_accessible(
            self.tags_edit, _("Tags"), _("Keywords of the principle, separated by commas.")
        )
        set_accessible(
            self.body_edit,
            _("Principle text"),
            _("The text of the principle in Markdown; Tab moves to the next control."),
        )

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.title_edit, self.tags_edit, self.body_edit):
            widget.setReadOnly(read_only)
        self.status_combo.setEnabled(not read_only)

    def show_principle(self, principle: Principle | None) -> None:
        """Show another principle (selection changed)."""
        self._updating = True
        try:
            self.principle_id = principle.id if principle else None
            self.setEnabled(principle is not None)
            self.title_error.hide()
            self.title_edit.setText(principle.title if principle else "")
            self.tags_edit.setText(", ".join(principle.tags) if principle else "")
            for edit in (self.title_edit, self.tags_edit):
                edit.setCursorPosition(0)  # a long one shows its start, not its end
            self._select_status(principle.status if principle else PrincipleStatus.DRAFT)
            self.body_edit.setPlainText(principle.body if principle else "")
        finally:
            self._updating = False

    def update_from(self, principle: Principle) -> None:
        """The shown principle changed elsewhere (undo, redo): update only what differs."""
        if principle.id != self.principle_id:
            return
        self._updating = True
        try:
            if normalise_title(self.title_edit.text()) != principle.title:
                self.title_edit.setText(principle.title)
                self.title_error.hide()
            if parse_tags(self.tags_edit.text()) != principle.tags:
                self.tags_edit.setText(", ".join(principle.tags))
            self._select_status(principle.status)
            if self.body_edit.text() != principle.body:
                self.body_edit.replace_text_keeping_cursor(principle.body)
        finally:
            self._updating = False

    def _select_status(self, status: PrincipleStatus) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status.value)))

    def _title_edited(self, text: str) -> None:
        if self._updating or self.principle_id is None:
            return
        valid = bool(normalise_title(text))
        self.title_error.setVisible(not valid)
        self.title_invalid.emit(not valid)
        if valid:
            self.edited.emit(self.principle_id, "title", normalise_title(text))

    def _tags_edited(self, text: str) -> None:
        if not self._updating and self.principle_id is not None:
            self.edited.emit(self.principle_id, "tags", parse_tags(text))

    def _status_chosen(self, row: int) -> None:
        if not self._updating and self.principle_id is not None:
            self.edited.emit(self.principle_id, "status", self.status_combo.itemData(row))

    def _body_changed(self) -> None:
        if not self._updating and self.principle_id is not None:
            self.edited.emit(self.principle_id, "body", self.body_edit.text())


class CharterEditor(QWidget):
    """The charter's title, territory and preamble."""

    edited = Signal(str, str)
    """(field, value): field is "charter-title", "territory" or "preamble"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._updating = False
        self.title_edit = QLineEdit()
        self.territory_edit = QLineEdit()
        self.preamble_edit = MarkdownEdit()
        self.title_error = QLabel()
        self.title_error.setObjectName("inlineError")
        self.title_error.hide()
        self.title_label, self.territory_label, self.preamble_label = QLabel(), QLabel(), QLabel()
        self.title_label.setBuddy(self.title_edit)
        self.territory_label.setBuddy(self.territory_edit)
        self.preamble_label.setBuddy(self.preamble_edit)
        for label in (self.preamble_label, self.title_error):
            label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.title_label, self.title_edit)
        form.addRow("", self.title_error)
        form.addRow(self.territory_label, self.territory_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.preamble_label)
        layout.addWidget(self.preamble_edit, 1)
        self.title_edit.textEdited.connect(self._title_edited)
        self.territory_edit.textEdited.connect(lambda text: self._emit("territory", text.strip()))
        self.preamble_edit.textChanged.connect(
            lambda: self._emit("preamble", self.preamble_edit.text())
        )
        self.retranslate()

    def retranslate(self) -> None:
        self.title_label.setText(_("Charter t&itle"))
        self.territory_label.setText(_("Te&rritory"))
        self.preamble_label.setText(_("&Preamble (Markdown)"))
        self.title_error.setText(_("The charter needs a title: the last title is kept."))
        set_accessible(self.title_edit, _("Charter title"), _("The title of the whole charter."))
        set_accessible(
            self.territory_edit,
            _("Territory"),
            _("The town or inter-municipal body the charter commits."),
        )
        set_accessible(
            self.preamble_edit,
            _("Preamble"),
            _("The preamble of the charter in Markdown; Tab moves to the next control."),
        )

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.title_edit, self.territory_edit, self.preamble_edit):
            widget.setReadOnly(read_only)

    def show_charter(self, charter: Charter) -> None:
        self._updating = True
        try:
            if normalise_title(self.title_edit.text()) != charter.title:
                self.title_edit.setText(charter.title)
                self.title_error.hide()
            if self.territory_edit.text().strip() != charter.territory:
                self.territory_edit.setText(charter.territory)
            if self.preamble_edit.text() != charter.preamble:
                self.preamble_edit.replace_text_keeping_cursor(charter.preamble)
        finally:
            self._updating = False

    def _title_edited(self, text: str) -> None:
        valid = bool(normalise_title(text))
        self.title_error.setVisible(not valid)
        if valid:
            self._emit("charter-title", text)

    def _emit(self, field: str, value: str) -> None:
        if not self._updating:
            self.edited.emit(field, value)
