"""Read an ODT file (odfpy) into blocks: headings, emphasis, links, lists and tables as Markdown;
tracked changes and annotations as CriticMarkup with their authors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from odf.opendocument import load

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

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
XLINK = "http://www.w3.org/1999/xlink"
DC = "http://purl.org/dc/elements/1.1/"
_TITLE_STYLES = {"title", "titre"}


def _attr(element: Any, ns: str, name: str) -> str:
    value = element.attributes.get((ns, name))
    return str(value) if value is not None else ""


def _children(element: Any) -> Iterator[Any]:
    yield from element.childNodes


def _is(element: Any, ns: str, name: str) -> bool:
    return getattr(element, "qname", None) == (ns, name)


def _plain(element: Any) -> str:
    """All the text under ``element``, without markup."""
    if element.nodeType == element.TEXT_NODE:
        return str(element.data)
    if _is(element, TEXT, "s"):
        return " " * int(_attr(element, TEXT, "c") or "1")
    return "".join(_plain(child) for child in _children(element))


@dataclass
class _Style:
    bold: bool = False
    italic: bool = False
    parent: str = ""
    display: str = ""
    outline: int | None = None


@dataclass
class _Line:
    parts: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    all_bold: bool = True
    any_text: bool = False


class _OdtReader:
    def __init__(self, document: Any, name: str) -> None:
        self.document = document
        self.name = name
        self.styles: dict[str, _Style] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if _is(style, STYLE, "style"):
                    self.styles[_attr(style, STYLE, "name")] = self._style(style)
        self.list_ordered: dict[str, bool] = {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if _is(style, TEXT, "list-style"):
                    first = next((c for c in style.childNodes if hasattr(c, "qname")), None)
                    self.list_ordered[_attr(style, STYLE, "name")] = first is not None and (
                        first.qname[1] == "list-level-style-number"
                    )
        self.changes = self._tracked_changes()
        self.open_changes: dict[str, _Line] = {}

    def _style(self, element: Any) -> _Style:
        style = _Style(
            parent=_attr(element, STYLE, "parent-style-name"),
            display=_attr(element, STYLE, "display-name") or _attr(element, STYLE, "name"),
        )
        level = _attr(element, STYLE, "default-outline-level")
        style.outline = int(level) if level.isdigit() else None
        for child in element.childNodes:
            if _is(child, STYLE, "text-properties"):
                style.bold = _attr(child, FO, "font-weight") in ("bold", "700", "800", "900")
                style.italic = _attr(child, FO, "font-style") in ("italic", "oblique")
        return style

    def _resolved(self, name: str) -> _Style:
        style = self.styles.get(name, _Style())
        seen = {name}
        merged = _Style(style.bold, style.italic, style.parent, style.display, style.outline)
        while style.parent and style.parent not in seen:
            seen.add(style.parent)
            style = self.styles.get(style.parent, _Style())
            merged.bold = merged.bold or style.bold
            merged.italic = merged.italic or style.italic
            if merged.outline is None:
                merged.outline = style.outline
            if (
                merged.display.lower() not in _TITLE_STYLES
                and style.display.lower() in _TITLE_STYLES
            ):
                merged.display = style.display
        return merged

    def _tracked_changes(self) -> dict[str, tuple[str, str, Any]]:
        """Change id -> (kind, author, element holding deleted content)."""
        found: dict[str, tuple[str, str, Any]] = {}
        for region in self.document.text.getElementsByType(_element_class("changed-region")):
            change_id = _attr(region, TEXT, "id") or _attr(
                region, "http://www.w3.org/XML/1998/namespace", "id"
            )
            for kind_element in region.childNodes:
                if not hasattr(kind_element, "qname"):
                    continue
                author = ""
                for info in kind_element.getElementsByType(_office_class("change-info")):
                    creators = [
                        c for c in info.childNodes if getattr(c, "qname", None) == (DC, "creator")
                    ]
                    if creators:
                        author = _plain(creators[0]).strip()
                found[change_id] = (kind_element.qname[1], author, kind_element)
        return found

    # -- blocks ------------------------------------------------------------------------------------

    def read(self) -> Document:
        blocks: list[Block] = []
        issues: list[Issue] = []
        self._blocks(self.document.text, blocks)
        title = ""
        for meta in self.document.meta.childNodes:
            if getattr(meta, "qname", None) == (DC, "title"):
                title = _plain(meta).strip()
        return Document(tuple(blocks), tuple(issues), self.name, title)

    def _blocks(self, parent: Any, blocks: list[Block]) -> None:
        for child in _children(parent):
            if _is(child, TEXT, "h"):
                line = self._line(child)
                level = int(_attr(child, TEXT, "outline-level") or "1")
                blocks.append(
                    Block(
                        BlockKind.HEADING,
                        " ".join("".join(line.parts).split()),
                        level,
                        authors=tuple(line.authors),
                        issues=tuple(line.issues),
                    )
                )
            elif _is(child, TEXT, "p"):
                blocks.append(self._paragraph(child))
            elif _is(child, TEXT, "list"):
                lines: list[str] = []
                authors: list[str] = []
                issues: list[Issue] = []
                self._list(child, 0, lines, authors, issues)
                if lines:
                    blocks.append(
                        Block(
                            BlockKind.LIST,
                            "\n".join(lines),
                            authors=tuple(authors),
                            issues=tuple(issues),
                        )
                    )
            elif _is(child, TABLE, "table"):
                blocks.append(self._table(child))
            elif _is(child, TEXT, "section") or _is(child, TEXT, "soft-page-break"):
                self._blocks(child, blocks)
            elif (
                _is(child, TEXT, "tracked-changes")
                or _is(child, TEXT, "sequence-decls")
                or _is(child, TEXT, "table-of-content")
                or _is(child, TEXT, "index-body")
            ):
                continue
            elif hasattr(child, "qname") and child.qname[0] == TEXT and _plain(child).strip():
                blocks.append(
                    Block(
                        BlockKind.PARAGRAPH,
                        escape_markdown(_plain(child).strip()),
                        issues=(
                            Issue(
                                IssueKind.UNSUPPORTED,
                                _(
                                    "A part of the document "
                                    "of an unknown kind was imported as plain text."
                                ),
                            ),
                        ),
                    )
                )

    def _paragraph(self, element: Any) -> Block:
        style = self._resolved(_attr(element, TEXT, "style-name"))
        line = self._line(element)
        text = "".join(line.parts).strip()
        if style.display.lower() in _TITLE_STYLES:
            return Block(
                BlockKind.HEADING,
                " ".join(text.split()),
                0,
                authors=tuple(line.authors),
                issues=tuple(line.issues),
            )
        if style.outline is not None:
            return Block(
                BlockKind.HEADING,
                " ".join(text.split()),
                style.outline,
                authors=tuple(line.authors),
                issues=tuple(line.issues),
            )
        emphasised = style.bold or (line.any_text and line.all_bold)
        if not text.startswith("{"):
            text = escape_line_start(text)
        return Block(
            BlockKind.PARAGRAPH,
            text,
            emphasised=emphasised,
            authors=tuple(line.authors),
            issues=tuple(line.issues),
        )

    def _list(
        self, element: Any, depth: int, lines: list[str], authors: list[str], issues: list[Issue]
    ) -> None:
        ordered = self.list_ordered.get(_attr(element, TEXT, "style-name"), False)
        for item in _children(element):
            if not (_is(item, TEXT, "list-item") or _is(item, TEXT, "list-header")):
                continue
            first = True
            for child in _children(item):
                if _is(child, TEXT, "list"):
                    self._list(child, depth + 1, lines, authors, issues)
                elif _is(child, TEXT, "p") or _is(child, TEXT, "h"):
                    line = self._line(child)
                    marker = ("1." if ordered else "-") if first else "  "
                    lines.append("   " * depth + f"{marker} " + "".join(line.parts).strip())
                    authors.extend(line.authors)
                    issues.extend(line.issues)
                    first = False

    def _table(self, element: Any) -> Block:
        rows: list[list[str]] = []
        issues: list[Issue] = []
        authors: list[str] = []
        for row in element.getElementsByType(_table_class("table-row")):
            cells: list[str] = []
            for cell in row.childNodes:
                if not (_is(cell, TABLE, "table-cell") or _is(cell, TABLE, "covered-table-cell")):
                    continue
                texts: list[str] = []
                for paragraph in cell.childNodes:
                    if _is(paragraph, TEXT, "p"):
                        line = self._line(paragraph)
                        issues.extend(line.issues)
                        authors.extend(line.authors)
                        texts.append("".join(line.parts).replace("\\\n", " ").strip())
                repeat = int(_attr(cell, TABLE, "number-columns-repeated") or "1")
                cells.extend([" <br> ".join(t for t in texts if t)] * min(repeat, 64))
            rows.append(cells)
        width = max((len(r) for r in rows), default=1)
        rows = [r + [""] * (width - len(r)) for r in rows] or [[""]]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return Block(
            BlockKind.TABLE, "\n".join(lines), authors=tuple(authors), issues=tuple(issues)
        )

    # -- inline ------------------------------------------------------------------------------------

    def _line(self, element: Any) -> _Line:
        line = _Line()
        style = self._resolved(_attr(element, TEXT, "style-name"))
        self._inline(element, line, style.bold, style.italic)
        return line

    def _inline(self, element: Any, line: _Line, bold: bool, italic: bool) -> None:
        for child in _children(element):
            if child.nodeType == child.TEXT_NODE:
                self._text(str(child.data), line, bold, italic)
            elif _is(child, TEXT, "span"):
                style = self._resolved(_attr(child, TEXT, "style-name"))
                self._inline(child, line, bold or style.bold, italic or style.italic)
            elif _is(child, TEXT, "s"):
                self._text(" " * int(_attr(child, TEXT, "c") or "1"), line, bold, italic)
            elif _is(child, TEXT, "tab"):
                self._text(" ", line, bold, italic)
            elif _is(child, TEXT, "line-break"):
                line.parts.append("\\\n")
            elif _is(child, TEXT, "a"):
                inner = _Line(authors=line.authors, issues=line.issues)
                self._inline(child, inner, bold, italic)
                href = _attr(child, XLINK, "href").replace(")", "%29").replace(" ", "%20")
                label = "".join(inner.parts)
                line.parts.append(f"[{label}]({href})" if href else label)
                line.any_text = line.any_text or inner.any_text
                line.all_bold = line.all_bold and inner.all_bold
            elif _is(child, TEXT, "note"):
                body = [c for c in child.childNodes if _is(c, TEXT, "note-body")]
                line.issues.append(
                    Issue(
                        IssueKind.FOOTNOTE,
                        _(
                            "A footnote cannot be imported: "
                            "add its text to the principle if it matters."
                        ),
                        detail=_plain(body[0]).strip() if body else "",
                    )
                )
            elif _is(child, DRAW, "frame") or _is(child, DRAW, "a"):
                self._frame(child, line)
            elif _is(child, OFFICE, "annotation"):
                self._annotation(child, line)
            elif _is(child, OFFICE, "annotation-end"):
                name = _attr(child, OFFICE, "name")
                pending = self.open_changes.pop("annotation:" + name, None)
                if pending is not None:
                    line.parts.append("==}" + pending.parts[0])
                    line.authors.extend(pending.authors)
            elif _is(child, TEXT, "change-start"):
                change_id = _attr(child, TEXT, "change-id")
                kind, author, _element = self.changes.get(change_id, ("insertion", "", None))
                if kind == "insertion":
                    line.parts.append("{++")
                    line.authors.append(author)
            elif _is(child, TEXT, "change-end"):
                change_id = _attr(child, TEXT, "change-id")
                kind, _author, _element = self.changes.get(change_id, ("insertion", "", None))
                if kind == "insertion":
                    line.parts.append("++}")
            elif _is(child, TEXT, "change"):
                self._deletion(_attr(child, TEXT, "change-id"), line)
            elif (
                _is(child, TEXT, "bookmark")
                or _is(child, TEXT, "bookmark-start")
                or _is(child, TEXT, "bookmark-end")
                or _is(child, TEXT, "soft-page-break")
            ):
                continue
            elif hasattr(child, "qname"):
                self._inline(child, line, bold, italic)

    def _text(self, text: str, line: _Line, bold: bool, italic: bool) -> None:
        if not text:
            return
        escaped = escape_markdown(text)
        core = escaped.strip()
        if core:
            line.any_text = True
            line.all_bold = line.all_bold and bold
        if core and (bold or italic):
            marker = ("**" if bold else "") + ("*" if italic else "")
            lead = escaped[: len(escaped) - len(escaped.lstrip())]
            trail = escaped[len(escaped.rstrip()) :]
            escaped = f"{lead}{marker}{core}{marker[::-1]}{trail}"
        line.parts.append(escaped)

    def _frame(self, element: Any, line: _Line) -> None:
        kinds = {getattr(c, "qname", ("", ""))[1] for c in element.childNodes}
        name = _attr(element, DRAW, "name")
        if "text-box" in kinds:
            line.issues.append(
                Issue(
                    IssueKind.TEXT_BOX,
                    _("A text box cannot be imported: move its text into the document's body."),
                    detail=_plain(element).strip(),
                )
            )
        elif "object" in kinds or "object-ole" in kinds:
            line.issues.append(
                Issue(
                    IssueKind.OBJECT,
                    _("An embedded object (spreadsheet, chart, formula…) cannot be imported."),
                    detail=name,
                )
            )
        else:
            line.issues.append(
                Issue(
                    IssueKind.IMAGE,
                    _("An image cannot be stored in the charter's text."),
                    detail=name,
                )
            )

    def _annotation(self, element: Any, line: _Line) -> None:
        author = ""
        texts: list[str] = []
        for child in element.childNodes:
            if getattr(child, "qname", None) == (DC, "creator"):
                author = _plain(child).strip()
            elif _is(child, TEXT, "p") or _is(child, TEXT, "list"):
                texts.append(_plain(child).strip())
        comment = "{>>" + " ".join(" ".join(texts).split()).replace("<<", "< <") + "<<}"
        name = _attr(element, OFFICE, "name")
        if name:  # a range: the comment goes where the range ends
            line.parts.append("{==")
            self.open_changes["annotation:" + name] = _Line([comment], [author])
        else:
            line.parts.append(comment)
            line.authors.append(author)

    def _deletion(self, change_id: str, line: _Line) -> None:
        kind, author, element = self.changes.get(change_id, ("", "", None))
        if kind != "deletion" or element is None:
            return
        inner = _Line()
        for child in element.childNodes:
            if _is(child, TEXT, "p") or _is(child, TEXT, "h"):
                if inner.parts:
                    inner.parts.append(" ")
                self._inline(child, inner, False, False)
        text = "".join(inner.parts).strip()
        if text:
            line.parts.append("{--" + text + "--}")
            line.authors.append(author)


def _element_class(name: str) -> Any:
    from odf import text

    return {"changed-region": text.ChangedRegion}[name]


def _office_class(name: str) -> Any:
    from odf import office

    return {"change-info": office.ChangeInfo}[name]


def _table_class(name: str) -> Any:
    from odf import table

    return {"table-row": table.TableRow}[name]


def read_odt(path: Path) -> Document:
    """The blocks of an ODT file (:mod:`.reader` turns errors of a damaged file into a message)."""
    return _OdtReader(load(str(path)), path.stem).read()
