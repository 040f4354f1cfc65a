"""Carry "who wrote this word" from one version of a text to the next through the word diff.

Pure functions on token lists: an owner is a small integer the caller maps to a commit. A token
kept by the diff keeps its owner; an inserted one gets :data:`NEW`, which the caller fills in
(from another parent of a merge, else the commit that made the new version).
"""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.diffing.words import diff_sequences

NEW = -1
"""Owner of a token the diff found no earlier version of."""


def carry(old: Sequence[str], owners: Sequence[int], new: Sequence[str]) -> list[int]:
    """The owners of ``new``'s tokens: copied along equal runs, :data:`NEW` for insertions."""
    if list(old) == list(new):
        return list(owners)
    runs = diff_sequences(old, new)
    assert runs is not None  # no deadline: always an exact diff
    result: list[int] = []
    position = 0
    for op, length in runs:
        if op == 0:
            result.extend(owners[position : position + length])
            position += length
        elif op < 0:
            position += length
        else:
            result.extend([NEW] * length)
    return result


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
