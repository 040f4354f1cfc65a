"""Markdown to a safe HTML fragment with its source map."""

from __future__ import annotations

from dataclasses import dataclass

from charter_app.rendering.fallback import fallback_html, fallback_source_map, source_paragraphs
from charter_app.rendering.parser import markdown_parser, parse
from charter_app.rendering.source_map import BlockMap, top_level_blocks


@dataclass(frozen=True)
class Rendered:
    """A Markdown text rendered for the preview."""

    html: str
    """An HTML fragment (no ``<html>``/``<body>``): no scripts, images, styles or raw HTML."""
    source_map: tuple[BlockMap, ...]
    """Each top-level block, in order, with the source lines it comes from."""
    degraded: bool = False
    """True when a safety limit was hit and the source is shown as plain text; say so."""


def render(markdown: str) -> Rendered:
    """Render ``markdown`` as safe HTML; every word typed stays visible.

    Raw HTML is shown as text, images as ``[image: alt] (url)``, and only http, https and
    mailto links are clickable. Input too costly or too deeply nested is shown escaped, in
    ``<pre>`` paragraphs, with ``degraded`` set.
    """
    tokens = parse(markdown)
    if tokens is None:
        paragraphs = source_paragraphs(markdown)
        return Rendered(fallback_html(paragraphs), fallback_source_map(paragraphs), degraded=True)
    parser = markdown_parser()
    html = parser.renderer.render(tokens, parser.options, {})
    return Rendered(html, top_level_blocks(tokens))
