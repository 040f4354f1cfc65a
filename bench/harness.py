"""Timing helpers shared by the benchmark modules: medians of repeated runs, the result table."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One measured operation, next to the peer that does the same job (git, pandoc...)."""

    operation: str
    median_ms: float
    target_ms: float | None = None
    peer: str = ""
    peer_median_ms: float | None = None
    note: str = ""
    unit: str = "ms"
    """What ``median_ms`` counts: milliseconds, or MB, or a plain ratio ("x")."""

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


def interleaved_ms(
    runs: Mapping[str, Callable[[], object]], repeat: int = 7, warmup: int = 1
) -> dict[str, float]:
    """Median wall time of each of ``runs`` in milliseconds, taken in turns (one of each per
    round), so that a busy moment of the machine weighs on all of them alike."""
    for _ in range(warmup):
        for action in runs.values():
            action()
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, action in runs.items():
            start = time.perf_counter()
            action()
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(times) for name, times in samples.items()}


def process(
    argv: Sequence[str], cwd: str | Path | None = None, env: Mapping[str, str] | None = None
) -> Callable[[], None]:
    """A whole process to time: ``argv`` run to its end, output discarded, failure raised."""

    def run() -> None:
        subprocess.run(
            list(argv),
            cwd=cwd,
            env=None if env is None else dict(env),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=True,
        )

    return run


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
            f"{row.operation:<52} {row.median_ms:>8.1f}{row.unit:<2} {target:>6}{verdict:<3} "
            f"{row.peer:<28} {peer_ms:>10} {ratio:>6}" + (f"  ({row.note})" if row.note else "")
        )
    return "\n".join(lines)
