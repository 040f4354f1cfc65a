"""A small block model built once from markdown-it tokens and fed to every export writer.

One converter (:func:`markdown_blocks`), many writers: ODT, DOCX and Markdown walk these frozen
records instead of the token stream. The tokens come from the rendering package's parser, so
the safety rules are the preview's: raw HTML is text, images are a text placeholder naming their
target (never loaded), and only http, https and mailto links stay links.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from markdown_it.token import Token

from charter_app.diffing import DiffOp
from charter_app.i18n import _
from charter_app.rendering.fallback import source_paragraphs
from charter_app.rendering.links import inline_text, target_text
from charter_app.rendering.parser import parse


@dataclass(frozen=True)
class Span:
    """A run of text with one formatting."""

    text: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    strike: bool = False
    """Struck through in the source (``~~text~~``)."""
    link: str | None = None
    """A safe external URL (http, https, mailto); writers show it as text after the words."""


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    """1 for the charter title, 2 for a principle, 3 and more inside a principle."""
    spans: Inline
    anchor: str = ""
    """An id for links and bookmarks, "" for none."""


@dataclass(frozen=True)
class Paragraph:
    spans: Inline
    role: str = ""
    """"" for body text; "meta" for the version notice, "small" for notes."""


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple[Block, ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Rule:
    pass


@dataclass(frozen=True)
class DiffText:
    """One side of a word diff: ``old`` shows kept and deleted runs, ``new`` kept and inserted."""

    ops: tuple[DiffOp, ...]
    side: str
    """"old" or "new"."""


Cell = tuple["Block", ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    widths: tuple[int, ...] = ()
    """Share of the width of each column, in percent; () lets each writer size them."""


Block = Heading | Paragraph | ListBlock | Quote | CodeBlock | Rule | DiffText | Table


def text(value: str, strong: bool = False) -> Inline:
    """One span, plain or strong (or none for an empty string)."""
    return (Span(value, strong=strong),) if value else ()


def plain(spans: Sequence[Span]) -> str:
    """The words of ``spans``, link targets after their text as the writers show them."""
    return "".join(span.text + link_suffix(span) for span in spans)


def split_header(blocks: Sequence[Block]) -> tuple[Sequence[Block], Sequence[Block]]:
    """The blocks before the first level-2 heading (the title page, the HTML ``<header>``),
    and the rest."""
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 2:
            return blocks[:index], blocks[index:]
    return blocks, ()


def link_suffix(span: Span) -> str:
    """`` (URL)`` after a link's text, unless the text already is the URL."""
    if span.link is None or span.text.strip() in (span.link, span.link.removeprefix("mailto:")):
        return ""
    return f" ({span.link})"


def nested_headings(blocks: Sequence[Block], first: int = 3) -> tuple[Block, ...]:
    """``blocks`` with their top-level headings at ``first`` or below and never more than one
    level deeper than the one before (a text starting with ``###`` under a level-2 heading
    would skip levels, which screen readers and validators report)."""
    level = first - 1
    found: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            level = max(first, min(block.level, level + 1))
            block = replace(block, level=min(level, 6))
        found.append(block)
    return tuple(found)


# -- markdown-it tokens to blocks ------------------------------------------------------------------


def markdown_blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of a principle's (or the preamble's) Markdown; every word typed is kept.

    Source too costly or too deeply nested to parse safely becomes one plain paragraph per
    source paragraph, as the preview shows it.
    """
    tokens = parse(markdown)
    if tokens is None:
        return tuple(Paragraph(text(p.text)) for p in source_paragraphs(markdown))
    blocks, _end = _blocks(tokens, 0, None)
    return tuple(blocks)


def _blocks(tokens: Sequence[Token], index: int, closing: str | None) -> tuple[list[Block], int]:
    """Blocks from ``tokens[index:]`` up to the token of type ``closing``; the index after it."""
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == closing:
            return blocks, index + 1
        if kind == "heading_open":
            level = int(token.tag[1:])
            blocks.append(Heading(min(level + 2, 6), _inline(tokens[index + 1])))
            index += 3
        elif kind == "paragraph_open":
            blocks.append(Paragraph(_inline(tokens[index + 1])))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, index = _list(tokens, index)
            blocks.append(block)
        elif kind == "blockquote_open":
            inner, index = _blocks(tokens, index + 1, "blockquote_close")
            blocks.append(Quote(tuple(inner)))
        elif kind in ("fence", "code_block"):
            blocks.append(CodeBlock(token.content.rstrip("\n")))
            index += 1
        elif kind == "hr":
            blocks.append(Rule())
            index += 1
        elif kind == "table_open":
            table, index = _table(tokens, index)
            blocks.append(table)
        elif kind in ("html_block",):  # only if a plugin made one: show it as text
            blocks.append(Paragraph(text(token.content.rstrip("\n"))))
            index += 1
        elif kind == "inline":  # a tight list item's paragraph is hidden, not absent
            blocks.append(Paragraph(_inline(token)))
            index += 1
        else:
            index += 1
    return blocks, index


def _list(tokens: Sequence[Token], index: int) -> tuple[ListBlock, int]:
    opening = tokens[index]
    ordered = opening.type == "ordered_list_open"
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    start = int(str(opening.attrGet("start") or 1)) if ordered else 1
    items: list[tuple[Block, ...]] = []
    index += 1
    while index < len(tokens) and tokens[index].type != closing:
        if tokens[index].type == "list_item_open":
            inner, index = _blocks(tokens, index + 1, "list_item_close")
            items.append(tuple(inner))
        else:
            index += 1
    return ListBlock(ordered, tuple(items), start), index + 1


def _table(tokens: Sequence[Token], index: int) -> tuple[Table, int]:
    header: list[Cell] = []
    rows: list[tuple[Cell, ...]] = []
    row: list[Cell] = []
    in_head = False
    index += 1
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(tuple(row))
        elif token.type == "inline":
            row.append((Paragraph(_inline(token)),))
        index += 1
    return Table(tuple(header), tuple(rows)), index + 1


def _inline(token: Token) -> Inline:
    spans: list[Span] = []
    style = {"strong": 0, "emphasis": 0, "strike": 0}
    links: list[str] = []
    for child in token.children or []:
        kind = child.type
        if kind in ("strong_open", "em_open", "s_open"):
            style[_STYLE_OF[kind]] += 1
        elif kind in ("strong_close", "em_close", "s_close"):
            style[_STYLE_OF[kind]] = max(0, style[_STYLE_OF[kind]] - 1)
        elif kind == "link_open":  # only safe links survive the parser's links rule
            links.append(str(child.attrGet("href") or ""))
        elif kind == "link_close":
            if links:
                links.pop()
        else:
            value = _inline_text(child)
            if not value:
                continue
            span = Span(
                value,
                strong=style["strong"] > 0,
                emphasis=style["emphasis"] > 0,
                strike=style["strike"] > 0,
                code=kind == "code_inline",
                link=links[-1] if links else None,
            )
            spans.append(span)
    return _merge(spans)


_STYLE_OF = {
    "strong_open": "strong",
    "strong_close": "strong",
    "em_open": "emphasis",
    "em_close": "emphasis",
    "s_open": "strike",
    "s_close": "strike",
}


def _inline_text(child: Token) -> str:
    if child.type in ("text", "code_inline", "html_inline"):
        return child.content
    if child.type == "softbreak":
        return " "
    if child.type == "hardbreak":
        return "\n"
    if child.type == "image":
        # The same words as the preview's placeholder: the image is named, never fetched.
        alt = inline_text(child.children or [])
        label = _("image: {alt}").format(alt=alt) if alt else _("image")
        shown = f"[{label}]"
        target = target_text(str(child.attrGet("src") or ""), str(child.attrGet("title") or ""))
        return f"{shown} ({target})" if target else shown
    return ""


def _merge(spans: list[Span]) -> Inline:
    """Neighbouring spans of the same style as one (fewer runs in ODT and DOCX)."""
    merged: list[Span] = []
    for span in spans:
        if merged and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)
