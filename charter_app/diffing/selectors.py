"""Passages as comments remember them (quote selectors), where a passage stands now
(anchors), and two versions of a text with the diff between them, prepared once for mapping
many passages (:class:`TextChange`). The re-anchoring steps are in
:mod:`charter_app.diffing.anchoring`."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from charter_app.diffing.ops import DiffOp, reconstruct_new, reconstruct_old

AnchorState = Literal["anchored", "moved", "changed", "orphaned"]
AnchorMethod = Literal["diff", "quote", "typography", "fuzzy", "none"]

CONTEXT_CHARS = 32
"""Characters of context kept on each side of a quote."""
DIFF_BUDGET_S = 2.0
_WORD = re.compile(r"\w+")

# One character for one character, so positions in the folded text are positions in the text.
_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00ab": '"',
        "\u00bb": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\n": " ",
    }
)


@dataclass(frozen=True)
class Selector:
    """Where a passage comment points, as recorded when it was written."""

    quote: str
    """The exact characters selected."""
    prefix: str
    """Up to :data:`CONTEXT_CHARS` characters just before the quote."""
    suffix: str
    """Up to :data:`CONTEXT_CHARS` characters just after the quote."""
    start: int
    """Offset of the quote's first character in the text it was taken from."""
    end: int
    """Offset just past the quote's last character."""


@dataclass(frozen=True)
class Anchor:
    """Where a passage comment stands in a (possibly newer) text."""

    state: AnchorState
    """anchored (same words, kept by the diff), moved (same words, elsewhere), changed (the
    passage was edited; ``quote_now`` reads differently) or orphaned (not found)."""
    start: int | None
    """Offset in the new text; None when orphaned."""
    end: int | None
    """Offset just past the passage in the new text; None when orphaned."""
    quote_now: str
    """The passage as the new text reads it; "" when orphaned."""
    method: AnchorMethod = "none"
    """Which step found it: diff, quote, fuzzy, or none (orphaned)."""

    @property
    def found(self) -> bool:
        return self.state != "orphaned"


ORPHANED = Anchor("orphaned", None, None, "", "none")


@dataclass(frozen=True)
class QuoteSearch:
    """Result of looking for a quote typed by a person in the current text."""

    selector: Selector | None
    """The passage, when exactly one place fits."""
    occurrences: int
    """How many times the quote appears (typography folded: ’ = ', « » = ", nbsp = space)."""
    matching: int
    """How many of those fit the context given (all of them when no context was given)."""


# -- creating a selector -------------------------------------------------------------------------


def make_selector(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Selector:
    """The selector of ``text[start:end]``; raises ValueError for an empty or outside range."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"bad passage range {start}:{end} for a text of {len(text)} characters")
    return Selector(
        text[start:end],
        text[max(0, start - context) : start],
        text[end : end + context],
        start,
        end,
    )


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def fold_variants(text: str) -> str:
    """``text`` with typographic variants (’ and ', « » and ", no-break and plain spaces,
    dashes) and letter case folded, one character for one character: an offset in the folded
    text is the same offset in the text."""
    folded = text.translate(_FOLD)
    lower = folded.lower()
    if len(lower) == len(folded):
        return lower
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` (overlapping ones included)."""
    starts: list[int] = []
    if not quote:
        return starts
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def locate_quote(text: str, quote: str, before: str = "", after: str = "") -> QuoteSearch:
    """Find the passage a person means by ``quote`` (and optional context ``before``/``after``).

    Exact matches win; when there are none, typographic variants are accepted (’ for ',
    « » for ", a non-breaking space for a space) and the text's own spelling is kept.
    """
    if not quote.strip():
        return QuoteSearch(None, 0, 0)
    starts = occurrences(text, quote)
    haystack, needle, before_key, after_key = text, quote, before, after
    if not starts:
        haystack, needle = _fold(text), _fold(quote)
        before_key, after_key = _fold(before), _fold(after)
        starts = occurrences(haystack, needle)
    fitting = [
        start
        for start in starts
        if haystack[:start].endswith(before_key)
        and haystack[start + len(needle) :].startswith(after_key)
    ]
    selector = (
        make_selector(text, fitting[0], fitting[0] + len(needle)) if len(fitting) == 1 else None
    )
    return QuoteSearch(selector, len(starts), len(fitting))


# -- the diff, prepared for mapping many passages -------------------------------------------------


@dataclass(frozen=True)
class _Run:
    kind: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class TextChange:
    """Two versions of one text and the word diff between them, computed once and shared by
    every passage re-anchored from ``old`` to ``new``. ``old`` None: the old version is unknown
    (re-anchoring then starts at the quote search)."""

    def __init__(self, old: str | None, new: str, ops: Sequence[DiffOp] | None = None) -> None:
        self.old = old
        self.new = new
        self._ops = ops

    @cached_property
    def runs(self) -> tuple[_Run, ...]:
        """The diff as runs with both offsets; empty when there is no usable diff."""
        if self.old is None:
            return ()
        if self.old == self.new:
            return (_Run("equal", 0, len(self.old), 0, len(self.new)),) if self.new else ()
        # The diff engine is imported when a text changed: reading and folding comments (which
        # name their passages with selectors) does not load it.
        from charter_app.diffing.paragraphs import diff_words

        ops = (
            self._ops
            if self._ops is not None
            else diff_words(self.old, self.new, budget_s=DIFF_BUDGET_S).ops
        )
        if reconstruct_old(ops) != self.old or reconstruct_new(ops) != self.new:
            return ()  # not a diff of these texts: trust only the quote search
        runs: list[_Run] = []
        old_at = new_at = 0
        for op in ops:
            old_len, new_len = len(op.old), len(op.new)
            runs.append(_Run(op.kind, old_at, old_at + old_len, new_at, new_at + new_len))
            old_at += old_len
            new_at += new_len
        return tuple(runs)

    @cached_property
    def folded(self) -> TextChange:
        """Both versions with typographic variants and case folded (:func:`fold_variants`),
        and their own diff; this change itself when folding changes nothing."""
        old = fold_variants(self.old) if self.old is not None else None
        new = fold_variants(self.new)
        if old == self.old and new == self.new:
            return self
        return TextChange(old, new)

    @cached_property
    def _old_index(self) -> tuple[list[int], list[_Run]]:
        runs = [run for run in self.runs if run.old_end > run.old_start]
        return [run.old_start for run in runs], runs

    @cached_property
    def _new_equal_index(self) -> tuple[list[int], list[_Run]]:
        runs = [run for run in self.runs if run.kind == "equal"]
        return [run.new_start for run in runs], runs

    def run_at_old(self, offset: int) -> _Run | None:
        """The run holding the old text's character at ``offset``."""
        starts, runs = self._old_index
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0 or offset >= runs[index].old_end:
            return None
        return runs[index]

    def foreign_share(self, start: int, end: int, old_start: int, old_end: int) -> float:
        """Share of ``new[start:end]`` that the diff maps from old text outside
        ``old[old_start:old_end]``: text that was already there, somewhere else."""
        if not self.runs or end <= start:
            return 0.0
        starts, runs = self._new_equal_index
        index = max(0, bisect.bisect_right(starts, start) - 1)
        foreign = 0
        while index < len(runs) and runs[index].new_start < end:
            run = runs[index]
            low, high = max(start, run.new_start), min(end, run.new_end)
            if high > low:
                shift = run.old_start - run.new_start
                ours = max(0, min(high + shift, old_end) - max(low + shift, old_start))
                foreign += (high - low) - ours
            index += 1
        return foreign / (end - start)

    def region_of(self, old_start: int, old_end: int) -> tuple[int, int] | None:
        """The new text standing where ``old[old_start:old_end]`` stood: boundaries mapped
        through unchanged text, or widened to the edges of the change that swallowed them."""
        if not self.runs:
            return None
        first = self.run_at_old(old_start)
        last = self.run_at_old(old_end - 1)
        if first is None or last is None:
            return None
        low = (
            first.new_start + (old_start - first.old_start)
            if first.kind == "equal"
            else self._change_edges(first)[0]
        )
        high = (
            last.new_start + (old_end - 1 - last.old_start) + 1
            if last.kind == "equal"
            else self._change_edges(last)[1]
        )
        return (low, high) if high > low else None

    def _change_edges(self, run: _Run) -> tuple[int, int]:
        """New-text span of the whole change (consecutive non-equal runs) holding ``run``."""
        index = self.runs.index(run)
        low = high = index
        while low > 0 and self.runs[low - 1].kind != "equal":
            low -= 1
        while high + 1 < len(self.runs) and self.runs[high + 1].kind != "equal":
            high += 1
        return self.runs[low].new_start, self.runs[high].new_end

    @cached_property
    def word_index(self) -> tuple[list[tuple[int, int]], dict[str, list[int]]]:
        """Word spans of the new text, and where each (case-folded) word occurs."""
        spans: list[tuple[int, int]] = []
        where: dict[str, list[int]] = defaultdict(list)
        for number, match in enumerate(_WORD.finditer(self.new)):
            spans.append(match.span())
            where[match.group().casefold()].append(number)
        return spans, dict(where)
