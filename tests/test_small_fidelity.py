"""Small things found while replaying real texts: an unchanged edit makes no commit, and an
adopted amendment is not also said to have fallen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.storage.repository import CharterRepository
from tests.conftest import run_git

AUTHOR = "p-cbb40a"  # Claire Fontanel, in the bundled example


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, argv
    return capsys.readouterr().out


@pytest.fixture
def charter_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "charte"
    run(capsys, "init", str(folder), "--without-story")
    return folder


def test_editing_a_principle_with_its_own_text_commits_nothing(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with CharterRepository.open(charter_dir) as repository:
        principle = repository.load().principles[0]
    same = tmp_path / "same.md"
    # as an editor saves it: a final newline and CRLF line endings
    same.write_bytes((principle.body.replace("\n", "\r\n") + "\r\n").encode())
    before = run_git(charter_dir, "rev-list", "--count", "HEAD")
    out = run(capsys, "-C", str(charter_dir), "principle", "edit", principle.id,
              "--body-file", str(same), "--title", principle.title, "--as", AUTHOR)  # fmt: skip
    assert "Nothing to save" in out
    assert run_git(charter_dir, "rev-list", "--count", "HEAD") == before


def test_an_adopted_amendment_is_closed_not_fallen(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = str(charter_dir)
    with CharterRepository.open(charter_dir) as repository:
        principle = repository.load().principles[1]
    body = tmp_path / "body.md"
    body.write_text(principle.body.replace("numérique", "numérique et humaine", 1), "utf-8")
    run(capsys, "-C", c, "amend", principle.id, "--body-file", str(body), "--rationale",
        "Le lien humain.", "--as", AUTHOR)  # fmt: skip
    run(capsys, "-C", c, "decide", "A-1", "--adopt", "--votes", "10,0,0", "--as", AUTHOR)
    (listed,) = json.loads(run(capsys, "-C", c, "amendments", "--json"))
    assert (listed["status"], listed["state"]) == ("adopted", "closed")
    line = run(capsys, "-C", c, "amendments").strip()
    assert "adopted" in line and "fallen" not in line  # no text state once decided: "—"


def test_renumbered_principles_take_one_short_line_in_the_comparison(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One amendment adopted and one principle inserted in a draft (sequential numbering):
    1 changed, 1 new, the others renumbered only, each a short line (read back by
    python-docx)."""
    import docx

    c = str(charter_dir)
    start = run_git(charter_dir, "rev-parse", "HEAD").strip()
    with CharterRepository.open(charter_dir) as repository:
        principles = repository.load().principles
    body = tmp_path / "body.md"
    body.write_text(principles[1].body.replace("numérique", "numérique et humaine", 1), "utf-8")
    run(capsys, "-C", c, "amend", principles[1].id, "--body-file", str(body), "--rationale",
        "Le lien humain.", "--as", AUTHOR)  # fmt: skip
    run(capsys, "-C", c, "decide", "A-1", "--adopt", "--as", AUTHOR)
    run(capsys, "-C", c, "principle", "add", "--title", "Sobriété", "--after", principles[0].id,
        "--as", AUTHOR)  # fmt: skip
    out = tmp_path / "tableau.docx"
    run(capsys, "-C", c, "compare", start, "HEAD", "--format", "docx", "-o", str(out))
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    renumbered = len(principles) - 2
    assert (
        f"Principes : 1 modifiés, 1 nouveaux, 0 supprimés, {renumbered} seulement renumérotés"
        in text.replace("\u00a0", " ")
    )
    rows = [[cell.text for cell in row.cells] for row in document.tables[-1].rows[1:]]
    short = [row for row in rows if "renuméroté" in row[0]]
    assert len(short) == renumbered
    for row in short:
        assert row[1].startswith("Texte inchangé") and row[2] == ""  # no text repeated
