"""A principle's Markdown as a reader sees it, line by line, and where each letter comes from.

The reading view shows the charter as people read it (no ``**`` or ``- ``), yet a passage they
select must become a passage of the source: a comment is anchored in the Markdown, and a new
wording replaces source words. :func:`read_body` cuts a body into its lines (the format keeps
one paragraph per line), says what each line is (paragraph, list item, heading, quote), gives
its styled runs, and, for every letter shown, its index in the body. Pure: no Qt.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from markdown_it.token import Token

LineKind = Literal["paragraph", "item", "numbered", "heading", "quote"]

_HEADING = re.compile(r"(#{1,6})[ \t]+")
_ITEM = re.compile(r"[ \t]*[-*+][ \t]+")
_NUMBERED = re.compile(r"[ \t]*(\d{1,9})[.)][ \t]+")
_QUOTE = re.compile(r">[ \t]?")


@dataclass(frozen=True)
class Run:
    """A stretch of a line's text with one style."""

    start: int
    """Index in the line's ``text``."""
    end: int
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    struck: bool = False
    link: str = ""
    """The address, when the run is a link's text and the address is safe to open."""


@dataclass(frozen=True)
class ReadLine:
    """One line of a body (one paragraph, list item, heading...) as it is read."""

    kind: LineKind
    text: str
    """The words shown, markup removed."""
    runs: tuple[Run, ...]
    """Styled stretches covering ``text``, in order."""
    sources: tuple[int, ...]
    """The body index of each letter of ``text``, then the end of the line (``len + 1``)."""
    marker: str = ""
    """"•" for a list item, "3." for a numbered one; "" otherwise."""
    level: int = 0
    """The heading's level (1-6); 0 for other lines."""

    def source_range(self, start: int, end: int) -> tuple[int, int]:
        """The body range of the shown letters ``start:end`` (``end`` excluded)."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if start == end:
            return self.sources[start], self.sources[start]
        return self.sources[start], self.sources[end - 1] + 1

    def shown_index(self, source: int) -> int:
        """The first shown letter at or after body index ``source`` (``len(text)`` if none)."""
        for index, position in enumerate(self.sources[:-1]):
            if position >= source:
                return index
        return len(self.text)


@dataclass(frozen=True)
class Letter:
    """What a reader sees of one letter of the source: ``shown`` is "" for markup (``**``, a
    heading's ``#``), "•" for a list item's ``-``; the style is its run's."""

    shown: str
    strong: bool = False
    emphasis: bool = False
    code: bool = False
    struck: bool = False


def source_letters(line: str) -> tuple[Letter, ...]:
    """For each letter of ``line`` (one line of a body's source), what a reader sees of it: the
    comparison of two wordings shows its words, not their markup, letter by letter."""
    read = read_line(line)
    shown = [""] * len(line)
    styles: list[tuple[bool, bool, bool, bool]] = [(False, False, False, False)] * len(line)
    heading = read.kind == "heading"
    for run in read.runs:
        for index in range(run.start, run.end):
            source = read.sources[index]
            if source < len(line):  # a letter no source holds joins the next one shown
                shown[source] += read.text[index]
                styles[source] = (run.strong or heading, run.emphasis, run.code, run.struck)
    if read.marker:  # the list's marker, as a reader sees it, and one space after it
        at = len(line) - len(line.lstrip(" \t"))
        for step, letter in enumerate(read.marker):  # "-" becomes "•", "3." stays
            shown[at + step] = letter
        after = at + len(read.marker)
        if after < len(line):
            shown[after] = " "
    return tuple(Letter(text, *style) for text, style in zip(shown, styles, strict=True))


def body_lines(body: str) -> list[tuple[int, str]]:
    """(body index where it starts, line) for every line that is not blank."""
    lines, offset = [], 0
    for line in body.split("\n"):
        if line.strip():
            lines.append((offset, line))
        offset += len(line) + 1
    return lines


def read_body(body: str) -> list[ReadLine]:
    """Every non-blank line of ``body`` as it is read."""
    return [read_line(line, offset) for offset, line in body_lines(body)]


def _content_start(line: str) -> tuple[LineKind, str, int, int]:
    """What ``line`` is, its marker ("•", "3."), heading level, and where its words start."""
    kind: LineKind = "paragraph"
    marker, level, start = "", 0, 0
    for pattern, found_kind in (
        (_HEADING, "heading"),
        (_NUMBERED, "numbered"),
        (_ITEM, "item"),
        (_QUOTE, "quote"),
    ):
        match = pattern.match(line)
        if match is None:
            continue
        kind = found_kind  # type: ignore[assignment]
        start = match.end()
        if kind == "heading":
            level = len(match.group(1))
        elif kind == "numbered":
            marker = f"{match.group(1)}."
        elif kind == "item":
            marker = "•"
        break
    return kind, marker, level, start


def read_line(line: str, offset: int = 0) -> ReadLine:
    """``line`` (one source line, found at body index ``offset``) as it is read."""
    kind, marker, level, start = _content_start(line)
    content = line[start:]
    text, runs = inline_runs(content)
    sources = align(text, content)
    return ReadLine(
        kind,
        text,
        runs,
        tuple(offset + start + index for index in sources),
        marker,
        level,
    )


_PLAIN = re.compile(r"[^\\`*_\[\]!<&~]*")
"""A line without any character an inline Markdown rule starts at: it reads as it is typed."""


Inline = tuple[str, tuple[Run, ...]]
"""A line's words and their styled runs (:func:`inline_runs`)."""

_KNOWN: dict[str, Inline] = {}
"""Lines with markup read before (by an earlier start, kept in the user's cache by the storage
layer): the window's first paint needs no Markdown parser for them."""


def remember(known: Mapping[str, Inline]) -> None:
    """Take ``known`` (:func:`inline_table` of an earlier start) as already read."""
    _KNOWN.update(known)


def inline_table(texts: Iterable[str]) -> dict[str, Inline]:
    """Every line of ``texts`` (bodies, a preamble) that needs the parser, as read: what
    :func:`remember` takes at the next start."""
    table: dict[str, Inline] = {}
    for text in texts:
        for _offset, line in body_lines(text):
            content = line[_content_start(line)[3] :]
            if content.strip() and not _PLAIN.fullmatch(content):
                table[content] = inline_runs(content)
    return table


def as_plain(table: Mapping[str, Inline]) -> dict[str, tuple[str, list[tuple[object, ...]]]]:
    """``table`` in plain values (strings, numbers, booleans), for a file."""
    return {line: (text, [astuple(run) for run in runs]) for line, (text, runs) in table.items()}


def from_plain(data: object) -> dict[str, Inline]:
    """:func:`as_plain`'s values back, or nothing at all when any of them is not as written."""
    table: dict[str, Inline] = {}
    if not isinstance(data, dict):
        return table
    try:
        for line, (text, runs) in data.items():
            if not isinstance(line, str) or not isinstance(text, str):
                return {}
            read = tuple(Run(*run) for run in runs)
            if any(
                not isinstance(run.start, int)
                or not isinstance(run.end, int)
                or not 0 <= run.start <= run.end <= len(text)
                or not isinstance(run.link, str)
                for run in read
            ):
                return {}
            table[line] = (text, read)
    except (TypeError, ValueError):
        return {}
    return table


def inline_runs(markdown: str) -> tuple[str, tuple[Run, ...]]:
    """The words of one line of inline Markdown and their styled runs."""
    if not markdown.strip():
        return "", ()
    if _PLAIN.fullmatch(markdown):  # most lines: no parser (the same result, sooner)
        return markdown, (Run(0, len(markdown)),)
    known = _KNOWN.get(markdown)
    if known is not None:
        return known
    # The parser (markdown-it and its rules) is loaded for the first line that needs it.
    from charter_app.rendering.limits import within_budget
    from charter_app.rendering.parser import markdown_parser
    from charter_app.rendering.urls import is_safe_external_url

    if not within_budget(markdown):
        return markdown, (Run(0, len(markdown)),)
    tokens = markdown_parser().parseInline(markdown)
    children: Sequence[Token] = tokens[0].children or [] if tokens else []
    pieces: list[str] = []
    runs: list[Run] = []
    strong = emphasis = struck = 0
    link = ""
    length = 0
    for token in children:
        if token.type == "strong_open":
            strong += 1
        elif token.type == "strong_close":
            strong = max(0, strong - 1)
        elif token.type == "em_open":
            emphasis += 1
        elif token.type == "em_close":
            emphasis = max(0, emphasis - 1)
        elif token.type == "s_open":
            struck += 1
        elif token.type == "s_close":
            struck = max(0, struck - 1)
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            link = href if is_safe_external_url(href) else ""
        elif token.type == "link_close":
            link = ""
        else:
            words = _words_of(token)
            if not words:
                continue
            pieces.append(words)
            runs.append(
                Run(length, length + len(words), bool(strong), bool(emphasis),
                    token.type == "code_inline", bool(struck), link)
            )  # fmt: skip
            length += len(words)
    return "".join(pieces), tuple(runs)


def _words_of(token: Token) -> str:
    if token.type in ("text", "code_inline", "html_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type == "image":
        return "".join(_words_of(child) for child in token.children or [])
    return ""


def align(shown: str, source: str) -> list[int]:
    """For each letter of ``shown`` (``source`` with its markup removed), its index in
    ``source``, then ``len(source)``. Letters are matched by the longest common stretches
    (so a link's address never takes the words after it); a letter the source does not hold
    as such (an entity's) takes the index of the next letter matched."""
    if shown == source:
        return list(range(len(source) + 1))
    kept = [index for index, letter in enumerate(source) if letter not in "*_"]
    if len(kept) == len(shown) and "".join(source[index] for index in kept) == shown:
        # Emphasis only (most lines with markup): the letters are the source's but its stars
        # and underscores, in order; no need to look for common stretches.
        return [*kept, len(source)]
    return align_by_stretches(shown, source)


def align_by_stretches(shown: str, source: str) -> list[int]:
    """:func:`align` by the longest common stretches, whatever the markup."""
    indexes: list[int | None] = [None] * len(shown)
    matcher = difflib.SequenceMatcher(None, shown, source, autojunk=False)
    for block in matcher.get_matching_blocks():
        for step in range(block.size):
            indexes[block.a + step] = block.b + step
    result: list[int] = [len(source)] * (len(shown) + 1)
    following = len(source)
    for index in range(len(shown) - 1, -1, -1):
        found = indexes[index]
        following = found if found is not None else following
        result[index] = following
    return result
