"""PDF through Typst: tagged (PDF/UA-1), bookmarked, with a title page, contents and page numbers.

The blocks are written as a Typst source and compiled by the ``typst`` package (the Typst
compiler as a Python extension; it releases the GIL, so the app's window keeps drawing). Every
word of the charter enters that source as a *string literal* in code mode, never as markup, so
nothing a participant typed (``#``, ``*``, ``<script>``, ``#read("/etc/passwd")``...) is
interpreted. The compiler runs with an empty project folder and the fonts built into it, reads no
file, loads nothing from the network, and checks the PDF/UA-1 rules itself: a document it cannot
make accessible is an error, never a silently untagged file.

WeasyPrint, used before, took about a minute for a 1,000-principle charter; Typst takes a few
seconds for the same tagged output (see ``bench/bench_export.py``).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from datetime import date

from charter_app.diffing import DiffOp
from charter_app.errors import CharterError
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
    plain,
    split_header,
)
from charter_app.export.document import Document
from charter_app.export.fixed_dates import day_of, timestamp
from charter_app.i18n import _, app_wording

PDF_STANDARD = "ua-1"
BODY_FONT = "Libertinus Serif"
MONO_FONT = "DejaVu Sans Mono"
"""Both are built into the Typst compiler: the PDF looks the same on every computer."""

_LANGUAGE = re.compile(r"([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|[0-9]{3}))?(?:[-_].*)?")
_DELETED = 'rgb("#a40000")'
_INSERTED = 'rgb("#1a6b1a")'


class ExportDependencyError(CharterError):
    """A library the export needs is missing on this computer."""


class PdfLayoutError(CharterError):
    """The PDF could not be laid out (a bug of ours, never the user's text)."""


def _require_typst() -> None:
    """A missing compiler said plainly, without loading it here (the worker does)."""
    if importlib.util.find_spec("typst") is None:
        with app_wording():  # read in the app, not in the document
            raise ExportDependencyError(
                _("PDF export needs the Typst compiler: {reason}").format(reason="typst"),
                _("Install it (pip install typst), or export to ODT and print to PDF from "
                  "LibreOffice."),
            )  # fmt: skip


def pdf_bytes(document: Document) -> bytes:
    """The tagged PDF of ``document``."""
    return compile_typst(typst_source(document), day_of(document.date))


def compile_typst(source: str, day: date | None = None) -> bytes:
    """A tagged PDF/UA-1 from a Typst ``source`` of ours (every user text a string literal:
    :func:`string_literal`), compiled in an empty folder with the compiler's own fonts;
    ``day`` is the PDF's own date (None: now). The compiler runs in a short-lived worker
    process (:mod:`charter_app.export.typst_worker`: its memory goes back when it ends)."""
    from charter_app.export.typst_worker import CompileError, compile_pdf

    _require_typst()
    try:
        return compile_pdf(
            source.encode("utf-8"),
            [PDF_STANDARD],
            timestamp(day) if day is not None else None,
        )
    except CompileError as error:
        with app_wording():
            raise PdfLayoutError(
                _("The PDF could not be laid out: {reason}").format(reason=str(error)[:500]),
                _("Export to HTML or ODT meanwhile, and report this problem."),
            ) from error


# -- the Typst source ------------------------------------------------------------------------------


def typst_source(document: Document) -> str:
    """The complete Typst source of ``document``: settings, title page, contents, body."""
    lang, region = _language(document.language)
    head, body = split_header(document.blocks)
    page = (
        "#set page(paper: \"a4\", flipped: true, margin: 1.5cm, footer: _footer)\n"
        if document.landscape else
        "#set page(paper: \"a4\", margin: (x: 2cm, top: 2cm, bottom: 2.2cm), footer: _footer)\n"
    )  # fmt: skip
    parts = [
        f"#set document(title: {_s(document.title or _('Charter'))}, "
        f"description: {_s(document.subject)})\n",
        f"#set text(lang: {_s(lang)}, {f'region: {_s(region)}, ' if region else ''}"
        f'font: ("{BODY_FONT}",), size: 10.5pt)\n',
        f'#show raw: set text(font: "{MONO_FONT}", size: 0.9em)\n',
        "#set par(leading: 0.62em, spacing: 0.9em)\n",
        "#show heading.where(level: 2): set block(above: 1.8em, below: 0.8em)\n",
        '#show heading: set text(weight: "bold")\n',
        "#show heading.where(level: 1): set text(size: 1.9em)\n",
        '#show link: set text(fill: rgb("#0645ad"))\n',
        "#set table(stroke: 0.5pt + luma(70), inset: 5pt, align: left + top)\n",
        "#show table: set text(hyphenate: true)\n",
        "#show figure.where(kind: table): set block(breakable: true)\n",
        '#show figure.caption: set text(weight: "bold")\n',
        "#let _footer = context if counter(page).get().first() > 1 "
        '{ align(center, text(9pt, counter(page).display("1 / 1", both: true))) }\n',
        page,
    ]
    levels = _Levels()
    parts.append("#v(22%)\n")
    parts += _blocks(head, levels)
    if body:
        parts.append("#pagebreak(weak: true)\n")
        if document.toc:
            title = _s(_("Contents"))
            target = "heading.where(level: 2)" + "".join(
                f".or(heading.where(level: {n}))" for n in range(3, document.toc_depth + 1)
            )
            parts.append(f"#outline(title: {title}, target: {target})\n")
            parts.append("#pagebreak(weak: true)\n")
        parts += _blocks(body, levels)
    return "".join(parts)


def _language(language: str) -> tuple[str, str]:
    """Typst's ``lang`` and ``region`` from a language tag (``fr``, ``fr-BE``); ``und`` if odd."""
    match = _LANGUAGE.fullmatch(language.strip())
    if match is None:
        return "und", ""
    return match.group(1).lower(), (match.group(2) or "").upper()


class _Levels:
    """Heading levels that never skip one (PDF/UA-1 forbids going from 2 to 4)."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, wanted: int) -> int:
        level = max(1, min(wanted, 6, self.last + 1))
        self.last = level
        return level


_LONG_RUN = re.compile(r"\S{40,}")
_BREAK = "\u200b"  # zero-width space: a place a line may break, invisible


def _chunks(run: str) -> list[str]:
    return [run[k : k + 20] for k in range(0, len(run), 20)]


def _text(value: str) -> str:
    """Words of the charter as a Typst expression: a string literal, or, when it holds a run of
    40 or more characters without a space (a pasted URL, a long identifier), content where
    that run is cut into boxes of 20 characters, between which a line may break. Otherwise a
    run wider than the page would go off its edge and be lost in print; boxes keep the text
    layer as typed (no character is added)."""
    if _LONG_RUN.search(value) is None:
        return _s(value)
    parts: list[str] = []
    position = 0
    for run in _LONG_RUN.finditer(value):
        if run.start() > position:
            parts.append(f"#{_s(value[position : run.start()])}")
        parts += [f"#box({_s(chunk)})" for chunk in _chunks(run[0])]
        position = run.end()
    if position < len(value):
        parts.append(f"#{_s(value[position:])}")
    return "[" + "".join(parts) + "]"


def _code(value: str) -> str:
    """A code block's text for ``raw`` (a string only): long runs get invisible break points."""
    return _s(_LONG_RUN.sub(lambda run: _BREAK.join(_chunks(run[0])), value))


def string_literal(value: str) -> str:
    """``value`` as a Typst string literal: never read as markup or code."""
    return _s(value)


def _s(value: str) -> str:
    """``value`` as a Typst string literal: only backslash and double quote need escaping."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _blocks(blocks: Iterable[Block], levels: _Levels) -> list[str]:
    return [_block(block, levels) for block in blocks]


def _content(blocks: Iterable[Block], levels: _Levels) -> str:
    """A Typst content block ``[...]`` holding ``blocks``."""
    return "[" + "".join(_blocks(blocks, levels)) + "]"


def _block(block: Block, levels: _Levels) -> str:
    if isinstance(block, Heading):
        return f"#heading(level: {levels(block.level)}, {_inline(block.spans)})\n\n"
    if isinstance(block, Paragraph):
        body = _inline(block.spans)
        if block.role == "status":
            body = f"emph(text(size: 0.85em, {body}))"
        elif block.role in ("meta", "small"):
            body = f"text(size: 0.85em, fill: luma(45), {body})"
        return f"#par({body})\n\n"
    if isinstance(block, ListBlock):
        items = ", ".join(_content(item, levels) for item in block.items)
        if block.ordered:
            return f"#enum(start: {block.start}, {items})\n\n"
        return f"#list({items})\n\n"
    if isinstance(block, Quote):
        return f"#quote(block: true, {_content(block.blocks, levels)})\n\n"
    if isinstance(block, CodeBlock):
        return f"#raw(block: true, {_code(block.text)})\n\n"
    if isinstance(block, Rule):
        return "#line(length: 100%, stroke: 0.5pt + luma(120))\n\n"
    if isinstance(block, DiffText):
        return f"#par({_diff(block.ops, block.side)})\n\n"
    return _table(block, levels)


def _table(table: Table, levels: _Levels) -> str:
    columns = max([len(table.header), *(len(row) for row in table.rows)], default=1)
    weights = list(table.widths) if len(table.widths) == columns else None
    widths = ", ".join(f"{weight}fr" for weight in weights or _column_weights(table, columns))
    cells: list[str] = []
    if table.header:
        header = ", ".join(_content(cell, levels) for cell in table.header)
        cells.append(f"table.header({header})")
    for row in table.rows:
        padded = list(row) + [()] * (columns - len(row))
        cells += [_content(cell, levels) for cell in padded]
    grid = f"table(columns: ({widths},), {', '.join(cells)})"
    if not table.caption:
        return f"#{grid}\n\n"
    caption = f"figure.caption(position: top, {_s(table.caption)})"
    return (
        f"#figure(kind: table, supplement: none, numbering: none, caption: {caption}, {grid})\n\n"
    )


def _column_weights(table: Table, columns: int) -> list[int]:
    """Widths that follow the longest cell of each column (square root of its length), never
    narrower than its longest word, so a short column such as "Principle" stays readable and
    two columns of the same text (in force, new) get the same width."""
    fullest = [0] * columns
    longest = [1] * columns
    for row in (table.header, *table.rows):
        for index, cell in enumerate(row):
            words = " ".join(_cell_text(block) for block in cell)
            fullest[index] = max(fullest[index], len(words))
            longest[index] = max([longest[index], *(len(word) for word in words.split())])
    return [
        round(10 * max(size**0.5, min(word, 25), 3))
        for size, word in zip(fullest, longest, strict=True)
    ]


def _cell_text(block: Block) -> str:
    """The words a block shows, to size its table column."""
    if isinstance(block, Heading | Paragraph):
        return plain(block.spans)
    if isinstance(block, DiffText):
        return "".join(op.text for op in block.ops)
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, ListBlock):
        return " ".join(_cell_text(inner) for item in block.items for inner in item)
    if isinstance(block, Quote):
        return " ".join(_cell_text(inner) for inner in block.blocks)
    if isinstance(block, Table):
        cells = (cell for row in (block.header, *block.rows) for cell in row)
        return " ".join(_cell_text(inner) for cell in cells for inner in cell)
    return ""


def _inline(spans: Sequence[Span]) -> str:
    """A Typst expression for a run of spans (``""`` for none)."""
    if not spans:
        return '""'
    if len(spans) == 1:
        return _span(spans[0])
    return "[" + "".join(f"#{_span(span)}" for span in spans) + "]"


def _span(span: Span) -> str:
    words = span.text + link_suffix(span)
    value = f"raw({_code(words)})" if span.code else _text(words)
    if span.strong:
        value = f"strong({value})"
    if span.emphasis:
        value = f"emph({value})"
    if span.strike:
        value = f"strike({value})"
    if span.link is not None:
        value = f"link({_s(span.link)}, {value})"
    return value


def _diff(ops: Sequence[DiffOp], side: str) -> str:
    """One side of a word diff: struck-through deletions or underlined insertions, coloured."""
    parts: list[str] = []
    for op in ops:
        if op.kind == "equal":
            parts.append(f"#{_text(op.old if side == 'old' else op.text)}")
        elif op.kind == "delete" and side == "old":
            parts.append(f"#strike(text(fill: {_DELETED}, {_text(op.text)}))")
        elif op.kind == "insert" and side == "new":
            parts.append(f"#underline(text(fill: {_INSERTED}, {_text(op.text)}))")
    return "[" + "".join(parts) + "]"
