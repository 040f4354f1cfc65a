"""Paragraph alignment for the side-by-side view, and the whole-text word diff built on it."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from charter_app.diffing.batch import TokenPair, diff_pairs
from charter_app.diffing.lines import match_lines
from charter_app.diffing.nogc import cyclic_gc_paused
from charter_app.diffing.ops import DiffOp, DiffResult, join_normalised
from charter_app.diffing.pairing import WordFolder, pair_by_words
from charter_app.diffing.tokens import EXACT, DiffOptions, text_key, tokenize
from charter_app.diffing.words import replace_whole
from charter_app.i18n import _

DEFAULT_BUDGET_S = 5.0
"""Seconds a diff may take before the remaining changed paragraphs are shown replaced whole."""

RowKind = Literal["equal", "changed", "inserted", "deleted"]


@dataclass(frozen=True)
class AlignedRow:
    """One line of the side-by-side view: an old paragraph, a new one, or both."""

    kind: RowKind
    """"equal", "changed" (word diff in ``ops``), "inserted" or "deleted"."""
    old: str | None
    """The old paragraph, None for an insertion."""
    new: str | None
    """The new paragraph, None for a deletion."""
    ops: tuple[DiffOp, ...]
    """Diff of ``old`` (or "") to ``new`` (or "")."""


@dataclass(frozen=True)
class Alignment:
    """Rows of the side-by-side view, and whether the budget made some of them coarser."""

    rows: tuple[AlignedRow, ...]
    degraded: bool = False
    """True when some changed paragraphs are shown replaced whole, not word by word."""
    notice: str = ""
    """Translated explanation shown with a degraded diff; "" otherwise."""

    def diff(self) -> DiffResult:
        """The same comparison as one run of operations over the whole texts."""
        n_old = sum(row.old is not None for row in self.rows)
        n_new = sum(row.new is not None for row in self.rows)
        seen_old = seen_new = 0
        pieces: list[tuple[DiffOp, ...]] = []
        for row in self.rows:
            pieces.append(row.ops)
            old_break = row.old is not None and seen_old < n_old - 1
            new_break = row.new is not None and seen_new < n_new - 1
            seen_old += row.old is not None
            seen_new += row.new is not None
            if old_break and new_break:
                pieces.append(_EQUAL_BREAK)
            elif old_break:
                pieces.append(_DELETED_BREAK)
            elif new_break:
                pieces.append(_INSERTED_BREAK)
        # Each row's diff is in normalise_ops form already: only the seams need merging.
        with cyclic_gc_paused():
            return DiffResult(join_normalised(pieces), self.degraded, self.notice)


_EQUAL_BREAK = (DiffOp("equal", "\n"),)
_DELETED_BREAK = (DiffOp("delete", "\n"),)
_INSERTED_BREAK = (DiffOp("insert", "\n"),)


def degraded_notice() -> str:
    """The sentence shown next to a diff that had to be made coarser."""
    return _(
        "This comparison took too long to finish word by word: some changed paragraphs are "
        "shown as replaced whole."
    )


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def align_paragraphs(
    old: str,
    new: str,
    options: DiffOptions = EXACT,
    budget_s: float | None = DEFAULT_BUDGET_S,
) -> Alignment:
    """Align the paragraphs (lines) of two texts and diff words inside changed pairs.

    Within ``budget_s`` seconds (None: no limit) every changed pair gets a word diff; past it,
    the remaining pairs are shown replaced whole and the result says so.
    """
    with cyclic_gc_paused():
        return _align(old, new, options, budget_s)


def _align(old: str, new: str, options: DiffOptions, budget_s: float | None) -> Alignment:
    if old == new:  # an unchanged title or text: every paragraph equal, nothing to diff
        return Alignment(tuple(_equal_row(line, line) for line in _lines(old)))
    deadline = None if budget_s is None else time.monotonic() + budget_s
    old_lines, new_lines = _lines(old), _lines(new)
    old_keys = [text_key(line, options) for line in old_lines]
    new_keys = old_keys if new_lines == old_lines else [text_key(n, options) for n in new_lines]
    rows: list[AlignedRow | None] = []
    changed: list[tuple[int, str, str]] = []  # row index, old and new paragraph
    changed_tokens: list[TokenPair] = []  # the same pairs, tokenised
    folder = WordFolder()
    for block in match_lines(old_keys, new_keys):
        if block.kind == "equal":
            for offset in range(block.old_end - block.old_start):
                rows.append(
                    _equal_row(
                        old_lines[block.old_start + offset], new_lines[block.new_start + offset]
                    )
                )
            continue
        block_old = old_lines[block.old_start : block.old_end]
        block_new = new_lines[block.new_start : block.new_end]
        # Each paragraph is split once: its words pair it, its tokens are diffed.
        old_tokens = [tokenize(paragraph) for paragraph in block_old]
        new_tokens = [tokenize(paragraph) for paragraph in block_new]
        old_words = [folder.words(tokens) for tokens in old_tokens]
        new_words = [folder.words(tokens) for tokens in new_tokens]
        for i, j in pair_by_words(block_old, block_new, old_words, new_words):
            if i is None:
                assert j is not None
                rows.append(
                    AlignedRow("inserted", None, block_new[j], replace_whole("", block_new[j]))
                )
            elif j is None:
                rows.append(
                    AlignedRow("deleted", block_old[i], None, replace_whole(block_old[i], ""))
                )
            elif old_keys[block.old_start + i] == new_keys[block.new_start + j]:
                rows.append(_equal_row(block_old[i], block_new[j]))
            else:
                changed.append((len(rows), block_old[i], block_new[j]))
                changed_tokens.append((old_tokens[i], new_tokens[j]))
                rows.append(None)  # filled in below, once every pair is known
    degraded = False
    pairs = [(old_paragraph, new_paragraph) for _, old_paragraph, new_paragraph in changed]
    for (index, old_paragraph, new_paragraph), ops in zip(
        changed,
        diff_pairs(pairs, options, deadline, changed_tokens, folder.tokens_seen),
        strict=True,
    ):
        if ops is None:
            degraded = True
            ops = replace_whole(old_paragraph, new_paragraph)
        rows[index] = AlignedRow("changed", old_paragraph, new_paragraph, ops)
    complete = tuple(row for row in rows if row is not None)
    return Alignment(complete, degraded, degraded_notice() if degraded else "")


def _equal_row(old: str, new: str) -> AlignedRow:
    ops = (DiffOp("equal", new, None if old == new else old),) if new or old else ()
    return AlignedRow("equal", old, new, ops)


def diff_words(
    old: str,
    new: str,
    options: DiffOptions = EXACT,
    budget_s: float | None = DEFAULT_BUDGET_S,
) -> DiffResult:
    """Word diff of two whole texts, aligned paragraph by paragraph first."""
    return align_paragraphs(old, new, options, budget_s).diff()
