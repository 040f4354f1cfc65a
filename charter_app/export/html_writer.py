"""One standalone, accessible HTML page: landmarks, a table of contents, printable CSS.

No script and no external resource: every word is escaped, links are kept only for the safe URLs
the rendering package allows (and their address is also shown as text, for print), and the
page carries the preview's Content-Security-Policy. A wide page (the comparison table) prints in
landscape with the table's column widths fixed, so no column is crushed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from charter_app.diffing import render_new_html, render_old_html
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
from charter_app.i18n import _
from charter_app.rendering.document import CONTENT_SECURITY_POLICY
from charter_app.rendering.links import LINK_REL

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")

STYLE = """\
:root { color: #111; background: #fff; }
body { max-width: 46em; margin: 0 auto; padding: 1em; font-family: "DejaVu Sans", sans-serif;
       line-height: 1.45; overflow-wrap: break-word; }
body.wide { max-width: none; }
header { margin-bottom: 2em; }
header h1 { font-size: 2em; }
.meta { color: #333; font-size: 0.9em; overflow-wrap: anywhere; }
.small, .status { font-size: 0.85em; }
.status { font-style: italic; }
nav ol { list-style: none; padding-left: 0; }
nav li { margin: 0.15em 0; }
h2 { margin-top: 1.6em; break-after: avoid; }
h3, h4, h5, h6 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
table.fixed { table-layout: fixed; }
th, td { border: 1px solid #444; padding: 0.25em 0.5em; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
caption { font-weight: bold; text-align: left; padding: 0.3em 0; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
ins { text-decoration: underline; background: #dff5df; }
del { text-decoration: line-through; background: #fbe0e0; }
a { color: #0645ad; }
.url { overflow-wrap: anywhere; }
:focus { outline: 3px solid #1a5fb4; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  header { break-after: page; padding-top: 30%; }
  nav { break-after: page; }
  a { color: inherit; text-decoration: none; }
  ins, del { background: none; }
}
@page { size: A4; margin: 2cm 2cm 2.2cm; }
"""
"""Screen and print styles (a browser prints the page; the PDF export is Typst's own layout).
Only standard CSS: the Nu checker validates it."""


WIDE_PAGE = "@page { size: A4 landscape; margin: 1.5cm; }\n"
"""The comparison table's page: landscape, as its PDF."""


def html_page(document: Document) -> str:
    """The complete page for ``document``."""
    language = document.language if _LANGUAGE_TAG.fullmatch(document.language) else "und"
    head_blocks, body_blocks = split_header(document.blocks)
    style = STYLE + (WIDE_PAGE if document.landscape else "")
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8" />\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}" />\n',
        '<meta name="referrer" content="no-referrer" />\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n',
        f'<meta name="description" content="{escape(document.subject)}" />\n',
        '<meta name="generator" content="Charter Studio" />\n',
        f"<title>{escape(document.title)}</title>\n<style>\n{style}</style>\n</head>\n",
        f'<body class="{"wide" if document.landscape else ""}">\n',
        "<header>\n",
        *(_block(block) for block in head_blocks),
        "</header>\n",
    ]
    if document.toc:
        parts.append(_toc(body_blocks, document.toc_depth))
    parts.append("<main>\n")
    parts += _sections(body_blocks)
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _toc(blocks: Sequence[Block], depth: int = 2) -> str:
    """The contents: anchored headings of levels 2 to ``depth`` as nested lists (principles
    inside their sections)."""
    entries = [b for b in blocks if isinstance(b, Heading) and 2 <= b.level <= depth and b.anchor]
    lines: list[str] = []
    level = 2
    for index, heading in enumerate(entries):
        while level < heading.level:
            lines.append("<ol>\n")
            level += 1
        while level > heading.level:
            lines.append("</li>\n</ol>\n")
            level -= 1
        if index and not lines[-1].startswith("<ol>"):
            lines.append("</li>\n")
        lines.append(f'<li><a href="#{escape(heading.anchor)}">{escape(plain(heading.spans))}</a>')
    while level > 2:
        lines.append("</li>\n</ol>\n")
        level -= 1
    if entries:
        lines.append("</li>\n")
    title = escape(_("Contents"))
    return (
        f'<nav aria-labelledby="toc-title">\n<h2 id="toc-title">{title}</h2>\n<ol>\n'
        + "".join(lines)
        + "</ol>\n</nav>\n"
    )


def _sections(blocks: Sequence[Block]) -> list[str]:
    """Each level-2 heading opens a ``<section>`` labelled by it."""
    parts: list[str] = []
    open_section = False
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            if open_section:
                parts.append("</section>\n")
            label = f' aria-labelledby="{escape(block.anchor)}"' if block.anchor else ""
            parts.append(f"<section{label}>\n")
            open_section = True
        parts.append(_block(block))
    if open_section:
        parts.append("</section>\n")
    return parts


def blocks_html(blocks: Sequence[Block]) -> str:
    return "".join(_block(block) for block in blocks)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = max(1, min(block.level, 6))
        anchor = f' id="{escape(block.anchor)}"' if block.anchor else ""
        return f"<h{level}{anchor}>{_spans(block.spans)}</h{level}>\n"
    if isinstance(block, Paragraph):
        role = f' class="{escape(block.role)}"' if block.role else ""
        return f"<p{role}>{_spans(block.spans)}</p>\n"
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = "".join(f"<li>{blocks_html(item)}</li>\n" for item in block.items)
        return f"<{tag}{start}>\n{items}</{tag}>\n"
    if isinstance(block, Quote):
        return f"<blockquote>\n{blocks_html(block.blocks)}</blockquote>\n"
    if isinstance(block, CodeBlock):
        return f"<pre><code>{escape(block.text)}</code></pre>\n"
    if isinstance(block, Rule):
        return "<hr />\n"
    if isinstance(block, DiffText):
        render = render_old_html if block.side == "old" else render_new_html
        return f"<p>{render(block.ops)}</p>\n"
    return _table(block)


def _table(table: Table) -> str:
    parts = ['<table class="fixed">\n' if table.widths else "<table>\n"]
    if table.caption:
        parts.append(f"<caption>{escape(table.caption)}</caption>\n")
    if table.widths:
        columns = "".join(f'<col style="width: {width}%" />' for width in table.widths)
        parts.append(f"<colgroup>{columns}</colgroup>\n")
    if table.header:
        cells = "".join(f'<th scope="col">{blocks_html(cell)}</th>' for cell in table.header)
        parts.append(f"<thead>\n<tr>{cells}</tr>\n</thead>\n")
    parts.append("<tbody>\n")
    for row in table.rows:
        cells = "".join(
            f'<th scope="row">{blocks_html(cell)}</th>' if index == 0 else
            f"<td>{blocks_html(cell)}</td>"
            for index, cell in enumerate(row)
        )  # fmt: skip
        parts.append(f"<tr>{cells}</tr>\n")
    parts.append("</tbody>\n</table>\n")
    return "".join(parts)


def _spans(spans: Sequence[Span]) -> str:
    return "".join(_span(span) for span in spans)


def _span(span: Span) -> str:
    html = escape(span.text).replace("\n", "<br />")
    if span.code:
        html = f"<code>{html}</code>"
    if span.strike:
        html = f"<s>{html}</s>"
    if span.emphasis:
        html = f"<em>{html}</em>"
    if span.strong:
        html = f"<strong>{html}</strong>"
    if span.link is not None:
        suffix = link_suffix(span)
        html = f'<a href="{escape(span.link)}" rel="{LINK_REL}">{html}</a>'
        if suffix:
            html += f'<span class="url">{escape(suffix)}</span>'
    return html
