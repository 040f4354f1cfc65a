"""``charter history`` and ``charter principle list``: what they print, checked against git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.cli.common import revision_json
from charter_app.i18n import set_language
from charter_app.storage.repository import CharterRepository
from tests.conftest import GitCli

AUTHOR = "p-cbb40a"  # Claire Fontanel in the bundled example
SOVEREIGNTY = "souverainete-numerique"


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    set_language("en")
    empty = tmp_path / "global.gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


@pytest.fixture
def charter_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The bundled example with two more commits, one with a message body."""
    path = tmp_path / "charter"
    assert main(["init", str(path)]) == 0
    for text, message in (
        ("Premier ajout.", "Précise"),
        ("Second « ajout ».", 'Dit "pourquoi"\n\nCar.'),
    ):
        body = tmp_path / "body.md"
        body.write_text(text, encoding="utf-8")
        argv = ["-C", str(path), "principle", "edit", SOVEREIGNTY, "--body-file", str(body)]
        assert main([*argv, "--as", AUTHOR, "-m", message]) == 0
    capsys.readouterr()
    return path


def output(charter_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["-C", str(charter_dir), *argv]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_history_json_lists_every_commit_as_git_does(
    charter_dir: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    listed = json.loads(output(charter_dir, capsys, "history", "--json"))
    fields = "%H%x00%P%x00%an%x00%ae%x00%aI%x00%cI%x00%s"
    expected = [
        line.split("\0") for line in git_cli(charter_dir, "log", f"--format={fields}").splitlines()
    ]
    assert [
        [c["sha"], " ".join(c["parents"]), c["author"], c["author_email"], c["authored_at"],
         c["committed_at"], c["subject"]]
        for c in listed
    ] == expected  # fmt: skip
    newest = listed[0]
    assert newest["subject"] == 'Dit "pourquoi"'
    assert newest["body"] == "Car."
    assert {"key": "Charter-Participant", "value": AUTHOR} in newest["trailers"]
    assert list(newest) == [
        "sha", "parents", "author", "author_email", "authored_at", "committed_at", "subject",
        "body", "trailers",
    ]  # fmt: skip


def test_history_of_one_principle_names_its_authors(
    charter_dir: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    listed = json.loads(
        output(charter_dir, capsys, "history", "--principle", SOVEREIGNTY, "--json")
    )
    path = f"principles/{SOVEREIGNTY}.md"
    assert [c["sha"] for c in listed] == git_cli(
        charter_dir, "log", "--format=%H", "--", path
    ).split()
    lines = output(charter_dir, capsys, "history", "--principle", SOVEREIGNTY).splitlines()
    assert len(lines) == len(listed)
    assert "Claire Fontanel" in lines[0] and AUTHOR not in lines[0]  # from participants.yaml
    with_trailers = output(charter_dir, capsys, "log", "--principle", SOVEREIGNTY)
    assert f"Charter-Participant: {AUTHOR}" in with_trailers


def test_an_empty_listing_is_still_json(
    charter_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        json.loads(output(charter_dir, capsys, "history", "--principle", "nowhere", "--json")) == []
    )


def test_principle_list_json_has_one_principle_per_line(
    charter_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = output(charter_dir, capsys, "principle", "list", "--json")
    listed = json.loads(text)
    assert len(text.splitlines()) == len(listed) + 2
    assert listed[0] == json.loads(text.splitlines()[1].rstrip(","))
    assert {p["id"] for p in listed} >= {SOVEREIGNTY}


@pytest.mark.parametrize("principle", [None, SOVEREIGNTY])
def test_history_json_is_the_records_the_app_reads(
    charter_dir: Path, capsys: pytest.CaptureFixture[str], principle: str | None
) -> None:
    """The listing prints git's fields as they come; the app's records say the same."""
    argv = ["history", "--json", *(["--principle", principle] if principle else [])]
    listed = json.loads(output(charter_dir, capsys, *argv))
    with CharterRepository.open(charter_dir) as repository:
        revisions = repository.history(principle)
    assert listed == [json.loads(revision_json(revision)) for revision in revisions]
    assert len(listed) == len(revisions) > 1
