"""Pairing the paragraphs of a replaced block: which old paragraph became which new one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence, Set

_WORD = re.compile(r"\w+")
_STARTS_WORD = re.compile(r"\w").match
_Similar = Callable[[int, int], float]

SIMILAR_ENOUGH = 0.5
"""Share of words two paragraphs must have in common (Dice coefficient) to be shown as one
changed paragraph rather than a deletion and an insertion."""

# Blocks up to this many candidate pairs get the optimal alignment; larger ones a linear scan.
_EXHAUSTIVE_CELLS = 2500
_LOOKAHEAD = 8


def _words(text: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _WORD.findall(text))


class WordFolder:
    """Word sets of tokenised paragraphs, each distinct token folded once per comparison.

    A token is a word (``\\w+``) exactly when its first character is a word character, so the
    set is the one ``_words`` finds in the paragraph's text.
    """

    def __init__(self) -> None:
        self._folds: dict[str, str] = {}  # "" for a token that is not a word

    @property
    def tokens_seen(self) -> Set[str]:
        """Every distinct token met so far."""
        return self._folds.keys()

    def words(self, tokens: Sequence[str]) -> Set[str]:
        """The case-folded words among ``tokens``."""
        folds = self._folds
        try:
            words = set(map(folds.__getitem__, tokens))
        except KeyError:  # tokens not met before in this comparison
            for token in set(tokens).difference(folds):
                folds[token] = token.casefold() if _STARTS_WORD(token) else ""
            words = set(map(folds.__getitem__, tokens))
        words.discard("")
        return words


def similarity(old: str, new: str) -> float:
    """Dice coefficient of the two paragraphs' word sets, 1.0 for two wordless equal lines."""
    return _similarity(_words(old), _words(new), old, new)


def _similarity(a: Set[str], b: Set[str], old: str, new: str) -> float:
    if not a and not b:
        return 1.0 if old.strip() == new.strip() else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def pair_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Rows (old index or None, new index or None) in order; pairs are similar enough."""
    return pair_by_words(old, new, [_words(text) for text in old], [_words(text) for text in new])


def pair_by_words(
    old: Sequence[str],
    new: Sequence[str],
    old_words: Sequence[Set[str]],
    new_words: Sequence[Set[str]],
) -> list[tuple[int | None, int | None]]:
    """``pair_paragraphs`` with each paragraph's case-folded word set already known."""
    if len(old) == 1 and len(new) == 1:  # the usual replaced block: one paragraph edited
        paired = _similarity(old_words[0], new_words[0], old[0], new[0]) >= SIMILAR_ENOUGH
        return [(0, 0)] if paired else [(0, None), (None, 0)]

    def similar(i: int, j: int) -> float:
        score = _similarity(old_words[i], new_words[j], old[i], new[j])
        return score if score >= SIMILAR_ENOUGH else 0.0

    if len(old) * len(new) <= _EXHAUSTIVE_CELLS:
        return _pair_optimal(len(old), len(new), similar)
    return _pair_scan(len(old), len(new), similar)


def _pair_optimal(n_old: int, n_new: int, similar: _Similar) -> list[tuple[int | None, int | None]]:
    """Monotone pairing maximising the total similarity (dynamic programming)."""
    score = [[0.0] * (n_new + 1) for _ in range(n_old + 1)]
    for i in range(n_old - 1, -1, -1):
        for j in range(n_new - 1, -1, -1):
            s = similar(i, j)
            paired = score[i + 1][j + 1] + s if s else 0.0
            score[i][j] = max(paired, score[i + 1][j], score[i][j + 1])
    rows: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n_old or j < n_new:
        if i < n_old and j < n_new:
            s = similar(i, j)
            if s and score[i][j] == score[i + 1][j + 1] + s:
                rows.append((i, j))
                i, j = i + 1, j + 1
                continue
            if score[i][j] == score[i + 1][j]:
                rows.append((i, None))
                i += 1
                continue
            rows.append((None, j))
            j += 1
        elif i < n_old:
            rows.append((i, None))
            i += 1
        else:
            rows.append((None, j))
            j += 1
    return rows


def _pair_scan(n_old: int, n_new: int, similar: _Similar) -> list[tuple[int | None, int | None]]:
    """Linear pairing for big blocks: pair in step, looking a few paragraphs ahead on a miss."""
    rows: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n_old and j < n_new:
        if similar(i, j):
            rows.append((i, j))
            i, j = i + 1, j + 1
            continue
        skip_old = skip_new = 0
        for step in range(1, _LOOKAHEAD + 1):
            if i + step < n_old and similar(i + step, j):
                skip_old = step
                break
            if j + step < n_new and similar(i, j + step):
                skip_new = step
                break
        if skip_old:
            rows.extend((k, None) for k in range(i, i + skip_old))
            i += skip_old
        elif skip_new:
            rows.extend((None, k) for k in range(j, j + skip_new))
            j += skip_new
        else:
            rows.append((i, None))
            rows.append((None, j))
            i, j = i + 1, j + 1
    rows.extend((k, None) for k in range(i, n_old))
    rows.extend((None, k) for k in range(j, n_new))
    return rows
