"""The charter's blocks in a read-only text view, with paragraph numbers beside them.

The text is built with a cursor, block by block, never from HTML: every letter a reader can
select is one of a block's letters, so a selection maps back to the principle's Markdown
(:meth:`ReadingText.source_selection`) and a passage of the Markdown to the letters shown
(:meth:`ReadingText.document_range`). Qt counts positions in UTF-16 units, Python in code
points; ``to_qt`` and ``from_qt`` convert. Paragraph numbers are painted in a margin on the
left, outside the text, so they are never selected, copied or read twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from charter_app.ui.passage_highlight import from_qt, to_qt
from charter_app.ui.preview import SafeTextBrowser
from charter_app.ui.reading.blocks import INSERTED, Block, Segment
from charter_app.ui.word_style import with_word_style

INSERT_COLOURS = ("#e3f4e1", "#0b5d1e")
DELETE_COLOURS = ("#fbe4e4", "#8a1c1c")
"""Background and letters of inserted and deleted words (never colour alone: underlined and
struck out too)."""

_SIZES = {"title": 1.6, "subtitle": 1.05, "section": 1.25, "principle": 1.3, "heading": 1.1}


@dataclass(frozen=True)
class SourceRange:
    """A passage of one principle's Markdown body."""

    principle: str
    start: int
    end: int


class _Numbers(QWidget):
    """The margin left of the text: each paragraph's number."""

    def __init__(self, view: ReadingText) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("paragraphNumbers")

    def sizeHint(self) -> QSize:
        return QSize(self.view.numbers_width(), 0)

    def paintEvent(self, event) -> None:
        self.view.paint_numbers(self, event.rect())


class ReadingText(SafeTextBrowser):
    """Blocks shown as text; selection and passages mapped to and from the Markdown."""

    principle_entered = Signal(object)
    """The principle the text cursor is now in (its id), or None (title, preamble)."""
    layout_changed = Signal()
    """The text moved: scrolled, re-wrapped or rebuilt (the margin places its cards again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingText")
        self.blocks: list[Block] = []
        self.version = 0
        """Counts the texts shown: what was placed in an earlier one is placed again."""
        self._prefix: list[int] = []
        """Letters added before each block's own text (a list marker), in Python indexes."""
        self._headings: dict[str, int] = {}
        """Principle id -> the index of its heading's block."""
        self._paragraphs: dict[str, list[int]] = {}
        """Principle id -> the indexes of its blocks that map to its Markdown."""
        self._ranges: dict[tuple[str, int, int], tuple[int, int] | None] = {}
        """Passages already found in the text shown (the margin asks on every scroll)."""
        self._current_principle: str | None = None
        self._building = False
        self._numbers = _Numbers(self)
        # Tab goes on to the margin, as from any text: stepping through the links inside moved
        # a focus a screen reader is never told about. A link is opened with a click, or with
        # Enter when the text cursor is on it (the arrows move the cursor through the text).
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(12)
        self.verticalScrollBar().valueChanged.connect(self._moved)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._moved())
        self.cursorPositionChanged.connect(self._cursor_moved)
        self.anchorClicked.connect(self.open_link)
        self._update_margin()

    # -- building ----------

    def show_blocks(self, blocks: Sequence[Block], keep_position: bool = True) -> None:
        """Show ``blocks``, keeping the reader where they were (the same principle on top)."""
        anchor = self.top_principle() if keep_position else None
        bar = self.verticalScrollBar()
        old_value = bar.value()
        self.blocks = list(blocks)
        self.version += 1
        self._prefix = []
        self._index_blocks()
        self._building = True  # the cursor moves along while the text is built: not a reader
        document = self.document()
        document.clear()
        cursor = QTextCursor(document)
        base = self.font().pointSizeF()
        for index, block in enumerate(self.blocks):
            block_format, char_format = self._formats(block, base)
            if index == 0:
                cursor.setBlockFormat(block_format)
                cursor.setCharFormat(char_format)
            else:
                cursor.insertBlock(block_format, char_format)
            prefix = f"{block.marker}\u00a0" if block.marker else ""
            if prefix:
                cursor.insertText(prefix, char_format)
            self._prefix.append(len(prefix))
            for segment in block.segments:
                cursor.insertText(segment.text, self._segment_format(char_format, segment))
        start = QTextCursor(document)
        start.setPosition(0)
        self.setTextCursor(start)
        self._building = False
        self._current_principle = None
        if anchor is not None and self.scroll_to_principle(anchor, focus=False):
            return
        bar.setValue(old_value)
        self._moved()

    def _index_blocks(self) -> None:
        self._headings, self._paragraphs, self._ranges = {}, {}, {}
        for index, block in enumerate(self.blocks):
            if block.principle is None:
                continue
            if block.kind == "principle":
                self._headings.setdefault(block.principle, index)
            elif block.sources:
                self._paragraphs.setdefault(block.principle, []).append(index)

    def _formats(self, block: Block, base: float) -> tuple[QTextBlockFormat, QTextCharFormat]:
        block_format = QTextBlockFormat()
        char_format = QTextCharFormat()
        size = _SIZES.get(block.kind)
        if size is not None:
            char_format.setFontPointSize(base * size)
        if block.kind in ("title", "section", "principle", "heading"):
            char_format.setFontWeight(QFont.Weight.Bold)
            block_format.setHeadingLevel(
                {"title": 1, "section": 2, "principle": 2}.get(block.kind, 3)
            )
            block_format.setTopMargin(base * (1.6 if block.kind != "title" else 0.2))
            block_format.setBottomMargin(base * 0.5)
        else:
            block_format.setBottomMargin(base * 0.7)
            block_format.setLineHeight(
                135.0, int(QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            )
        if block.kind == "subtitle":
            char_format.setFontItalic(True)
        if block.kind in ("item", "numbered"):
            block_format.setLeftMargin(base * 1.8)
            block_format.setTextIndent(-base * 1.2)
        if block.kind == "quote":
            block_format.setLeftMargin(base * 2)
            char_format.setFontItalic(True)
        return block_format, char_format

    def _segment_format(self, base: QTextCharFormat, segment: Segment) -> QTextCharFormat:
        style = segment.style
        char_format = QTextCharFormat(base) if style is None else with_word_style(base, style)
        if style is not None:
            if style.struck:
                char_format.setFontStrikeOut(True)
            if style.link:
                char_format.setAnchor(True)
                char_format.setAnchorHref(style.link)
                char_format.setFontUnderline(True)
                char_format.setForeground(self.palette().color(QPalette.ColorRole.Link))
        if segment.change:
            background, letters = INSERT_COLOURS if segment.change == "insert" else DELETE_COLOURS
            if self.palette().color(QPalette.ColorRole.Base).lightness() < 128:
                background, letters = letters, "#ffffff"  # high contrast: dark background
            char_format.setBackground(QColor(background))
            char_format.setForeground(QColor(letters))
            if segment.change == "insert":
                char_format.setFontUnderline(True)
            else:
                char_format.setFontStrikeOut(True)
        return char_format

    # -- where things are ----------

    def block_index(self, position: int) -> int:
        """The block holding Qt position ``position``."""
        return self.document().findBlock(position).blockNumber()

    def principle_at(self, position: int) -> str | None:
        index = self.block_index(position)
        return self.blocks[index].principle if 0 <= index < len(self.blocks) else None

    def current_principle(self) -> str | None:
        return self.principle_at(self.textCursor().position())

    def top_principle(self) -> str | None:
        """The principle at the top of what is shown."""
        cursor = self.cursorForPosition(self.viewport().rect().topLeft())
        return self.principle_at(cursor.position())

    def _letter(self, position: int) -> tuple[int, int]:
        """(block index, Python index in the block's own text) of Qt position ``position``."""
        qblock = self.document().findBlock(position)
        index = qblock.blockNumber()
        shown = qblock.text()
        letter = from_qt(shown, position - qblock.position()) - self._prefix[index]
        return index, max(0, min(letter, len(self.blocks[index].text)))

    def source_selection(self) -> SourceRange | None:
        """The selected words as a passage of one principle's Markdown; None when nothing of
        a principle's text is selected, or the selection runs over two principles."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        first, start = self._letter(cursor.selectionStart())
        last, end = self._letter(cursor.selectionEnd())
        principles = {self.blocks[i].principle for i in range(first, last + 1)}
        texts = [i for i in range(first, last + 1) if self.blocks[i].sources]
        if len(principles) != 1 or not texts or None in principles:
            return None
        if first not in texts:
            first, start = texts[0], 0
        if last not in texts:
            last, end = texts[-1], len(self.blocks[texts[-1]].text)
        source_start = self._source_at(first, start, forward=True)
        source_end = self._source_at(last, end, forward=False)
        if source_start is None or source_end is None or source_end <= source_start:
            return None
        principle = self.blocks[first].principle
        assert principle is not None
        return SourceRange(principle, source_start, source_end)

    def _source_at(self, index: int, letter: int, forward: bool) -> int | None:
        sources = self.blocks[index].sources
        if forward:
            found = [s for s in sources[letter:-1] if s != INSERTED]
            return found[0] if found else sources[-1] if sources[-1] != INSERTED else None
        found = [s for s in sources[:letter] if s != INSERTED]
        return found[-1] + 1 if found else None

    def document_range(self, principle: str, start: int, end: int) -> tuple[int, int] | None:
        """Qt positions of the letters shown for body indexes ``start:end`` of ``principle``."""
        key = (principle, start, end)
        if key not in self._ranges:
            self._ranges[key] = self._find_range(principle, start, end)
        return self._ranges[key]

    def _find_range(self, principle: str, start: int, end: int) -> tuple[int, int] | None:
        first = last = None
        for index, block in self._principle_blocks(principle):
            sources = block.sources[:-1]
            for letter, source in enumerate(sources):
                if source == INSERTED:
                    continue
                if first is None and source >= start:
                    first = (index, letter)
                if source < end:
                    last = (index, letter + 1)
        if first is None or last is None:
            return None
        found = self._position(*first), self._position(*last)
        return found if found[1] > found[0] else None

    def heading_position(self, principle: str) -> int | None:
        index = self._headings.get(principle)
        return None if index is None else self.document().findBlockByNumber(index).position()

    def _principle_blocks(self, principle: str) -> Iterator[tuple[int, Block]]:
        for index in self._paragraphs.get(principle, ()):
            yield index, self.blocks[index]

    def _position(self, index: int, letter: int) -> int:
        qblock = self.document().findBlockByNumber(index)
        return qblock.position() + to_qt(qblock.text(), self._prefix[index] + letter)

    def y_of(self, position: int) -> int:
        """The top of the line holding Qt position ``position``, in the viewport."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        return self.cursorRect(cursor).top()

    # -- moving ----------

    def scroll_to_principle(self, principle: str, focus: bool = True) -> bool:
        position = self.heading_position(principle)
        if position is None:
            return False
        self.document().documentLayout().documentSize()  # finish the lazy layout first
        rect = (
            self.document().documentLayout().blockBoundingRect(self.document().findBlock(position))
        )
        self.verticalScrollBar().setValue(int(rect.top()))
        if focus:
            cursor = QTextCursor(self.document())
            cursor.setPosition(position)
            self.setTextCursor(cursor)
        self._moved()
        return True

    def select_range(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def step_principle(self, step: int) -> str | None:
        """Put the cursor on the next (+1) or previous (-1) principle's heading."""
        headings = [i for i, b in enumerate(self.blocks) if b.kind == "principle" and b.principle]
        if not headings:
            return None
        here = self.block_index(self.textCursor().position())
        if step > 0:
            following = [i for i in headings if i > here]
            target = following[0] if following else headings[-1]
        else:
            before = [i for i in headings if i < here]
            target = before[-1] if before else headings[0]
        principle = self.blocks[target].principle
        assert principle is not None
        self.scroll_to_principle(principle)
        return principle

    def link_at_cursor(self) -> str:
        """The address of the link the text cursor is on ("" for none)."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return ""
        char_format = cursor.charFormat()  # the letter before the cursor
        if not char_format.isAnchor():
            after = QTextCursor(cursor)
            after.movePosition(QTextCursor.MoveOperation.NextCharacter)
            char_format = after.charFormat()
        return char_format.anchorHref() if char_format.isAnchor() else ""

    def keyPressEvent(self, event) -> None:
        link = self.link_at_cursor()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and link:
            self.open_link(QUrl(link))
            return
        super().keyPressEvent(event)

    def _cursor_moved(self) -> None:
        if self._building:
            return
        principle = self.current_principle()
        if principle != self._current_principle:
            self._current_principle = principle
            self.principle_entered.emit(principle)

    def _moved(self) -> None:
        self._numbers.update()
        self.layout_changed.emit()

    # -- paragraph numbers ----------

    def numbers_width(self) -> int:
        return self.fontMetrics().horizontalAdvance("00") + 14

    def _update_margin(self) -> None:
        self.setViewportMargins(self.numbers_width(), 0, 0, 0)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._update_margin()
            if event.type() == event.Type.FontChange and self.blocks and not self._building:
                # Titles are sized from the text's size: at 150 % text they grow with it.
                self.show_blocks(self.blocks)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        rect = self.contentsRect()
        self._numbers.setGeometry(
            QRect(rect.left(), rect.top(), self.numbers_width(), rect.height())
        )
        self._moved()

    def paint_numbers(self, widget: QWidget, rect: QRect) -> None:
        painter = QPainter(widget)
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Window))
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        layout = self.document().documentLayout()
        offset = self.verticalScrollBar().value()
        height = widget.height()
        metrics = self.fontMetrics()
        block = self.document().begin()
        while block.isValid():
            index = block.blockNumber()
            number = self.blocks[index].number if index < len(self.blocks) else ""
            if number:
                top = int(layout.blockBoundingRect(block).top()) - offset
                if top > height:
                    break
                lines = block.layout()
                if lines.lineCount() and top + metrics.height() * 2 >= 0:
                    line = lines.lineAt(0)
                    baseline = top + int(line.y() + line.ascent())
                    painter.drawText(
                        QRect(0, baseline - metrics.ascent(), widget.width() - 6, metrics.height()),
                        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                        number,
                    )
            block = block.next()
        painter.end()
