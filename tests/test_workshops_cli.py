"""``charter workshop/tally/dots/readability/participation`` end to end on the bundled example."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from charter_app.cli import main

GitCli = Callable[..., str]
CLAIRE, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-8736df", "p-13ccc8", "p-47232f"


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charte"
    assert main(["init", str(folder), "--without-story"]) == 0
    return folder


def run(folder: Path, *args: str) -> int:
    return main(["-C", str(folder), *args])


def as_json(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert run(folder, *args, "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_a_workshop_evening(
    charter: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    attendance = "resident=12,elected=3,association=2"
    started = as_json(charter, capsys, "workshop", "start", "--title", "Atelier de Lèze",
                      "--date", "2026-03-10", "--place", "Médiathèque", "--as", SOPHIE,
                      "--attendance", attendance, "--dots", "3")  # fmt: skip
    assert (started["number"], started["attendance_total"], started["running"]) == ("W-1", 17, True)
    assert "Charter-Workshop: W-1" in git_cli(charter, "log", "-1", "--format=%B")

    assert run(charter, "workshop", "start", "--title", "Encore", "--as", SOPHIE) == 1
    assert "still running" in capsys.readouterr().err

    assert run(charter, "amend", "accessibilite-numerique", "--title", "Accessibilité pour tous",
               "--rationale", "Plus clair.", "--as", CLAIRE, "--workshop", "W-1") == 0  # fmt: skip
    assert run(charter, "tally", "A-1", "--for", "12", "--against", "3", "--abstain", "2",
               "--as", SOPHIE) == 0  # fmt: skip
    message = git_cli(charter, "log", "-1", "--format=%B")
    assert "Charter-Workshop: W-1" in message and "Charter-Amendment: A-1" in message
    assert run(charter, "dots", "place", "7", "--count", "2", "--as", CLAIRE) == 0
    assert run(charter, "dots", "place", "A-1", "--as", CLAIRE) == 0
    capsys.readouterr()
    assert run(charter, "dots", "place", "1", "--as", CLAIRE) == 1  # a fourth dot of three
    assert "You have 0 dots left; you asked to place 1" in capsys.readouterr().err
    assert run(charter, "dots", "place", "1", "--count", "2", "--as", NADIA) == 0

    results = as_json(charter, capsys, "dots", "results")
    assert [(r["label"], r["dots"], r["voters"]) for r in results["rows"]] == [
        ("1. Souveraineté numérique de la collectivité", 2, 1),
        ("7. Accessibilité numérique", 2, 1),
        ("A-1", 1, 1),
    ]

    shown = as_json(charter, capsys, "workshop", "show", "W-1")
    assert shown["tallies"] == [{"amendment": shown["tallies"][0]["amendment"], "number": "A-1",
                                 "for": 12, "against": 3, "abstain": 2, "by": SOPHIE}]  # fmt: skip
    assert shown["contributions"] == {"amendment": 1, "dot": 3}
    assert shown["contributions_by_role"]["dot"] == {"resident": 2, "association": 1}

    assert run(charter, "workshop", "end", "--as", SOPHIE) == 0
    capsys.readouterr()
    assert run(charter, "workshop", "end", "--as", SOPHIE) == 1
    assert "No workshop is running" in capsys.readouterr().err
    assert run(charter, "tally", "A-1", "--for", "1", "--against", "0", "--as", SOPHIE) == 1

    (listed,) = as_json(charter, capsys, "workshop", "list")
    assert (listed["number"], listed["running"], listed["date"]) == ("W-1", False, "2026-03-10")

    picture = as_json(charter, capsys, "participation")
    assert picture["by_role"]["resident"]["dot"] == 2
    assert picture["by_workshop"]["W-1"]["resident"] == 3
    assert picture["by_day"][0]["day"] == "2026-03-10"


def test_readability_listing(charter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = as_json(charter, capsys, "readability")
    assert len(everything) == 10
    assert {item["level"] for item in everything} <= {"easy", "fairly-easy", "difficult"}
    (seventh,) = as_json(charter, capsys, "readability", "7")
    assert seventh["id"] == "accessibilite-numerique" and seventh["reasons"]
    assert run(charter, "readability", "42") == 1
