"""The document model every reader produces: top-level Markdown blocks and what could not fit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"
    RULE = "rule"


class IssueKind(StrEnum):
    """What the import report can say about a document."""

    IMAGE = "image"
    OBJECT = "object"
    COMMENT = "comment"
    TRACKED_CHANGE = "tracked-change"
    FOOTNOTE = "footnote"
    TEXT_BOX = "text-box"
    METADATA = "metadata"
    """Front matter, HTML comments: notes about the file, not its text."""
    SECTION = "section"
    """A heading above the principles (a chapter), kept as a tag of the principles under it."""
    NUMBERING = "numbering"
    TITLE = "title"
    STRUCTURE = "structure"
    UNSUPPORTED = "unsupported"
    """Anything else the charter format cannot hold (fields, shapes, unknown elements)."""


@dataclass(frozen=True)
class Issue:
    """One line of the import report, shown for confirmation before anything is written."""

    kind: IssueKind
    message: str
    """Translated, one sentence a participant understands."""
    where: str = ""
    """Where it was met ("principle 3", "preamble"); filled by the structure detection."""
    detail: str = ""
    """The content that is not imported (a footnote's text, an image's name), so none is lost."""


@dataclass(frozen=True)
class Block:
    """One top-level block of a document, already written as Markdown."""

    kind: BlockKind
    markdown: str
    """The block as Markdown; a heading holds only its inline text (no ``#``). Review marks
    (tracked changes, comments) are written in CriticMarkup."""
    level: int = 0
    """Heading level, 1 to 6; 0 for a document title style and for other blocks."""
    emphasised: bool = False
    """The whole paragraph is bold: word processor users often type headings this way."""
    authors: tuple[str, ...] = ()
    """Author of each review mark of ``markdown`` in order ("" when the file does not say)."""
    credits: tuple[str, ...] = ()
    """For each review mark, someone else whose change it holds (who deleted the words a
    substitution replaces), "" for none; may be shorter than ``authors``."""
    issues: tuple[Issue, ...] = ()
    """What this block held that the charter cannot (images, footnotes...)."""


@dataclass(frozen=True)
class Document:
    """What a reader found in a file, in reading order."""

    blocks: tuple[Block, ...]
    issues: tuple[Issue, ...] = ()
    """Document-wide notes (front matter, encryption of parts, unknown elements)."""
    name: str = ""
    """The file name without extension: a title of last resort."""
    metadata_title: str = ""
    """The title the file's properties give, if any."""
    extra: dict[str, str] = field(default_factory=dict, compare=False)


_ESCAPED = re.compile(r"([\\`*_\[\]<>{}|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d{1,9}[.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """Literal text from a word processor written so Markdown shows it as typed."""
    return _ESCAPED.sub(r"\\\1", text)


def escape_line_start(text: str) -> str:
    """Keep a paragraph that starts like a heading or a list item ("1. ", "- ") a paragraph."""
    match = _LINE_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    escaped = marker[:-1] + "\\" + marker[-1] if marker[-1] in ".)" else "\\" + marker
    return match.group(1) + escaped + text[match.end() :]


_INLINE_MARKUP = re.compile(r"\\(.)|[*_`]+|!?\[([^\]]*)\]\([^)]*\)|</?[A-Za-z][^<>]*>")


def plain_text(markdown: str) -> str:
    """The words of inline Markdown without its markup (for detecting numbers and titles)."""

    def keep(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            return match.group(2)
        return ""

    return " ".join(_INLINE_MARKUP.sub(keep, markdown).split())
