"""Two laptops comment and take positions offline, then exchange commits with plain ``git pull``:
both end with the union of the events, the same threads and tallies, and no conflict."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from charter_app.cli import main

GitCli = Callable[..., str]
CLAIRE, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-8736df", "p-13ccc8", "p-47232f"


def run(folder: Path, *args: str) -> None:
    assert main(["-C", str(folder), *args]) == 0


def threads(folder: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    run(folder, "comments", "--json")
    return json.loads(capsys.readouterr().out)["threads"]


def test_offline_comments_merge_by_plain_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    laptop_a = tmp_path / "a"
    assert main(["init", str(laptop_a)]) == 0
    run(laptop_a, "comment", "7", "--text", "Point de départ.", "--as", CLAIRE)
    shared = threads(laptop_a, capsys)[0]["id"]
    laptop_b = tmp_path / "b"
    git_cli(tmp_path, "clone", "-q", str(laptop_a), str(laptop_b))
    git_cli(laptop_b, "fetch", "-q", str(laptop_a), "refs/charter/registry:refs/charter/registry")

    # Offline, on both laptops: comments, replies to the same comment, positions on it.
    run(laptop_a, "comment", "7", "--quote", "dès sa conception", "--text", "A", "--as", JEAN)
    run(laptop_a, "reply", shared, "--text", "Réponse de A", "--as", JEAN)
    run(laptop_a, "support", shared, "--as", JEAN)
    run(laptop_a, "support", shared, "--as", NADIA, "--oppose")
    run(laptop_b, "comment", "1", "--text", "B", "--as", NADIA)
    run(laptop_b, "reply", shared, "--text", "Réponse de B", "--as", SOPHIE)
    run(laptop_b, "support", shared, "--as", SOPHIE, "--neutral")
    run(laptop_b, "resolve", shared, "--as", SOPHIE)

    # Exchange with plain git, both ways.
    git_cli(laptop_b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    git_cli(laptop_a, "pull", "-q", "--no-rebase", "--no-edit", str(laptop_b), "main")

    events_a = sorted(p.name for p in laptop_a.glob("events/*/*.yaml"))
    events_b = sorted(p.name for p in laptop_b.glob("events/*/*.yaml"))
    assert events_a == events_b and len(events_a) == 9
    assert git_cli(laptop_a, "status", "--porcelain") == ""
    assert git_cli(laptop_a, "rev-parse", "HEAD") == git_cli(laptop_b, "rev-parse", "HEAD")

    on_a, on_b = threads(laptop_a, capsys), threads(laptop_b, capsys)
    assert on_a == on_b
    first = next(t for t in on_a if t["id"] == shared)
    assert sorted(r["text"] for r in first["replies"]) == ["Réponse de A", "Réponse de B"]
    assert first["supports"] == {"support": 1, "oppose": 1, "neutral": 1}
    assert first["resolved"]
    assert len(on_a) == 3
