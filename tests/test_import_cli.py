"""``charter import --json``: standard output is one JSON document whatever happens (asked,
refused or written); what is said to the person goes to standard error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from tests import corpus
from tests.test_import_builders import strip_header


@pytest.fixture
def covenant(tmp_path: Path) -> Path:
    text = corpus.require("contributor_covenant", "covenant_v2.1.fr.md").read_text("utf-8")
    path = tmp_path / "code.md"
    path.write_text(strip_header(text), encoding="utf-8")
    return path


def test_json_plan_parses_when_nothing_is_written(
    covenant: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(covenant), str(tmp_path / "c"), "--json"]) == 0
    out, err = capsys.readouterr()
    plan = json.loads(out)  # nothing after the JSON
    assert plan["principles"] and plan["numbering"] == "sequential"
    assert "--yes" in err and not (tmp_path / "c").exists()


def test_json_plan_parses_when_written(
    covenant: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    assert main(["import", str(covenant), str(folder), "--json", "--yes",
                 "--numbering", "stable"]) == 0  # fmt: skip
    out, err = capsys.readouterr()
    assert json.loads(out)["numbering"] == "stable"
    assert str(folder) in err and (folder / "charter.yaml").is_file()
    assert "numbering: stable" in (folder / "charter.yaml").read_text(encoding="utf-8")
