"""Markdown shown as escaped source text, paragraph by paragraph, when it cannot be parsed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml

from charter_app.rendering.source_map import LINE_ATTRIBUTE, BlockMap

FALLBACK_CLASS = "unparsed-source"
"""Class of the ``<pre>`` blocks holding source text shown as typed."""

_LINE_BREAK = re.compile(r"\r\n?")


@dataclass(frozen=True)
class SourceParagraph:
    """A run of non-blank source lines."""

    start_line: int
    """First line, 0-based."""
    end_line: int
    """Line after the last one, exclusive."""
    text: str
    """The lines, joined by ``\\n``."""


def source_paragraphs(markdown: str) -> list[SourceParagraph]:
    """Split ``markdown`` at blank lines, counting lines as markdown-it does."""
    lines = _LINE_BREAK.sub("\n", markdown).replace("\0", "\ufffd").split("\n")
    paragraphs: list[SourceParagraph] = []
    start: int | None = None
    for number, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            paragraphs.append(SourceParagraph(start, number, "\n".join(lines[start:number])))
            start = None
    return paragraphs


def fallback_html(paragraphs: list[SourceParagraph]) -> str:
    """Each paragraph escaped in a ``<pre>`` carrying its source line, as ``render`` does."""
    return "".join(
        f'<pre class="{FALLBACK_CLASS}" {LINE_ATTRIBUTE}="{paragraph.start_line}">'
        f"{escapeHtml(paragraph.text)}</pre>\n"
        for paragraph in paragraphs
    )


def fallback_source_map(paragraphs: list[SourceParagraph]) -> tuple[BlockMap, ...]:
    """The :class:`BlockMap` of each fallback ``<pre>``."""
    return tuple(BlockMap(p.start_line, p.end_line, "pre") for p in paragraphs)
