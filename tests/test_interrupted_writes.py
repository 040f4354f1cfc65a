"""A record exists when its commit exists: a write cut short leaves nothing listed that was not
recorded, a recorded one is finished at the next write, and a stray record file is kept aside
with a message, never listed and never lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from charter_app.application import comments
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.storage.templates import create_from_template, default_example

GitCli = Callable[..., str]


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    path = tmp_path / "charter"
    create_from_template(path, default_example()).close()
    return path


def committed_comments(git_cli: GitCli, path: Path) -> int:
    """Comment events the last commit holds."""
    listing = git_cli(path, "ls-tree", "-r", "--name-only", "HEAD", "--", "events")
    count = 0
    for name in listing.split():
        text = git_cli(path, "show", f"HEAD:{name}")
        count += "type: comment" in text
    return count


def listed_comments(path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    assert main(["-C", str(path), "comments", "--json"]) == 0
    return len(json.loads(capsys.readouterr().out)["threads"])


def test_a_stray_record_file_is_kept_aside_and_not_listed(
    charter: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    stray = charter / "events" / "2026" / "e-0123456789abcdef.yaml"
    stray.parent.mkdir(parents=True)
    stray.write_text(
        "id: e-0123456789abcdef\ntype: comment\nat: '2026-11-14T18:00:00+01:00'\n"
        "by: p-cbb40a\nabout: principle\ntarget: souverainete-numerique\ntext: Jamais validé\n",
        encoding="utf-8",
    )
    with Session.open(charter) as session:
        assert any("kept aside" in notice for notice in session.notices)
        author = session.repository.load().participants[0].id
        comments.comment(session, author, "1", "Enregistré.")
    assert not stray.exists()
    kept = list((charter / "set-aside").rglob("e-0123456789abcdef.yaml"))
    assert len(kept) == 1 and "Jamais validé" in kept[0].read_text(encoding="utf-8")
    assert "never recorded" in (kept[0].parents[2] / "reasons.txt").read_text(encoding="utf-8")
    assert listed_comments(charter, capsys) == 1
    assert git_cli(charter, "status", "--porcelain") == ""


_COMMENTER = """
import sys
from pathlib import Path
from charter_app.application import comments
from charter_app.application.session import Session
with Session.open(Path(sys.argv[1])) as session:
    author = session.repository.load().participants[0].id
    print("ready", flush=True)
    for number in range(1000):
        comments.comment(session, author, "1", f"Avis {number}.")
"""


def test_killed_while_recording_comments_lists_only_what_was_recorded(
    charter: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    rng = random.Random(7)
    for _round in range(12):
        writer = subprocess.Popen(
            [sys.executable, "-c", _COMMENTER, str(charter)],
            stdout=subprocess.PIPE,
            start_new_session=True,  # its own process group: git children die with it
        )
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.05, 0.6))
        os.killpg(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        for lock in (charter / ".git").rglob("*.lock"):
            old = time.time() - 60
            os.utime(lock, (old, old))  # the next program starts later than the crash
        # Listing before any new write: nothing unrecorded is shown.
        assert listed_comments(charter, capsys) <= committed_comments(git_cli, charter)
        with Session.open(charter) as session:
            session.recover()
        assert listed_comments(charter, capsys) == committed_comments(git_cli, charter)
        assert git_cli(charter, "status", "--porcelain") == ""
    git_cli(charter, "fsck", "--strict", "--no-dangling", "--no-progress")
