"""Three-way merge of paragraphs, then of words inside a paragraph both sides changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.diffing.lines import match_lines
from charter_app.diffing.pairing import pair_paragraphs
from charter_app.diffing.tokens import tokenize
from charter_app.diffing.words import diff_sequences


@dataclass(frozen=True)
class Conflict:
    """A passage both sides changed in ways that cannot both be placed exactly."""

    base: str
    """The passage in the common ancestor ("" when both sides inserted at the same place)."""
    ours: str
    """What our side made of it."""
    theirs: str
    """What their side made of it."""


@dataclass(frozen=True)
class MergeResult:
    """The merged text, or the conflicts that prevent it."""

    text: str | None
    """The merged text; None when there is any conflict."""
    conflicts: tuple[Conflict, ...] = ()
    """Every passage that could not be merged, in reading order."""

    @property
    def clean(self) -> bool:
        """True when the merge succeeded."""
        return self.text is not None


@dataclass(frozen=True)
class _Hunk:
    """One side's change: base[start:end] replaced by ``lines``."""

    side: int  # 0: ours, 1: theirs
    start: int
    end: int
    lines: tuple[str, ...]


def merge3(base: str, ours: str, theirs: str) -> MergeResult:
    """Merge ``ours`` and ``theirs``, both derived from ``base``, paragraph by paragraph.

    A paragraph both sides changed is merged word by word when their changes neither overlap
    nor touch; when one side also inserted or removed a paragraph beside it, the paragraphs of
    that block are paired by their words first (:func:`_merge_refined`). Anything else both
    sides changed differently is a conflict: a change lands exactly where it was made, or the
    merge reports a conflict.
    """
    base_lines, our_lines, their_lines = base.split("\n"), ours.split("\n"), theirs.split("\n")
    merged: list[str] = []
    conflicts: list[Conflict] = []
    for group, piece in _merge(base_lines, our_lines, their_lines, strict=False):
        if piece is not None:
            merged.extend(piece)
            continue
        start, end, our_version, their_version = group
        if end - start == len(our_version) == len(their_version):
            # Paragraphs changed in place on both sides: try each one word by word.
            for k in range(end - start):
                line = _merge_paragraph(base_lines[start + k], our_version[k], their_version[k])
                if line is None:
                    conflicts.append(
                        Conflict(base_lines[start + k], our_version[k], their_version[k])
                    )
                else:
                    merged.append(line)
            continue
        refined = _merge_refined(base_lines[start:end], our_version, their_version)
        if refined is not None:
            merged.extend(refined)
        else:
            conflicts.append(
                Conflict(
                    "\n".join(base_lines[start:end]),
                    "\n".join(our_version),
                    "\n".join(their_version),
                )
            )
    if conflicts:
        return MergeResult(None, tuple(conflicts))
    return MergeResult("\n".join(merged))


def _paragraph_fates(
    base: Sequence[str], other: Sequence[str]
) -> tuple[list[str | None], list[list[str]]]:
    """What one side made of each base paragraph of a block (its new wording, None when
    deleted) and the paragraphs it inserted in each gap (before base paragraph k, k = len:
    after the last), pairing paragraphs by their words (in order, never crossing)."""
    fates: list[str | None] = [None] * len(base)
    gaps: list[list[str]] = [[] for _ in range(len(base) + 1)]
    next_base = 0
    for old_index, new_index in pair_paragraphs(base, other):
        if old_index is not None and new_index is not None:
            fates[old_index] = other[new_index]
            next_base = old_index + 1
        elif new_index is not None:
            gaps[next_base].append(other[new_index])
        else:
            next_base = (old_index or 0) + 1
    return fates, gaps


def _merge_refined(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]
) -> list[str] | None:
    """A block both sides changed with different paragraph counts (one edited a paragraph, the
    other inserted one beside it), merged paragraph by paragraph: each side's paragraphs are
    paired with the base's by their words; a paragraph one side kept takes the other's change,
    two edits of one paragraph merge word by word, insertions in one gap come from one side.
    None when anything both sides did cannot be placed exactly."""
    our_fates, our_gaps = _paragraph_fates(base, ours)
    their_fates, their_gaps = _paragraph_fates(base, theirs)
    merged: list[str] = []
    for k in range(len(base) + 1):
        mine, other = our_gaps[k], their_gaps[k]
        if mine and other and mine != other:
            return None  # both inserted at the same place
        merged.extend(mine or other)
        if k == len(base):
            break
        line = _merge_fate(base[k], our_fates[k], their_fates[k])
        if line is False:
            return None
        if isinstance(line, str):
            merged.append(line)
    # A blank line stands between paragraphs: pairing may leave two together or one at an edge.
    return _tidy_blank_lines(merged, base)


def _merge_fate(base: str, mine: str | None, theirs: str | None) -> str | None | bool:
    """One base paragraph as both sides left it: its merged wording, None when deleted (by
    one side, the other leaving it as it was), False when the two cannot be reconciled."""
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if mine is None or theirs is None:
        return False  # deleted on one side, edited on the other
    merged = _merge_paragraph(base, mine, theirs)
    return False if merged is None else merged


def _tidy_blank_lines(lines: list[str], base: Sequence[str]) -> list[str]:
    """No two blank lines in a row, and no blank line at an edge the base did not have."""
    tidy: list[str] = []
    for line in lines:
        if not line.strip() and tidy and not tidy[-1].strip():
            continue
        tidy.append(line)
    if tidy and not tidy[0].strip() and (not base or base[0].strip()):
        tidy.pop(0)
    if tidy and not tidy[-1].strip() and (not base or base[-1].strip()):
        tidy.pop()
    return tidy


def _merge_paragraph(base: str, ours: str, theirs: str) -> str | None:
    """Word-level merge of one paragraph, or None on any overlapping or touching changes."""
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    pieces: list[str] = []
    for _group, piece in _merge(tokenize(base), tokenize(ours), tokenize(theirs), strict=True):
        if piece is None:
            return None
        pieces.extend(piece)
    return "".join(pieces)


_Group = tuple[int, int, tuple[str, ...], tuple[str, ...]]


def _merge(
    base: Sequence[str], ours: Sequence[str], theirs: Sequence[str], strict: bool
) -> list[tuple[_Group, tuple[str, ...] | None]]:
    """Walk the base: unchanged stretches and cleanly merged changes come with their items;
    changes both sides made differently come with None.

    Changes from the two sides interact when their base ranges overlap, when both insert at the
    same place, or when one inserts strictly inside the other's range; with ``strict`` (words),
    changes that merely touch interact too.
    """
    hunks = sorted(
        [*_hunks(base, ours, 0, strict), *_hunks(base, theirs, 1, strict)],
        key=lambda hunk: (hunk.start, hunk.end),
    )
    groups = _group(hunks, strict)
    result: list[tuple[_Group, tuple[str, ...] | None]] = []
    position = 0
    for members in groups:
        start = min(hunk.start for hunk in members)
        end = max(hunk.end for hunk in members)
        if start > position:
            result.append(((position, start, (), ()), tuple(base[position:start])))
        our_version = _apply(base, start, end, [h for h in members if h.side == 0])
        their_version = _apply(base, start, end, [h for h in members if h.side == 1])
        group = (start, end, our_version, their_version)
        sides = {hunk.side for hunk in members}
        if sides == {0}:
            result.append((group, our_version))
        elif sides == {1} or our_version == their_version:
            result.append((group, their_version))
        else:
            result.append((group, None))
        position = end
    if position < len(base):
        result.append(((position, len(base), (), ()), tuple(base[position:])))
    return result


def _hunks(base: Sequence[str], other: Sequence[str], side: int, strict: bool) -> list[_Hunk]:
    """The changes from ``base`` to ``other``, as base ranges and their replacements."""
    hunks: list[_Hunk] = []
    if strict:
        runs = diff_sequences(base, other)
        assert runs is not None  # no deadline
        i = j = 0
        start = new_start = -1
        for op, length in [*runs, (0, 0)]:
            if op == 0:
                if start >= 0:
                    hunks.append(_Hunk(side, start, i, tuple(other[new_start:j])))
                    start = -1
                i, j = i + length, j + length
                continue
            if start < 0:
                start, new_start = i, j
            if op < 0:
                i += length
            else:
                j += length
        return hunks
    for block in match_lines(base, other):
        if block.kind == "replace":
            lines = tuple(other[block.new_start : block.new_end])
            hunks.append(_Hunk(side, block.old_start, block.old_end, lines))
    return hunks


def _group(hunks: list[_Hunk], strict: bool) -> list[list[_Hunk]]:
    """Connected sets of interacting hunks (``hunks`` sorted by start), sorted by start."""
    parent = list(range(len(hunks)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    still_open: list[int] = []  # hunks that may still interact with a later one
    for k, hunk in enumerate(hunks):
        still_open = [o for o in still_open if hunks[o].end >= hunk.start]
        for o in still_open:
            if _interact(hunk, hunks[o], strict):
                parent[root(k)] = root(o)
        still_open.append(k)
    members: dict[int, list[_Hunk]] = {}
    for k, hunk in enumerate(hunks):
        members.setdefault(root(k), []).append(hunk)
    return sorted(
        members.values(),
        key=lambda group: (min(h.start for h in group), max(h.end for h in group)),
    )


def _interact(a: _Hunk, b: _Hunk, strict: bool) -> bool:
    if a.side == b.side:
        return False
    if a.start < b.end and b.start < a.end:
        return True
    if a.start == a.end == b.start == b.end:
        return True
    if a.start == a.end and b.start < a.start < b.end:
        return True
    if b.start == b.end and a.start < b.start < a.end:
        return True
    return strict and (a.end == b.start or b.end == a.start)


def _apply(base: Sequence[str], start: int, end: int, hunks: list[_Hunk]) -> tuple[str, ...]:
    """base[start:end] with one side's ``hunks`` (all inside that range) applied."""
    items: list[str] = []
    position = start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        items.extend(base[position : hunk.start])
        items.extend(hunk.lines)
        position = hunk.end
    items.extend(base[position:end])
    return tuple(items)
