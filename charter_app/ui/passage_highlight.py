"""Commented passages marked in the principle editor: underline, a margin bar, words on hover.

The marks are extra selections (never edits of the text, so the undo stack and the "modified"
mark are untouched): a dotted underline and a light background, plus a bar in a left margin
with the number of threads starting on that line — shapes and words, never colour alone. The
editor's accessible description says how many passages are commented; hovering a passage shows
its thread. Positions in Qt's text cursor count UTF-16 units; Python counts code points:
:func:`to_qt` and :func:`from_qt` convert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from charter_app.i18n import _, ngettext

if TYPE_CHECKING:
    from charter_app.ui.comment_models import ThreadEntry  # the comments load after first paint


def to_qt(text: str, index: int) -> int:
    """The UTF-16 position of Python index ``index`` in ``text``."""
    prefix = text[:index]
    return index + sum(1 for ch in prefix if ord(ch) > 0xFFFF)


def from_qt(text: str, position: int) -> int:
    """The Python index of UTF-16 position ``position`` in ``text``."""
    units = 0
    for index, ch in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


class _Gutter(QWidget):
    """The margin left of the text: a bar beside each commented passage, with a count."""

    def __init__(self, highlighter: PassageHighlighter) -> None:
        super().__init__(highlighter.editor)
        self.highlighter = highlighter
        self.setObjectName("commentGutter")

    def sizeHint(self) -> QSize:
        return QSize(self.highlighter.margin_width(), 0)

    def paintEvent(self, event) -> None:
        self.highlighter.paint_gutter(self, event.rect())


class PassageHighlighter(QObject):
    """Marks the passages of ``entries`` in ``editor`` (a QPlainTextEdit)."""

    def __init__(
        self, editor: QPlainTextEdit, describe: Callable[[ThreadEntry], str], parent=None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.describe = describe
        """Text of a thread for the hover tip."""
        self.entries: list[ThreadEntry] = []
        self._ranges: list[tuple[int, int, ThreadEntry]] = []  # Qt positions
        self.current_thread: str | None = None
        self.gutter = _Gutter(self)
        self.retranslate()
        editor.setViewportMargins(self.margin_width(), 0, 0, 0)
        editor.updateRequest.connect(self._scrolled)
        self._viewport = editor.viewport()
        self._viewport.installEventFilter(self)
        editor.installEventFilter(self)
        self._place_gutter()

    # -- showing ----------

    def show_entries(self, entries: Sequence[ThreadEntry], text: str) -> None:
        """Mark ``entries``' passages, placed in ``text`` (must be the editor's text)."""
        self.entries = list(entries)
        self._ranges = []
        for entry in self.entries:
            anchor = entry.anchor
            if anchor is None or not anchor.found or anchor.start is None or anchor.end is None:
                continue
            self._ranges.append((to_qt(text, anchor.start), to_qt(text, anchor.end), entry))
        self.refresh()

    def clear(self) -> None:
        self.entries, self._ranges = [], []
        self.refresh()

    def ranges(self) -> list[tuple[int, int, str]]:
        """(start, end, thread id) of each marked passage, in Qt positions."""
        return [(start, end, entry.thread.id) for start, end, entry in self._ranges]

    def refresh(self) -> None:
        selections = []
        palette = self.editor.palette()
        for start, end, entry in self._ranges:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(min(start, self.editor.document().characterCount() - 1))
            cursor.setPosition(
                min(end, self.editor.document().characterCount() - 1), QTextCursor.KeepAnchor
            )
            selection.cursor = cursor
            text_format = QTextCharFormat()
            current = entry.thread.id == self.current_thread
            text_format.setFontUnderline(True)
            text_format.setUnderlineStyle(
                QTextCharFormat.SingleUnderline if current else QTextCharFormat.DashUnderline
            )
            text_format.setUnderlineColor(palette.color(QPalette.Text))
            background = QColor(palette.color(QPalette.Highlight))
            background.setAlpha(70 if current else 35)
            text_format.setBackground(background)
            text_format.setToolTip(self.describe(entry))
            selection.format = text_format
            selections.append(selection)
        self._set_selections(selections)
        self._describe_editor()
        self.gutter.update()

    def _set_selections(self, selections: list) -> None:
        # Keep extra selections other features may have set on the editor.
        mine = getattr(self.editor, "_comment_selections", [])
        others = [
            s
            for s in self.editor.extraSelections()
            if not any(s.cursor == m.cursor and s.format == m.format for m in mine)
        ]
        self.editor._comment_selections = selections  # type: ignore[attr-defined]
        self.editor.setExtraSelections(others + selections)

    def _describe_editor(self) -> None:
        count = len(self._ranges)
        whole = sum(1 for e in self.entries if e.anchor is None)
        orphans = sum(1 for e in self.entries if e.anchor is not None and not e.anchor.found)
        parts = [
            ngettext(
                "{count} commented passage, underlined with a bar in the margin.",
                "{count} commented passages, underlined with a bar in the margin.",
                count,
            ).format(count=count)
        ]
        if whole:
            parts.append(
                ngettext(
                    "{count} comment on the whole principle.",
                    "{count} comments on the whole principle.",
                    whole,
                ).format(count=whole)
            )
        if orphans:
            parts.append(
                ngettext(
                    "{count} comment on words no longer in the text.",
                    "{count} comments on words no longer in the text.",
                    orphans,
                ).format(count=orphans)
            )
        parts.append(_("F8 goes to the next comment."))
        self.description = " ".join(parts)
        self.gutter.setAccessibleDescription(self.description)

    def threads_at(self, position: int) -> list[ThreadEntry]:
        """Threads whose passage holds Qt position ``position``."""
        return [entry for start, end, entry in self._ranges if start <= position <= end]

    # -- the margin ----------

    def retranslate(self) -> None:
        self.gutter.setAccessibleName(_("Comment marks"))

    def margin_width(self) -> int:
        return self.editor.fontMetrics().horizontalAdvance("99") + 10

    def _place_gutter(self) -> None:
        rect = self.editor.contentsRect()
        width = self.margin_width()
        self.editor.setViewportMargins(width, 0, 0, 0)
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), width, rect.height()))

    def _scrolled(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def paint_gutter(self, gutter: QWidget, rect: QRect) -> None:
        painter = QPainter(gutter)
        palette = self.editor.palette()
        painter.fillRect(rect, palette.color(QPalette.Window))
        editor = self.editor
        offset = editor.contentOffset()
        document = editor.document()
        starts: dict[int, int] = {}
        pen = QPen(palette.color(QPalette.Text))
        for start, end, _entry in self._ranges:
            first = document.findBlock(start)
            last = document.findBlock(max(start, end - 1))
            if not first.isValid():
                continue
            starts[first.blockNumber()] = starts.get(first.blockNumber(), 0) + 1
            top = editor.blockBoundingGeometry(first).translated(offset).top()
            bottom = (
                editor.blockBoundingGeometry(last if last.isValid() else first)
                .translated(offset)
                .bottom()
            )
            if bottom < rect.top() or top > rect.bottom():
                continue
            pen.setWidth(3)
            painter.setPen(pen)
            painter.drawLine(gutter.width() - 4, int(top) + 2, gutter.width() - 4, int(bottom) - 2)
        painter.setPen(QPen(palette.color(QPalette.Text)))
        height = editor.fontMetrics().height()
        for block_number, count in starts.items():
            block = document.findBlockByNumber(block_number)
            top = int(editor.blockBoundingGeometry(block).translated(offset).top())
            painter.drawText(
                QRect(0, top, gutter.width() - 7, height),
                Qt.AlignRight | Qt.AlignVCenter,
                str(count),
            )
        painter.end()

    # -- hover ----------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() in (
            QEvent.Resize,
            QEvent.FontChange,
            QEvent.StyleChange,
        ):
            self._place_gutter()
        elif watched is self._viewport and event.type() == QEvent.ToolTip:
            cursor = self.editor.cursorForPosition(event.pos())
            entries = self.threads_at(cursor.position())
            if entries:
                QToolTip.showText(
                    event.globalPos(),
                    "\n\n".join(self.describe(entry) for entry in entries),
                    self.editor,
                )
                return True
        return False
