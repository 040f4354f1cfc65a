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
(b') **typography** — (a) then (b) again with typographic variants and letter case folded
    (’ and ', « » and ", no-break spaces and spaces, dashes, "Internet" and "internet"): the
    same passage respelt. Found: *changed* (the words now read differently), never lost.
(c) **fuzzy** — a bounded approximate search: refused for short quotes (< 12 characters),
    needs high similarity, agreeing context and a clear winner. Found: *changed*.
(d) otherwise the comment is *orphaned*; the caller lists it with the passage as it was.

One rule guards (b) and (c): text that already existed elsewhere in the old version (the diff
maps it from outside the quoted range) is never a candidate, so a comment is not moved onto a
sentence that merely resembles the one it was about. Deterministic: the same inputs always give
the same anchor, on every laptop.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

from charter_app.diffing.selectors import (
    CONTEXT_CHARS,
    DIFF_BUDGET_S,
    ORPHANED,
    Anchor,
    AnchorMethod,
    AnchorState,
    QuoteSearch,
    Selector,
    TextChange,
    fold_variants,
    locate_quote,
    make_selector,
    occurrences,
)

__all__ = [
    "CONTEXT_CHARS",
    "DIFF_BUDGET_S",
    "ORPHANED",
    "Anchor",
    "AnchorMethod",
    "AnchorState",
    "QuoteSearch",
    "Selector",
    "TextChange",
    "locate_quote",
    "make_selector",
    "reanchor",
    "reanchor_all",
]

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

_WORD = re.compile(r"\w+")


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
    anchor = _by_quote(selector, change, known_old) or _by_variants(selector, change, known_old)
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


def _by_variants(selector: Selector, change: TextChange, known_old: bool) -> Anchor | None:
    """Steps (a) and (b) on the texts with typographic variants and case folded; offsets are
    the same in both (one character for one character). Only a respelling counts: the passage
    found must read as the quote once folded."""
    folded = change.folded
    quote = fold_variants(selector.quote)
    if folded is change and quote == selector.quote:
        return None  # nothing to fold: (a) and (b) already said all
    respelt = Selector(
        quote,
        fold_variants(selector.prefix),
        fold_variants(selector.suffix),
        selector.start,
        selector.end,
    )
    found = (_by_diff(respelt, folded) if known_old else None) or _by_quote(
        respelt, folded, known_old
    )
    if found is None or found.start is None or found.end is None:
        return None
    now = change.new[found.start : found.end]
    if fold_variants(now) != quote:
        return None  # words were edited, not respelt: that is for (c) to judge
    state: AnchorState = "changed" if now != selector.quote else found.state
    return Anchor(state, found.start, found.end, now, "typography")


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
        for start in occurrences(new, quote)
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
