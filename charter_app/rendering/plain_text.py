"""The words of a Markdown text, in reading order, without markup (exports, readability, search)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

from charter_app.rendering.fallback import source_paragraphs
from charter_app.rendering.parser import parse


def to_plain_paragraphs(markdown: str) -> tuple[str, ...]:
    """One string per paragraph, heading, list item paragraph, code block or table row.

    Table cells are separated by a tab; line breaks inside a paragraph become spaces, hard
    breaks ``\\n``. Links keep their text, images their alt text. Source that cannot be parsed
    safely (see :func:`charter_app.rendering.render`) is returned as its source paragraphs.
    """
    plain = _plain_lines(markdown)
    return plain if plain is not None else _parsed_paragraphs(markdown)


def _parsed_paragraphs(markdown: str) -> tuple[str, ...]:
    tokens = parse(markdown)
    if tokens is None:
        return tuple(paragraph.text for paragraph in source_paragraphs(markdown))
    paragraphs: list[str] = []
    row: list[str] | None = None
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            paragraphs.append("\t".join(row))
            row = None
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if row is not None:
                row.append(text)
            elif text:
                paragraphs.append(text)
        elif token.type in ("fence", "code_block") and token.content.strip():
            paragraphs.append(token.content.rstrip("\n"))
    return tuple(paragraphs)


_MARKUP_CHARACTER = re.compile(r"[\\`*_\[\]<>!#|~&\t\r\0]")
"""A character that Markdown may read as markup."""
_MARKUP_START = re.compile(r"[-+=]|\d{1,9}[.)](?:\s|$)")
"""A line start that Markdown may read as markup (a list item, a heading's underline)."""


def _has_markup(line: str) -> bool:
    """Whether a (non-empty) line holds something Markdown may read as markup, or space at
    either end that it strips. One scan for a set of characters: a single expression with the
    line's ends among its alternatives tried them at every character, and took longer than the
    diffs of a comparison."""
    return (
        line[0].isspace()
        or line[-1].isspace()
        or _MARKUP_START.match(line) is not None
        or _MARKUP_CHARACTER.search(line) is not None
    )


def _plain_lines(markdown: str) -> tuple[str, ...] | None:
    """The paragraphs of text that holds no markup at all, one paragraph per line between
    blank lines (as principles are stored), without parsing it; None for anything else.
    Parsing a thousand principles for a comparison table took longer than their diffs."""
    lines = markdown.split("\n")
    paragraphs = []
    previous = ""
    for line in lines:
        if line:
            if previous or _has_markup(line):
                return None  # a paragraph on two lines, or markup: the parser decides
            paragraphs.append(line)
        previous = line
    return tuple(paragraphs)


def to_plain_text(markdown: str) -> str:
    """The plain paragraphs of ``markdown`` separated by blank lines."""
    return "\n\n".join(to_plain_paragraphs(markdown))


def _inline_text(children: Sequence[Token]) -> str:
    parts: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
        elif token.type == "hardbreak":
            parts.append("\n")
        elif token.type == "image":
            parts.append(_inline_text(token.children or []))
    return "".join(parts)
