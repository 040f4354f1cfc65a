"""Comment benchmarks: re-anchoring 20,000 comments after a new version of a 1,000-principle
charter, and loading the 20,000 event files of those comments.

Run ``python -m bench.bench_comments [WORKDIR]``; the charter repository with its events is built
in WORKDIR on first use and reused after.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.generate import VOCABULARY
from bench.harness import Row, format_table, interleaved_ms, median_ms, process
from charter_app.core import comment_fold
from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import Charter, Participant, Principle, Role
from charter_app.diffing import diff_words
from charter_app.diffing.anchoring import make_selector
from charter_app.storage import event_cache
from charter_app.storage import events as events_store
from charter_app.storage.repository import CharterRepository

PRINCIPLES = 1_000
COMMENTS = 20_000
REPEAT = 5
PEOPLE = tuple(
    Participant(f"p-{n:06x}", f"Personne {n}", list(Role)[n % len(Role)]) for n in range(40)
)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    return "\n\n".join(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(3))


def _new_version(body: str, rng: random.Random) -> str:
    """A plausible amendment: a few words replaced, a sentence added, sometimes one removed."""
    words = body.split(" ")
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(VOCABULARY)
    paragraphs = " ".join(words).split("\n\n")
    target = rng.randrange(len(paragraphs))
    paragraphs[target] = paragraphs[target] + " " + _sentence(rng)
    if rng.random() < 0.3:
        sentences = paragraphs[0].split(". ")
        if len(sentences) > 1:
            del sentences[rng.randrange(len(sentences))]
            paragraphs[0] = ". ".join(sentences)
    return "\n\n".join(paragraphs)


def _charters(rng: random.Random) -> tuple[Charter, Charter]:
    old, new = [], []
    for number in range(1, PRINCIPLES + 1):
        body = _body(rng)
        principle = Principle(f"principe-{number}", str(number), f"Principe {number}", body)
        old.append(principle)
        new.append(principle.with_changes(body=_new_version(body, rng)))
    return (
        Charter("Charte de test", principles=tuple(old), participants=PEOPLE),
        Charter("Charte de test", principles=tuple(new), participants=PEOPLE),
    )


def _comment_events(charter: Charter, rng: random.Random) -> list[Event]:
    """COMMENTS passage comments (a run of 2-12 words each), spread over the principles."""
    events = []
    for index in range(COMMENTS):
        principle = charter.principles[index % len(charter.principles)]
        spans = [(m.start(), m.end()) for m in _words(principle.body)]
        first = rng.randrange(len(spans) - 2)
        last = min(len(spans) - 1, first + rng.randint(1, 11))
        selector = make_selector(principle.body, spans[first][0], spans[last][1])
        event = core.new_comment(
            charter,
            rng.choice(PEOPLE).id,
            principle.id,
            f"Commentaire {index}",
            passage=selector,
            commit="c0",
        )
        events.append(event)
    return events


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def _repository(workdir: Path, events: list[Event], charter: Charter) -> Path:
    path = workdir / f"charter-comments-{COMMENTS}"
    if (path / ".git").exists():
        return path
    with CharterRepository.create(path, Charter("Charte de test", participants=PEOPLE)) as repo:
        repo.record(events, PEOPLE[0].id, "20 000 commentaires")
    return path


def rows(workdir: Path) -> list[Row]:
    rng = random.Random(11)
    old, new = _charters(rng)
    events = _comment_events(old, rng)
    old_bodies = {p.id: p.body for p in old.principles}
    board = core.fold_comments(events)

    def reanchor_everything() -> dict[str, object]:
        return dict(core.anchor_threads(board.threads, new, lambda pid, c: old_bodies[pid]))

    anchors = core.anchor_threads(board.threads, new, lambda pid, c: old_bodies[pid])
    states = Counter(a.state for a in anchors.values() if a is not None)
    result = [
        Row(
            f"re-anchor {COMMENTS:,} comments, {PRINCIPLES:,} principles",
            median_ms(reanchor_everything, REPEAT),
            target_ms=2_000,
            peer="word diffs alone (same texts)",
            peer_median_ms=median_ms(
                lambda: [
                    diff_words(a.body, b.body)
                    for a, b in zip(old.principles, new.principles, strict=True)
                ],
                REPEAT,
            ),
            note=", ".join(f"{k} {v}" for k, v in sorted(states.items())),
        )
    ]

    path = _repository(workdir, events, old)
    blobs = subprocess.run(
        ["git", "ls-tree", "-r", "--format=%(objectname)", "HEAD", "events"],
        cwd=path,
        capture_output=True,
        check=True,
    ).stdout

    def cat_file() -> None:
        subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=path,
            input=blobs,
            stdout=subprocess.DEVNULL,
            check=True,
        )

    with CharterRepository.open(path) as repository:
        result += _event_rows(repository, workdir, cat_file)
        files = sorted(path.glob("events/*/*.yaml"))
        start = time.perf_counter()
        contents = [(f, f.read_bytes()) for f in files]
        read_s = time.perf_counter() - start
        result.append(
            Row(
                "  of which: parse the event YAML files",
                median_ms(
                    lambda: [events_store.parse_event(data, str(f)) for f, data in contents], REPEAT
                ),
                note=f"reading the {len(files):,} files alone: {read_s * 1000:.0f} ms",
            )
        )
    return result


_FOLD_IN_A_NEW_PROCESS = """
import sys
from charter_app.core.comments import fold_comments
from charter_app.storage.repository import CharterRepository
with CharterRepository.open(sys.argv[1]) as repository:
    fold_comments(repository.events())
"""
"""What a new process does to show a charter's comments: open it, read its events, fold them."""


def _event_rows(
    repository: CharterRepository, workdir: Path, peer: Callable[[], None]
) -> list[Row]:
    """Load + fold the events: cold (no parsed-event index: the first open ever), in a new
    process with nothing changed since the last open (the index on disk, nothing in memory:
    timed as a whole process, interpreter and imports included, in turns with the peer), and
    again in the same process (the phone companion's next page)."""
    home = workdir / "home"
    previous = os.environ.get("CHARTER_STUDIO_HOME")
    os.environ["CHARTER_STUDIO_HOME"] = str(home)

    def cold() -> object:
        shutil.rmtree(home / "cache" / "events", ignore_errors=True)
        event_cache._INDEXES.clear()  # nothing parsed in memory either
        comment_fold._last_fold = None  # and no earlier fold
        return core.fold_comments(repository.events())

    new_process = process(
        [sys.executable, "-c", _FOLD_IN_A_NEW_PROCESS, str(repository.path)],
        env=os.environ | {"CHARTER_STUDIO_HOME": str(home)},
    )
    try:
        cold_ms = interleaved_ms({"ours": cold, "peer": peer}, REPEAT, warmup=0)
        new_process()  # writes the index
        warm_ms = interleaved_ms({"ours": new_process, "peer": peer}, REPEAT)
        core.fold_comments(repository.events())
        again_ms = interleaved_ms(
            {"ours": lambda: core.fold_comments(repository.events()), "peer": peer}, REPEAT
        )
    finally:
        if previous is None:
            os.environ.pop("CHARTER_STUDIO_HOME", None)
        else:
            os.environ["CHARTER_STUDIO_HOME"] = previous
    peer_name = "git cat-file --batch (same blobs)"
    return [
        Row(
            f"load + fold {COMMENTS:,} comment events, cold",
            cold_ms["ours"],
            1_000,
            peer_name,
            cold_ms["peer"],
            "no parsed-event index",
        ),
        Row(
            f"load + fold {COMMENTS:,} events, new process, nothing changed",
            warm_ms["ours"],
            200,
            peer_name,
            warm_ms["peer"],
            "whole process; index on disk, none in memory",
        ),
        Row(
            f"load + fold {COMMENTS:,} events, again in the same process",
            again_ms["ours"],
            200,
            peer_name,
            again_ms["peer"],
        ),
    ]


def main() -> None:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bench-"))
    print(format_table(rows(workdir)))


if __name__ == "__main__":
    main()
