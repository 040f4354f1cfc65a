"""The one markdown-it configuration the preview, exports and plain-text extraction share."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token

from charter_app.rendering.html_renderer import SafeHtmlRenderer
from charter_app.rendering.limits import MAX_NESTING, nesting_exceeded, within_budget
from charter_app.rendering.links import neutralise_links
from charter_app.rendering.source_map import mark_source_lines
from charter_app.rendering.tables import table


@functools.cache
def markdown_parser() -> MarkdownIt:
    """CommonMark without raw HTML, plus tables and strikethrough, with our safety rules.

    Every word a participant typed must stay visible, so table rows keep cells beyond the
    header's columns (GFM drops them) and link reference definitions (``[label]: url``), which
    markdown-it would hide, are switched off and shown as typed. Links are always parsed (the
    ``validateLink`` hook accepts everything) so that the ``links`` rule decides, in one place,
    which become ``<a>`` and which are shown as text.
    """
    parser = MarkdownIt(
        "commonmark",
        {"html": False, "linkify": False, "typographer": False, "maxNesting": MAX_NESTING},
        renderer_cls=SafeHtmlRenderer,
    )
    parser.enable(["table", "strikethrough"])
    parser.block.ruler.at("table", table, {"alt": ["paragraph", "reference"]})
    parser.disable(["reference", "html_block", "html_inline"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.core.ruler.push("neutralise_links", neutralise_links)
    parser.core.ruler.push("mark_source_lines", mark_source_lines)
    return parser


def parse(markdown: str) -> list[Token] | None:
    """markdown-it tokens for ``markdown``, or ``None`` when a safety limit is hit.

    ``None`` means the source is too costly to parse or nests deeper than markdown-it follows;
    callers then show the source as plain text rather than lose or wait on any of it.
    """
    if not within_budget(markdown):
        return None
    tokens = markdown_parser().parse(markdown)
    return None if nesting_exceeded(tokens) else tokens
