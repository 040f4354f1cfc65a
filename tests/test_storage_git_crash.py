"""Killing the app while it saves never breaks the charter: files whole, git consistent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from charter_app.core.revision import Signature
from charter_app.storage.git import GitRepository
from charter_app.storage.interrupted import finish_interrupted_write, remove_half_written

GitCli = Callable[..., str]
LINES = 5000

_SAVER = """
import sys
from pathlib import Path
from charter_app.core.revision import Signature
from charter_app.storage.git import GitRepository
repository = GitRepository.open(Path(sys.argv[1]))
author = Signature.for_participant("p-3f9a1c")
start = int(sys.argv[2])
print("ready", flush=True)
for number in range(start, start + 1000):
    text = (f"version {number}\\n" * LINES).encode()
    repository.commit_files({"principles/a.md": text}, f"Version {number}", author,
                            [("Charter-Principle", "a")])
""".replace("LINES", str(LINES))


def _version(data: bytes) -> int:
    lines = data.decode().splitlines()
    assert len(lines) == LINES and len(set(lines)) == 1, "a half-written file"
    return int(lines[0].split()[1])


def test_sigkill_while_committing(tmp_git_repo: Path, git_cli: GitCli) -> None:
    author = Signature.for_participant("p-3f9a1c")
    repository = GitRepository.open(tmp_git_repo)
    repository.commit_files({"principles/a.md": b"version 0\n" * LINES}, "Version 0", author)
    rng = random.Random(5)
    next_number = 1
    recovered_locks = 0
    for _iteration in range(40):
        saver = subprocess.Popen(
            [sys.executable, "-c", _SAVER, str(tmp_git_repo), str(next_number)],
            stdout=subprocess.PIPE,
            start_new_session=True,  # its own process group: git children die with it
        )
        assert saver.stdout is not None
        assert saver.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, 0.12))
        os.killpg(saver.pid, signal.SIGKILL)
        saver.wait()
        saver.stdout.close()
        next_number += 1000

        on_disk = _version((tmp_git_repo / "principles" / "a.md").read_bytes())
        git_cli(tmp_git_repo, "fsck", "--no-dangling", "--no-progress")
        for lock in (tmp_git_repo / ".git").rglob("*.lock"):
            recovered_locks += 1
            old = time.time() - 60
            os.utime(lock, (old, old))  # the next session starts later than the crash
        reopened = GitRepository.open(tmp_git_repo)
        committed = _version(reopened.read_file("HEAD", "principles/a.md"))
        # The commit comes before the file: the folder is never ahead of the history, and a
        # save cut between the two is finished when the charter is next written.
        assert on_disk <= committed
        remove_half_written(reopened)
        finished = finish_interrupted_write(reopened)
        assert finished == ([] if on_disk == committed else ["principles/a.md"])
        assert _version((tmp_git_repo / "principles" / "a.md").read_bytes()) == committed
        assert not git_cli(tmp_git_repo, "status", "--porcelain")
        reopened.commit_files(
            {"principles/a.md": f"version {next_number}\n".encode() * LINES},
            "Après le crash",
            author,
        )
        assert _version(reopened.read_file("HEAD", "principles/a.md")) == next_number
        assert reopened.log(["principles/a.md"], max_count=1)[0].subject == "Après le crash"
        next_number += 1
    git_cli(tmp_git_repo, "fsck", "--strict", "--no-dangling", "--no-progress")
    assert not list((tmp_git_repo / ".git").rglob("*.lock"))
    print(f"stale lock files recovered: {recovered_locks}")
