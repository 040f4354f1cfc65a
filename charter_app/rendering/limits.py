"""Limits that keep hostile or absurd Markdown from hanging the preview."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

MAX_NESTING = 32
"""Deepest block nesting markdown-it may parse (about fifteen nested lists or quotes)."""

COST_BUDGET = 500_000
"""Estimated parsing cost (roughly microseconds) above which the source is shown as plain text."""

# markdown-it-py was linear on every input we measured, but its constant factor depends on the
# characters: about 1 us per character of prose, 6 per emphasis delimiter, 20 per line (each may
# start a block) and up to 40 per "[" (each starts a link-label scan). Measured on a laptop in
# 2026 with markdown-it-py 4; the weights only need to be the right order of magnitude.
_CHARACTER_COSTS = {"[": 40, "*": 6, "_": 6, "~": 6, "\n": 20}


def parsing_cost(markdown: str) -> int:
    """A cheap, linear estimate of how long markdown-it would take to parse ``markdown``."""
    return len(markdown) + sum(
        weight * markdown.count(character) for character, weight in _CHARACTER_COSTS.items()
    )


def within_budget(markdown: str) -> bool:
    """Whether ``markdown`` is cheap enough to parse as Markdown."""
    return parsing_cost(markdown) <= COST_BUDGET


def nesting_exceeded(tokens: Sequence[Token]) -> bool:
    """Whether markdown-it reached :data:`MAX_NESTING`, where it silently drops the rest.

    A container opened at level ``MAX_NESTING - 1`` raises the parser's level to the limit, and
    markdown-it then skips the remaining lines; any such opening token means text was lost.
    """
    return any(token.nesting == 1 and token.level >= MAX_NESTING - 1 for token in tokens)
