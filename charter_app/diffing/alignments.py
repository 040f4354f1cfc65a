"""Aligning many texts at once (a whole charter's principles), in a second process when it pays.

Each text is aligned exactly as :func:`~charter_app.diffing.paragraphs.align_paragraphs`
aligns it alone, with its own time budget; only the time changes. This process takes chunks
of texts from the front while one worker process takes them from the back (the scheme of
``batch``), so both finish together whatever the texts cost. A pool that cannot start (frozen
app, sandbox) or a worker that dies leaves the work to this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from charter_app.diffing.batch import chunk_bounds
from charter_app.diffing.nogc import cyclic_gc_paused
from charter_app.diffing.ops import DiffOp
from charter_app.diffing.paragraphs import (
    DEFAULT_BUDGET_S,
    AlignedRow,
    Alignment,
    align_paragraphs,
    degraded_notice,
)
from charter_app.diffing.tokens import EXACT, DiffOptions

PARALLEL_MIN_CHARS = 300_000
"""Text (old and new, in characters) from which a second process pays for aligning many texts.
Measured on a 2-core machine with the 1,000 changed principles of the benchmark charter (about
1.4 million characters): the worker (a fresh interpreter importing this package, about 0.15 s)
takes half of 1.6 s of alignment. Below a few hundred thousand characters its start costs more
than it saves."""

_CHUNK_CHARS = 40_000
_START_METHOD = "spawn"  # safe in a process that runs threads (the Qt application does)

Pair = tuple[str, str]
_PlainRow = tuple[str, "str | None", "str | None", tuple[tuple[str, str, "str | None"], ...]]
_PlainAlignment = tuple[tuple[_PlainRow, ...], bool]


def align_many(
    pairs: Sequence[Pair],
    options: DiffOptions = EXACT,
    budget_s: float | None = DEFAULT_BUDGET_S,
    done: Callable[[int], None] | None = None,
) -> list[Alignment]:
    """``align_paragraphs(old, new, options, budget_s)`` for each ``(old, new)``, in order.
    ``done``, if given, is told how many texts are aligned as the work goes."""
    size = sum(len(old) + len(new) for old, new in pairs)
    report = done or (lambda count: None)
    if size < PARALLEL_MIN_CHARS or len(pairs) < 2 or (os.cpu_count() or 1) < 2:
        aligned: list[Alignment] = []
        for start, end in chunk_bounds(pairs, _CHUNK_CHARS):
            aligned += _align_here(pairs[start:end], options, budget_s)
            report(len(aligned))
        return aligned
    return _align_shared(pairs, options, budget_s, report)


def _align_here(
    pairs: Sequence[Pair], options: DiffOptions, budget_s: float | None
) -> list[Alignment]:
    return [align_paragraphs(old, new, options, budget_s) for old, new in pairs]


def _align_shared(
    pairs: Sequence[Pair],
    options: DiffOptions,
    budget_s: float | None,
    report: Callable[[int], None],
) -> list[Alignment]:
    bounds = chunk_bounds(pairs, _CHUNK_CHARS)
    chunks = [pairs[start:end] for start, end in bounds]
    results: list[list[Alignment] | None] = [None] * len(chunks)
    try:
        executor = ProcessPoolExecutor(1, multiprocessing.get_context(_START_METHOD))
    except (OSError, ValueError):
        return _align_here(pairs, options, budget_s)
    with executor:
        futures: dict[int, Future[list[_PlainAlignment]]] = {}
        try:
            for index in range(len(chunks) - 1, -1, -1):
                futures[index] = executor.submit(_align_plain, chunks[index], options, budget_s)
        except RuntimeError:  # the pool could not start
            futures.clear()
        count = 0
        for index in range(len(chunks)):
            future = futures.get(index)
            if future is not None and not future.cancel():
                break  # the worker has it (or had it): the rest is the worker's
            results[index] = _align_here(chunks[index], options, budget_s)
            count += len(chunks[index])
            report(count)
        for index, future in sorted(futures.items(), reverse=True):
            if results[index] is None:
                results[index] = _collect(future, chunks[index], options, budget_s)
                count += len(chunks[index])
                report(count)
    return [alignment for chunk in results if chunk is not None for alignment in chunk]


def _collect(
    future: Future[list[_PlainAlignment]],
    chunk: Sequence[Pair],
    options: DiffOptions,
    budget_s: float | None,
) -> list[Alignment]:
    try:
        plain = future.result()
    except Exception:  # a worker that died (killed, out of memory): do its share here
        return _align_here(chunk, options, budget_s)
    notice = degraded_notice()
    with cyclic_gc_paused():
        return [
            Alignment(
                tuple(
                    AlignedRow(kind, old, new, tuple(DiffOp(*op) for op in ops))  # type: ignore[arg-type]
                    for kind, old, new, ops in rows
                ),
                degraded,
                notice if degraded else "",
            )
            for rows, degraded in plain
        ]


def _align_plain(
    pairs: Sequence[Pair], options: DiffOptions, budget_s: float | None
) -> list[_PlainAlignment]:
    """Runs in the worker: alignments as plain tuples, which cross processes faster."""
    with cyclic_gc_paused():
        return [
            (
                tuple(
                    (
                        row.kind,
                        row.old,
                        row.new,
                        tuple((op.kind, op.text, op.old_text) for op in row.ops),
                    )
                    for row in alignment.rows
                ),
                alignment.degraded,
            )
            for alignment in _align_here(pairs, options, budget_s)
        ]
