"""Timing helpers shared by the benchmark modules: medians of repeated runs, the result table."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measured operation, next to the peer that does the same job (git, pandoc...)."""

    operation: str
    median_ms: float
    target_ms: float | None = None
    peer: str = ""
    peer_median_ms: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.peer_median_ms:
            return self.median_ms / self.peer_median_ms
        return None

    @property
    def meets_target(self) -> bool | None:
        return None if self.target_ms is None else self.median_ms <= self.target_ms


def median_ms(action: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of ``action`` in milliseconds, after ``warmup`` unmeasured runs."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def command_ms(argv: Sequence[str], repeat: int = 5, cwd: str | None = None) -> float:
    """Median wall time of an external command (the peer), output discarded."""
    return median_ms(
        lambda: subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, check=True), repeat
    )


def format_table(rows: Sequence[Row]) -> str:
    header = (
        f"{'operation':<52} {'median':>10} {'target':>9} {'peer':<28} {'peer med':>10} {'ratio':>6}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        target = f"{row.target_ms:.0f}" if row.target_ms is not None else ""
        verdict = {True: " ok", False: " MISS", None: ""}[row.meets_target]
        peer_ms = f"{row.peer_median_ms:.1f}" if row.peer_median_ms is not None else ""
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        lines.append(
            f"{row.operation:<52} {row.median_ms:>8.1f}ms {target:>6}{verdict:<3} "
            f"{row.peer:<28} {peer_ms:>10} {ratio:>6}" + (f"  ({row.note})" if row.note else "")
        )
    return "\n".join(lines)
