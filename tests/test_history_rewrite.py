"""The way out for a charter made before the registry, while no version is adopted: laptop A
rewrites the history without the names; the shared "server" folder and laptop B, which still
hold the older history (and B new work of its own), take the rewritten one at their next
exchange. After ``git gc --prune=now`` no copy holds an erased name; comments' passages and
amendments' bases name the rewritten commits; nothing anyone wrote is lost."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.i18n import set_language
from charter_app.storage.sync import clone_safely
from tests.conftest import GitCli
from tests.test_registry_migration import old_charter

FACILITATOR, CLAIRE = "p-47232f", "p-cbb40a"
ONDINE = "p-0ad1e5"  # registered in the older history (see old_charter)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def cli(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(["-C", str(folder), *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out + captured.err


def objects(repository: Path) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repository), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
    ).stdout


def test_every_copy_takes_the_history_without_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    origin = old_charter(tmp_path / "origin")
    cli(origin, capsys, "comment", "1", "--quote", "maîtresse de ses outils",
        "--text", "Lesquels ?", "--as", ONDINE)  # fmt: skip
    body = tmp_path / "proposition.md"
    body.write_text("Un texte plus court.\n", "utf-8")
    cli(origin, capsys, "amend", "souverainete-numerique", "--body-file", str(body),
        "--rationale", "Plus court", "--as", ONDINE)  # fmt: skip
    cli(origin, capsys, "bundle", "-o", str(tmp_path / "full.bundle"), "--from", "origin")
    a, b, server = tmp_path / "a", tmp_path / "b", tmp_path / "server"
    clone_safely(tmp_path / "full.bundle", a).close()
    clone_safely(tmp_path / "full.bundle", b).close()
    server.mkdir()
    cli(a, capsys, "sync", str(server), "--as", FACILITATOR)
    cli(b, capsys, "comment", "2", "--text", "Travail de B, hors ligne.", "--as", CLAIRE)
    for leftover in tmp_path.glob("full.bundle*"):
        leftover.unlink()

    # On A: Ondine asks to be forgotten; her name is still in the older saved versions.
    cli(a, capsys, "participant", "erase", ONDINE, "--as", FACILITATOR)
    report = json.loads(cli(a, capsys, "privacy", "report", "--json"))
    assert report["old_history"]["erased"] == [ONDINE] and report["old_history"]["can_rewrite"]
    said = cli(a, capsys, "privacy", "rewrite-history", "--as", FACILITATOR)
    assert "without the participants' names" in said
    assert json.loads(cli(a, capsys, "privacy", "report", "--json"))["old_history"] is None
    assert git_cli(a, "log", "main", "--format=%H", "--", "participants.yaml") == ""

    # The server and B take it at their next exchange; B keeps its work.
    cli(a, capsys, "sync", str(server), "--as", FACILITATOR)
    said = cli(b, capsys, "sync", str(server), "--as", CLAIRE)
    assert "rewritten the same way" in said
    cli(a, capsys, "sync", str(server), "--as", FACILITATOR)
    assert git_cli(a, "rev-parse", "HEAD") == git_cli(b, "rev-parse", "HEAD")
    for copy in (a, b, server):
        git_cli(copy, "gc", "--prune=now", "--quiet")
        assert b"Ondine" not in objects(copy), copy
        assert git_cli(copy, "log", "main", "--format=%H", "--", "participants.yaml") == ""
    for copy in (a, b):
        threads = json.loads(cli(copy, capsys, "comments", "--json"))["threads"]
        texts = {thread["text"] for thread in threads}
        assert {"Lesquels ?", "Travail de B, hors ligne."} <= texts
        (quoted,) = [t for t in threads if t["text"] == "Lesquels ?"]
        git_cli(copy, "cat-file", "-e", quoted["passage"]["commit"] + "^{commit}")
        assert (quoted["anchor"]["state"], quoted["anchor"]["method"]) == ("anchored", "diff")
        (amendment,) = json.loads(cli(copy, capsys, "amendments", "--json"))
        git_cli(copy, "cat-file", "-e", amendment["base"] + "^{commit}")
        assert amendment["state"] == "clean"
        git_cli(copy, "fsck", "--strict", "--no-progress")
        assert git_cli(copy, "status", "--porcelain") == ""


def test_a_version_keeps_its_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = old_charter(tmp_path / "old")
    cli(folder, capsys, "adopt", "v1.0", "--ref", "D-1", "--as", FACILITATOR)
    code = main(["-C", str(folder), "privacy", "rewrite-history", "--as", FACILITATOR])
    assert code == 1
    assert "The adopted versions v1.0 hold the names" in capsys.readouterr().err
