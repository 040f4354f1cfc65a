"""Word documents (python-docx): "Heading N" styles (Word's outline), lists, emphasis, tables,
and diffs with real underline and strike-through runs, for staff to re-edit."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from charter_app.diffing import DiffOp
from charter_app.export.blocks import (
    Block,
    CodeBlock,
    DiffText,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    link_suffix,
)
from charter_app.export.document import Document
from charter_app.export.fixed_dates import dated_zip, day_of

_MONO = "DejaVu Sans Mono"
_DELETED = RGBColor(0xA4, 0x00, 0x00)
_INSERTED = RGBColor(0x1A, 0x6B, 0x1A)


class _Writer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.docx: Any = docx.Document()
        properties = self.docx.core_properties
        properties.title = document.title
        properties.subject = document.subject
        properties.language = document.language
        properties.author = "Charter Studio"
        self._language(document.language)
        section = self.docx.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        if document.landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2))

    def _language(self, language: str) -> None:
        """Spell-checking and screen readers use the charter's language."""
        normal = self.docx.styles["Normal"]
        properties = normal.element.get_or_add_rPr()
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        properties.append(lang)

    # -- blocks -----------------------------------------------------------------------------------

    def blocks(self, container: Any, blocks: Sequence[Block], depth: int = 0) -> None:
        for block in blocks:
            self.block(container, block, depth)

    def block(self, container: Any, block: Block, depth: int = 0, style: str = "") -> None:
        if isinstance(block, Heading):
            level = max(1, min(block.level, 6))
            paragraph = container.add_paragraph(style=f"Heading {level}")
            self.spans(paragraph, block.spans)
        elif isinstance(block, Paragraph):
            paragraph = container.add_paragraph(style=style or None)
            self.spans(paragraph, block.spans)
            if block.role in ("meta", "small", "status"):
                for run in paragraph.runs:
                    run.font.size = Pt(9)
                    run.italic = run.italic or block.role == "status"
        elif isinstance(block, ListBlock):
            self.list(container, block, depth)
        elif isinstance(block, Quote):
            for inner in block.blocks:
                self.block(container, inner, depth, "Quote")
        elif isinstance(block, CodeBlock):
            paragraph = container.add_paragraph()
            run = paragraph.add_run(block.text)
            run.font.name = _MONO
        elif isinstance(block, Rule):
            container.add_paragraph("———")
        elif isinstance(block, DiffText):
            paragraph = container.add_paragraph()
            self.diff(paragraph, block.ops, block.side)
        else:
            self.table(container, block)

    def list(self, container: Any, block: ListBlock, depth: int) -> None:
        # Word numbering continues across lists; the number is written as text instead, so
        # "3." stays "3." after re-editing, and the item keeps Word's list paragraph style.
        suffix = "" if depth == 0 else f" {min(depth + 1, 3)}"
        for offset, item in enumerate(block.items):
            for index, inner in enumerate(item):
                if isinstance(inner, Paragraph) and index == 0:
                    if block.ordered:
                        paragraph = container.add_paragraph(style="List Paragraph")
                        paragraph.add_run(f"{block.start + offset}. ")
                    else:
                        paragraph = container.add_paragraph(style=f"List Bullet{suffix}")
                    self.spans(paragraph, inner.spans)
                elif isinstance(inner, ListBlock):
                    self.list(container, inner, depth + 1)
                else:
                    self.block(container, inner, depth + 1)

    def table(self, container: Any, table: Table) -> None:
        columns = max([len(table.header), *(len(row) for row in table.rows)], default=1)
        if table.caption:
            caption = container.add_paragraph(style="Caption")
            caption.add_run(table.caption)
        grid = container.add_table(rows=0, cols=columns)
        grid.style = "Table Grid"
        if table.header:
            cells = grid.add_row().cells
            header_row = grid.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")  # repeated on each page, read as headers
            repeat.set(qn("w:val"), "true")
            header_row.append(repeat)
            for cell, blocks in zip(cells, table.header, strict=False):
                self.cell(cell, blocks, bold=True)
        for row in table.rows:
            cells = grid.add_row().cells
            for cell, blocks in zip(cells, row, strict=False):
                self.cell(cell, blocks)

    def cell(self, cell: Any, blocks: Sequence[Block], bold: bool = False) -> None:
        first = cell.paragraphs[0]
        for index, block in enumerate(blocks):
            if index == 0 and isinstance(block, Paragraph | DiffText):
                if isinstance(block, Paragraph):
                    self.spans(first, block.spans)
                else:
                    self.diff(first, block.ops, block.side)
            else:
                self.block(cell, block)
        if bold:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True

    # -- inline -----------------------------------------------------------------------------------

    def spans(self, paragraph: Any, spans: Sequence[Span]) -> None:
        for span in spans:
            run = paragraph.add_run(span.text + link_suffix(span))
            if span.strong:
                run.bold = True
            if span.emphasis:
                run.italic = True
            if span.strike:
                run.font.strike = True
            if span.code:
                run.font.name = _MONO

    def diff(self, paragraph: Any, ops: Sequence[DiffOp], side: str) -> None:
        for op in ops:
            if op.kind == "equal":
                paragraph.add_run(op.old if side == "old" else op.text)
            elif op.kind == "delete" and side == "old":
                run = paragraph.add_run(op.text)
                run.font.strike = True
                run.font.color.rgb = _DELETED
            elif op.kind == "insert" and side == "new":
                run = paragraph.add_run(op.text)
                run.underline = True
                run.font.color.rgb = _INSERTED

    def bytes(self) -> bytes:
        self.blocks(self.docx, self.document.blocks)
        buffer = io.BytesIO()
        day = day_of(self.document.date)
        if day is not None:
            moment = datetime(day.year, day.month, day.day)
            properties = self.docx.core_properties
            properties.created = properties.modified = moment
            properties.last_printed = moment
        self.docx.save(buffer)
        return buffer.getvalue() if day is None else dated_zip(buffer.getvalue(), day)


def docx_bytes(document: Document) -> bytes:
    """The ``.docx`` file of ``document``."""
    return _Writer(document).bytes()
