"""Word-level diff of one passage: tokens spelled as characters, diffed by ``chars.diff_chars``."""

from __future__ import annotations

import difflib
import time
from collections.abc import Sequence

from charter_app.diffing.alphabet import Alphabet
from charter_app.diffing.chars import diff_chars
from charter_app.diffing.ops import DiffOp, normalise_ops
from charter_app.diffing.tokens import EXACT, DiffOptions, tokenize

Lengths = list[tuple[int, int]]
"""A diff as ``(op, number of tokens)`` pairs, op in -1 (delete), 0 (equal), 1 (insert)."""


def diff_sequences(
    old_keys: Sequence[str], new_keys: Sequence[str], deadline: float | None = None
) -> Lengths | None:
    """Diff two key sequences with semantic clean-up: ``(op, length)`` pairs, op in -1/0/1.

    ``deadline`` is a ``time.monotonic()`` value; None means no limit. Returns None when the
    deadline was hit (diff-match-patch then answers with a correct but coarse diff, which we
    refuse).
    """
    return _diff_lengths(old_keys, new_keys, Alphabet(), deadline)


def _diff_lengths(
    old_tokens: Sequence[str],
    new_tokens: Sequence[str],
    alphabet: Alphabet,
    deadline: float | None,
) -> Lengths | None:
    if deadline is not None and time.monotonic() > deadline:
        return None
    encoded = alphabet.encode_pair(old_tokens, new_tokens)
    if encoded is None:
        # More distinct tokens than Unicode has characters: a plain sequence diff, still exact.
        return _difflib_lengths(old_tokens, new_tokens)
    runs = diff_chars(encoded[0], encoded[1], deadline)
    return None if runs is None else [(op, len(text)) for op, text in runs]


def _difflib_lengths(old_keys: Sequence[str], new_keys: Sequence[str]) -> Lengths:
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    lengths: Lengths = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lengths.append((0, i2 - i1))
            continue
        if i2 > i1:
            lengths.append((-1, i2 - i1))
        if j2 > j1:
            lengths.append((1, j2 - j1))
    return lengths


def diff_passage(
    old: str,
    new: str,
    options: DiffOptions = EXACT,
    deadline: float | None = None,
    alphabet: Alphabet | None = None,
) -> tuple[DiffOp, ...] | None:
    """Word diff of two passages, or None if ``deadline`` (a ``time.monotonic()`` value) was hit.

    ``alphabet`` (made with the same ``options``) may be shared by the passages of one text.
    """
    return diff_tokens(tokenize(old), tokenize(new), options, deadline, alphabet)


def diff_tokens(
    old_tokens: Sequence[str],
    new_tokens: Sequence[str],
    options: DiffOptions = EXACT,
    deadline: float | None = None,
    alphabet: Alphabet | None = None,
) -> tuple[DiffOp, ...] | None:
    """``diff_passage`` of two passages already split by ``tokenize``."""
    lengths = _diff_lengths(old_tokens, new_tokens, alphabet or Alphabet(options), deadline)
    if lengths is None:
        return None
    return _ops(old_tokens, new_tokens, lengths, options.exact)


def _ops(
    old_tokens: Sequence[str], new_tokens: Sequence[str], lengths: Lengths, exact: bool
) -> tuple[DiffOp, ...]:
    """The runs of ``lengths`` as text, already in ``normalise_ops`` form."""
    ops: list[DiffOp] = []
    i = j = 0  # next old and new token
    equal_i = equal_j = -1  # where the pending equal run starts, -1: none pending
    change_i, change_j = i, j  # where the pending change starts

    def flush_equal() -> None:
        if equal_i >= 0:
            new_run = "".join(new_tokens[equal_j:j])
            old_run = new_run if exact else "".join(old_tokens[equal_i:i])
            ops.append(DiffOp("equal", new_run, None if old_run == new_run else old_run))

    def flush_change() -> None:
        if i > change_i:
            ops.append(DiffOp("delete", "".join(old_tokens[change_i:i])))
        if j > change_j:
            ops.append(DiffOp("insert", "".join(new_tokens[change_j:j])))

    # Deletions and insertions between two equal runs are contiguous on their own side, so a
    # change is the old and new token ranges it spans, whatever order dmp gave them in.
    for op, length in lengths:
        if not length:
            continue
        if op == 0:
            if equal_i < 0:
                flush_change()
                equal_i, equal_j = i, j
            i += length
            j += length
        else:
            if equal_i >= 0:
                flush_equal()
                equal_i = equal_j = -1
                change_i, change_j = i, j
            if op < 0:
                i += length
            else:
                j += length
    if equal_i >= 0:
        flush_equal()
    else:
        flush_change()
    return tuple(ops)


def replace_whole(old: str, new: str) -> tuple[DiffOp, ...]:
    """The coarse but correct diff: ``old`` deleted, ``new`` inserted."""
    if old == new:
        return normalise_ops([DiffOp("equal", new)])
    return normalise_ops([DiffOp("delete", old), DiffOp("insert", new)])
