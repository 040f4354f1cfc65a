"""Carry "who wrote this word" from one version of a text to the next through the word diff.

Pure functions on token lists: an owner is a small integer the caller maps to a commit. A token
kept by the diff keeps its owner; an inserted one gets :data:`NEW`, which the caller fills in
(from another parent of a merge, else the commit that made the new version).

Paragraphs (lines) are matched first, as ``git diff`` matches lines: a paragraph found unchanged
keeps its tokens and owners as they are (shared, never copied or tokenised again), and only the
paragraphs between two matches are word-diffed.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.diffing.lines import longest_increasing
from charter_app.diffing.tokens import tokenize
from charter_app.diffing.words import diff_sequences

NEW = -1
"""Owner of a token the diff found no earlier version of."""


DIFF_BUDGET_S = 0.02
"""Time one diff may take; past it (a text rewritten from end to end) the new text's words are
all :data:`NEW`: they belong to the rewrite, which is what a reader expects of it."""

REWRITE_SHARE = 0.2
"""A passage where fewer than this share of the shorter side's words could possibly be kept (by
their counts alone) is a rewrite: its words are all :data:`NEW`, without diffing."""

_REWRITE_MIN_TOKENS = 64
"""Below this many tokens (both sides) the diff is cheap: no rewrite test."""

# A word character followed by a space: every tokenisation has a token boundary between them
# (a word token cannot take the space, and only a word token can hold a word character), and
# the tokens on either side depend only on the text on that side (plus the next character).
_WORD_THEN_SPACE = re.compile(r"\w\s")


def _common_head(old: Sequence[str], new: Sequence[str], limit: int) -> int:
    """Length of the longest common prefix of ``old`` and ``new`` (at most ``limit``), found by
    comparing slices (C loops) in a binary search; token lists and strings alike."""
    if not limit or old[0] != new[0]:
        return 0
    if old[:limit] == new[:limit]:
        return limit
    low, high = 1, limit - 1  # old[:low] == new[:low]; the answer is in [low, high]
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_tail(old: Sequence[str], new: Sequence[str], limit: int) -> int:
    """Length of the longest common suffix of ``old`` and ``new`` (at most ``limit``)."""
    if not limit or old[-1] != new[-1]:
        return 0
    old_end, new_end = len(old), len(new)
    if old[old_end - limit :] == new[new_end - limit :]:
        return limit
    low, high = 1, limit - 1
    while low < high:
        middle = (low + high + 1) // 2
        if old[old_end - middle : old_end - low] == new[new_end - middle : new_end - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _is_rewrite(old: Sequence[str], new: Sequence[str]) -> bool:
    """True when so few words could be kept that diffing is pointless (see REWRITE_SHARE).

    Deterministic, unlike the time budget, and it spares the budget on the usual rewrite."""
    if len(old) + len(new) < _REWRITE_MIN_TOKENS:
        return False
    old_words = Counter(token for token in old if token[0].isalnum())
    new_words = Counter(token for token in new if token[0].isalnum())
    shorter = min(old_words.total(), new_words.total())
    return (old_words & new_words).total() < REWRITE_SHARE * shorter


def carry(old: Sequence[str], owners: Sequence[int], new: Sequence[str]) -> list[int]:
    """The owners of ``new``'s tokens: copied along equal runs, :data:`NEW` for insertions."""
    if type(old) is not type(new):  # slices of a list and a tuple never compare equal
        old, new = list(old), list(new)
    # Most edits change one place: the common ends are kept as they are, and only what lies
    # between them is diffed (nothing to diff when one side of it is empty or a word or two).
    shortest = min(len(old), len(new))
    head = _common_head(old, new, shortest)
    tail = _common_tail(old, new, shortest - head)
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    kept_head, kept_tail = list(owners[:head]), list(owners[len(old) - tail :])
    if not old_middle or not new_middle or (len(old_middle) <= 3 and len(new_middle) <= 3):
        return kept_head + [NEW] * len(new_middle) + kept_tail
    if _is_rewrite(old_middle, new_middle):
        return kept_head + [NEW] * len(new_middle) + kept_tail
    runs = diff_sequences(old_middle, new_middle, time.monotonic() + DIFF_BUDGET_S)
    if runs is None:
        return kept_head + [NEW] * len(new_middle) + kept_tail
    result: list[int] = kept_head
    position = head
    for op, length in runs:
        if op == 0:
            result.extend(owners[position : position + length])
            position += length
        elif op < 0:
            position += length
        else:
            result.extend([NEW] * length)
    return result + kept_tail


def _token_at(tokens: tuple[str, ...], length: int, char: int) -> int:
    """The index of the first token that starts at or after ``char`` in the text ``tokens``
    spell (``length`` characters): where the token offsets would bisect. Guessed from the
    average token length, measured with one join (C speed), then corrected a token at a
    time: a long line costs a few steps, not a pass over all its tokens."""
    count = len(tokens)
    index = min(count, char * count // length) if length else 0
    position = len("".join(tokens[:index]))
    while position < char and index < count:
        position += len(tokens[index])
        index += 1
    while index and position - len(tokens[index - 1]) >= char:
        index -= 1
        position -= len(tokens[index])
    return index


def carry_line(
    old_line: str, old_tokens: tuple[str, ...], old_owners: tuple[int, ...], line: str
) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Tokens and owners of ``line``, a new version of ``old_line`` (whose tokens and owners
    are given): only the stretch around the change is tokenised and diffed; the words on
    either side keep the old tokens and owners (same result as tokenising the whole line)."""
    shortest = min(len(old_line), len(line))
    same_head = _common_head(old_line, line, shortest)  # a str is a sequence of characters
    same_tail = _common_tail(old_line, line, shortest - same_head)
    # A token boundary at least one character inside the common head, and one inside the
    # common tail, found on the new line (the old line has the same characters there).
    start = 0
    boundary = line.rfind(" ", 0, same_head - 1) if same_head > 1 else -1
    while boundary > 0:
        if _WORD_THEN_SPACE.match(line, boundary - 1):
            start = boundary
            break
        boundary = line.rfind(" ", 0, boundary)
    stop = len(line)
    boundary = line.find(" ", len(line) - same_tail + 1)
    while boundary > 0:
        if _WORD_THEN_SPACE.match(line, boundary - 1):
            stop = boundary
            break
        boundary = line.find(" ", boundary + 1)
    if start == 0 and stop == len(line):
        tokens = tuple(tokenize(line))
        return tokens, tuple(carry(old_tokens, old_owners, tokens))
    first = _token_at(old_tokens, len(old_line), start)
    last = _token_at(old_tokens, len(old_line), stop + len(old_line) - len(line))
    middle = tuple(tokenize(line[start:stop]))
    owners = carry(old_tokens[first:last], old_owners[first:last], middle)
    return (
        old_tokens[:first] + middle + old_tokens[last:],
        old_owners[:first] + tuple(owners) + old_owners[last:],
    )


@dataclass(frozen=True)
class Version:
    """A text as paragraphs (lines), their tokens and each token's owner."""

    lines: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    owners: tuple[tuple[int, ...], ...]

    @property
    def flat_tokens(self) -> list[str]:
        """Every token of the text in order, line breaks included."""
        result: list[str] = []
        for index, line_tokens in enumerate(self.tokens):
            if index:
                result.append("\n")
            result.extend(line_tokens)
        return result

    @property
    def flat_owners(self) -> list[int]:
        """Owners of :attr:`flat_tokens` (a line break belongs to the line before it)."""
        result: list[int] = []
        for index, line_owners in enumerate(self.owners):
            if index:
                previous = self.owners[index - 1]
                result.append(
                    previous[-1] if previous else (line_owners[0] if line_owners else NEW)
                )
            result.extend(line_owners)
        return result


@dataclass
class Draft:
    """A new version being attributed: its lines, their tokens and owners, some :data:`NEW`."""

    lines: tuple[str, ...]
    tokens: list[tuple[str, ...]]
    owners: list[tuple[int, ...]]
    changed: list[int]
    """Lines whose owners came from a word diff (only they can hold :data:`NEW`); the others
    share the earlier version's tuples."""

    def has_new(self) -> bool:
        owners = self.owners
        return any(NEW in owners[index] for index in self.changed)

    def fill(self, other: Draft) -> None:
        """Give tokens still :data:`NEW` the owner ``other`` (the same text carried from
        another parent) found for them."""
        for index in self.changed:
            line = self.owners[index]
            if NEW in line:
                found = other.owners[index]
                self.owners[index] = tuple(
                    f if o == NEW and f != NEW else o for o, f in zip(line, found, strict=True)
                )

    def finish(self, owner: int) -> Version:
        """The version, with tokens still :data:`NEW` given to ``owner``."""
        owners = self.owners
        for index in self.changed:
            if NEW in owners[index]:
                owners[index] = _given(owners[index], owner)
        return Version(self.lines, tuple(self.tokens), tuple(owners))


def _given(owners: tuple[int, ...], owner: int) -> tuple[int, ...]:
    """``owners`` with every :data:`NEW` replaced by ``owner``."""
    line = list(owners)
    position = line.index(NEW)
    try:
        while True:  # inserted words come in runs: index() finds them in C
            line[position] = owner
            position = line.index(NEW, position + 1)
    except ValueError:
        return tuple(line)


def next_version(old: Version, text: str, owner: int) -> tuple[Version, bool] | None:
    """``draft_version(old, text).finish(owner)`` and whether ``owner`` got any token, for a
    text with as many paragraphs as ``old`` (the usual edit: paragraphs are then paired in
    order, as :func:`draft_version` pairs them); None for any other text.

    The same result without the draft: one version's step when it has a single parent."""
    lines = tuple(text.split("\n"))
    old_lines = old.lines
    if len(lines) != len(old_lines):
        return None
    tokens: list[tuple[str, ...]] | None = None
    owners: list[tuple[int, ...]] = []
    used = False
    for index, (before, after) in enumerate(zip(old_lines, lines, strict=True)):
        if before == after:
            continue
        if tokens is None:
            tokens, owners = list(old.tokens), list(old.owners)
        line_tokens, line_owners = carry_line(before, old.tokens[index], old.owners[index], after)
        if NEW in line_owners:
            line_owners, used = _given(line_owners, owner), True
        tokens[index], owners[index] = line_tokens, line_owners
    if tokens is None:
        return Version(lines, old.tokens, old.owners), False
    return Version(lines, tuple(tokens), tuple(owners)), used


def draft_version(old: Version | None, text: str) -> Draft:
    """Tokens and owners of each line of ``text``, owners carried from ``old`` paragraph by
    paragraph: matched paragraphs keep theirs whole, only the others are diffed."""
    lines = tuple(text.split("\n"))
    if old is None:
        fresh = [tuple(tokenize(line)) for line in lines]
        return Draft(lines, fresh, [(NEW,) * len(t) for t in fresh], list(range(len(lines))))
    count = len(lines)
    tokens: list[tuple[str, ...]] = [()] * count
    owners: list[tuple[int, ...]] = [()] * count
    changed: list[int] = []
    old_lines, old_tokens, old_owners = old.lines, old.tokens, old.owners
    for old_start, old_stop, start, stop in _blocks(old_lines, lines):
        if old_stop - old_start == stop - start:
            # Matched lines, or as many changed ones on each side: paired in order.
            for k, j in zip(range(old_start, old_stop), range(start, stop), strict=True):
                if old_lines[k] == lines[j]:
                    tokens[j], owners[j] = old_tokens[k], old_owners[k]
                else:
                    tokens[j], owners[j] = carry_line(
                        old_lines[k], old_tokens[k], old_owners[k], lines[j]
                    )
                    changed.append(j)
            continue
        # Paragraphs split, joined, added or removed: the stretch is diffed as one text, so
        # words keep their owners when they move to the next paragraph.
        joined_old: list[str] = []
        joined_owners: list[int] = []
        for k in range(old_start, old_stop):
            joined_old += [*old_tokens[k], "\n"]
            joined_owners += [*old_owners[k], NEW]
        joined: list[str] = []
        for j in range(start, stop):
            tokens[j] = line_tokens = tuple(tokenize(lines[j]))
            joined += [*line_tokens, "\n"]
        carried = carry(joined_old, joined_owners, joined) if joined_old else [NEW] * len(joined)
        position = 0
        for j in range(start, stop):
            length = len(tokens[j])
            owners[j] = tuple(carried[position : position + length])
            position += length + 1
            changed.append(j)
    return Draft(lines, tokens, owners, changed)


def _blocks(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The two texts' lines cut into aligned stretches ``(old_start, old_stop, start, stop)``:
    equal lines one by one, and what lies between them. Common ends first, then the lines
    found exactly once on each side of the middle (patience), in order."""
    prefix = _common_head(old, new, min(len(old), len(new)))
    suffix = _common_tail(old, new, min(len(old), len(new)) - prefix)
    old_stop, stop = len(old) - suffix, len(new) - suffix
    blocks = [(0, prefix, 0, prefix)] if prefix else []
    if prefix < old_stop or prefix < stop:
        if old_stop == stop or prefix in (old_stop, stop):
            blocks.append((prefix, old_stop, prefix, stop))
        else:
            blocks += _anchored(old, new, prefix, old_stop, prefix, stop)
    if suffix:
        blocks.append((old_stop, len(old), stop, len(new)))
    return blocks


def _anchored(
    old: Sequence[str], new: Sequence[str], old_start: int, old_stop: int, start: int, stop: int
) -> list[tuple[int, int, int, int]]:
    """Blocks of a middle whose two sides have different numbers of lines."""
    seen_old = Counter(old[old_start:old_stop])
    seen_new = Counter(new[start:stop])
    where_old = {line: k for k, line in enumerate(old[old_start:old_stop], old_start)}
    pairs = [
        (where_old[line], j)
        for j, line in enumerate(new[start:stop], start)
        if line and seen_new[line] == 1 and seen_old[line] == 1
    ]
    pairs.sort()
    blocks: list[tuple[int, int, int, int]] = []
    k, j = old_start, start
    for anchor_old, anchor_new in [*longest_increasing(pairs), (old_stop, stop)]:
        # Between two anchors: equal lines at either end are matched too, the rest is a gap.
        width = min(anchor_old - k, anchor_new - j)
        head = 0
        while head < width and old[k + head] == new[j + head]:
            head += 1
        tail = 0
        while tail < width - head and old[anchor_old - 1 - tail] == new[anchor_new - 1 - tail]:
            tail += 1
        if head:
            blocks.append((k, k + head, j, j + head))
        if k + head < anchor_old - tail or j + head < anchor_new - tail:
            blocks.append((k + head, anchor_old - tail, j + head, anchor_new - tail))
        if tail:
            blocks.append((anchor_old - tail, anchor_old, anchor_new - tail, anchor_new))
        if anchor_old < old_stop:
            blocks.append((anchor_old, anchor_old + 1, anchor_new, anchor_new + 1))
        k, j = anchor_old + 1, anchor_new + 1
    return blocks


def carry_version(old: Version | None, text: str) -> tuple[list[tuple[str, ...]], list[list[int]]]:
    """Tokens and owners of each line of ``text``, owners carried from ``old`` paragraph by
    paragraph: unchanged paragraphs keep theirs whole, only changed ones are diffed."""
    draft = draft_version(old, text)
    return list(draft.tokens), [list(owners) for owners in draft.owners]


def make_version(
    text: str, tokens: Sequence[tuple[str, ...]], owners: Sequence[Sequence[int]]
) -> Version:
    return Version(tuple(text.split("\n")), tuple(tokens), tuple(tuple(line) for line in owners))


def fill(owners: list[int], other: Sequence[int]) -> None:
    """Give tokens still :data:`NEW` in ``owners`` the owner ``other`` found for them."""
    for index, owner in enumerate(owners):
        if owner == NEW and other[index] != NEW:
            owners[index] = other[index]


def sentence_bounds(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges of the sentences: a sentence ends after ``.``, ``!``, ``?`` or ``…``
    followed by a space, and at every line break (paragraphs are lines)."""
    bounds: list[tuple[int, int]] = []
    start = 0
    count = len(tokens)
    for index, token in enumerate(tokens):
        ends = token == "\n" or (
            token in (".", "!", "?", "…", "...")
            and (index + 1 == count or tokens[index + 1][:1].isspace())
        )
        if ends:
            stop = index + 1
            while stop < count and tokens[stop].isspace() and tokens[stop] != "\n":
                stop += 1
            if token != "\n" and stop < count and tokens[stop] == "\n":
                stop += 1
            bounds.append((start, stop))
            start = stop
    if start < count:
        bounds.append((start, count))
    return [(a, b) for a, b in bounds if b > a]
