"""Word diffs of all the changed paragraph pairs of a text, in a second process too when it pays.

The result never depends on how the work was split: every passage gets the same diff in any
process (see ``alphabet``), so only the time changes. A pool that cannot start (frozen app,
sandbox) leaves the work to this process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from charter_app.diffing.alphabet import Alphabet
from charter_app.diffing.nogc import cyclic_gc_paused
from charter_app.diffing.ops import DiffOp, OpKind
from charter_app.diffing.tokens import DiffOptions
from charter_app.diffing.words import diff_passage, diff_tokens

PARALLEL_MIN_CHARS = 4_000_000
"""Changed text (old and new, in characters) from which a second process pays. Measured on a
2-core machine: about 30% faster for 10 MB of changed paragraphs, no gain for 2 MB, where the
start of a fresh interpreter (0.1 s) and the two processes slowing each other eat the gain."""

_CHUNK_CHARS = 100_000
# Start-up method: "spawn" is safe in a process that runs threads (the Qt application does).
_START_METHOD = "spawn"

Pair = tuple[str, str]
TokenPair = tuple[Sequence[str], Sequence[str]]
"""A pair already split by ``tokens.tokenize``."""
_PlainOps = tuple[tuple[OpKind, str, str | None], ...]


def diff_pairs(
    pairs: Sequence[Pair],
    options: DiffOptions,
    deadline: float | None,
    tokenized: Sequence[TokenPair] | None = None,
    vocabulary: Iterable[str] = (),
) -> list[tuple[DiffOp, ...] | None]:
    """The word diff of each (old, new) pair, None for a pair the deadline (a
    ``time.monotonic()`` value) did not leave time for.

    ``tokenized``, when given, holds the same pairs already tokenised, in the same order: this
    process then does not split them again (a worker process still does, as text crosses
    processes faster than token lists). ``vocabulary``, when known, holds their distinct tokens.
    """
    size = sum(len(old) + len(new) for old, new in pairs)
    if size < PARALLEL_MIN_CHARS or (os.cpu_count() or 1) < 2:
        return _diff_here(pairs, options, deadline, tokenized, vocabulary)
    return _diff_shared(pairs, options, deadline, tokenized, vocabulary)


def _diff_here(
    pairs: Sequence[Pair],
    options: DiffOptions,
    deadline: float | None,
    tokenized: Sequence[TokenPair] | None = None,
    vocabulary: Iterable[str] = (),
) -> list[tuple[DiffOp, ...] | None]:
    alphabet = Alphabet(options)
    alphabet.preload(vocabulary)
    if tokenized is not None:
        return [diff_tokens(old, new, options, deadline, alphabet) for old, new in tokenized]
    return [diff_passage(old, new, options, deadline, alphabet) for old, new in pairs]


def _diff_shared(
    pairs: Sequence[Pair],
    options: DiffOptions,
    deadline: float | None,
    tokenized: Sequence[TokenPair] | None,
    vocabulary: Iterable[str],
) -> list[tuple[DiffOp, ...] | None]:
    """This process takes chunks from the front, one worker process from the back."""
    bounds = chunk_bounds(pairs)
    chunks = [pairs[start:end] for start, end in bounds]
    token_chunks = [None if tokenized is None else tokenized[start:end] for start, end in bounds]
    results: list[list[tuple[DiffOp, ...] | None] | None] = [None] * len(chunks)
    try:
        executor = ProcessPoolExecutor(1, multiprocessing.get_context(_START_METHOD))
    except (OSError, ValueError):
        return _diff_here(pairs, options, deadline, tokenized, vocabulary)
    with executor:
        # Every chunk is offered to the worker, last first; this process takes them back from
        # the front while the worker has not started them, so both meet where they meet.
        # Wall-clock time crosses processes; a chunk may wait long in the worker's queue, and
        # must not start its own budget then.
        wall_deadline = None if deadline is None else time.time() + deadline - time.monotonic()
        futures: dict[int, Future[list[_PlainOps | None]]] = {}
        try:
            for index in range(len(chunks) - 1, -1, -1):
                futures[index] = executor.submit(_diff_plain, chunks[index], options, wall_deadline)
        except RuntimeError:  # the pool could not start
            futures.clear()
        for index in range(len(chunks)):
            future = futures.get(index)
            if future is not None and not future.cancel():
                break  # the worker has it (or had it): the rest is the worker's
            results[index] = _diff_here(chunks[index], options, deadline, token_chunks[index])
        for index, future in futures.items():
            if results[index] is None:
                results[index] = _collect(future, chunks[index], options, deadline)
    return [ops for chunk in results if chunk is not None for ops in chunk]


def _collect(
    future: Future[list[_PlainOps | None]],
    chunk: Sequence[Pair],
    options: DiffOptions,
    deadline: float | None,
) -> list[tuple[DiffOp, ...] | None]:
    try:
        plain = future.result()
    except Exception:  # a worker that died (killed, out of memory): do its share here
        return _diff_here(chunk, options, deadline)
    return [None if ops is None else tuple(DiffOp(*op) for op in ops) for ops in plain]


def chunk_bounds(pairs: Sequence[Pair], chars: int = _CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) index ranges of about ``chars`` characters each (what a worker is sent)."""
    bounds: list[tuple[int, int]] = []
    start = size = 0
    for index, (old, new) in enumerate(pairs):
        size += len(old) + len(new)
        if size >= chars:
            bounds.append((start, index + 1))
            start, size = index + 1, 0
    if start < len(pairs):
        bounds.append((start, len(pairs)))
    return bounds


def _diff_plain(
    pairs: Sequence[Pair], options: DiffOptions, wall_deadline: float | None
) -> list[_PlainOps | None]:
    """Runs in the worker: diffs as plain tuples, which cross processes faster than objects."""
    deadline = None if wall_deadline is None else time.monotonic() + wall_deadline - time.time()
    with cyclic_gc_paused():
        return [
            None if ops is None else tuple((op.kind, op.text, op.old_text) for op in ops)
            for ops in _diff_here(pairs, options, deadline)
        ]
