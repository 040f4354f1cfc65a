"""Word-level diff of one passage: diff-match-patch over tokens mapped to single characters."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from diff_match_patch import diff_match_patch

from charter_app.diffing.lines import unique_anchors
from charter_app.diffing.ops import DiffOp, normalise_ops
from charter_app.diffing.tokens import EXACT, DiffOptions, token_key, tokenize

_SURROGATES = range(0xD800, 0xE000)
_LAST_CODE_POINT = 0x10FFFF


class _Alphabet:
    """Gives each distinct key its own character, so a token diff is a string diff."""

    def __init__(self) -> None:
        self._chars: dict[str, str] = {}
        self._next = 0x100  # clear of ASCII, whose characters dmp's clean-up treats specially

    def encode(self, keys: Sequence[str]) -> str | None:
        """The string of ``keys``, or None when the text has more distinct tokens than Unicode."""
        chars = self._chars
        for key in set(keys).difference(chars):
            if self._next in _SURROGATES:
                self._next = _SURROGATES.stop
            if self._next > _LAST_CODE_POINT:
                return None
            chars[key] = chr(self._next)
            self._next += 1
        return "".join([chars[key] for key in keys])


def diff_sequences(
    old_keys: Sequence[str], new_keys: Sequence[str], deadline: float | None = None
) -> list[tuple[int, int]] | None:
    """Diff two key sequences with semantic clean-up: ``(op, length)`` pairs, op in -1/0/1.

    ``deadline`` is a ``time.time()`` value; None means no limit. Returns None when the deadline
    was hit (diff-match-patch then answers with a correct but coarse diff, which we refuse).
    """
    alphabet = _Alphabet()
    old_chars = alphabet.encode(old_keys)
    new_chars = alphabet.encode(new_keys)
    if old_chars is None or new_chars is None:
        return None
    engine = diff_match_patch()
    # Any positive timeout turns on dmp's half-match speed-up (a long common run splits the
    # problem; it is deterministic, and semantic clean-up follows); the deadline governs time.
    engine.Diff_Timeout = 1.0
    limit = deadline if deadline is not None else float(sys.maxsize)
    if deadline is not None and time.time() > deadline:
        return None
    # Tokens found once on each side, in the same order, split the problem as patience diff
    # does: dmp's bisection, quadratic in Python, then only runs on the short stretches between.
    diffs: list[tuple[int, str]] = []
    start_old = start_new = 0
    anchors = unique_anchors(old_chars, new_chars, 0, len(old_chars), 0, len(new_chars))
    for i, j in [*anchors, (len(old_chars), len(new_chars))]:
        old_part, new_part = old_chars[start_old:i], new_chars[start_new:j]
        if old_part == new_part:
            diffs.append((0, old_part))
        elif len(old_part) == 1 and len(new_part) == 1:
            diffs.extend(((-1, old_part), (1, new_part)))
        elif old_part and new_part:
            diffs.extend(engine.diff_main(old_part, new_part, False, limit))
        elif old_part:
            diffs.append((-1, old_part))
        elif new_part:
            diffs.append((1, new_part))
        if i < len(old_chars):
            diffs.append((0, old_chars[i]))
        start_old, start_new = i + 1, j + 1
    engine.diff_cleanupMerge(diffs)
    engine.diff_cleanupSemantic(diffs)
    if deadline is not None and time.time() > deadline:
        return None
    return [(op, len(chars)) for op, chars in diffs]


def diff_passage(
    old: str, new: str, options: DiffOptions = EXACT, deadline: float | None = None
) -> tuple[DiffOp, ...] | None:
    """Word diff of two passages, or None if ``deadline`` (a ``time.time()`` value) was hit."""
    old_tokens = tokenize(old)
    new_tokens = tokenize(new)
    old_keys = old_tokens if options.exact else [token_key(t, options) for t in old_tokens]
    new_keys = new_tokens if options.exact else [token_key(t, options) for t in new_tokens]
    runs = diff_sequences(old_keys, new_keys, deadline)
    if runs is None:
        return None
    ops: list[DiffOp] = []
    i = j = 0
    for op, length in runs:
        if op == 0:
            old_run = "".join(old_tokens[i : i + length])
            new_run = "".join(new_tokens[j : j + length])
            ops.append(DiffOp("equal", new_run, None if old_run == new_run else old_run))
            i += length
            j += length
        elif op < 0:
            ops.append(DiffOp("delete", "".join(old_tokens[i : i + length])))
            i += length
        else:
            ops.append(DiffOp("insert", "".join(new_tokens[j : j + length])))
            j += length
    return normalise_ops(ops)


def replace_whole(old: str, new: str) -> tuple[DiffOp, ...]:
    """The coarse but correct diff: ``old`` deleted, ``new`` inserted."""
    if old == new:
        return normalise_ops([DiffOp("equal", new)])
    return normalise_ops([DiffOp("delete", old), DiffOp("insert", new)])
