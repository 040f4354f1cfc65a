"""States of 2,000 amendments on a generated 1,000-principle charter (target: 2 s).

Amendments are written against random commits of the history, each changing a few words of its
principle as it was then, so most of them need a real 3-way merge against today's text. Run
``python -m bench.bench_amendments [WORKDIR]``.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.generate import generate
from bench.harness import Row, format_table, median_ms
from charter_app.core.amendment_state import REGISTER, Ledger, fold
from charter_app.core.amendments import Amendment, AmendmentKind, new_amendment_id
from charter_app.core.events import Event
from charter_app.storage import events as events_store
from charter_app.storage.amendments import AmendmentBook, amendment_path, serialise_amendment
from charter_app.storage.repository import CharterRepository

PRINCIPLES = 1000
COMMITS = 4000
AMENDMENTS = 2000
TARGET_MS = 2000.0
WORKSHOPS = 40


def _write_amendments(
    repository: CharterRepository, count: int, shas: list[str], label: str, first: int, seed: int
) -> None:
    """``count`` registered amendments written on ``shas``, on disk (committed by the caller)."""
    rng = random.Random(seed)
    charter = repository.load()
    author = charter.participants[0].id
    book = AmendmentBook(repository)
    wanted = [(rng.choice(shas), rng.choice(charter.principles).id) for _ in range(count)]
    book.base_texts.prefetch(wanted)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for number, (sha, principle_id) in enumerate(wanted, start=first):
        base = book.base_texts(sha, principle_id)
        assert base is not None
        paragraphs = base.body.split("\n")
        line = rng.randrange(0, len(paragraphs), 2)
        words = paragraphs[line].split(" ")
        words[rng.randrange(len(words))] = rng.choice(("commune", "habitants", "libre"))
        paragraphs[line] = " ".join(words)
        amendment = Amendment(
            new_amendment_id(), AmendmentKind.MODIFY, principle_id, sha, author,
            label, start + timedelta(minutes=number), body="\n".join(paragraphs),
        )  # fmt: skip
        path = repository.path / amendment_path(amendment.id)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(serialise_amendment(amendment))
        event = Event(
            f"e-{rng.getrandbits(64):016x}", REGISTER, start + timedelta(minutes=number), author,
            {"target": amendment.id, "number": f"A-{number}"},
        )  # fmt: skip
        event_file = repository.path / events_store.event_path(event)
        event_file.parent.mkdir(parents=True, exist_ok=True)
        event_file.write_bytes(events_store.serialise_event(event))


def _commit_all(repository: CharterRepository) -> None:
    git = ["git", "-c", "core.hooksPath=/dev/null", "-C", str(repository.path)]
    subprocess.run([*git, "add", "amendments", "events"], check=True)
    subprocess.run(
        [*git, "-c", "user.name=bench", "-c", "user.email=b@bench.invalid", "commit", "-qm", "a"],
        check=True,
    )


def _ledger_of(book: AmendmentBook, label: str) -> Ledger:
    return fold([a for a in book.amendments() if a.rationale == label], book.repository.events())


def rows(workdir: Path) -> list[Row]:
    path = workdir / "amendments-charter"
    generate(path, PRINCIPLES, COMMITS)
    with CharterRepository.open(path) as repository:
        history = [r.sha for r in repository.history()]
        # Realistic: amendments written during 40 workshops, each on the text of its day.
        workshops = history[:: len(history) // WORKSHOPS][:WORKSHOPS]
        _write_amendments(repository, AMENDMENTS, workshops, "workshop", 1, seed=7)
        # Worst case: every amendment on a different random commit of the whole history.
        _write_amendments(repository, AMENDMENTS, history, "scattered", AMENDMENTS + 1, seed=8)
        _commit_all(repository)
        charter = repository.load()
        book = AmendmentBook(repository)
        result = []
        for label, target in (("workshop", TARGET_MS), ("scattered", None)):
            ledger = _ledger_of(book, label)
            counts: dict[str, int] = {}
            for assessment in AmendmentBook(repository).states(charter, ledger).values():
                counts[assessment.state.value] = counts.get(assessment.state.value, 0) + 1
            bases = len({r.amendment.base for r in ledger.records})

            def cold(ledger: Ledger = ledger) -> None:
                AmendmentBook(repository).states(charter, ledger)  # a new base-text cache

            warm_book = AmendmentBook(repository)
            warm_book.states(charter, ledger)
            result += [
                Row(
                    f"states of {AMENDMENTS} amendments on {bases} base commits",
                    median_ms(cold, repeat=3),
                    target,
                    note=", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
                ),
                Row(
                    "  same, base texts already cached",
                    median_ms(lambda b=warm_book, led=ledger: b.states(charter, led), repeat=3),
                    target,
                ),
            ]
        result.append(
            Row(
                f"read and fold {2 * AMENDMENTS} amendment files + events",
                median_ms(book.ledger, repeat=3),
            )
        )
        return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args:
        print(format_table(rows(Path(args[0]))))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        print(format_table(rows(Path(folder))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
