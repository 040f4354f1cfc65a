"""The right to be forgotten on the big charter (1,000 principles, 10,000 commits, made the way
older versions wrote charters: ``participants.yaml`` in the history).

- opening it the first time moves the names out of the history (one commit);
- erasing a participant replaces the registry and forgets what held the name
  (``git gc --prune=now`` inside): next to ``git gc --prune=now`` alone;
- rewriting the 10,000 commits without the names: next to ``git fast-export | git fast-import``
  of the same history into an empty repository (the same amount of writing, with no decision).

Each measurement runs once on a fresh copy (each changes the charter it runs on).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from bench.harness import Row


def _big(workdir: Path) -> Path:
    folder = workdir / "big"
    if not (folder / "charter.yaml").is_file():
        from bench.generate import generate

        generate(folder)
    return folder


def _copy(big: Path, workdir: Path, name: str) -> Path:
    copy = workdir / name
    shutil.rmtree(copy, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(big), str(copy)], check=True)
    return copy


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def rows(workdir: Path) -> list[Row]:
    from charter_app.application.participants import erase_participant
    from charter_app.application.privacy import rewrite_history
    from charter_app.application.session import Session

    big = _big(workdir)
    copy = _copy(big, workdir, "privacy")
    opening = _timed(lambda: Session.open(copy).close())  # moves the names out, once
    again = _timed(lambda: Session.open(copy).close())
    with Session.open(copy) as session:
        people = session.repository.load().participants
        facilitator = next(p.id for p in people if p.role.value == "staff")
        gone = next(p.id for p in people if p.id != facilitator)
        erasing = _timed(lambda: erase_participant(session, facilitator, gone))
    peer_copy = _copy(big, workdir, "privacy-peer")
    gc = _timed(
        lambda: subprocess.run(["git", "-C", str(peer_copy), "gc", "--prune=now", "-q"], check=True)
    )
    with Session.open(copy) as session:
        rewriting = _timed(lambda: rewrite_history(session, facilitator))
    target = workdir / "privacy-export"
    shutil.rmtree(target, ignore_errors=True)
    subprocess.run(["git", "init", "-q", str(target)], check=True)

    def export_import() -> None:
        exported = subprocess.Popen(
            ["git", "-C", str(peer_copy), "fast-export", "main"], stdout=subprocess.PIPE
        )
        subprocess.run(
            ["git", "-C", str(target), "fast-import", "--quiet"], stdin=exported.stdout, check=True
        )
        exported.wait()

    round_trip = _timed(export_import)
    return [
        Row("privacy: first opening moves names out (10,000 commits)", opening, None,
            "opening again", again),
        Row("privacy: erase a participant, forgetting included", erasing, None,
            "git gc --prune=now", gc),
        Row("privacy: rewrite 10,000 commits without names", rewriting, None,
            "git fast-export | fast-import", round_trip),
    ]  # fmt: skip
