"""Re-anchoring passage comments after a text changed: pure functions on strings.

A passage is remembered by a quote selector: the exact words, about 32 characters of context on
each side, and the character positions (the caller also keeps the commit the text came from).
After the text changed, :func:`reanchor` looks for the passage in this order and stops at the
first answer:

(a) **diff** — map the positions through the word diff of the two versions
    (``charter_app.diffing.diff_words``). Quote inside unchanged text: *anchored*. First and last
    characters unchanged but words inside edited: *changed*.
(b) **quote** — search the exact quote. Several copies: the context chooses; a tie is refused.
    Found somewhere the diff did not map it: *moved*.
(c) **fuzzy** — a bounded approximate search: refused for short quotes (< 12 characters),
    needs high similarity, agreeing context and a clear winner. Found: *changed*.
(d) otherwise the comment is *orphaned*; the caller lists it with the passage as it was.

One rule guards (b) and (c): text that already existed elsewhere in the old version (the diff
maps it from outside the quoted range) is never a candidate, so a comment is not moved onto a
sentence that merely resembles the one it was about. Deterministic: the same inputs always give
the same anchor, on every laptop.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from typing import Literal

from charter_app.diffing.ops import DiffOp, reconstruct_new, reconstruct_old
from charter_app.diffing.paragraphs import diff_words

AnchorState = Literal["anchored", "moved", "changed", "orphaned"]
AnchorMethod = Literal["diff", "quote", "fuzzy", "none"]

CONTEXT_CHARS = 32
"""Characters of context kept on each side of a quote."""
MIN_FUZZY_CHARS = 12
"""Shorter quotes are never matched approximately: too many places look alike."""
FUZZY_MIN_SIMILARITY = 0.8
"""Character similarity (difflib ratio) a fuzzy match needs with the quote."""
CONTEXT_MIN_SIMILARITY = 0.6
"""Similarity a fuzzy match needs between the recorded context and its surroundings, on each
side (a passage edited in place keeps its neighbours; one that resembles it elsewhere does not)."""
CHANGED_MIN_SIMILARITY = 0.5
"""Below this share of surviving characters, an edited passage is not "the same" passage."""
FUZZY_MARGIN = 0.05
"""A fuzzy winner must beat the runner-up by this much, else the match is ambiguous."""
MIN_UNIQUE_CHARS = 32
"""An exact quote found away from its place needs this length (a clause), or agreeing context."""
MIN_CONTEXT_AGREEMENT = 8
"""Characters of matching context that count as agreement (fewer when the text ends there)."""
FUZZY_MAX_CANDIDATES = 8
FUZZY_COMMON_WORD = 64
"""A word found more often than this in the text does not vote for fuzzy candidates."""
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


def _occurrences(text: str, quote: str) -> list[int]:
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
    starts = _occurrences(text, quote)
    haystack, needle, before_key, after_key = text, quote, before, after
    if not starts:
        haystack, needle = _fold(text), _fold(quote)
        before_key, after_key = _fold(before), _fold(after)
        starts = _occurrences(haystack, needle)
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


# -- re-anchoring --------------------------------------------------------------------------------


def reanchor(selector: Selector, change: TextChange) -> Anchor:
    """Where ``selector`` (taken from ``change.old``) stands in ``change.new``; see the module."""
    old, new = change.old, change.new
    known_old = old is not None and old[selector.start : selector.end] == selector.quote
    if known_old:
        anchor = _by_diff(selector, change)
        if anchor is not None:
            return anchor
    elif change.runs:
        # The recorded positions do not fit the old text: trust no diff-based reasoning.
        change = TextChange(None, new)
    anchor = _by_quote(selector, change, known_old)
    if anchor is not None:
        return anchor
    return _by_fuzzy(selector, change, known_old) or ORPHANED


def reanchor_all(selectors: Iterable[Selector], old: str | None, new: str) -> list[Anchor]:
    """:func:`reanchor` for many passages of the same text, sharing one diff."""
    change = TextChange(old, new)
    return [reanchor(selector, change) for selector in selectors]


def _by_diff(selector: Selector, change: TextChange) -> Anchor | None:
    start, end = selector.start, selector.end
    first = change.run_at_old(start)
    last = change.run_at_old(end - 1)
    if first is None or last is None or first.kind != "equal" or last.kind != "equal":
        return None
    new_start = first.new_start + (start - first.old_start)
    new_end = last.new_start + (end - 1 - last.old_start) + 1
    if new_end <= new_start:
        return None
    quote_now = change.new[new_start:new_end]
    if first is last:
        return Anchor("anchored", new_start, new_end, quote_now, "diff")
    kept = 0
    for run in change.runs[change.runs.index(first) : change.runs.index(last) + 1]:
        if run.kind == "equal":
            kept += min(end, run.old_end) - max(start, run.old_start)
    if 2 * kept / (len(selector.quote) + len(quote_now)) < CHANGED_MIN_SIMILARITY:
        return None
    return Anchor("changed", new_start, new_end, quote_now, "diff")


def _context_agreement(text: str, start: int, end: int, selector: Selector) -> tuple[int, bool]:
    """Characters of context that match on both sides, and whether that counts as agreement:
    at least :data:`MIN_CONTEXT_AGREEMENT` on one side, or all of a short recorded context that
    ended at the edge of the text, now also at the edge."""
    before = _common_suffix(text[max(0, start - len(selector.prefix)) : start], selector.prefix)
    after = _common_prefix(text[end : end + len(selector.suffix)], selector.suffix)
    agrees = any(
        matched >= MIN_CONTEXT_AGREEMENT or (matched == len(recorded) and matched == available)
        for matched, recorded, available in (
            (before, selector.prefix, start),
            (after, selector.suffix, len(text) - end),
        )
    )
    return before + after, agrees


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _by_quote(selector: Selector, change: TextChange, known_old: bool) -> Anchor | None:
    new, quote = change.new, selector.quote
    length = len(quote)
    candidates = [
        start
        for start in _occurrences(new, quote)
        if change.foreign_share(start, start + length, selector.start, selector.end) <= 0.5
    ]
    if not candidates:
        return None
    region = change.region_of(selector.start, selector.end) if known_old else None
    if region is not None:
        local = [s for s in candidates if s < region[1] and s + length > region[0]]
        if local:
            # Still standing where the passage stood: only several short copies need context.
            need = len(local) > 1 and length < MIN_FUZZY_CHARS
            chosen = _choose_by_context(new, local, selector, need_agreement=need)
            return _found(selector, chosen, new, "quote") if chosen is not None else None
    long_enough = length >= MIN_UNIQUE_CHARS
    chosen = _choose_by_context(new, candidates, selector, need_agreement=not long_enough)
    return _found(selector, chosen, new, "quote") if chosen is not None else None


def _choose_by_context(
    text: str, candidates: list[int], selector: Selector, need_agreement: bool
) -> int | None:
    """The candidate whose surroundings best match the recorded context; None on a tie."""
    length = len(selector.quote)
    scored = []
    for start in candidates:
        score, agrees = _context_agreement(text, start, start + length, selector)
        if agrees or not need_agreement:
            scored.append((score, start))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1]


def _found(selector: Selector, start: int, new: str, method: AnchorMethod) -> Anchor:
    end = start + len(selector.quote)
    same_place = start == selector.start
    return Anchor("anchored" if same_place else "moved", start, end, new[start:end], method)


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _by_fuzzy(selector: Selector, change: TextChange, known_old: bool) -> Anchor | None:
    quote = selector.quote
    if len(quote.strip()) < MIN_FUZZY_CHARS:
        return None
    quote_words = [m.group().casefold() for m in _WORD.finditer(quote)]
    if len(quote_words) < 2:
        return None
    spans, where = change.word_index
    votes: dict[int, set[int]] = defaultdict(set)
    for k, word in enumerate(quote_words):
        positions = where.get(word, ())
        if len(positions) > FUZZY_COMMON_WORD:
            continue
        for position in positions:
            votes[position - k].add(k)
    needed = max(2, (len(quote_words) + 1) // 2)
    starts = sorted(
        (start for start, hits in votes.items() if len(hits) >= needed),
        key=lambda start: (-len(votes[start]), start),
    )
    seen: list[int] = []
    scored: list[tuple[float, int, int]] = []
    for start in starts:
        if any(abs(start - other) <= 2 for other in seen):
            continue
        seen.append(start)
        if len(seen) > FUZZY_MAX_CANDIDATES:
            break
        span = _best_span(quote, quote_words, start, spans, change.new)
        if span is None:
            continue
        low, high = span
        if change.foreign_share(low, high, selector.start, selector.end) > 0.5:
            continue
        similarity = _ratio(quote.strip(), change.new[low:high].strip())
        if similarity < FUZZY_MIN_SIMILARITY:
            continue
        # A full window: a short recorded context means the text started (or ended) there,
        # so the candidate must stand at the edge of the text too.
        before = change.new[max(0, low - CONTEXT_CHARS) : low]
        after = change.new[high : high + CONTEXT_CHARS]
        context = min(
            _side_similarity(selector.prefix, before), _side_similarity(selector.suffix, after)
        )
        if context < CONTEXT_MIN_SIMILARITY:
            continue
        scored.append((0.7 * similarity + 0.3 * context, low, high))
    if not scored:
        return None
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[0]
    for other in scored[1:]:
        overlaps = other[1] < best[2] and other[2] > best[1]
        if not overlaps and best[0] - other[0] < FUZZY_MARGIN:
            return None
    _score, low, high = best
    return Anchor("changed", low, high, change.new[low:high], "fuzzy")


def _side_similarity(recorded: str, now: str) -> float:
    if not recorded and not now:
        return 1.0
    return _ratio(recorded, now)


def _best_span(
    quote: str,
    quote_words: list[str],
    start: int,
    spans: list[tuple[int, int]],
    new: str,
) -> tuple[int, int] | None:
    """Character span in ``new`` of the words best aligned with the quote's, around word
    ``start``, widened by the quote's leading and trailing punctuation when the text has it."""
    slack = max(2, len(quote_words) // 4)
    low_word = max(0, start - slack)
    high_word = min(len(spans), start + len(quote_words) + slack)
    if high_word <= low_word:
        return None
    window = [new[a:b].casefold() for a, b in spans[low_word:high_word]]
    blocks = [
        b
        for b in SequenceMatcher(None, quote_words, window, autojunk=False).get_matching_blocks()
        if b.size
    ]
    if not blocks:
        return None
    first_word = low_word + blocks[0].b
    last_word = low_word + blocks[-1].b + blocks[-1].size - 1
    # Stretch to the quote's edges when its first/last words were edited away.
    first_word = max(0, first_word - blocks[0].a)
    last_word = min(len(spans) - 1, last_word + (len(quote_words) - blocks[-1].a - blocks[-1].size))
    low, high = spans[first_word][0], spans[last_word][1]
    head = _WORD.search(quote)
    assert head is not None
    leading = quote[: head.start()]
    if leading and new[max(0, low - len(leading)) : low] == leading:
        low -= len(leading)
    trailing = quote[_last_word_end(quote) :]
    if trailing and new[high : high + len(trailing)] == trailing:
        high += len(trailing)
    return low, high


def _last_word_end(text: str) -> int:
    end = 0
    for match in _WORD.finditer(text):
        end = match.end()
    return end
