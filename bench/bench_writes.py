"""Writes through the application layer: one write's cost next to ``git commit``, a crowd of
writers, and the desktop's event loop while a council adopts 20 amendments in one step.

The adoption is measured in a fresh process (``python -m bench.bench_writes --probe ...``) with
the real window and a 5 ms heartbeat: its longest gap is the longest the window stalled.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.harness import Row, median_ms

BATCH = 20


def _big(workdir: Path) -> Path:
    folder = workdir / "big"
    if not (folder / "charter.yaml").is_file():
        from bench.generate import generate

        generate(folder)
    return folder


def _with_amendments(big: Path, workdir: Path) -> tuple[Path, str, list[str]]:
    """A copy of the big charter with ``BATCH`` registered amendments on different principles."""
    from charter_app.application.amendments import file_amendment
    from charter_app.application.session import Session

    copy = workdir / "council"
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(big), str(copy)], check=True)
    with Session.open(copy) as session:
        charter = session.repository.load()
        clerk = charter.participants[0].id
        numbers = []
        for principle in charter.principles[5 : 5 + BATCH]:
            written = file_amendment(
                session, clerk, "modify", principle.id,
                rationale="Plus précis", body=principle.body + "\n\nUne phrase de plus.",
            )  # fmt: skip
            numbers.append(written.value.label)
    return copy, clerk, numbers


def _one_write(workdir: Path) -> tuple[float, float]:
    """(our comment through the application layer, git commit of one file), in ms."""
    from charter_app.application.comments import comment
    from charter_app.application.session import Session
    from charter_app.storage.templates import create_from_template, default_example

    folder = workdir / "one"
    shutil.rmtree(folder, ignore_errors=True)
    create_from_template(folder, default_example()).close()
    session = Session.open(folder)
    author = session.repository.load().participants[0].id
    ours = median_ms(lambda: comment(session, author, "1", "Un avis."), repeat=15)
    session.close()
    counter = [0]
    env = os.environ | {
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@b",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@b",
    }

    def git_commit() -> None:
        counter[0] += 1
        path = folder / "events" / f"peer-{counter[0]}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"text: {counter[0]}\n", encoding="utf-8")
        subprocess.run(["git", "-C", str(folder), "add", str(path)], check=True, env=env)
        subprocess.run(
            ["git", "-C", str(folder), "commit", "-q", "-m", "peer"], check=True, env=env
        )

    peer = median_ms(git_commit, repeat=15)
    return ours, peer


def _crowd(workdir: Path) -> tuple[float, int]:
    """4 threads writing 50 comments each at once: total ms, commits made."""
    from charter_app.application.comments import comment
    from charter_app.application.session import Session
    from charter_app.storage.templates import create_from_template, default_example

    folder = workdir / "crowd"
    shutil.rmtree(folder, ignore_errors=True)
    create_from_template(folder, default_example()).close()

    def writer(number: int) -> None:
        with Session.open(folder) as session:
            author = session.repository.load().participants[number].id
            for index in range(50):
                comment(session, author, "1", f"Avis {number}-{index}.")

    started = time.perf_counter()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = (time.perf_counter() - started) * 1000
    count = subprocess.run(
        ["git", "-C", str(folder), "rev-list", "--count", "HEAD"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return elapsed, int(count) - 1


def rows(workdir: Path) -> list[Row]:
    ours, peer = _one_write(workdir)
    crowd_ms, commits = _crowd(workdir)
    copy, clerk, numbers = _with_amendments(_big(workdir), workdir)
    home = Path(tempfile.mkdtemp(prefix="bench-writes-home-"))
    probe = [sys.executable, "-m", "bench.bench_writes", "--probe", str(copy), clerk]
    output = subprocess.run(
        [*probe, ",".join(numbers)],
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen", "CHARTER_STUDIO_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    return [
        Row(
            "writes: one comment, application layer (in process)",
            ours,
            None,
            "git add + commit",
            peer,
        ),  # fmt: skip
        Row(
            "writes: 4 threads x 50 comments at once",
            crowd_ms,
            None,
            note=f"{commits} commits, {crowd_ms / max(commits, 1):.0f} ms each",
        ),
        Row(
            "writes: longest stall, adopting 20 amendments (1,000)",
            figures["stall_ms"],
            100,
            note=f"the adoption took {figures['adopt_ms']:.0f} ms, off the UI thread",
        ),
    ]


# -- the probe, run in a fresh process ----------------------------------------------------------


def _run_probe(folder: Path, clerk: str, numbers: list[str]) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from charter_app.application import council
    from charter_app.core.decisions import Outcome, make_decision
    from charter_app.ui.app import create_window, parse_arguments

    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments([str(folder)]), app)
    window.show()

    def wait(condition, timeout_s: float = 300.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError
            app.processEvents()
            time.sleep(0.001)

    wait(lambda: window.document is not None and window.features_loaded)
    wait(lambda: not window.history.busy)
    clock = QElapsedTimer()
    gaps: list[float] = []
    last = [0.0]

    def tick() -> None:
        now = clock.nsecsElapsed() / 1e6
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(tick)
    decision = make_decision(Outcome.ADOPTED, None, "Délibération", None)
    selection = [(number, decision) for number in numbers]
    done: list[object] = []
    clock.start()
    heartbeat.start()
    started = time.perf_counter()
    window.operations.run(
        lambda session: council.adopt(session, clerk, selection), done.append, "",
        lambda error: done.append(error),
    )  # fmt: skip
    wait(lambda: bool(done))
    adopt_ms = (time.perf_counter() - started) * 1000
    for _ in range(20):  # the window takes in what changed: measured too
        app.processEvents()
        time.sleep(0.005)
    heartbeat.stop()
    if isinstance(done[0], BaseException):
        raise done[0]
    return {"stall_ms": max(gaps[1:] or [0.0]), "adopt_ms": adopt_ms}


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--probe":
        figures = _run_probe(Path(sys.argv[2]), sys.argv[3], sys.argv[4].split(","))
        print(json.dumps(figures), flush=True)
        os._exit(0)
    from bench.harness import format_table

    with tempfile.TemporaryDirectory() as temporary:
        print(format_table(rows(Path(temporary))))
