"""Line-level matching (patience diff): which paragraphs stayed, which blocks were replaced."""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# Gaps without a unique anchor line are matched by difflib up to this size (a quadratic worst
# case); larger ones are handed whole to the paragraph pairing, which is linear.
_SMALL_GAP = 400
# Anchors nest rarely more than a few levels; past this, a gap is left to difflib or pairing.
_MAX_DEPTH = 64


@dataclass(frozen=True)
class LineBlock:
    """A stretch of old lines [old_start, old_end) matched to new lines [new_start, new_end)."""

    kind: Literal["equal", "replace"]
    """"equal": same lines on both sides; "replace": anything else (either side may be empty)."""
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def match_lines(old: Sequence[str], new: Sequence[str]) -> tuple[LineBlock, ...]:
    """Blocks covering both sequences in order, equal and replace alternating."""
    pairs: list[tuple[int, int]] = []
    _match(old, new, 0, len(old), 0, len(new), pairs)
    blocks: list[LineBlock] = []
    i = j = 0
    for a, b in [*pairs, (len(old), len(new))]:
        if a > i or b > j:
            blocks.append(LineBlock("replace", i, a, j, b))
        if a < len(old):
            if blocks and blocks[-1].kind == "equal":
                last = blocks.pop()
                blocks.append(LineBlock("equal", last.old_start, a + 1, last.new_start, b + 1))
            else:
                blocks.append(LineBlock("equal", a, a + 1, b, b + 1))
        i, j = a + 1, b + 1
    return tuple(blocks)


def _match(
    old: Sequence[str],
    new: Sequence[str],
    lo1: int,
    hi1: int,
    lo2: int,
    hi2: int,
    pairs: list[tuple[int, int]],
    depth: int = 0,
) -> None:
    """Append matched (old index, new index) pairs for old[lo1:hi1] and new[lo2:hi2], in order."""
    while lo1 < hi1 and lo2 < hi2 and old[lo1] == new[lo2]:
        pairs.append((lo1, lo2))
        lo1, lo2 = lo1 + 1, lo2 + 1
    tail: list[tuple[int, int]] = []
    while lo1 < hi1 and lo2 < hi2 and old[hi1 - 1] == new[hi2 - 1]:
        hi1, hi2 = hi1 - 1, hi2 - 1
        tail.append((hi1, hi2))
    if lo1 < hi1 and lo2 < hi2:
        anchors = unique_anchors(old, new, lo1, hi1, lo2, hi2) if depth < _MAX_DEPTH else []
        if anchors:
            prev1, prev2 = lo1, lo2
            for a, b in anchors:
                _match(old, new, prev1, a, prev2, b, pairs, depth + 1)
                pairs.append((a, b))
                prev1, prev2 = a + 1, b + 1
            _match(old, new, prev1, hi1, prev2, hi2, pairs, depth + 1)
        elif (hi1 - lo1) + (hi2 - lo2) <= _SMALL_GAP:
            matcher = difflib.SequenceMatcher(None, old[lo1:hi1], new[lo2:hi2], autojunk=False)
            for a, b, size in matcher.get_matching_blocks():
                pairs.extend((lo1 + a + k, lo2 + b + k) for k in range(size))
    pairs.extend(reversed(tail))


def unique_anchors(
    old: Sequence[str], new: Sequence[str], lo1: int, hi1: int, lo2: int, hi2: int
) -> list[tuple[int, int]]:
    """Items occurring exactly once on each side, longest increasing run of their positions."""
    old_counts = Counter(old[lo1:hi1])
    new_counts = Counter(new[lo2:hi2])
    unique = {item for item, n in old_counts.items() if n == 1 and new_counts.get(item) == 1}
    if not unique:
        return []
    old_position = {old[i]: i for i in range(lo1, hi1) if old[i] in unique}
    candidates = sorted((old_position[new[j]], j) for j in range(lo2, hi2) if new[j] in unique)
    return longest_increasing(candidates)


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest subsequence of ``pairs`` (sorted by first) whose second items increase."""
    seconds = [second for _, second in pairs]
    if seconds == sorted(seconds):
        return list(pairs)  # the usual case: nothing moved
    tails: list[int] = []  # tails[k]: smallest second item ending an increasing run of k+1
    tail_index: list[int] = []
    previous: list[int] = []
    for index, (_, second) in enumerate(pairs):
        k = bisect_left(tails, second)
        if k == len(tails):
            tails.append(second)
            tail_index.append(index)
        else:
            tails[k] = second
            tail_index[k] = index
        previous.append(tail_index[k - 1] if k else -1)
    run: list[tuple[int, int]] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]
