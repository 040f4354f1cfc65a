"""Where each block of the preview comes from in the Markdown source (scroll sync, anchors)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

LINE_ATTRIBUTE = "data-line"
"""The HTML attribute holding a block's first source line (0-based) in the preview."""


@dataclass(frozen=True)
class BlockMap:
    """One top-level block of the preview and the source lines it was rendered from."""

    start_line: int
    """First source line of the block, 0-based (markdown-it's ``Token.map[0]``)."""
    end_line: int
    """Line just after the block, exclusive (``Token.map[1]``)."""
    tag: str
    """The HTML element written for the block, e.g. ``"p"``, ``"h2"``, ``"ul"``."""

    @property
    def selector(self) -> str:
        """A CSS selector finding the block's element in the preview."""
        return f'{self.tag}[{LINE_ATTRIBUTE}="{self.start_line}"]'


def mark_source_lines(state: StateCore) -> None:
    """Write ``data-line`` on every block element that has a source position (a core rule)."""
    for token in state.tokens:
        if token.map is not None and token.nesting >= 0 and token.type != "inline":
            token.attrSet(LINE_ATTRIBUTE, str(token.map[0]))


def top_level_blocks(tokens: Sequence[Token]) -> tuple[BlockMap, ...]:
    """The :class:`BlockMap` of each top-level block of a markdown-it token stream."""
    return tuple(
        BlockMap(token.map[0], token.map[1], element_of(token))
        for token in tokens
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    )


def element_of(token: Token) -> str:
    """The HTML element a block token is written as (code blocks are wrapped in ``<pre>``)."""
    return "pre" if token.type in ("fence", "code_block") else token.tag


def block_at_line(source_map: Sequence[BlockMap], line: int) -> BlockMap | None:
    """The block shown for source ``line``: the one holding it, else the last one before it.

    ``source_map`` must be in source order, as :func:`render` returns it. Returns ``None`` only
    when ``line`` comes before the first block.
    """
    index = bisect.bisect_right([block.start_line for block in source_map], line) - 1
    return source_map[index] if index >= 0 else None
