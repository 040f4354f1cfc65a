"""Unwrapping hard-wrapped Markdown to the project's one-paragraph-per-line form."""

from __future__ import annotations

import re

# Lines that start a new unit even without a blank line before them.
_BLOCK_START = re.compile(r"\s{0,3}(#{1,6}\s|[*+-]\s|\d{1,9}[.)]\s|>|\+\+\+\s*$|---\s*$|```)")
_INNER_SPACES = re.compile(r"(?<=\S)[ \t]+")
_HEADING_OR_FENCE = re.compile(r"\s{0,3}(#{1,6}\s|\+\+\+\s*$|---\s*$)")


def unwrap_markdown(text: str) -> str:
    """Join the lines of each paragraph or list item; one unit per line, blocks separated by
    one blank line, line endings normalised, runs of inner spaces (which Markdown renders as
    one) made single and trailing spaces dropped.

    Two texts that differ only by where their paragraphs were wrapped unwrap to the same text.
    Fenced code is not treated specially: charters do not contain any.
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _INNER_SPACES.sub(" ", raw.rstrip())
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if current and _BLOCK_START.match(line):
            if _HEADING_OR_FENCE.match(current[-1]) or _HEADING_OR_FENCE.match(line):
                blocks.append(current)
                current = []
            current.append(line)
        elif current and not _HEADING_OR_FENCE.match(current[-1]):
            current[-1] = f"{current[-1]} {line.strip()}"
        elif current:
            blocks.append(current)
            current = [line]
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(block) for block in blocks)
