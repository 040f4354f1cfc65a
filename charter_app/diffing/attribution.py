"""Carry "who wrote this word" from one version of a text to the next through the word diff.

Pure functions on token lists: an owner is a small integer the caller maps to a commit. A token
kept by the diff keeps its owner; an inserted one gets :data:`NEW`, which the caller fills in
(from another parent of a merge, else the commit that made the new version).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.diffing.tokens import tokenize
from charter_app.diffing.words import diff_sequences

NEW = -1
"""Owner of a token the diff found no earlier version of."""


DIFF_BUDGET_S = 0.02
"""Time one diff may take; past it (a text rewritten from end to end) the new text's words are
all :data:`NEW`: they belong to the rewrite, which is what a reader expects of it."""


def carry(old: Sequence[str], owners: Sequence[int], new: Sequence[str]) -> list[int]:
    """The owners of ``new``'s tokens: copied along equal runs, :data:`NEW` for insertions."""
    # Most edits change one place: the common ends are kept as they are, and only what lies
    # between them is diffed (nothing to diff when one side of it is empty or a word or two).
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < shortest - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    old_middle, new_middle = old[head : len(old) - tail], new[head : len(new) - tail]
    kept_head, kept_tail = list(owners[:head]), list(owners[len(old) - tail :])
    if not old_middle or not new_middle or (len(old_middle) <= 3 and len(new_middle) <= 3):
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


def carry_version(old: Version | None, text: str) -> tuple[list[tuple[str, ...]], list[list[int]]]:
    """Tokens and owners of each line of ``text``, owners carried from ``old`` paragraph by
    paragraph: unchanged paragraphs keep theirs whole, only changed ones are diffed."""
    lines = text.split("\n")
    if old is None:
        tokens = [tuple(tokenize(line)) for line in lines]
        return tokens, [[NEW] * len(line_tokens) for line_tokens in tokens]
    old_lines = old.lines
    prefix = 0
    while prefix < min(len(lines), len(old_lines)) and lines[prefix] == old_lines[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(lines), len(old_lines)) - prefix
        and lines[-1 - suffix] == old_lines[-1 - suffix]
    ):
        suffix += 1
    tokens = list(old.tokens[:prefix])
    result = [list(owners) for owners in old.owners[:prefix]]
    middle_new = [tuple(tokenize(line)) for line in lines[prefix : len(lines) - suffix]]
    middle_old = range(prefix, len(old_lines) - suffix)
    tokens += middle_new
    if len(middle_new) == len(middle_old):
        for line_tokens, k in zip(middle_new, middle_old, strict=True):
            result.append(carry(old.tokens[k], old.owners[k], line_tokens))
    else:
        old_tokens: list[str] = []
        old_owners: list[int] = []
        for k in middle_old:
            old_tokens += [*old.tokens[k], "\n"]
            old_owners += [*old.owners[k], NEW]
        joined: list[str] = []
        for line_tokens in middle_new:
            joined += [*line_tokens, "\n"]
        carried = carry(old_tokens, old_owners, joined)
        position = 0
        for line_tokens in middle_new:
            result.append(carried[position : position + len(line_tokens)])
            position += len(line_tokens) + 1
    tail = len(old_lines) - suffix
    tokens += old.tokens[tail:]
    result += [list(owners) for owners in old.owners[tail:]]
    return tokens, result


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
