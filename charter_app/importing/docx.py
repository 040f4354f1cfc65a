"""Read a DOCX file (python-docx) into blocks: styles to headings, runs to Markdown emphasis,
links, lists and tables; tracked changes and comments to CriticMarkup with their authors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from lxml import etree  # type: ignore[import-untyped]

from charter_app.i18n import _
from charter_app.importing.blocks import (
    Block,
    BlockKind,
    Document,
    Issue,
    IssueKind,
    escape_line_start,
    escape_markdown,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
NS = {"w": W, "r": R, "mc": MC, "wp": WP}
_HEADING_NAME = re.compile(r"^(?:heading|titre|überschrift|título|titolo)\s*(\d)$", re.IGNORECASE)
_TITLE_NAMES = {"title", "titre", "titel", "título", "titolo"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(element: Any) -> bool:
    """A toggle property (``<w:b/>``, ``<w:b w:val="0"/>``) is on unless its value says off."""
    if element is None:
        return False
    return str(element.get(_w("val"), "true")).lower() not in ("0", "false", "off", "none")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
"""For the package parts read here (comments, notes, numbering), as python-docx reads the
document: an entity is kept as a reference, never replaced by outside content."""


def _inner_text(element: Any, entities: set[str]) -> str:
    """The text of a ``<w:t>``: its text, then what follows each thing inside it. An entity
    reference is not read (its name goes into ``entities``, to be reported); the text after it
    is kept (it used to be dropped without a word)."""
    parts = [element.text or ""]
    for inner in element:
        if isinstance(inner, etree._Entity):
            entities.add(str(inner.text))
        parts.append(inner.tail or "")
    return "".join(parts)


def _text_of(element: Any, entities: set[str]) -> str:
    parts = [_inner_text(t, entities) for t in element.iter(_w("t"), _w("delText"))]
    return " ".join("".join(parts).split())


@dataclass
class _Run:
    """Pieces of a paragraph: plain text with its emphasis, or an already written mark."""

    text: str
    bold: bool = False
    italic: bool = False
    literal: bool = False
    """Written as is (a link, a CriticMarkup mark): never escaped, never merged."""


@dataclass
class _Paragraph:
    runs: list[_Run] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    highlight: str | None = None
    """The comment whose highlighted passage is open in this paragraph."""


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    core = text.strip()
    if not core or not (bold or italic):
        return text
    marker = ("**" if bold else "") + ("*" if italic else "")
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{core}{marker[::-1]}{trail}"


def render_runs(runs: list[_Run]) -> str:
    """Markdown of runs: neighbours with the same emphasis are written as one."""
    out: list[str] = []
    pending: list[_Run] = []

    def flush() -> None:
        if pending:
            text = escape_markdown("".join(run.text for run in pending))
            out.append(_emphasis(text, pending[0].bold, pending[0].italic))
            pending.clear()

    for run in runs:
        if run.literal:
            flush()
            out.append(run.text)
        elif pending and (pending[0].bold, pending[0].italic) != (run.bold, run.italic):
            flush()
            pending.append(run)
        else:
            pending.append(run)
    flush()
    return "".join(out)


class _DocxReader:
    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name
        self.part = document.part
        self.issues: list[Issue] = []
        self.entities: set[str] = set()
        """Entity references met (``&name;``): never read, reported once."""
        self.styles = self._styles()
        self.comments = self._notes("/comments", "comment")
        self.footnotes = self._notes("/footnotes", "footnote")
        self.endnotes = self._notes("/endnotes", "endnote")
        self.numbering = self._numbering()
        self.counters: dict[tuple[str, int], int] = {}
        self.open_comments: set[str] = set()
        self.written_comments: set[str] = set()

    # -- package parts ---------------------------------------------------------------------------

    def _styles(self) -> dict[str, tuple[str, int | None, bool]]:
        """Style id -> (name, heading level or None, bold)."""
        found: dict[str, tuple[str, int | None, bool]] = {}
        for style in self.document.styles.element.iter(_w("style")):
            style_id = style.get(_w("styleId"), "")
            name_el = style.find("w:name", NS)
            name = name_el.get(_w("val"), "") if name_el is not None else style_id
            level: int | None = None
            match = _HEADING_NAME.match(name)
            outline = style.find("w:pPr/w:outlineLvl", NS)
            if name.lower() in _TITLE_NAMES:
                level = 0
            elif match:
                level = int(match[1])
            elif outline is not None and int(outline.get(_w("val"), "9")) < 9:
                level = int(outline.get(_w("val"))) + 1
            bold = _on(style.find("w:rPr/w:b", NS))
            found[style_id] = (name, level, bold)
        return found

    def _part_xml(self, suffix: str) -> Any:
        for rel in self.part.rels.values():
            if rel.reltype.endswith(suffix) and not rel.is_external:
                return etree.fromstring(rel.target_part.blob, _PARSER)
        return None

    def _notes(self, suffix: str, tag: str) -> dict[str, tuple[str, str]]:
        """Comments, footnotes or endnotes by id: (author, text)."""
        root = self._part_xml(suffix)
        if root is None:
            return {}
        notes: dict[str, tuple[str, str]] = {}
        for note in root.iter(_w(tag)):
            paragraphs = [_text_of(p, self.entities) for p in note.iter(_w("p"))]
            notes[note.get(_w("id"), "")] = (
                note.get(_w("author"), ""),
                "\n".join(p for p in paragraphs if p),
            )
        return notes

    def _numbering(self) -> dict[str, dict[int, tuple[str, str]]]:
        """numId -> level -> (format, level text), e.g. ("decimal", "Article %1 :")."""
        root = self._part_xml("/numbering")
        if root is None:
            return {}
        abstract: dict[str, dict[int, tuple[str, str]]] = {}
        for element in root.iter(_w("abstractNum")):
            levels: dict[int, tuple[str, str]] = {}
            for lvl in element.iter(_w("lvl")):
                fmt = lvl.find("w:numFmt", NS)
                text = lvl.find("w:lvlText", NS)
                levels[int(lvl.get(_w("ilvl"), "0"))] = (
                    fmt.get(_w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(_w("val"), "") if text is not None else "",
                )
            abstract[element.get(_w("abstractNumId"), "")] = levels
        numbering: dict[str, dict[int, tuple[str, str]]] = {}
        for num in root.iter(_w("num")):
            ref = num.find("w:abstractNumId", NS)
            if ref is not None:
                numbering[num.get(_w("numId"), "")] = abstract.get(ref.get(_w("val"), ""), {})
        return numbering

    # -- body --------------------------------------------------------------------------------------

    def read(self) -> Document:
        blocks: list[Block] = []
        list_lines: list[str] = []
        list_authors: list[str] = []
        list_issues: list[Issue] = []

        def flush_list() -> None:
            if list_lines:
                blocks.append(
                    Block(
                        BlockKind.LIST,
                        "\n".join(list_lines),
                        authors=tuple(list_authors),
                        issues=tuple(list_issues),
                    )
                )
                list_lines.clear()
                list_authors.clear()
                list_issues.clear()

        for element in self._body_elements(self.document.element.body):
            if element.tag == _w("tbl"):
                flush_list()
                blocks.append(self._table(element))
                continue
            kind, level, bold_style, list_info = self._paragraph_kind(element)
            paragraph = self._paragraph(element)
            text = render_runs(paragraph.runs).strip()
            if list_info is not None and kind is not BlockKind.HEADING:
                ordered, depth = list_info
                if depth == 0 and list_lines and list_lines[-1][:1].isdigit() != ordered:
                    flush_list()  # bullets after numbers (or the reverse): a new list
                marker = "1." if ordered else "-"
                list_lines.append("   " * depth + f"{marker} {text}")
                list_authors.extend(paragraph.authors)
                list_issues.extend(paragraph.issues)
                continue
            flush_list()
            prefix = self._auto_number(element)
            if kind is BlockKind.HEADING:
                heading = " ".join((prefix + " " + text).split()) if prefix else text
                blocks.append(
                    Block(
                        BlockKind.HEADING,
                        heading.replace("\\\n", " "),
                        level,
                        authors=tuple(paragraph.authors),
                        issues=tuple(paragraph.issues),
                    )
                )
                continue
            emphasised = bold_style or (
                bool(paragraph.runs)
                and all(r.bold for r in paragraph.runs if not r.literal and r.text.strip())
                and any(r.text.strip() for r in paragraph.runs if not r.literal)
            )
            if prefix:
                text = f"{prefix} {text}"
            elif not text.startswith("{"):
                text = escape_line_start(text)
            blocks.append(
                Block(
                    BlockKind.PARAGRAPH,
                    text,
                    emphasised=emphasised,
                    authors=tuple(paragraph.authors),
                    issues=tuple(paragraph.issues),
                )
            )
        flush_list()
        if self.entities:
            names = ", ".join(f"&{name.strip('&;')};" for name in sorted(self.entities))
            self.issues.append(
                Issue(
                    IssueKind.UNSUPPORTED,
                    _(
                        "The document refers to outside content ({names}), which is never read: "
                        "the text around it is imported, that content is not."
                    ).format(names=names[:200]),
                    detail=names,
                )
            )
        title = self.document.core_properties.title or ""
        return Document(tuple(blocks), tuple(self.issues), self.name, title)

    def _body_elements(self, parent: Any) -> Iterator[Any]:
        for child in parent:
            if child.tag in (_w("p"), _w("tbl")):
                yield child
            elif child.tag == _w("sdt"):
                content = child.find("w:sdtContent", NS)
                if content is not None:
                    yield from self._body_elements(content)
            elif child.tag in (_w("ins"), _w("del"), _w("customXml")):
                yield from self._body_elements(child)

    def _paragraph_kind(self, element: Any) -> tuple[BlockKind, int, bool, tuple[bool, int] | None]:
        props = element.find("w:pPr", NS)
        style_id = ""
        if props is not None and props.find("w:pStyle", NS) is not None:
            style_id = props.find("w:pStyle", NS).get(_w("val"), "")
        name, level, bold = self.styles.get(style_id, ("", None, False))
        outline = props.find("w:outlineLvl", NS) if props is not None else None
        if outline is not None and int(outline.get(_w("val"), "9")) < 9:
            level = int(outline.get(_w("val"))) + 1
        list_info: tuple[bool, int] | None = None
        num = props.find("w:numPr", NS) if props is not None else None
        if num is not None and num.find("w:numId", NS) is not None:
            num_id = num.find("w:numId", NS).get(_w("val"), "0")
            ilvl_el = num.find("w:ilvl", NS)
            depth = int(ilvl_el.get(_w("val"), "0")) if ilvl_el is not None else 0
            fmt = self.numbering.get(num_id, {}).get(depth, ("bullet", ""))[0]
            if num_id != "0":
                list_info = (fmt != "bullet", depth)
        elif name.lower().startswith("list number"):
            list_info = (True, 0)
        elif name.lower().startswith(("list bullet", "list paragraph")):
            list_info = (False, 0)
        if level is not None:
            return BlockKind.HEADING, level, bold, None
        return BlockKind.PARAGRAPH, 0, bold, list_info

    def _auto_number(self, element: Any) -> str:
        """The number Word shows before a numbered heading or paragraph ("Article 3 :"), which
        is not in its text; "" for bullets and list items written as Markdown lists."""
        num = element.find("w:pPr/w:numPr", NS)
        if num is None or num.find("w:numId", NS) is None:
            return ""
        num_id = num.find("w:numId", NS).get(_w("val"), "0")
        ilvl_el = num.find("w:ilvl", NS)
        depth = int(ilvl_el.get(_w("val"), "0")) if ilvl_el is not None else 0
        levels = self.numbering.get(num_id, {})
        fmt, text = levels.get(depth, ("bullet", ""))
        if fmt in ("bullet", "none") or not text:
            return ""
        self.counters[(num_id, depth)] = self.counters.get((num_id, depth), 0) + 1
        for key in [k for k in self.counters if k[0] == num_id and k[1] > depth]:
            del self.counters[key]

        def value(match: re.Match[str]) -> str:
            return str(self.counters.get((num_id, int(match[1]) - 1), 1))

        return re.sub(r"%(\d)", value, text).strip()

    def _paragraph(self, element: Any) -> _Paragraph:
        paragraph = _Paragraph()
        self._inline(element, paragraph, False, False)
        if paragraph.highlight is not None:  # the commented passage goes on: close it here
            paragraph.runs.append(_Run("==}", literal=True))
        return paragraph

    def _inline(self, element: Any, out: _Paragraph, bold: bool, italic: bool) -> None:
        for child in element:
            tag = child.tag
            if tag == _w("r"):
                self._run(child, out)
            elif tag == _w("hyperlink"):
                inner = _Paragraph(authors=out.authors, issues=out.issues)
                self._inline(child, inner, bold, italic)
                label = render_runs(inner.runs)
                rel_id = child.get(f"{{{R}}}id")
                target = ""
                if rel_id and rel_id in self.part.rels:
                    target = self.part.rels[rel_id].target_ref
                elif child.get(_w("anchor")):
                    target = "#" + child.get(_w("anchor"))
                out.runs.append(
                    _Run(
                        f"[{label}]({target.replace(')', '%29').replace(' ', '%20')})", literal=True
                    )
                    if target
                    else _Run(label, literal=True)
                )
            elif tag in (_w("ins"), _w("moveTo")):
                self._mark(child, out, "{++", "++}")
            elif tag in (_w("del"), _w("moveFrom")):
                self._mark(child, out, "{--", "--}")
            elif tag == _w("commentRangeStart"):
                self.open_comments.add(child.get(_w("id"), ""))
                if out.highlight is None:  # marks cannot nest: an inner comment gets no range
                    out.highlight = child.get(_w("id"), "")
                    out.runs.append(_Run("{==", literal=True))
            elif tag == _w("commentRangeEnd"):
                self._close_comment(child.get(_w("id"), ""), out)
            elif tag in (_w("smartTag"), _w("customXml"), _w("fldSimple"), _w("sdt")):
                content = child.find("w:sdtContent", NS) if tag == _w("sdt") else child
                if content is not None:
                    self._inline(content, out, bold, italic)
            elif tag == f"{{{MC}}}AlternateContent":
                choice = child.find("mc:Choice", NS)
                if choice is not None:
                    self._inline(choice, out, bold, italic)

    def _mark(self, element: Any, out: _Paragraph, opening: str, closing: str) -> None:
        inner = _Paragraph(issues=out.issues)
        self._inline(element, inner, False, False)
        text = render_runs(inner.runs)
        if not text.strip():
            return
        out.runs.append(_Run(opening + text + closing, literal=True))
        out.authors.append(element.get(_w("author"), ""))
        out.authors.extend(inner.authors)

    def _close_comment(self, comment_id: str, out: _Paragraph) -> None:
        if comment_id in self.written_comments:
            return
        author, text = self.comments.get(comment_id, ("", ""))
        if comment_id in self.open_comments:
            self.open_comments.discard(comment_id)
            if out.highlight == comment_id:
                out.runs.append(_Run("==}", literal=True))
                out.highlight = None
            elif out.highlight is None and not any(r.text.startswith("{==") for r in out.runs):
                # The range began in an earlier paragraph: highlight this one from its start.
                out.runs.insert(0, _Run("{==", literal=True))
                out.runs.append(_Run("==}", literal=True))
        out.runs.append(
            _Run("{>>" + " ".join(text.split()).replace("<<", "< <") + "<<}", literal=True)
        )
        out.authors.append(author)
        self.written_comments.add(comment_id)

    def _run(self, run: Any, out: _Paragraph) -> None:
        props = run.find("w:rPr", NS)
        bold = props is not None and _on(props.find("w:b", NS))
        italic = props is not None and _on(props.find("w:i", NS))
        for child in run:
            tag = child.tag
            if tag in (_w("t"), _w("delText")):
                out.runs.append(_Run(_inner_text(child, self.entities), bold, italic))
            elif tag in (_w("tab"), _w("ptab")):
                out.runs.append(_Run(" ", bold, italic))
            elif tag in (_w("br"), _w("cr")):
                out.runs.append(_Run("\\\n", literal=True))
            elif tag == _w("noBreakHyphen"):
                out.runs.append(_Run("-", bold, italic))
            elif tag in (_w("drawing"), _w("pict")) or tag == f"{{{MC}}}AlternateContent":
                self._drawing(child, out)
            elif tag in (_w("object"), _w("embeddedObject")):
                out.issues.append(
                    Issue(
                        IssueKind.OBJECT,
                        _("An embedded object (spreadsheet, chart, formula…) cannot be imported."),
                    )
                )
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                notes = self.footnotes if tag == _w("footnoteReference") else self.endnotes
                _author, text = notes.get(child.get(_w("id"), ""), ("", ""))
                out.issues.append(
                    Issue(
                        IssueKind.FOOTNOTE,
                        _(
                            "A footnote cannot be imported: "
                            "add its text to the principle if it matters."
                        ),
                        detail=text,
                    )
                )
            elif tag == _w("commentReference"):
                comment_id = child.get(_w("id"), "")
                if comment_id not in self.open_comments:
                    self._close_comment(comment_id, out)  # a comment on a point, no range

    def _drawing(self, element: Any, out: _Paragraph) -> None:
        boxes = list(element.iter(_w("txbxContent")))
        if boxes:
            text = "\n".join(_text_of(p, self.entities) for box in boxes for p in box.iter(_w("p")))
            out.issues.append(
                Issue(
                    IssueKind.TEXT_BOX,
                    _("A text box cannot be imported: move its text into the document's body."),
                    detail=text,
                )
            )
            return
        names = [
            (doc.get("descr") or doc.get("name") or "").strip()
            for doc in element.iter(f"{{{WP}}}docPr")
        ]
        out.issues.append(
            Issue(
                IssueKind.IMAGE,
                _("An image cannot be stored in the charter's text."),
                detail=", ".join(n for n in names if n),
            )
        )

    def _table(self, element: Any) -> Block:
        rows: list[list[str]] = []
        issues: list[Issue] = []
        authors: list[str] = []
        for row in element.iter(_w("tr")):
            cells: list[str] = []
            for cell in row.findall("w:tc", NS):
                texts = []
                for p in cell.iter(_w("p")):
                    paragraph = self._paragraph(p)
                    issues.extend(paragraph.issues)
                    authors.extend(paragraph.authors)
                    texts.append(render_runs(paragraph.runs).replace("\\\n", " ").strip())
                span = cell.find("w:tcPr/w:gridSpan", NS)
                cells.append(" <br> ".join(t for t in texts if t))
                if span is not None:
                    cells.extend([""] * (int(span.get(_w("val"), "1")) - 1))
            rows.append(cells)
        width = max((len(r) for r in rows), default=1)
        rows = [r + [""] * (width - len(r)) for r in rows] or [[""]]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return Block(
            BlockKind.TABLE, "\n".join(lines), authors=tuple(authors), issues=tuple(issues)
        )


def read_docx(path: Path) -> Document:
    """The blocks of a DOCX file; raises python-docx's or zipfile's errors on a damaged file
    (:func:`charter_app.importing.reader.read_document` turns them into a clear message)."""
    return _DocxReader(docx.Document(str(path)), path.stem).read()
