"""OpenDocument Text (odfpy): real ``text:h`` headings with outline levels, named styles, lists,
emphasis, tables, and diffs with real underline and strike-through, for staff to re-edit.

Declared ODF 1.3 (odfpy writes 1.2; the file is rewritten with the 1.3 version attributes and
the manifest's version, which 1.2 already required). Insertions and deletions use two named
character styles ("Inserted text", "Deleted text"), so a conversion to DOCX or a re-edit keeps
them as styles rather than loose formatting.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence

from odf import dc, meta, teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import A as Link
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P
from odf.text import Span as OdfSpan

from charter_app import __version__
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
from charter_app.export.fixed_dates import dated_zip, day_of, moment_of
from charter_app.i18n import _

ODF_VERSION = "1.3"

_MONO = "DejaVu Sans Mono"
_SANS = "DejaVu Sans"


class _Writer:
    """Builds one OpenDocument text; styles are made once and reused by name."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.odt = OpenDocumentText()
        self.text_styles: dict[tuple[bool, ...], Style] = {}
        self.paragraph_styles: dict[str, Style] = {}
        self.heading_styles: dict[int, Style] = {}
        self.table_count = 0
        self._page_and_defaults()
        self.bullets = self._list_style("Bullets", ordered=False)
        self.numbers = self._list_style("Numbers", ordered=True)

    # -- styles -----------------------------------------------------------------------------------

    def _page_and_defaults(self) -> None:
        odt, document = self.odt, self.document
        language = document.language.split("-")[0]
        layout = PageLayout(name="Page")
        width, height = ("29.7cm", "21cm") if document.landscape else ("21cm", "29.7cm")
        layout.addElement(
            PageLayoutProperties(
                pagewidth=width,
                pageheight=height,
                printorientation="landscape" if document.landscape else "portrait",
                margintop="2cm",
                marginbottom="2cm",
                marginleft="2cm",
                marginright="2cm",
            )
        )
        odt.automaticstyles.addElement(layout)
        odt.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))
        standard = Style(name="Standard", family="paragraph")
        standard.addElement(
            TextProperties(fontname=_SANS, fontfamily=_SANS, fontsize="11pt", language=language)
        )
        standard.addElement(ParagraphProperties(marginbottom="0.2cm"))
        odt.styles.addElement(standard)
        heading = Style(name="Heading", family="paragraph", parentstylename=standard)
        heading.addElement(ParagraphProperties(margintop="0.42cm", marginbottom="0.21cm",
                                               keepwithnext="always"))  # fmt: skip
        heading.addElement(TextProperties(fontweight="bold"))
        odt.styles.addElement(heading)
        sizes = {1: "20pt", 2: "15pt", 3: "13pt", 4: "12pt", 5: "11pt", 6: "11pt"}
        for level, size in sizes.items():
            style = Style(
                name=f"Heading_20_{level}",
                displayname=f"Heading {level}",
                family="paragraph",
                parentstylename=heading,
                defaultoutlinelevel=str(level),
            )
            style.addElement(TextProperties(fontsize=size, fontweight="bold"))
            odt.styles.addElement(style)
            self.heading_styles[level] = style
        for name, display, properties in (
            ("Text_20_body", "Text body", {}),
            ("Meta", "Meta", {"fontsize": "9.5pt", "color": "#333333"}),
            ("Small", "Small", {"fontsize": "9pt"}),
            ("Status", "Status", {"fontsize": "9pt", "fontstyle": "italic"}),
            ("Quotations", "Quotations", {"fontstyle": "italic"}),
            ("Preformatted_20_Text", "Preformatted Text", {"fontname": _MONO,
                                                           "fontfamily": _MONO}),
            ("Table_20_Contents", "Table Contents", {"fontsize": "10pt"}),
            ("Table_20_Heading", "Table Heading", {"fontsize": "10pt", "fontweight": "bold"}),
        ):  # fmt: skip
            style = Style(name=name, displayname=display, family="paragraph",
                          parentstylename=standard)  # fmt: skip
            if properties:
                style.addElement(TextProperties(**properties))
            odt.styles.addElement(style)
            self.paragraph_styles[name] = style
        self.inserted = self._change_style("Inserted_20_text", _("Inserted text"), insert=True)
        self.deleted = self._change_style("Deleted_20_text", _("Deleted text"), insert=False)
        self._meta(document)

    def _meta(self, document: Document) -> None:
        """Title, language, subject, who publishes it, when, and the application (odfpy would
        name itself)."""
        odt = self.odt
        odt.meta.addElement(dc.Title(text=document.title))
        odt.meta.addElement(dc.Language(text=document.language))
        if document.subject:
            odt.meta.addElement(dc.Subject(text=document.subject))
            odt.meta.addElement(dc.Description(text=document.subject))
        if document.author:
            odt.meta.addElement(meta.InitialCreator(text=document.author))
            odt.meta.addElement(dc.Creator(text=document.author))
        now = moment_of(document.date).replace(tzinfo=None).isoformat()  # same text, same bytes
        odt.meta.addElement(meta.CreationDate(text=now))
        odt.meta.addElement(dc.Date(text=now))

    def _change_style(self, name: str, display: str, insert: bool) -> Style:
        """A named character style for one side of a diff: underlined green insertions, struck
        red deletions (not colour alone: the line says it too)."""
        style = Style(name=name, displayname=display, family="text")
        if insert:
            properties = TextProperties(
                textunderlinestyle="solid",
                textunderlinewidth="auto",
                textunderlinecolor="font-color",
                color="#1a6b1a",
            )
        else:
            properties = TextProperties(
                textlinethroughstyle="solid", textlinethroughtype="single", color="#a40000"
            )
        style.addElement(properties)
        self.odt.styles.addElement(style)
        return style

    def _list_style(self, name: str, ordered: bool) -> ListStyle:
        style = ListStyle(name=name)
        for level in range(1, 11):
            properties = ListLevelProperties(
                spacebefore=f"{0.6 * (level - 1):.1f}cm", minlabelwidth="0.6cm"
            )
            if ordered:
                item = ListLevelStyleNumber(level=level, numformat="1", numsuffix=".")
            else:
                item = ListLevelStyleBullet(level=level, bulletchar="•")
            item.addElement(properties)
            style.addElement(item)
        self.odt.styles.addElement(style)
        return style

    def text_style(self, *flags: bool) -> Style:
        """strong, emphasis, code, strike, underline."""
        style = self.text_styles.get(flags)
        if style is None:
            strong, emphasis, code, strike, underline = flags
            properties: dict[str, str] = {}
            if strong:
                properties["fontweight"] = "bold"
            if emphasis:
                properties["fontstyle"] = "italic"
            if code:
                properties.update(fontname=_MONO, fontfamily=_MONO)
            if strike:
                properties.update(textlinethroughstyle="solid", textlinethroughtype="single",
                                  color="#a40000")  # fmt: skip
            if underline:
                properties.update(textunderlinestyle="solid", textunderlinewidth="auto",
                                  textunderlinecolor="font-color", color="#1a6b1a")  # fmt: skip
            style = Style(name=f"T{len(self.text_styles) + 1}", family="text")
            style.addElement(TextProperties(**properties))
            self.odt.automaticstyles.addElement(style)
            self.text_styles[flags] = style
        return style

    # -- blocks -----------------------------------------------------------------------------------

    def blocks(self, parent: object, blocks: Sequence[Block], style: str = "Text_20_body") -> None:
        for block in blocks:
            self.block(parent, block, style)

    def block(self, parent: object, block: Block, style: str = "Text_20_body") -> None:
        add = parent.addElement  # type: ignore[attr-defined]
        if isinstance(block, Heading):
            level = max(1, min(block.level, 6))
            element = H(outlinelevel=level, stylename=self.heading_styles[level])
            self.spans(element, block.spans)
            add(element)
        elif isinstance(block, Paragraph):
            role = {"meta": "Meta", "small": "Small", "status": "Status"}.get(block.role, style)
            element = P(stylename=self.paragraph_styles[role])
            self.spans(element, block.spans)
            add(element)
        elif isinstance(block, ListBlock):
            add(self.list(block, style))
        elif isinstance(block, Quote):
            self.blocks(parent, block.blocks, "Quotations")
        elif isinstance(block, CodeBlock):
            element = P(stylename=self.paragraph_styles["Preformatted_20_Text"])
            teletype.addTextToElement(element, block.text)
            add(element)
        elif isinstance(block, Rule):
            add(P(stylename=self.paragraph_styles[style], text="—" * 3))
        elif isinstance(block, DiffText):
            element = P(stylename=self.paragraph_styles[style])
            self.diff(element, block.ops, block.side)
            add(element)
        else:
            add(self.table(block))

    def list(self, block: ListBlock, style: str) -> List:
        element = List(stylename=self.numbers if block.ordered else self.bullets)
        for item in block.items:
            entry = ListItem()
            if block.ordered and block.start != 1 and not element.childNodes:
                entry.setAttribute("startvalue", str(block.start))
            self.blocks(entry, item, style)
            element.addElement(entry)
        return element

    def table(self, table: Table) -> OdfTable:
        self.table_count += 1
        name = f"Table{self.table_count}"
        columns = max([len(table.header), *(len(row) for row in table.rows)], default=1)
        table_style = Style(name=name, family="table")
        table_style.addElement(TableProperties(width="100%", align="margins"))
        self.odt.automaticstyles.addElement(table_style)
        cell_style = Style(name=f"{name}.Cell", family="table-cell")
        cell_style.addElement(TableCellProperties(border="0.5pt solid #444444", padding="0.1cm"))
        self.odt.automaticstyles.addElement(cell_style)
        element = OdfTable(name=table.caption or name, stylename=table_style)
        weights = list(table.widths) if len(table.widths) == columns else [1] * columns
        for index, weight in enumerate(weights):
            column_style = Style(name=f"{name}.C{index + 1}", family="table-column")
            column_style.addElement(TableColumnProperties(relcolumnwidth=f"{weight}*"))
            self.odt.automaticstyles.addElement(column_style)
            element.addElement(TableColumn(stylename=column_style))
        if table.header:
            head = TableHeaderRows()
            head.addElement(self.row(table.header, cell_style, "Table_20_Heading"))
            element.addElement(head)
        for row in table.rows:
            element.addElement(self.row(row, cell_style, "Table_20_Contents"))
        return element

    def row(self, cells: Sequence[Sequence[Block]], cell_style: Style, style: str) -> TableRow:
        element = TableRow()
        for cell in cells:
            entry = TableCell(valuetype="string", stylename=cell_style)
            self.blocks(entry, cell, style)
            if not cell:
                entry.addElement(P(stylename=self.paragraph_styles[style]))
            element.addElement(entry)
        return element

    # -- inline -----------------------------------------------------------------------------------

    def spans(self, element: object, spans: Sequence[Span]) -> None:
        add = element.addElement  # type: ignore[attr-defined]
        for span in spans:
            flags = (span.strong, span.emphasis, span.code, span.strike, False)
            target: object = element
            if any(flags):
                target = OdfSpan(stylename=self.text_style(*flags))
            if span.link is not None:
                link = Link(href=span.link, type="simple")
                teletype.addTextToElement(link, span.text)
                target.addElement(link)  # type: ignore[attr-defined]
                suffix = link_suffix(span)
                if suffix:
                    teletype.addTextToElement(target, suffix)
            else:
                teletype.addTextToElement(target, span.text)
            if target is not element:
                add(target)

    def diff(self, element: P, ops: Sequence[DiffOp], side: str) -> None:
        for op in ops:
            if op.kind == "equal":
                teletype.addTextToElement(element, op.old if side == "old" else op.text)
            elif (op.kind == "delete") == (side == "old"):
                span = OdfSpan(stylename=self.deleted if op.kind == "delete" else self.inserted)
                teletype.addTextToElement(span, op.text)
                element.addElement(span)

    def bytes(self) -> bytes:
        self.blocks(self.odt.text, self.document.blocks)
        buffer = io.BytesIO()
        self.odt.write(buffer)
        data = finish_package(buffer.getvalue())
        day = day_of(self.document.date)
        return data if day is None else dated_zip(data, day, True)


_OFFICE_VERSION = re.compile(rb'office:version="1\.2"')
_MANIFEST_ROOT = re.compile(rb"<manifest:manifest ")
_GENERATOR = re.compile(rb"<meta:generator>[^<]*</meta:generator>")


def finish_package(data: bytes, version: str = ODF_VERSION) -> bytes:
    """The package odfpy wrote, its XML parts declaring ODF ``version`` and the generator
    naming Charter Studio (odfpy always writes its own); the ``mimetype`` entry stays first
    and uncompressed, as the standard requires."""
    generator = f"<meta:generator>CharterStudio/{__version__} odfpy</meta:generator>".encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(".xml"):
                content = _OFFICE_VERSION.sub(f'office:version="{version}"'.encode(), content)
                if info.filename == "meta.xml":
                    content = _GENERATOR.sub(generator, content)
                if info.filename == "META-INF/manifest.xml":
                    content = _MANIFEST_ROOT.sub(
                        f'<manifest:manifest manifest:version="{version}" '.encode(), content, 1
                    )
            target.writestr(info, content, compress_type=info.compress_type)
    return out.getvalue()


def odt_bytes(document: Document) -> bytes:
    """The ``.odt`` file of ``document``."""
    return _Writer(document).bytes()
