"""``charter amend``, ``amendments``, ``withdraw``, ``diff`` and ``preview`` end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.i18n import set_language

AUTHOR = "p-cbb40a"
SOVEREIGNTY = "souverainete-numerique"


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def charter_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "charter"
    assert main(["init", str(path)]) == 0
    capsys.readouterr()
    return path


def run(charter_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["-C", str(charter_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def body_of(charter_dir: Path, capsys: pytest.CaptureFixture[str], principle_id: str) -> str:
    code, out, _err = run(charter_dir, capsys, "principle", "show", principle_id, "--json")
    assert code == 0
    return str(json.loads(out)["body"])


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def head(charter_dir: Path) -> str:
    return (charter_dir / ".git" / "refs" / "heads" / "main").read_text().strip()


def test_amend_list_diff_preview_withdraw(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = body_of(charter_dir, capsys, SOVEREIGNTY)
    assert "maîtresse de ses outils," in body
    tools = write(tmp_path, "tools.md", body.replace("de ses outils,", "de ses outils numériques,"))
    code, out, err = run(
        charter_dir, capsys, "amend", SOVEREIGNTY, "--body-file", tools,
        "--rationale", "Préciser le périmètre", "--as", AUTHOR,
    )  # fmt: skip
    assert (code, out.strip(), err) == (0, "Amendment A-1 registered.", "")
    rival = write(tmp_path, "rival.md", body.replace("de ses outils,", "de ses logiciels,"))
    code, out, _err = run(
        charter_dir, capsys, "amend", SOVEREIGNTY, "--body-file", rival, "--rationale", "Autre",
        "--as", AUTHOR, "--json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["number"] == "A-2"
    code, out, _err = run(
        charter_dir, capsys, "amend", "--insert-after", "droits-libertes", "--title",
        "Droit à la déconnexion", "--body-file", write(tmp_path, "new.md", "Chacun peut."),
        "--rationale", "Manque", "--as", AUTHOR, "--draft",
    )  # fmt: skip
    assert code == 0 and "not registered" in out

    code, out, _err = run(charter_dir, capsys, "amendments", "--json")
    listed = json.loads(out)
    assert [(a["number"], a["status"], a["state"], a["kind"]) for a in listed] == [
        ("A-1", "registered", "clean", "modify"),
        ("A-2", "registered", "clean", "modify"),
        (None, "draft", "clean", "insert"),
    ]
    assert listed[2]["new_number"] == "3 bis"
    code, out, _err = run(charter_dir, capsys, "amendments", "--status", "draft")
    assert code == 0 and len(out.strip().splitlines()) == 1 and "3 bis" in out

    code, out, _err = run(charter_dir, capsys, "diff", "A-1")
    assert code == 0
    assert "{+ numériques+}" in out or "{+numériques +}" in out
    assert "inserted: «" in out
    code, out, _err = run(charter_dir, capsys, "diff", "A-1", "--format", "html")
    assert "<ins>" in out and "<del>" not in out
    code, out, _err = run(charter_dir, capsys, "diff", "A-1", "A-2", "--format", "json")
    (entry,) = json.loads(out)
    kinds = {op["kind"] for row in entry["rows"] for op in row["ops"]}
    assert entry["id"] == SOVEREIGNTY and kinds == {"equal", "insert", "delete"}

    # What if: change the same words; the second one cannot be applied.
    code, out, _err = run(charter_dir, capsys, "preview", "--with", "A-1,A-2", "--json")
    preview = json.loads(out)
    assert code == 0 and preview["applied"] == ["A-1"]
    assert [(c["amendment"], c["state"], c["earlier"]) for c in preview["conflicts"]] == [
        ("A-2", "conflicting", ["A-1"])
    ]
    code, out, _err = run(charter_dir, capsys, "preview", "--with", "A-2,A-1")
    assert "Applied: A-2" in out and "Not applied: A-1 (conflicting)" in out
    assert "de ses logiciels," in out
    code, _out, _err = run(charter_dir, capsys, "preview", "--with", "A-1,A-2", "--strict")
    assert code == 1

    code, out, _err = run(charter_dir, capsys, "withdraw", "A-2", "--as", AUTHOR)
    assert (code, out.strip()) == (0, "Amendment A-2 withdrawn.")
    code, _out, err = run(charter_dir, capsys, "withdraw", "A-2", "--as", AUTHOR)
    assert code == 1 and "withdrawn" in err and len(err.strip().splitlines()) == 1

    # The text changed since A-1 was written: it now needs an update (merge3 still succeeds).
    edited = body.replace("Enfin, la collectivité", "Enfin, la communauté de communes")
    code, _out, _err = run(
        charter_dir, capsys, "principle", "edit", SOVEREIGNTY, "--body-file",
        write(tmp_path, "edit.md", edited), "--as", AUTHOR,
    )  # fmt: skip
    assert code == 0
    code, out, _err = run(charter_dir, capsys, "amendments", "--state", "needs-update", "--json")
    assert [(a["number"], a["status"]) for a in json.loads(out)] == [("A-1", "registered")]
    code, out, _err = run(charter_dir, capsys, "amendments", "--state", "closed", "--json")
    assert [(a["number"], a["status"]) for a in json.loads(out)] == [("A-2", "withdrawn")]
    code, out, _err = run(
        charter_dir, capsys, "amendments", "--state", "needs-update", "--status", "registered"
    )
    assert out.startswith("A-1 ") and len(out.strip().splitlines()) == 1
    code, out, _err = run(charter_dir, capsys, "amendments", "--principle", "droits-libertes")
    assert "3 bis" in out and "A-1" not in out

    # A sub-amendment to A-1.
    code, out, _err = run(
        charter_dir, capsys, "amend", "--sub", "A-1", "--title", "Souveraineté",
        "--rationale", "Plus court", "--as", AUTHOR,
    )  # fmt: skip
    assert (code, out.strip()) == (0, "Amendment A-3 registered.")
    code, out, _err = run(charter_dir, capsys, "preview", "--with", "A-3", "--json")
    principles = {p["id"]: p for p in json.loads(out)["principles"]}
    assert principles[SOVEREIGNTY]["title"] == "Souveraineté"
    assert "outils numériques" in principles[SOVEREIGNTY]["body"]
    assert "la communauté de communes ne délègue" not in principles[SOVEREIGNTY]["body"]
    assert "Enfin, la communauté de communes" in principles[SOVEREIGNTY]["body"]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        # a principle that does not exist
        (["amend", "nope", "--body-file", "{file}", "--rationale", "x"], "no principle “nope”"),
        # without a rationale
        (["amend", SOVEREIGNTY, "--body-file", "{file}"], "rationale"),
        # identical to the current text
        (["amend", SOVEREIGNTY, "--body-file", "{same}", "--rationale", "x"], "identical"),
        # against a revision that does not exist
        (
            ["amend", SOVEREIGNTY, "--body-file", "{file}", "--rationale", "x", "--base", "v9"],
            "no version 'v9'",
        ),
        # sub-amendment of an amendment that does not exist
        (["amend", "--sub", "A-9", "--title", "T", "--rationale", "x"], "no amendment “A-9”"),
    ],
)
def test_bad_amendments_exit_1_with_one_line_and_record_nothing(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    fragment: str,
) -> None:
    body = body_of(charter_dir, capsys, SOVEREIGNTY)
    files = {
        "{file}": write(tmp_path, "f.md", body + "\n\nUn ajout."),
        "{same}": write(tmp_path, "same.md", body),
    }
    before = head(charter_dir)
    code, out, err = run(charter_dir, capsys, *[files.get(a, a) for a in argv], "--as", AUTHOR)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err
    assert head(charter_dir) == before
    assert not (charter_dir / "amendments").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "v9", "HEAD"],  # unknown revision
        ["diff", "HEAD", "no-such-tag"],  # unknown second revision
        ["diff", "A-4"],  # unknown amendment number
    ],
)
def test_diff_of_unknown_things_is_one_clear_line(
    charter_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run(charter_dir, capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("error: There is no") and len(err.strip().splitlines()) == 1
