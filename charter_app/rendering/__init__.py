"""Markdown to safe HTML (markdown-it-py), with source maps for scroll sync and anchors.

Pure Python, no Qt: raw HTML is shown as text, images as text placeholders, and only http,
https and mailto links are clickable, so every word a participant typed stays visible and the
preview loads and runs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from charter_app.lazy import load_names_when_asked

if TYPE_CHECKING:
    from charter_app.rendering.document import render_document
    from charter_app.rendering.plain_text import to_plain_paragraphs, to_plain_text
    from charter_app.rendering.render import Rendered, render
    from charter_app.rendering.source_map import BlockMap, block_at_line
    from charter_app.rendering.urls import is_safe_external_url

__all__ = [
    "BlockMap",
    "Rendered",
    "block_at_line",
    "is_safe_external_url",
    "render",
    "render_document",
    "to_plain_paragraphs",
    "to_plain_text",
]

# Each name is imported from its module when first asked for: the reading view reads lines it
# has read before (``rendering.reading``) without loading markdown-it at all.
_HOMES = {
    "render_document": "document",
    "to_plain_paragraphs": "plain_text",
    "to_plain_text": "plain_text",
    "Rendered": "render",
    "render": "render",
    "BlockMap": "source_map",
    "block_at_line": "source_map",
    "is_safe_external_url": "urls",
}


__getattr__ = load_names_when_asked(__name__, _HOMES, function="render")
