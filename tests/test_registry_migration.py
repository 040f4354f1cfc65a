"""Charters made before the registry kept ``participants.yaml`` in their history: opened once,
their names move to the registry with a plain message; two copies moved apart merge cleanly;
the privacy report says which older versions still hold names and which way out fits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.i18n import set_language
from charter_app.storage.registry import REGISTRY_REF, registry_commit
from charter_app.storage.templates import default_example, templates_dir
from tests.conftest import GitCli, run_git

EXAMPLE_PEOPLE = 6


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


def old_charter(folder: Path) -> Path:
    """The bundled example as the app used to write it: participants.yaml in the history,
    and a second commit registering someone there."""
    story = shutil.ignore_patterns("history.bundle*")  # the example's story is not the point
    shutil.copytree(templates_dir() / default_example(), folder, ignore=story)
    run_git(folder, "init", "-q", "--initial-branch=main")
    run_git(folder, "add", "-A")
    run_git(folder, "commit", "-q", "-m", "Create the charter")
    with (folder / "participants.yaml").open("a", encoding="utf-8") as stream:
        stream.write("  - id: p-0ad1e5\n    name: Ondine Farkas\n    role: resident\n")
        stream.write('    organisation: ""\n')
    run_git(folder, "commit", "-q", "-am", "Add participant p-0ad1e5 (resident)")
    return folder


def test_opening_moves_the_names_out_once(tmp_path: Path, git_cli: GitCli) -> None:
    folder = old_charter(tmp_path / "old")
    with Session.open(folder) as session:
        (notice,) = session.notices
        assert "now live apart from the charter's history" in notice
        charter = session.repository.load()
    assert len(charter.participants) == EXAMPLE_PEOPLE + 1
    assert "participants.yaml" not in git_cli(folder, "ls-tree", "--name-only", "HEAD")
    assert git_cli(folder, "status", "--porcelain") == ""  # the copy is not part of it
    assert "Ondine Farkas" in (folder / "participants.yaml").read_text("utf-8")
    assert "Charter-Registry: apart" in git_cli(folder, "log", "-1", "--format=%B")
    commits = git_cli(folder, "rev-list", "--count", "HEAD")
    with Session.open(folder) as session:  # once only
        assert session.notices == []
    assert git_cli(folder, "rev-list", "--count", "HEAD") == commits


def test_two_copies_moved_apart_merge_without_a_conflict(tmp_path: Path, git_cli: GitCli) -> None:
    a = old_charter(tmp_path / "a")
    b = tmp_path / "b"
    git_cli(tmp_path, "clone", "-q", str(a), str(b))
    assert main(["-C", str(b), "participant", "add", "Léa", "--role", "elected"]) == 0
    assert main(["-C", str(a), "participant", "add", "Farid", "--role", "business"]) == 0
    bundle = tmp_path / "b.bundle"
    assert main(["-C", str(b), "bundle", "-o", str(bundle), "--from", "b"]) == 0
    assert main(["-C", str(a), "import-bundle", str(bundle)]) == 0
    with Session.open(a) as session:
        names = {p.name for p in session.repository.load().participants}
    assert {"Léa", "Farid", "Ondine Farkas"} <= names
    assert "participants.yaml" not in git_cli(a, "ls-tree", "--name-only", "HEAD")
    assert (
        registry_commit(Session.open(a).repository.git)
        == git_cli(a, "rev-parse", REGISTRY_REF).strip()
    )


def test_the_report_says_what_older_versions_hold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = old_charter(tmp_path / "old")
    assert main(["-C", str(folder), "participant", "erase", "p-0ad1e5", "--as", "p-47232f"]) == 0
    capsys.readouterr()
    assert main(["-C", str(folder), "privacy", "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    old = report["old_history"]
    assert "p-0ad1e5" in old["participants"] and old["erased"] == ["p-0ad1e5"]
    assert old["versions"] == [] and old["can_rewrite"]
    assert main(["-C", str(folder), "privacy", "report"]) == 0
    text = capsys.readouterr().out
    assert "No version has been adopted yet: the history can be rewritten" in text
    assert "Among them, erased since: p-0ad1e5" in text

    # Once a version is adopted, the report says the names stay in it, and why.
    assert main(["-C", str(folder), "adopt", "v1.0", "--ref", "D-1", "--as", "p-47232f"]) == 0
    capsys.readouterr()
    assert main(["-C", str(folder), "privacy", "report"]) == 0
    text = capsys.readouterr().out
    assert "The adopted versions v1.0 include them" in text


def test_a_broken_copy_comes_back_from_the_registry_never_from_the_history(
    tmp_path: Path, git_cli: GitCli, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = old_charter(tmp_path / "old")
    assert main(["-C", str(folder), "participant", "erase", "p-0ad1e5", "--as", "p-47232f"]) == 0
    head = git_cli(folder, "rev-parse", "HEAD")
    (folder / "participants.yaml").write_bytes(b"participants:\n\t- broken\n")
    assert main(["-C", str(folder), "repair"]) == 0  # opening it puts the copy right
    assert "it was written again from that list" in capsys.readouterr().err
    copy = (folder / "participants.yaml").read_text("utf-8")
    assert "Ondine" not in copy and "erased:" in copy  # not the older version from the history
    assert git_cli(folder, "rev-parse", "HEAD") == head  # nothing committed
    assert not (folder / "set-aside").exists()
