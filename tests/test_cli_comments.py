"""``charter comment/reply/comments/support...`` on a real charter made from the bundled example."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from charter_app.cli import main
from charter_app.storage.repository import CharterRepository

GitCli = Callable[..., str]

CLAIRE, JEAN, NADIA, SOPHIE = "p-cbb40a", "p-8736df", "p-13ccc8", "p-47232f"  # example's people
PRINCIPLE = "accessibilite-numerique"
QUOTE = "L’accessibilité n’est pas une option"


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charte"
    assert main(["init", str(folder), "--without-story"]) == 0
    return folder


def run(folder: Path, *args: str) -> int:
    return main(["-C", str(folder), *args])


def listing(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert run(folder, "comments", "--json", *args) == 0
    return json.loads(capsys.readouterr().out)


def event_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.glob("events/*/*.yaml")}


def test_comment_thread_support_and_moderation(
    charter: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    # A passage, typed with plain apostrophes: the text's own ’ are kept.
    assert run(charter, "comment", "7", "--quote", QUOTE.replace("’", "'"), "--text",
               "Très juste.", "--as", "Claire Fontanel") == 0  # fmt: skip
    (thread,) = listing(charter, capsys)["threads"]
    assert thread["passage"]["quote"] == QUOTE
    assert thread["passage"]["commit"] == git_cli(charter, "rev-parse", "HEAD~1").strip()
    assert thread["anchor"]["state"] == "anchored"
    comment = thread["id"]
    assert "Charter-Principle: " + PRINCIPLE in git_cli(charter, "log", "-1", "--format=%B")

    assert run(charter, "reply", comment[2:9], "--text", "D'accord.", "--as", JEAN) == 0
    assert run(charter, "support", comment, "--as", JEAN) == 0
    assert run(charter, "support", comment, "--as", JEAN, "--oppose") == 0  # latest counts
    assert run(charter, "support", comment, "--as", NADIA) == 0
    assert run(charter, "hide", comment, "--reason", "hors sujet", "--as", SOPHIE) == 0
    assert run(charter, "resolve", comment, "--as", CLAIRE) == 0
    (thread,) = listing(charter, capsys)["threads"]
    assert [r["text"] for r in thread["replies"]] == ["D'accord."]
    assert thread["supports"] == {"support": 1, "oppose": 1, "neutral": 0}
    assert thread["hidden"] and thread["text"] is None and thread["resolved"]
    assert thread["hidden_reason"] == "hors sujet"
    (as_facilitator,) = listing(charter, capsys, "--as", SOPHIE)["threads"]
    assert as_facilitator["text"] == "Très juste."

    capsys.readouterr()
    assert run(charter, "supports", comment, "--json") == 0
    (tally,) = json.loads(capsys.readouterr().out)
    assert tally["by_role"]["elected"]["oppose"] == 1
    assert tally["by_role"]["association"]["support"] == 1


def test_comments_reanchor_after_the_principle_changes(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(charter, "comment", PRINCIPLE, "--quote", QUOTE, "--text", "Oui.", "--as", CLAIRE) == 0
    )
    assert run(charter, "comment", PRINCIPLE, "--quote", "dès sa conception", "--text",
               "Et après ?", "--as", JEAN) == 0  # fmt: skip
    with CharterRepository.open(charter) as repository:
        body = repository.load().principle(PRINCIPLE).body  # type: ignore[union-attr]
    new_body = ("Préambule ajouté.\n\n" + body).replace("dès sa conception", "dès le départ")
    source = charter / "nouveau.md"
    source.write_text(new_body, encoding="utf-8")
    assert run(charter, "principle", "edit", PRINCIPLE, "--body-file", str(source),
               "--as", JEAN) == 0  # fmt: skip
    threads = listing(charter, capsys, "--principle", "7")["threads"]
    states = {t["passage"]["quote"]: t["anchor"] for t in threads}
    assert states[QUOTE]["state"] == "anchored"
    assert states[QUOTE]["start"] == new_body.index(QUOTE)
    assert states["dès sa conception"]["state"] == "orphaned"  # short, and its words are gone


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["comment", "nope", "--text", "x", "--as", CLAIRE], "no principle"),
        (["comment", "7", "--text", "   ", "--as", CLAIRE], "cannot be empty"),
        (["comment", "7", "--quote", "introuvable", "--text", "x", "--as", CLAIRE], "not contain"),
        (["comment", "7", "--quote", "la", "--text", "x", "--as", CLAIRE], "times"),
        (["reply", "e-0123456789abcdef", "--text", "x", "--as", CLAIRE], "no comment"),
        (["comment", "A-99", "--text", "x", "--as", CLAIRE], "no amendment"),
        (["comment", "7", "--text", "x", "--as", "Personne"], "Unknown participant"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_recorded(
    charter: Path,
    capsys: pytest.CaptureFixture[str],
    git_cli: GitCli,
    args: list[str],
    message: str,
) -> None:
    assert run(charter, "comment", "7", "--text", "Premier.", "--as", CLAIRE) == 0
    before = (git_cli(charter, "rev-parse", "HEAD"), event_files(charter))
    capsys.readouterr()
    assert run(charter, *args) == 1
    assert message in capsys.readouterr().err
    assert (git_cli(charter, "rev-parse", "HEAD"), event_files(charter)) == before
