"""What a diff's columns show: one block per aligned paragraph, marks that never rely on colour
alone (underlined insertions, struck-through deletions), and the list of changes the view moves
through. Used by :class:`charter_app.ui.diff_view.DiffView`."""

from __future__ import annotations

from dataclasses import dataclass
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

from charter_app.diffing import AlignedRow, Alignment, describe_changes

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


def change_stops(rows: list[AlignedRow]) -> list[ChangeStop]:
    """Every change of ``rows``: each run of deletions and insertions between kept text."""
    stops: list[ChangeStop] = []
    for index, row in enumerate(rows):
        old_at = new_at = inline_at = 0
        for kept, group in groupby(row.ops, key=lambda op: op.kind == "equal"):
            ops = list(group)
            if kept:
                old_at += sum(len(op.old) for op in ops)
                new_at += sum(len(op.text) for op in ops)
                inline_at += sum(len(op.text) for op in ops)
                continue
            deleted = sum(len(op.text) for op in ops if op.kind == "delete")
            inserted = sum(len(op.text) for op in ops if op.kind == "insert")
            stops.append(
                ChangeStop(
                    index,
                    old_at,
                    deleted,
                    new_at,
                    inserted,
                    inline_at,
                    deleted + inserted,
                    " ".join(describe_changes(ops)),
                )
            )
            old_at += deleted
            new_at += inserted
            inline_at += deleted + inserted
    return stops


def fill_document(document: QTextDocument, rows: list[AlignedRow], side: str) -> None:
    """One block per row: ``side`` is "old", "new" or "inline" (deletions and insertions)."""
    document.clear()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    plain = QTextCharFormat()
    inserted, deleted = _run_format("insert"), _run_format("delete")
    for index, row in enumerate(rows):
        block = QTextBlockFormat()
        block.setBottomMargin(PARAGRAPH_GAP)
        missing = (side == "old" and row.old is None) or (side == "new" and row.new is None)
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
                cursor.insertText(op.old if side == "old" else op.text, plain)
            elif op.kind == "delete" and side != "new":
                cursor.insertText(op.text, deleted)
            elif op.kind == "insert" and side != "old":
                cursor.insertText(op.text, inserted)
    cursor.endEditBlock()
