"""Changed paragraphs diffed in a second process give exactly what one process gives."""

from __future__ import annotations

import random
import time

import pytest

from charter_app.diffing import (
    DiffOptions,
    align_paragraphs,
    batch,
    diff_words,
    reconstruct_new,
    reconstruct_old,
)
from charter_app.diffing.words import diff_passage

_WORDS = [
    "le",
    "la",
    "conseil",
    "commune",
    "habitants",
    "charte",
    "vote",
    "séance",
    "maire",
    "avis",
    "l’article",
    "«",
    "débat",
    "»",
]


def _text(seed: int, paragraphs: int) -> str:
    rng = random.Random(seed)
    return "\n\n".join(
        " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 40))) for _ in range(paragraphs)
    )


def _edited(text: str, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(len(words) // 10):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    return " ".join(words)


@pytest.fixture
def small_parallel_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small chunks and no size floor, so that a test-sized text goes through the worker.
    monkeypatch.setattr(batch, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(batch, "_CHUNK_CHARS", 2_000)


def test_two_processes_give_the_same_diff(small_parallel_threshold: None) -> None:
    old = _text(1, 200)
    new = _edited(old, 2)
    parallel = diff_words(old, new, budget_s=None)
    batch.PARALLEL_MIN_CHARS = 10**12
    single = diff_words(old, new, budget_s=None)
    assert parallel == single
    assert not parallel.degraded
    assert (reconstruct_old(parallel.ops), reconstruct_new(parallel.ops)) == (old, new)


def test_two_processes_flag_a_spent_budget(small_parallel_threshold: None) -> None:
    old = _text(3, 50)
    new = _edited(old, 4)
    alignment = align_paragraphs(old, new, budget_s=0.0)
    assert alignment.degraded and alignment.notice
    result = alignment.diff()
    assert result.degraded
    assert (reconstruct_old(result.ops), reconstruct_new(result.ops)) == (old, new)


def test_the_worker_keeps_the_comparison_s_deadline_not_its_own() -> None:
    # A chunk can wait in the worker's queue: its deadline is the comparison's, in wall time.
    pairs = [("Le conseil vote.", "Le conseil adopte."), ("Un deux.", "Un trois.")]
    options = DiffOptions()
    on_time = batch._diff_plain(pairs, options, None)
    assert on_time == [
        tuple((op.kind, op.text, op.old_text) for op in diff_passage(old, new) or ())
        for old, new in pairs
    ]
    assert batch._diff_plain(pairs, options, time.time() - 1.0) == [None, None]


def test_many_texts_aligned_in_two_processes_are_aligned_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A whole charter's principles (the comparison table) are aligned by align_many: in a
    second process too, each text gets exactly its own align_paragraphs, in order, and the
    progress it reports counts up to every text."""
    from charter_app.diffing import alignments

    pairs = [(_text(seed, 4), _edited(_text(seed, 4), seed + 1)) for seed in range(60)]
    pairs += [("Même texte.", "Même texte."), ("", "Nouveau.")]
    expected = [align_paragraphs(old, new) for old, new in pairs]
    monkeypatch.setattr(alignments, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(alignments, "_CHUNK_CHARS", 3_000)
    reported: list[int] = []
    assert alignments.align_many(pairs, done=reported.append) == expected
    assert reported == sorted(reported) and reported[-1] == len(pairs)
    monkeypatch.setattr(alignments, "PARALLEL_MIN_CHARS", 10**12)
    assert alignments.align_many(pairs) == expected
