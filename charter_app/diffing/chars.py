"""Diff of two strings whose characters stand for tokens: an exact pre-pass, then dmp on gaps.

The pre-pass is what git's patience diff does: strip the common prefix and suffix, then match
the tokens found exactly once on each side (in order) and repeat inside each gap between them.
What is left are short gaps, which diff-match-patch's bisection (quadratic, in Python) diffs;
its semantic clean-up then runs once over the whole passage, as if dmp had done it all.
"""

from __future__ import annotations

import time
from collections import Counter

from diff_match_patch import diff_match_patch

from charter_app.diffing.lines import longest_increasing

Runs = list[tuple[int, str]]
"""diff-match-patch's diff: (op, text) with op -1 (delete), 0 (equal) or 1 (insert)."""

# Gaps with fewer tokens than this (both sides together) go straight to dmp: anchoring them
# costs more than it saves.
_SMALL_GAP = 12
# Patience rarely nests more than a few levels; past this a gap is dmp's.
_MAX_DEPTH = 16
# Above this length, positions are found with one scan rather than one ``str.index`` per anchor.
_SCAN_LENGTH = 512


class _Engine(diff_match_patch):  # type: ignore[misc]  # dmp ships no type hints
    """diff-match-patch that remembers whether a bisection ran past its deadline."""

    def __init__(self) -> None:
        super().__init__()
        # Any positive timeout turns on dmp's half-match speed-up (a long common run splits
        # the problem; it is deterministic); the deadline passed to ``diff_main`` governs time.
        self.Diff_Timeout = 1.0
        self.timed_out = False
        self.letters_only = False
        """Set when every character of the passage is a letter (``str.isalnum``): the usual
        case, see ``alphabet``. dmp's boundary scores are then 0 inside the text and 6 at its
        edges, which lets ``diff_cleanupSemanticLossless`` skip scoring each position."""
        self._settled = False
        # True from a lossless pass on letters to the next change of the runs. Such a pass
        # leaves every edit at the far end of its slide (or beside the text's edge), so another
        # finds nothing to move: dmp's semantic clean-up runs one after ours, on runs it has
        # not changed unless it merged them (``diff_cleanupMerge`` then clears this).

    def diff_cleanupMerge(self, diffs: Runs) -> None:
        self._settled = False
        super().diff_cleanupMerge(diffs)

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> Runs:
        diffs: Runs = super().diff_bisect(text1, text2, deadline)
        # Past the deadline dmp answers "all deleted, all inserted": correct but coarse.
        if time.time() > deadline:
            self.timed_out = True
        return diffs

    def diff_cleanupSemanticLossless(self, diffs: Runs) -> None:
        """dmp's lossless clean-up, the same result with far fewer steps on letters only.

        dmp slides each edit between two equalities as far left as their common suffix
        allows, then steps right one character at a time while the edit's first character
        equals the next one, keeping the last best-scoring place. With letters only, a place
        scores 6 per emptied neighbouring equality and 0 otherwise, so only the two ends of the
        slide need scoring.
        """
        if not self.letters_only:
            super().diff_cleanupSemanticLossless(diffs)
            return
        if self._settled:
            return
        self._settled = True
        pointer = 1
        while pointer < len(diffs) - 1:
            if diffs[pointer - 1][0] == 0 and diffs[pointer + 1][0] == 0:
                equality1 = diffs[pointer - 1][1]
                edit = diffs[pointer][1]
                equality2 = diffs[pointer + 1][1]
                if not edit:  # dmp scores every place alike then: nothing moves
                    pointer += 1
                    continue
                common = self.diff_commonSuffix(equality1, edit)
                if common:
                    common_string = edit[-common:]
                    equality1 = equality1[:-common]
                    edit = common_string + edit[:-common]
                    equality2 = common_string + equality2
                # Places 0..steps; place t reads equality1 + run[:t] | run[t:t+n] | run[t+n:].
                run = edit + equality2
                steps = self.diff_commonPrefix(run, equality2)
                best, best_score = 0, (6 if not equality1 else 0) + (6 if not equality2 else 0)
                if steps > 1 and best_score == 0:
                    best = steps - 1
                if steps and (6 if steps == len(equality2) else 0) >= best_score:
                    best = steps
                best_equality1 = equality1 + run[:best]
                if diffs[pointer - 1][1] != best_equality1:
                    best_equality2 = run[best + len(edit) :]
                    if best_equality1:
                        diffs[pointer - 1] = (0, best_equality1)
                    else:
                        del diffs[pointer - 1]
                        pointer -= 1
                    diffs[pointer] = (diffs[pointer][0], run[best : best + len(edit)])
                    if best_equality2:
                        diffs[pointer + 1] = (0, best_equality2)
                    else:
                        del diffs[pointer + 1]
                        pointer -= 1
            pointer += 1


class _Builder:
    """Collects runs in order, joining neighbouring equal runs as it goes."""

    def __init__(self) -> None:
        self.runs: Runs = []
        self._equal: list[str] = []

    def equal(self, text: str) -> None:
        self._equal.append(text)

    def change(self, op: int, text: str) -> None:
        if self._equal:
            self.runs.append((0, "".join(self._equal)))
            self._equal.clear()
        self.runs.append((op, text))

    def extend(self, runs: Runs) -> None:
        for op, text in runs:
            if op == 0:
                self.equal(text)
            else:
                self.change(op, text)

    def finish(self) -> Runs:
        if self._equal:
            self.runs.append((0, "".join(self._equal)))
            self._equal.clear()
        return self.runs


def diff_chars(old: str, new: str, deadline: float | None = None) -> Runs | None:
    """Diff of two token strings with semantic clean-up, or None if ``deadline`` (a
    ``time.monotonic()`` value; None for no limit) passed while dmp was still bisecting."""
    engine = _Engine()
    engine.letters_only = old.isalnum() and new.isalnum()
    # dmp keeps time with time.time(); the budget is kept on the monotonic clock.
    wall_deadline = float("inf") if deadline is None else time.time() + deadline - time.monotonic()
    builder = _Builder()
    _diff_gap(old, new, builder, engine, wall_deadline, 0)
    runs = builder.finish()
    if engine.timed_out:
        return None
    engine.diff_cleanupMerge(runs)
    # The pre-pass trims greedily, which leaves spaces on the left of an edit where dmp's
    # bisection would often have left them on the right; sliding single edits to their usual
    # place first lets the semantic clean-up weigh the same equalities it would have seen.
    engine.diff_cleanupSemanticLossless(runs)
    engine.diff_cleanupSemantic(runs)
    return runs


def _diff_gap(
    old: str, new: str, out: _Builder, engine: _Engine, wall_deadline: float, depth: int
) -> None:
    if old == new:
        if old:
            out.equal(old)
        return
    prefix = engine.diff_commonPrefix(old, new) if old[:1] == new[:1] else 0
    if prefix:
        out.equal(old[:prefix])
        old, new = old[prefix:], new[prefix:]
    suffix = engine.diff_commonSuffix(old, new) if old[-1:] == new[-1:] else 0
    tail = ""
    if suffix:
        tail = old[-suffix:]
        old, new = old[:-suffix], new[:-suffix]
    if not old:
        out.change(1, new)
    elif not new:
        out.change(-1, old)
    elif len(old) == 1 and len(new) == 1:
        out.change(-1, old)
        out.change(1, new)
    else:
        anchors = (
            unique_anchors(old, new)
            if depth < _MAX_DEPTH and len(old) + len(new) >= _SMALL_GAP
            else []
        )
        if anchors:
            _diff_between(old, new, anchors, out, engine, wall_deadline, depth + 1)
        else:
            out.extend(engine.diff_main(old, new, False, wall_deadline))
    if tail:
        out.equal(tail)


def _diff_between(
    old: str,
    new: str,
    anchors: list[tuple[int, int]],
    out: _Builder,
    engine: _Engine,
    wall_deadline: float,
    depth: int,
) -> None:
    """Diff the gaps between matched ``anchors``; unchanged stretches go out in one piece."""
    equal_from = start_old = start_new = 0
    for i, j in [*anchors, (len(old), len(new))]:
        old_gap, new_gap = old[start_old:i], new[start_new:j]
        if old_gap != new_gap:
            if start_old > equal_from:
                out.equal(old[equal_from:start_old])
            _diff_gap(old_gap, new_gap, out, engine, wall_deadline, depth)
            equal_from = i
        start_old, start_new = i + 1, j + 1
    if len(old) > equal_from:
        out.equal(old[equal_from:])


def unique_anchors(old: str, new: str) -> list[tuple[int, int]]:
    """Positions of the characters found exactly once in each string, longest run in order."""
    if len(old) + len(new) <= _SCAN_LENGTH:
        # Short strings: counting in C per distinct character beats building two Counters.
        count_new = new.count
        pairs = sorted(
            [
                (old.index(c), new.index(c))
                for c in set(old)
                if old.count(c) == 1 and count_new(c) == 1
            ]
        )
    else:
        old_counts, new_counts = Counter(old), Counter(new)
        unique = [c for c, n in old_counts.items() if n == 1 and new_counts.get(c) == 1]
        # Each unique character's only position, from one scan of each string.
        old_at = {c: i for i, c in enumerate(old) if c in new_counts}
        new_at = {c: j for j, c in enumerate(new) if c in old_counts}
        pairs = sorted([(old_at[c], new_at[c]) for c in unique])
    return longest_increasing(pairs)
