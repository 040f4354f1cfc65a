"""Find the title, the preamble and the principles in a document's blocks.

One detector for every reader. Rules, in order (see :func:`detect`):

1. The title is a "Title" style, or the first heading when no other heading has its level.
2. The principles are headings of the level where most headings read "Article 3", "Principe 3 :",
   "Principle 3"...; else of the level where numbered headings ("3.", "3)", "3 bis.") hold most
   of the text; else of the shallowest level with two headings or more.
3. With no such heading, short or bold paragraphs reading "Article 3..." (or bold "3. ...")
   are the principles' headings: word processor users often type headings that way.
4. A "Préambule"/"Preamble"/"Introduction" heading before the first principle only opens the
   preamble; headings above the principles' level are sections ("Titre I", "Chapitre 2"), nested
   by heading level and, at one heading level, by the word they start with (livre, titre,
   partie, chapitre, section: :data:`SECTION_RANKS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from charter_app.core.numbering import SUFFIXES, Number, parse_number
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.importing import review
from charter_app.importing.blocks import Block, BlockKind, Issue, IssueKind, plain_text

_SUFFIX = "|".join(SUFFIXES)
_LABEL = (
    rf"(?P<label>(?:premier|première|premiere|first|\d{{1,4}}(?:er|ère|re|e|st|nd|rd|th)?)"
    rf"(?:[-./]\d{{1,4}})*(?:\s+(?:{_SUFFIX}))?(?:\s+[A-Z](?!\w))?)"
)
_KEYWORD = re.compile(
    r"^(?:article|art\.|principe|principle|engagement|commitment|orientation|objectif|"
    r"objective|mesure|measure|règle|regle|rule)\s+"
    + _LABEL
    + r"(?:\s*[:.)\-–—]\s*|\s+|$)(?P<title>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    rf"^(?P<label>\d{{1,4}}(?:\s+(?:{_SUFFIX}))?)\s*(?:[.)°](?!\d)|\s[-–—:])\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_SECTION_WORD = re.compile(
    r"^(?:chapitre|chapter|titre|title|partie|part|livre|book|section|annexe|annex)\b",
    re.IGNORECASE,
)
SECTION_RANKS = (
    ("livre", "book"),
    ("titre", "title"),
    ("partie", "part"),
    ("chapitre", "chapter"),
    ("section",),
    ("sous-section", "subsection", "paragraphe"),
)
"""Words naming parts, outermost first (as French codes and rules of procedure nest them: the
Assemblée nationale's rules put "parties" inside "titres" and "chapitres" inside them)."""
_RANK_WORD = re.compile(r"\b(" + "|".join(w for g in SECTION_RANKS for w in g) + r")\b", re.I)
_PREAMBLE = re.compile(
    r"^(?:préambule|preambule|preamble|introduction|avant-propos|foreword|exposé des motifs)"
    r"\s*[:.]?$",
    re.IGNORECASE,
)
SHORT_PARAGRAPH = 150
"""Characters: a paragraph longer than this is text, not a heading typed as a paragraph."""


@dataclass(frozen=True)
class Marker:
    """What a principle heading says about its number."""

    kind: str
    """"keyword" ("Article 3"), "numbered" ("3.") or "" (none)."""
    label: str
    """The number as written ("3", "1er", "29-1", "3 bis"); "" when none."""
    rest: str
    """The heading's words after the number."""


def read_marker(heading: str) -> Marker:
    text = " ".join(heading.split())
    for kind, pattern in (("keyword", _KEYWORD), ("numbered", _NUMBERED)):
        match = pattern.match(text)
        if match:
            return Marker(kind, match["label"], match["title"].strip())
    return Marker("", "", text)


def parse_label(label: str) -> Number | None:
    """The charter number a label stands for ("1er" is 1, "3 bis" is 3 bis), None if none."""
    text = label.strip().lower()
    if text in ("premier", "première", "premiere", "first"):
        return Number(1)
    text = re.sub(r"^(\d+)(?:er|ère|re|e|st|nd|rd|th)\b", r"\1", text)
    try:
        return parse_number(text)
    except ValidationError:
        return None


@dataclass(frozen=True)
class SectionHeading:
    """A heading above the principles: a titled part of the charter."""

    title: str
    level: int
    """1 for the outermost parts, 2 inside them, 3 below (deeper ones are kept at 3)."""


@dataclass(frozen=True)
class Part:
    """One principle as found: its heading block and the blocks under it."""

    heading: Block
    blocks: tuple[Block, ...]
    section: str = ""
    """The heading of the innermost section it belongs to, "" when none."""
    level: int = 0
    """The heading level principles have (7 for paragraphs typed as headings)."""
    section_index: int = -1
    """Index of that section in :attr:`Layout.sections`; -1 when none."""


@dataclass(frozen=True)
class Layout:
    """Where the title, preamble and principles are."""

    title: Block | None
    preamble: tuple[Block, ...]
    parts: tuple[Part, ...]
    rule: str
    """Translated sentence saying how the principles were recognised."""
    issues: tuple[Issue, ...] = field(default=())
    sections: tuple[SectionHeading, ...] = ()
    """Every heading above the principles, in order (an empty one included)."""


PARAGRAPH_LEVEL = 7


def heading_text(block: Block) -> str:
    """The heading's words as they were (suggested changes rejected), without markup."""
    return plain_text(review.text_of(block, review.original))


def _words(blocks: Sequence[Block]) -> int:
    return sum(len(block.markdown.split()) for block in blocks)


def _coverage(blocks: Sequence[Block], level: int) -> float:
    """Share of the text lying under a heading of ``level`` (before any shallower heading)."""
    total = _words(blocks) or 1
    covered, inside = 0, False
    for block in blocks:
        if block.kind is BlockKind.HEADING and block.level <= level:
            inside = block.level == level
        elif inside:
            covered += len(block.markdown.split())
    return covered / total


def _principle_level(blocks: Sequence[Block]) -> tuple[int | None, str]:
    headings = [
        b for b in blocks if b.kind is BlockKind.HEADING and not _PREAMBLE.match(heading_text(b))
    ]
    levels = sorted({b.level for b in headings})
    by_level = {lv: [b for b in headings if b.level == lv] for lv in levels}
    markers = {lv: [read_marker(heading_text(b)).kind for b in by_level[lv]] for lv in levels}
    keyword = {lv: markers[lv].count("keyword") for lv in levels}
    best = max(levels, key=lambda lv: (keyword[lv], -lv), default=None)
    if best is not None and keyword[best] >= 2:
        return best, _("Principles are the headings reading “Article 3”, “Principe 3”…")
    for lv in levels:
        numbered = markers[lv].count("numbered")
        if numbered >= 2 and numbered * 2 >= len(markers[lv]) and _coverage(blocks, lv) >= 0.5:
            return lv, _("Principles are the numbered headings (“3.”, “3)”).")
    sections = {
        lv: sum(bool(_SECTION_WORD.match(heading_text(b))) for b in by_level[lv]) for lv in levels
    }
    for lv in levels:
        if len(by_level[lv]) >= 2 and sections[lv] * 2 < len(by_level[lv]):
            return lv, _("Principles are the headings of level {level}.").format(level=lv)
    if len(headings) == 1 or (levels and best is not None and keyword[best] == 1):
        lv = best if best is not None and keyword[best] == 1 else levels[0]
        return lv, _("The only heading is the only principle.")
    return None, ""


def _paragraph_headings(blocks: Sequence[Block]) -> list[int]:
    """Indexes of paragraphs typed as principle headings ("Article 3 – ..." or bold "3. ...")."""
    found: list[int] = []
    for index, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        text = heading_text(block)
        marker = read_marker(text)
        short = len(text) <= SHORT_PARAGRAPH
        if (marker.kind == "keyword" and (short or block.emphasised)) or (
            marker.kind == "numbered" and block.emphasised and short
        ):
            found.append(index)
    return (
        found
        if len(found) >= 2
        or any(read_marker(heading_text(blocks[i])).kind == "keyword" for i in found)
        else []
    )


def _find_title(blocks: Sequence[Block]) -> int | None:
    headings = [i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING]
    if not headings:
        return None
    first = headings[0]
    level = blocks[first].level
    if level == 0:
        return first
    same_or_above = [i for i in headings if blocks[i].level <= level]
    if same_or_above == [first] and len(headings) > 1:
        return first
    if len(headings) == 1 and not read_marker(heading_text(blocks[first])).kind:
        return first
    return None


def detect(blocks: Sequence[Block]) -> Layout:
    """The layout of a document; a document with no principles gives a layout with no parts."""
    title_index = _find_title(blocks)
    title = blocks[title_index] if title_index is not None else None
    rest = [b for i, b in enumerate(blocks) if i != title_index]
    if (
        title is None
        and rest
        and rest[0].kind is BlockKind.PARAGRAPH
        and rest[0].emphasised
        and not read_marker(heading_text(rest[0])).kind
    ):
        title, rest = rest[0], rest[1:]
    level, rule = _principle_level(rest)
    starts: list[int]
    if level is not None:
        starts = [
            i
            for i, b in enumerate(rest)
            if b.kind is BlockKind.HEADING
            and b.level == level
            and not _PREAMBLE.match(heading_text(b))
        ]
    else:
        starts = _paragraph_headings(rest)
        level = PARAGRAPH_LEVEL
        rule = (
            _("Principles are the paragraphs reading “Article 3…” or bold “3. …”.")
            if starts
            else _("No principle headings were found: all the text is in the preamble.")
        )
    return _split(title, rest, starts, level, rule)


def _section_rank(title: str) -> int | None:
    """The rank of the part word among the first words ("Deuxième partie"), None if none."""
    match = _RANK_WORD.search(" ".join(title.split()[:3]))
    if match is None:
        return None
    word = match.group(1).lower()
    return next(rank for rank, words in enumerate(SECTION_RANKS) if word in words)


def section_levels(headings: Sequence[tuple[str, int]]) -> list[int]:
    """Levels 1 to 3 of section headings given as (title, heading level): how many open parts
    each stands in, a part ranking by heading level, then by its word (a heading without one is
    a peer of the previous one at its heading level). A chapter is at level 2 in a title, at 3
    in a title's part."""
    levels: list[int] = []
    open_parts: list[tuple[int, int]] = []
    last_rank: dict[int, int] = {}
    for title, block_level in headings:
        rank = _section_rank(title)
        if rank is None:
            rank = last_rank.get(block_level, 0)
        last_rank[block_level] = rank
        key = (block_level, rank)
        while open_parts and open_parts[-1] >= key:
            open_parts.pop()
        levels.append(min(3, len(open_parts) + 1))
        open_parts.append(key)
    return levels


def _split(
    title: Block | None, blocks: Sequence[Block], starts: Sequence[int], level: int, rule: str
) -> Layout:
    issues: list[Issue] = []
    first = starts[0] if starts else len(blocks)
    preamble: list[Block] = []
    headings: list[tuple[str, int]] = []
    section = ""
    for block in blocks[:first]:
        if block.kind is BlockKind.HEADING and _PREAMBLE.match(heading_text(block)):
            continue
        if block.kind is BlockKind.HEADING and block.level < level:
            section = heading_text(block)
            headings.append((section, block.level))
            continue
        preamble.append(block)
    parts: list[Part] = []
    section_of_part = ""
    index_of_part = -1
    heading: Block | None = None
    body: list[Block] = []
    carried: list[Block] = []
    start_set = set(starts)

    def close() -> None:
        assert heading is not None
        parts.append(Part(heading, tuple(body), section_of_part, level, index_of_part))

    for index in range(first, len(blocks)):
        block = blocks[index]
        if index in start_set:
            if heading is not None:
                close()
            heading, body = block, carried
            section_of_part, index_of_part = section, len(headings) - 1
            carried = []
        elif block.kind is BlockKind.HEADING and block.level < level:
            if heading is not None:
                close()
                heading, body = None, []
            section = heading_text(block)
            headings.append((section, block.level))
        elif heading is None:
            carried.append(block)
            issues.append(
                Issue(
                    IssueKind.STRUCTURE,
                    _(
                        "Text under the section heading “{section}”, before its first principle, "
                        "is put at the start of the next principle."
                    ).format(section=section),
                    detail=block.markdown,
                )
            )
        else:
            body.append(block)
    if heading is not None:
        close()
    if carried and parts:
        last = parts[-1]
        parts[-1] = replace(last, blocks=(*last.blocks, *carried))
    levels = section_levels(headings)
    sections = tuple(
        SectionHeading(text, depth) for (text, _level), depth in zip(headings, levels, strict=True)
    )
    return Layout(title, tuple(preamble), tuple(parts), rule, tuple(issues), sections)
