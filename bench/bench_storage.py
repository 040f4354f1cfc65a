"""Storage benchmarks: saving a principle and reading history, next to the plain git command line.

Run ``python -m bench.bench_storage [WORKDIR]``; the synthetic charter (1,000 principles,
10,000 commits, see bench/generate.py) is built in WORKDIR on first use and reused after.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.charters import generated
from bench.generate import generate
from bench.harness import Row, format_table, median_ms
from charter_app.core.revision import Signature
from charter_app.storage.git import GitRepository
from charter_app.storage.gitlog import LOG_FORMAT
from charter_app.storage.history_index import HistoryIndex
from charter_app.storage.repository import CharterRepository

REPEAT = 11
SAMPLE_PRINCIPLES = 12


def _charter(workdir: Path) -> Path:
    path = workdir / "charter-1000x10000"
    if not (path / ".git").exists():
        generate(path)
    return path


def _git(path: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", *args],
        cwd=path,
        stdout=subprocess.DEVNULL,
        check=True,
        env=os.environ | {"GIT_CONFIG_NOSYSTEM": "1"},
    )


def _edited(path: Path, counter: list[int]) -> bytes:
    counter[0] += 1
    return path.read_bytes().rstrip(b"\n") + f" modifié {counter[0]}\n".encode()


def rows(workdir: Path) -> list[Row]:
    charter = _charter(workdir)
    rng = random.Random(7)
    principles = sorted(p.name for p in (charter / "principles").iterdir())
    sample = [f"principles/{name}" for name in rng.sample(principles, SAMPLE_PRINCIPLES)]
    author = Signature.for_participant("p-b3e1c0")
    result: list[Row] = []
    with GitRepository.open(charter) as repository:
        # Saving one principle: ours (atomic write + plumbing) vs `git commit -- path`.
        counter = [0]
        ours_target, peer_target = sample[0], sample[1]
        ours = median_ms(
            lambda: repository.commit_files(
                {ours_target: _edited(charter / ours_target, counter)},
                "Modifie un principe",
                author,
                [("Charter-Principle", ours_target)],
            ),
            REPEAT,
        )

        def peer_commit() -> None:
            (charter / peer_target).write_bytes(_edited(charter / peer_target, counter))
            _git(
                charter, "-c", "user.name=p", "-c", "user.email=p@x", "commit", "-q",
                "--no-verify", "-m", "Modifie un principe", "--", peer_target,
            )  # fmt: skip

        peer = median_ms(peer_commit, REPEAT)
        result.append(
            Row(
                "commit one changed principle (1k files, 10k commits)",
                ours,
                30.0,
                "write + git commit -- path",
                peer,
            )  # fmt: skip
        )
        repository.update_commit_graph()

        # Full history.
        log_argv = ["log", "-z", LOG_FORMAT, "HEAD"]
        peer = median_ms(lambda: _git(charter, *log_argv), REPEAT)
        ours = median_ms(repository.log, REPEAT)
        result.append(
            Row(
                "full history (10k commits, parsed)",
                ours,
                1.5 * peer,
                "git log -z --format=<same>",
                peer,
                "target: 1.5 x peer",
            )  # fmt: skip
        )

        # History of one principle (mean over a sample of principles).
        def ours_each() -> None:
            for path in sample:
                repository.log([path])

        def peer_each() -> None:
            for path in sample:
                _git(charter, "log", "--", path)

        ours = median_ms(ours_each, 5) / len(sample)
        peer = median_ms(peer_each, 5) / len(sample)
        result.append(
            Row("history of one principle (mean of 12)", ours, 25.0, "git log -- path", peer)
        )

        # The same through the in-memory index the app builds when a charter opens.
        index = HistoryIndex(repository)
        build = median_ms(lambda: HistoryIndex(repository).refresh(), 3, warmup=0)
        index.refresh()

        def indexed_each() -> None:
            for path in sample:
                index.history(path)

        ours = median_ms(indexed_each, REPEAT) / len(sample)
        result.append(Row("history of one principle, indexed", ours, 25.0, "git log -- path", peer))
        result.append(
            Row(
                "build the history index (once, off the UI thread)",
                build,
                None,
                "git log -z --format=<same>",
                median_ms(lambda: _git(charter, *log_argv), 3),
            )  # fmt: skip
        )

        # The charter's current state, parsed: what opening it costs.
        ours = median_ms(lambda: CharterRepository(repository).load(), REPEAT)
        peer = median_ms(lambda: _git(charter, "ls-files", "-s"), REPEAT)
        result.append(
            Row("load the charter (1,000 principles, parsed)", ours, 200.0, "git ls-files -s", peer)
        )

        # All principles at HEAD, in one cat-file stream.
        ours = median_ms(lambda: repository.read_tree("HEAD", "principles"), REPEAT)
        peer = median_ms(
            lambda: _git(charter, "archive", "--format=tar", "HEAD", "principles"), REPEAT
        )
        result.append(
            Row(
                "read all 1,000 principles at HEAD", ours, None, "git archive HEAD principles", peer
            )  # fmt: skip
        )
    return result + _growth_rows(workdir)


def _growth_rows(workdir: Path) -> list[Row]:
    """Loading and reading the whole history at 1,000 and 5,000 principles (10 commits each):
    linear growth means 5x for 5x the data (target: 5.5x)."""
    figures: dict[int, tuple[float, float]] = {}
    result: list[Row] = []
    for size in (1000, 5000):
        with GitRepository.open(generated(workdir, size)) as repository:
            charter = CharterRepository(repository)
            load = median_ms(charter.load, 5)
            history = median_ms(repository.log, 5)
        figures[size] = (load, history)
        result += [
            Row(f"load the charter ({size:,} principles)", load, 200.0 if size == 1000 else None),
            Row(f"full history ({size * 10:,} commits, parsed)", history),
        ]
    (load_1k, history_1k), (load_5k, history_5k) = figures[1000], figures[5000]
    return result + [
        Row("  growth 5,000 / 1,000: load", load_5k / load_1k, 5.5, unit="x"),
        Row("  growth 5,000 / 1,000: full history", history_5k / history_1k, 5.5, unit="x"),
    ]


def main() -> int:
    if len(sys.argv) > 1:
        workdir = Path(sys.argv[1])
        workdir.mkdir(parents=True, exist_ok=True)
        print(format_table(rows(workdir)))
        return 0
    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(Path(temporary))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
