"""Names that an anonymous export would still publish: a participant's registered name written
in a free text (a rationale, a comment, a principle's own words).

``--names none`` (or ``roles``) hides who wrote what, but cannot rewrite what people typed. Before
such an export the app and the command line list the passages that name a registered
participant, so the person exporting can edit them or export anyway knowingly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from charter_app.core.mentions import erased_in
from charter_app.core.model import Participant
from charter_app.core.participants import removed_label
from charter_app.export.blocks import (
    Block,
    DiffText,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    plain,
)
from charter_app.export.document import Document

MIN_NAME = 3
"""Shorter names ("Al") match too many ordinary words to be worth a warning."""
CONTEXT = 40
"""Characters shown on each side of a name found."""


@dataclass(frozen=True)
class NameFound:
    """A registered name in a text the export publishes."""

    name: str
    """The name as registered."""
    where: str
    """The heading the text stands under (a principle, "Provenance of the text"...)."""
    excerpt: str
    """The words around it, as the export writes them."""


_FOLDED: dict[str, str] = {"\u00a0": " ", "\u202f": " ", "’": "'"}
"""Each character met so far, folded (typographic spaces and apostrophes as typed ones)."""


def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0].casefold()
    folded = base if len(base) == 1 else char
    _FOLDED[char] = folded
    return folded


def _fold(text: str) -> str:
    """Case, accents and typographic spaces folded, one character for one character."""
    if text.isascii():
        return text.lower()
    known = _FOLDED
    return "".join([known[char] if char in known else _fold_char(char) for char in text])


def _texts(blocks: Sequence[Block], where: str) -> Iterable[tuple[str, str]]:
    """(heading, text) for every run of words in ``blocks``."""
    for block in blocks:
        if isinstance(block, Heading):
            where = plain(block.spans)
            yield where, where
        elif isinstance(block, Paragraph):
            yield where, plain(block.spans)
        elif isinstance(block, DiffText):
            yield where, "".join(op.text for op in block.ops)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _texts(item, where)
        elif isinstance(block, Quote):
            yield from _texts(block.blocks, where)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    yield from _texts(cell, where)


def names_in(document: Document, participants: Sequence[Participant]) -> list[NameFound]:
    """Each place where the export's words name a registered participant (whole words, case
    and accents ignored), or an erased one (by the name's fingerprint, reported as "Removed
    participant"), in reading order; at most one finding per name and heading."""
    patterns = [
        (p.name, re.escape(_fold(p.name))) for p in participants if len(p.name.strip()) >= MIN_NAME
    ]
    # An erased participant's name is no longer known: its fingerprint finds it typed again.
    erased = [p for p in participants if p.is_erased and p.fingerprint]
    if not patterns and not erased:
        return []
    compiled = [(name, re.compile(rf"(?<!\w){pattern}(?!\w)")) for name, pattern in patterns]
    # One pass over each text finds whether any name is there at all (most texts name nobody);
    # only then is each name looked for on its own, so a name inside a longer one still counts.
    anyone = (
        re.compile(r"(?<!\w)(?:" + "|".join(pattern for _, pattern in patterns) + r")(?!\w)")
        if patterns
        else None
    )
    found: list[NameFound] = []
    seen: set[tuple[str, str]] = set()
    for where, words in _texts(document.blocks, ""):
        matches: list[tuple[str, int, int]] = []
        if anyone is not None:
            folded = _fold(words)
            if anyone.search(folded) is not None:
                spans = [(name, pattern.search(folded)) for name, pattern in compiled]
                matches = [(name, m.start(), m.end()) for name, m in spans if m is not None]
        if erased:
            matches += [(removed_label(gone), a, b) for gone, a, b in erased_in(words, erased)]
        for name, first, last in matches:
            if (name, where) in seen:
                continue
            seen.add((name, where))
            start, end = max(0, first - CONTEXT), last + CONTEXT
            excerpt = ("…" if start else "") + words[start:end] + ("…" if end < len(words) else "")
            found.append(NameFound(name, where, " ".join(excerpt.split())))
    return found
