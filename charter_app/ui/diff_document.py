"""What a diff's columns show: one block per aligned paragraph, marks that never rely on colour
alone (underlined insertions, struck-through deletions), and the list of changes the view moves
through. Used by :class:`charter_app.ui.diff_view.DiffView`.

The texts compared are Markdown sources; the columns show them as people read them: the words in
bold or italics, a list item's "•", never ``**`` or ``#`` (``rendering.reading.source_letters``).
The comparison itself is the source's, so a change of markup alone is still a change, said in
words ("formatting changed: «données»")."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import groupby

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from charter_app.diffing import AlignedRow, Alignment, DiffOp, describe_changes
from charter_app.i18n import _
from charter_app.rendering.reading import Letter, source_letters
from charter_app.ui.word_style import with_word_style

# Explicit text and background colours: readable on the light theme and on high contrast alike;
# the underline and the strike-through carry the meaning on their own.
INSERTED_COLOURS = ("#00361a", "#c9f0d3")
DELETED_COLOURS = ("#5c0000", "#f9d2d2")
PARAGRAPH_GAP = 6.0


def _run_format(kind: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if kind == "insert":
        foreground, background = INSERTED_COLOURS
        fmt.setFontUnderline(True)
        fmt.setUnderlineStyle(QTextCharFormat.SingleUnderline)
    else:
        foreground, background = DELETED_COLOURS
        fmt.setFontStrikeOut(True)
    fmt.setForeground(QColor(foreground))
    fmt.setBackground(QColor(background))
    return fmt


def style(kind: str) -> str:
    """The same marks in a label's rich text (the legend)."""
    foreground, background = INSERTED_COLOURS if kind == "insert" else DELETED_COLOURS
    line = "underline" if kind == "insert" else "line-through"
    return f"color:{foreground};background-color:{background};text-decoration:{line}"


@dataclass(frozen=True)
class Piece:
    """Letters shown with one style."""

    text: str
    style: Letter


@dataclass(frozen=True)
class ShownOp:
    """One run of the diff as it reads on each side: its words, styled, without their markup."""

    kind: str
    """"equal", "insert" or "delete"."""
    old: tuple[Piece, ...]
    """As it reads in the old column ("" for an insertion)."""
    new: tuple[Piece, ...]
    """As it reads in the new column ("" for a deletion)."""

    @property
    def old_text(self) -> str:
        return "".join(piece.text for piece in self.old)

    @property
    def new_text(self) -> str:
        return "".join(piece.text for piece in self.new)

    def words(self) -> DiffOp:
        """The run as a plain diff operation on the words shown (for the text version)."""
        if self.kind == "equal":
            old = self.old_text
            return DiffOp("equal", self.new_text, None if old == self.new_text else old)
        return DiffOp(self.kind, self.old_text if self.kind == "delete" else self.new_text)


@dataclass(frozen=True)
class ShownRow:
    """One aligned paragraph as both columns show it."""

    old_missing: bool
    new_missing: bool
    ops: tuple[ShownOp, ...]


def _pieces(letters: tuple[Letter, ...]) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    for style, group in groupby(letters, key=lambda letter: replace(letter, shown="")):
        text = "".join(letter.shown for letter in group)
        if text:
            pieces.append(Piece(text, style))
    return tuple(pieces)


def _letters(text: str | None, expected: int) -> tuple[Letter, ...]:
    source = text or ""
    if len(source) != expected:  # not the text the operations were made from: as it is
        return tuple(Letter(char) for char in source)
    return source_letters(source)


def shown_row(row: AlignedRow) -> ShownRow:
    """``row`` as its columns show it: each operation's letters read, markup left out."""
    old_length = sum(len(op.old) for op in row.ops)
    new_length = sum(len(op.new) for op in row.ops)
    old_letters = _letters(row.old, old_length)
    new_letters = old_letters if row.new == row.old else _letters(row.new, new_length)
    if len(old_letters) != old_length or len(new_letters) != new_length:
        old_letters = tuple(Letter(char) for op in row.ops for char in op.old)
        new_letters = tuple(Letter(char) for op in row.ops for char in op.new)
    ops: list[ShownOp] = []
    old_at = new_at = 0
    for op in row.ops:
        old_end, new_end = old_at + len(op.old), new_at + len(op.new)
        ops.append(
            ShownOp(
                op.kind, _pieces(old_letters[old_at:old_end]), _pieces(new_letters[new_at:new_end])
            )
        )
        old_at, new_at = old_end, new_end
    return ShownRow(row.old is None, row.new is None, tuple(ops))


def read_rows(rows: list[AlignedRow]) -> list[ShownRow]:
    """Every row as its columns show it (:func:`shown_row`)."""
    return [shown_row(row) for row in rows]


@dataclass(frozen=True)
class ChangeStop:
    """One change (a deletion, an insertion or both) the view can move to."""

    row: int
    """Index of the shown row (= block number in every column)."""
    old_offset: int
    old_length: int
    new_offset: int
    new_length: int
    inline_offset: int
    inline_length: int
    description: str
    """The change in words (``describe_changes``)."""


def shown_rows(alignment: Alignment) -> list[AlignedRow]:
    # Blank lines between paragraphs make no row (as in the CLI's HTML diff).
    return [row for row in alignment.rows if row.old or row.new]


def change_stops(rows: list[ShownRow]) -> list[ChangeStop]:
    """Every change of ``rows``: each run of deletions and insertions between kept text, with
    its offsets in the letters shown."""
    stops: list[ChangeStop] = []
    for index, row in enumerate(rows):
        old_at = new_at = inline_at = 0
        for kept, group in groupby(row.ops, key=lambda op: op.kind == "equal"):
            ops = list(group)
            if kept:
                old_at += sum(len(op.old_text) for op in ops)
                new_at += sum(len(op.new_text) for op in ops)
                inline_at += sum(len(op.new_text) for op in ops)
                continue
            deleted = sum(len(op.old_text) for op in ops)
            inserted = sum(len(op.new_text) for op in ops)
            was = "".join(op.old_text for op in ops)
            now = "".join(op.new_text for op in ops)
            if was == now:  # the same words, bold or italic or a list item now: said so
                description = _("formatting changed: «{text}»").format(text=now) if now else ""
            else:
                description = " ".join(describe_changes(op.words() for op in ops))
            stops.append(
                ChangeStop(
                    index,
                    old_at,
                    deleted,
                    new_at,
                    inserted,
                    inline_at,
                    deleted + inserted,
                    description or _("formatting changed"),
                )
            )
            old_at += deleted
            new_at += inserted
            inline_at += deleted + inserted
    return stops


def _styled(base: QTextCharFormat, style: Letter) -> QTextCharFormat:
    """``base`` (kept, inserted or deleted) with the words' own style. A struck-through word of
    the source is not struck here: in a comparison, struck through means deleted."""
    if not (style.strong or style.emphasis or style.code):
        return base
    return with_word_style(base, style)


def _insert(cursor: QTextCursor, pieces: tuple[Piece, ...], base: QTextCharFormat) -> None:
    for piece in pieces:
        cursor.insertText(piece.text, _styled(base, piece.style))


def fill_document(document: QTextDocument, rows: list[ShownRow], side: str) -> None:
    """One block per row: ``side`` is "old", "new" or "inline" (deletions and insertions)."""
    document.clear()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    plain = QTextCharFormat()
    inserted, deleted = _run_format("insert"), _run_format("delete")
    for index, row in enumerate(rows):
        block = QTextBlockFormat()
        block.setBottomMargin(PARAGRAPH_GAP)
        missing = (side == "old" and row.old_missing) or (side == "new" and row.new_missing)
        if missing:  # the other column has a paragraph here: a hatched gap, not colour
            block.setBackground(QBrush(QColor(128, 128, 128), Qt.BDiagPattern))
        if index:
            cursor.insertBlock(block, plain)
        else:
            cursor.setBlockFormat(block)
        if missing:
            continue
        for op in row.ops:
            if op.kind == "equal":
                _insert(cursor, op.old if side == "old" else op.new, plain)
            elif op.kind == "delete" and side != "new":
                _insert(cursor, op.old, deleted)
            elif op.kind == "insert" and side != "old":
                _insert(cursor, op.new, inserted)
    cursor.endEditBlock()
