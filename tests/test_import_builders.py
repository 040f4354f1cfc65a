"""Builders of DOCX and ODT test documents, made in the tests rather than committed as binaries.

``docx_from_markdown`` and ``odt_from_markdown`` turn a Markdown text into a word processor file
the way a person would type it (heading styles, bold and italic runs, real hyperlinks, list
styles, tables). ``add_tracked_change``/``add_comment``-style helpers edit the DOCX XML, since
python-docx has no API for tracked changes.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from markdown_it.token import Token
from odf import style as odf_style
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText

_FRONT = re.compile(r"\A\s*(?:<!--.*?-->\s*)*(?:(\+\+\+|---)\n.*?\n\1\n)?", re.DOTALL)


def tiny_png() -> bytes:
    """A valid 1×1 PNG, written by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def strip_header(markdown: str) -> str:
    """The text without its leading HTML comments and front matter."""
    return markdown[_FRONT.match(markdown).end() :]  # type: ignore[union-attr]


def _tokens(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(strip_header(markdown))


def _inline_runs(inline: Token) -> list[tuple[str, bool, bool, str]]:
    """(text, bold, italic, link url) runs of an inline token."""
    runs: list[tuple[str, bool, bool, str]] = []
    bold = italic = False
    link = ""
    for child in inline.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type == "link_open":
            link = str(child.attrs.get("href", ""))
        elif child.type == "link_close":
            link = ""
        elif child.type in ("text", "code_inline", "html_inline"):
            runs.append((child.content, bold, italic, link))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append((" ", bold, italic, link))
    return runs


# -- DOCX ------------------------------------------------------------------------------------------


def add_hyperlink(paragraph: Any, text: str, url: str, bold: bool = False) -> None:
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    if bold:
        props = OxmlElement("w:rPr")
        props.append(OxmlElement("w:b"))
        run.append(props)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)


def _docx_runs(paragraph: Any, inline: Token) -> None:
    for text, bold, italic, link in _inline_runs(inline):
        if link:
            add_hyperlink(paragraph, text, link, bold)
        else:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold or None, italic or None


def docx_from_markdown(markdown: str, path: Path) -> Path:
    document = docx.Document()
    tokens = _tokens(markdown)
    list_styles: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            paragraph = document.add_heading("", int(token.tag[1:]))
            _docx_runs(paragraph, tokens[index + 1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_styles.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_styles.pop()
        elif token.type == "paragraph_open":
            style = list_styles[-1] if list_styles else None
            if style and len(list_styles) > 1:
                style += f" {min(len(list_styles), 3)}"
            paragraph = document.add_paragraph(style=style)
            _docx_runs(paragraph, tokens[index + 1])
        elif token.type in ("fence", "code_block"):
            document.add_paragraph(token.content.strip())
        elif token.type == "table_open":
            rows: list[list[Token]] = []
            for inner in tokens[index:]:
                if inner.type == "tr_open":
                    rows.append([])
                elif inner.type == "inline" and rows:
                    rows[-1].append(inner)
                elif inner.type == "table_close":
                    break
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    _docx_runs(table.cell(r, c).paragraphs[0], cell)
    document.save(str(path))
    return path


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def track_changes(paragraph: Any, inserted: str, deleted: str, author: str, after: int) -> None:
    """Make ``paragraph`` hold, after its run number ``after``, a tracked deletion of
    ``deleted`` and a tracked insertion of ``inserted`` by ``author`` (as Word writes them)."""
    anchor = paragraph.runs[after]._r
    if deleted:
        deletion = OxmlElement("w:del")
        deletion.set(qn("w:id"), str(100 + after))
        deletion.set(qn("w:author"), author)
        run = OxmlElement("w:r")
        text = OxmlElement("w:delText")
        text.text = deleted
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        deletion.append(run)
        anchor.addnext(deletion)
        anchor = deletion
    if inserted:
        insertion = OxmlElement("w:ins")
        insertion.set(qn("w:id"), str(200 + after))
        insertion.set(qn("w:author"), author)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = inserted
        text.set(qn("xml:space"), "preserve")
        run.append(text)
        insertion.append(run)
        anchor.addnext(insertion)


def add_footnote_reference(paragraph: Any) -> None:
    run = OxmlElement("w:r")
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run.append(reference)
    paragraph._p.append(run)


def add_text_box(paragraph: Any, text: str) -> None:
    """A VML text box (w:pict/v:textbox/w:txbxContent), as older Word versions write it."""
    run = OxmlElement("w:r")
    pict = OxmlElement("w:pict")
    box = OxmlElement("w:txbxContent")
    inner = OxmlElement("w:p")
    inner_run = OxmlElement("w:r")
    inner_text = OxmlElement("w:t")
    inner_text.text = text
    inner_run.append(inner_text)
    inner.append(inner_run)
    box.append(inner)
    pict.append(box)
    run.append(pict)
    paragraph._p.append(run)


# -- ODT -------------------------------------------------------------------------------------------


class _OdtStyles:
    def __init__(self, document: OpenDocumentText) -> None:
        self.document = document
        self.cache: dict[tuple[bool, bool], str] = {}
        headings: dict[int, Any] = {}
        for level in range(1, 7):
            heading = odf_style.Style(
                name=f"Heading {level}", family="paragraph", defaultoutlinelevel=str(level)
            )
            document.styles.addElement(heading)
            headings[level] = heading
        title = odf_style.Style(name="Title", family="paragraph")
        document.styles.addElement(title)
        self.bullets = odf_text.ListStyle(name="Bullets")
        self.bullets.addElement(odf_text.ListLevelStyleBullet(level="1", bulletchar="•"))
        self.numbers = odf_text.ListStyle(name="Numbers")
        self.numbers.addElement(odf_text.ListLevelStyleNumber(level="1", numformat="1"))
        document.automaticstyles.addElement(self.bullets)
        document.automaticstyles.addElement(self.numbers)

    def span(self, bold: bool, italic: bool) -> str:
        key = (bold, italic)
        if key not in self.cache:
            name = f"T{len(self.cache) + 1}"
            style = odf_style.Style(name=name, family="text")
            props: dict[str, str] = {}
            if bold:
                props["fontweight"] = "bold"
            if italic:
                props["fontstyle"] = "italic"
            style.addElement(odf_style.TextProperties(**props))
            self.document.automaticstyles.addElement(style)
            self.cache[key] = name
        return self.cache[key]


def _odt_runs(element: Any, inline: Token, styles: _OdtStyles) -> None:
    for text, bold, italic, link in _inline_runs(inline):
        target: Any = element
        if link:
            target = odf_text.A(href=link, type="simple")
            element.addElement(target)
        if bold or italic:
            span = odf_text.Span(stylename=styles.span(bold, italic))
            span.addText(text)
            target.addElement(span)
        else:
            target.addText(text)


def odt_from_markdown(markdown: str, path: Path) -> Path:
    document = OpenDocumentText()
    styles = _OdtStyles(document)
    tokens = _tokens(markdown)
    containers: list[Any] = [document.text]
    for index, token in enumerate(tokens):
        parent = containers[-1]
        if token.type == "heading_open":
            heading = odf_text.H(
                outlinelevel=int(token.tag[1:]), stylename=f"Heading {token.tag[1:]}"
            )
            _odt_runs(heading, tokens[index + 1], styles)
            parent.addElement(heading)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            name = "Bullets" if token.type == "bullet_list_open" else "Numbers"
            listing = odf_text.List(stylename=name)
            parent.addElement(listing)
            containers.append(listing)
        elif token.type == "list_item_open":
            item = odf_text.ListItem()
            parent.addElement(item)
            containers.append(item)
        elif token.type in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            containers.pop()
        elif token.type == "paragraph_open":
            paragraph = odf_text.P()
            _odt_runs(paragraph, tokens[index + 1], styles)
            parent.addElement(paragraph)
        elif token.type in ("fence", "code_block"):
            parent.addElement(odf_text.P(text=token.content.strip()))
        elif token.type == "table_open":
            grid = odf_table.Table(name=f"Table{index}")
            for inner in tokens[index:]:
                if inner.type == "tr_open":
                    row = odf_table.TableRow()
                    grid.addElement(row)
                elif inner.type == "inline":
                    cell = odf_table.TableCell()
                    paragraph = odf_text.P()
                    _odt_runs(paragraph, inner, styles)
                    cell.addElement(paragraph)
                    row.addElement(cell)
                elif inner.type == "table_close":
                    break
            parent.addElement(grid)
    document.save(str(path))
    return path


def test_tiny_png_is_a_png() -> None:
    data = tiny_png()
    assert data.startswith(b"\x89PNG") and data.endswith(b"IEND\xaeB`\x82")


def test_builders_write_files(tmp_path: Path) -> None:
    text = "# T\n\n## A\n\nSome **bold** [link](https://example.org).\n\n- a\n- b\n"
    assert docx_from_markdown(text, tmp_path / "a.docx").stat().st_size > 0
    assert odt_from_markdown(text, tmp_path / "a.odt").stat().st_size > 0
