"""``charter decide``, ``adopt-batch``, ``adopt`` and ``versions`` end to end, on real git."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.i18n import set_language
from charter_app.storage import events as events_store
from tests.conftest import GitCli

AUTHOR = "p-cbb40a"
CLERK = "p-47232f"
SOVEREIGNTY = "souverainete-numerique"
INCLUSION = "inclusion-mediation"  # number 2
RIGHTS = "droits-libertes"  # number 3


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """English messages, and no global git configuration of the person running the tests."""
    set_language("en")
    empty = tmp_path / "global.gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))


@pytest.fixture
def charter_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "charter"
    assert main(["init", str(path), "--without-story"]) == 0
    capsys.readouterr()
    return path


def run(charter_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["-C", str(charter_dir), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(charter_dir: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(charter_dir, capsys, *argv)
    assert (code, err) == (0, ""), err
    return out


def body_of(charter_dir: Path, capsys: pytest.CaptureFixture[str], principle_id: str) -> str:
    out = ok(charter_dir, capsys, "principle", "show", principle_id, "--json")
    return str(json.loads(out)["body"])


def numbers(charter_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    out = ok(charter_dir, capsys, "principle", "list", "--json")
    return {p["id"]: p["number"] for p in json.loads(out)}


def statuses(charter_dir: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    out = ok(charter_dir, capsys, "amendments", "--json")
    return {a["number"]: a["status"] for a in json.loads(out)}


def head(charter_dir: Path) -> str:
    return (charter_dir / ".git" / "refs" / "heads" / "main").read_text().strip()


def amend_body(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    principle_id: str,
    old: str,
    new: str,
) -> str:
    """File an amendment replacing ``old`` by ``new`` in a principle; its number."""
    body = body_of(charter_dir, capsys, principle_id)
    assert old in body
    path = tmp_path / f"amendment-{len(list(tmp_path.iterdir()))}.md"
    path.write_text(body.replace(old, new, 1), encoding="utf-8")
    out = ok(
        charter_dir, capsys, "amend", principle_id, "--body-file", str(path),
        "--rationale", "Parce que", "--as", AUTHOR, "--json",
    )  # fmt: skip
    return str(json.loads(out)["number"])


def amend_insert(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], after: str, title: str
) -> str:
    path = tmp_path / f"insert-{len(list(tmp_path.iterdir()))}.md"
    path.write_text(f"Texte de {title}.", encoding="utf-8")
    out = ok(
        charter_dir, capsys, "amend", "--insert-after", after, "--title", title,
        "--body-file", str(path), "--rationale", "Manque", "--as", AUTHOR, "--json",
    )  # fmt: skip
    return str(json.loads(out)["number"])


def working_tree_state(charter_dir: Path, git_cli: GitCli) -> tuple[str, str, str]:
    """HEAD, ``git status`` and the tags: what "nothing was written" must leave unchanged."""
    return (
        head(charter_dir),
        git_cli(charter_dir, "status", "--porcelain", "--untracked-files=all"),
        git_cli(charter_dir, "tag", "--list"),
    )


def trailers(charter_dir: Path, git_cli: GitCli, rev: str = "HEAD") -> list[str]:
    out = git_cli(charter_dir, "log", "-1", "--format=%(trailers:only,unfold)", rev)
    return [line for line in out.splitlines() if line]


# -- decisions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "status", "outcome"),
    [
        ("--reject", "rejected", "rejected"),
        ("--withdraw", "withdrawn", "withdrawn"),  # withdrawn in session: a withdraw event
        ("--fallen", "fallen", "fallen"),
        ("--not-moved", "not-moved", "not-moved"),
    ],
)
def test_each_decision_is_recorded_with_votes_reference_and_date(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    git_cli: GitCli,
    flag: str,
    status: str,
    outcome: str,
) -> None:
    number = amend_body(charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    text_before = body_of(charter_dir, capsys, SOVEREIGNTY)
    out = ok(
        charter_dir, capsys, "decide", number, flag, "--votes", "4, 15,0",
        "--ref", "Délibération  2026-14", "--date", "2026-03-12", "--as", CLERK,
    )  # fmt: skip
    assert out.startswith(f"Amendment {number}: ")
    assert statuses(charter_dir, capsys) == {number: status}
    assert body_of(charter_dir, capsys, SOVEREIGNTY) == text_before
    assert trailers(charter_dir, git_cli) == [
        f"Charter-Amendment: {number}",
        f"Charter-Decision: {outcome} 4-15-0",
        f"Charter-Participant: {CLERK}",
    ]
    (event,) = [
        e for e in events_store.read_events(charter_dir) if e.type in ("decision", "withdraw")
    ]
    assert event.by == CLERK
    assert event.get("votes") == {"for": "4", "against": "15", "abstain": "0"}
    assert (event.get("ref"), event.get("date")) == ("Délibération 2026-14", "2026-03-12")
    assert event.get("outcome") == (None if outcome == "withdrawn" else outcome)
    assert git_cli(charter_dir, "status", "--porcelain") == ""


def test_adopting_applies_the_text_in_one_commit_with_both_trailers(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    number = amend_body(
        charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    before = head(charter_dir)
    out = ok(
        charter_dir, capsys, "decide", number, "--adopt", "--votes", "14,3,2",
        "--ref", "Délibération 2026-14", "--as", CLERK,
    )  # fmt: skip
    assert out.startswith(f"Amendment {number}: adopted 14-3-2 (commit ")
    assert "de ses outils numériques," in body_of(charter_dir, capsys, SOVEREIGNTY)
    assert statuses(charter_dir, capsys) == {number: "adopted"}
    assert git_cli(charter_dir, "rev-parse", "HEAD^").strip() == before  # exactly one commit
    assert trailers(charter_dir, git_cli) == [
        f"Charter-Principle: {SOVEREIGNTY}",
        f"Charter-Amendment: {number}",
        "Charter-Decision: adopted 14-3-2",
        f"Charter-Participant: {CLERK}",
    ]
    changed = git_cli(charter_dir, "show", "--name-only", "--format=", "HEAD").split()
    assert f"principles/{SOVEREIGNTY}.md" in changed
    assert [p for p in changed if p.startswith("events/")] and len(changed) == 2
    assert git_cli(charter_dir, "status", "--porcelain") == ""


def test_adopting_a_conflicting_amendment_writes_nothing(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    first = amend_body(
        charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    rival = amend_body(
        charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses logiciels,"
    )
    ok(charter_dir, capsys, "decide", first, "--adopt", "--as", CLERK)
    state = working_tree_state(charter_dir, git_cli)
    text = body_of(charter_dir, capsys, SOVEREIGNTY)

    code, out, err = run(charter_dir, capsys, "decide", rival, "--adopt", "--as", CLERK)
    assert code == 1 and out == ""
    assert f"Amendment {rival} cannot be applied (conflicting)" in err
    assert "Text now: “" in err and "de ses outils numériques," in err  # both texts, plainly
    assert "Amendment proposes: “" in err and "de ses logiciels," in err
    assert "Nothing was recorded." in err
    assert working_tree_state(charter_dir, git_cli) == state
    assert body_of(charter_dir, capsys, SOVEREIGNTY) == text
    assert statuses(charter_dir, capsys) == {first: "adopted", rival: "registered"}
    # It can still be rejected.
    ok(charter_dir, capsys, "decide", rival, "--reject", "--as", CLERK)
    assert statuses(charter_dir, capsys)[rival] == "rejected"


def test_a_batch_is_adopted_in_the_council_order_in_one_commit(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    first = amend_insert(charter_dir, tmp_path, capsys, INCLUSION, "Premier inséré")
    second = amend_insert(charter_dir, tmp_path, capsys, INCLUSION, "Second inséré")
    edit = amend_body(charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    before = head(charter_dir)

    out = ok(charter_dir, capsys, "adopt-batch", f"{second},{edit},{first}", "--dry-run",
             "--as", CLERK)  # fmt: skip
    assert "Nothing was recorded (dry run)." in out
    assert head(charter_dir) == before

    out = ok(
        charter_dir, capsys, "adopt-batch", f"{second},{edit},{first}",
        "--ref", "Délibération 2026-15", "--date", "2026-03-19", "--as", CLERK,
    )  # fmt: skip
    assert out.startswith(f"Adopted {second}, {edit}, {first} in one commit")
    assert git_cli(charter_dir, "rev-parse", "HEAD^").strip() == before
    by_number = {number: pid for pid, number in numbers(charter_dir, capsys).items()}
    # The council took the second one first: it gets "2 bis", the other "2 ter".
    assert (by_number["2 bis"], by_number["2 ter"]) == ("second-insere", "premier-insere")
    decisions = [t for t in trailers(charter_dir, git_cli) if t.startswith("Charter-Amendment")]
    assert decisions == [f"Charter-Amendment: {n}" for n in (second, edit, first)]
    assert "Charter-Decision: adopted" in trailers(charter_dir, git_cli)
    assert set(statuses(charter_dir, capsys).values()) == {"adopted"}
    decided = [e for e in events_store.read_events(charter_dir) if e.type == "decision"]
    assert {(e.get("ref"), e.get("date")) for e in decided} == {
        ("Délibération 2026-15", "2026-03-19")
    }


def test_a_batch_with_one_conflict_writes_nothing(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    clean = amend_insert(charter_dir, tmp_path, capsys, RIGHTS, "Droit à la déconnexion")
    first = amend_body(
        charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses outils numériques,"
    )
    rival = amend_body(
        charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de ses logiciels,"
    )
    state = working_tree_state(charter_dir, git_cli)
    code, out, err = run(
        charter_dir, capsys, "adopt-batch", f"{clean},{first},{rival}", "--as", CLERK
    )
    assert code == 1 and out == ""
    assert f"Amendment {rival} cannot be applied (conflicting)" in err
    assert f"It collides with {first}." in err
    assert working_tree_state(charter_dir, git_cli) == state
    assert set(statuses(charter_dir, capsys).values()) == {"registered"}
    assert "droit-a-la-deconnexion" not in numbers(charter_dir, capsys)


# -- adopted versions -----------------------------------------------------------------------------


def tag_message(charter_dir: Path, git_cli: GitCli, name: str) -> str:
    return git_cli(charter_dir, "for-each-ref", "--format=%(contents)", f"refs/tags/{name}")


def test_adopt_versions_tags_with_date_reference_and_amendments_since_the_last(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    one = amend_body(charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    two = amend_insert(charter_dir, tmp_path, capsys, RIGHTS, "Droit à la déconnexion")
    rejected = amend_insert(charter_dir, tmp_path, capsys, RIGHTS, "Droit à l’oubli")
    ok(charter_dir, capsys, "adopt-batch", f"{one},{two}", "--as", CLERK)
    ok(charter_dir, capsys, "decide", rejected, "--reject", "--as", CLERK)

    out = ok(
        charter_dir, capsys, "adopt", "v1.0", "--ref", "Délibération 2026-20",
        "--date", "2026-04-02", "--as", CLERK,
    )  # fmt: skip
    assert f"Amendments included: {one}, {two}" in out
    assert git_cli(charter_dir, "cat-file", "-t", "v1.0").strip() == "tag"  # annotated
    assert git_cli(charter_dir, "rev-parse", "v1.0^{commit}").strip() == head(charter_dir)
    message = tag_message(charter_dir, git_cli, "v1.0")
    assert message.startswith("Adopted version v1.0 of “Charte numérique locale du Val de Lèze”")
    for line in (
        "Charter-Version: v1.0",
        "Charter-Date: 2026-04-02",
        "Charter-Deliberation: Délibération 2026-20",
        f"Charter-Amendments: {one}, {two}",
    ):
        assert line in message.splitlines()

    three = amend_body(
        charter_dir,
        tmp_path,
        capsys,
        INCLUSION,
        "Les ateliers ont montré",
        "Les ateliers ont prouvé",
    )
    ok(charter_dir, capsys, "decide", three, "--adopt", "--as", CLERK)
    ok(charter_dir, capsys, "adopt", "v2.0", "--ref", "Délibération 2026-31", "--as", CLERK)
    assert f"Charter-Amendments: {three}\n" in tag_message(charter_dir, git_cli, "v2.0")

    listed = json.loads(ok(charter_dir, capsys, "versions", "--json"))
    assert [(v["name"], v["ref"], v["amendments"], v["signature"]["state"]) for v in listed] == [
        ("v1.0", "Délibération 2026-20", [one, two], "unsigned"),
        ("v2.0", "Délibération 2026-31", [three], "unsigned"),
    ]
    assert listed[0]["date"] == "2026-04-02" and len(listed[0]["commit"]) == 40
    out = ok(charter_dir, capsys, "versions")
    assert out.startswith("v1.0") and "not signed" in out and f"amendments: {three}" in out


def test_renumbering_before_tagging_and_stable_numbers_afterwards(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    inserted = amend_insert(charter_dir, tmp_path, capsys, INCLUSION, "Droit à la déconnexion")
    ok(charter_dir, capsys, "decide", inserted, "--adopt", "--as", CLERK)
    before = numbers(charter_dir, capsys)
    assert before["droit-a-la-deconnexion"] == "2 bis" and before[RIGHTS] == "3"
    adopted_commit = head(charter_dir)

    ok(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--renumber", "--as", CLERK)
    after = numbers(charter_dir, capsys)
    assert after["droit-a-la-deconnexion"] == "3"
    assert after[RIGHTS] == "4"  # the following numbers move
    assert sorted(after.values(), key=int) == [str(n) for n in range(1, len(after) + 1)]
    # One renumbering commit, then the tag on it.
    assert git_cli(charter_dir, "rev-parse", "HEAD^").strip() == adopted_commit
    assert git_cli(charter_dir, "log", "-1", "--format=%s").startswith("Renumber the principles")
    assert git_cli(charter_dir, "rev-parse", "v1.0^{commit}").strip() == head(charter_dir)

    # A version exists: numbers are stable, an insertion gets "bis".
    ok(charter_dir, capsys, "principle", "add", "--title", "Nouveau", "--after", INCLUSION,
       "--as", AUTHOR)  # fmt: skip
    assert numbers(charter_dir, capsys)["nouveau"] == "2 bis"
    assert numbers(charter_dir, capsys)[RIGHTS] == "4"


def test_without_renumber_the_bis_numbers_stay(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    inserted = amend_insert(charter_dir, tmp_path, capsys, INCLUSION, "Droit à la déconnexion")
    ok(charter_dir, capsys, "decide", inserted, "--adopt", "--as", CLERK)
    adopted_commit = head(charter_dir)
    ok(charter_dir, capsys, "adopt", "v1.0", "--ref", "D-1", "--as", CLERK)
    assert head(charter_dir) == adopted_commit
    assert numbers(charter_dir, capsys)["droit-a-la-deconnexion"] == "2 bis"


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        # an amendment that does not exist
        (["decide", "A-9", "--reject"], "There is no amendment “A-9”"),
        # already decided (A-1 is rejected in the setup)
        (["decide", "A-1", "--adopt"], "Amendment A-1: This amendment has already been decided"),
        (["decide", "A-1", "--withdraw"], "already been decided (rejected)"),
        (["adopt-batch", "A-2,A-1"], "Amendment A-1: This amendment has already been decided"),
        # the same amendment twice in a batch
        (["adopt-batch", "A-2,A-2"], "Amendment A-2 is named twice."),
        # votes that are not three non-negative integers
        (["decide", "A-2", "--reject", "--votes", "14,3"], "“14,3” is not a vote count."),
        (["decide", "A-2", "--reject", "--votes", "14,-3,2"], "is not a vote count"),
        (["decide", "A-2", "--reject", "--votes", "14,3,2.5"], "is not a vote count"),
        (["decide", "A-2", "--reject", "--votes", "a,b,c"], "is not a vote count"),
        # dates that are not dates
        (["decide", "A-2", "--reject", "--date", "2026-02-30"], "“2026-02-30” is not a date."),
        (["decide", "A-2", "--reject", "--date", "12/03/2026"], "is not a date"),
        (["adopt", "v1.0", "--ref", "D", "--date", "demain"], "“demain” is not a date."),
        # version names
        (["adopt", "1.0", "--ref", "D"], "“1.0” is not a valid version name."),
        (["adopt", "v1.0 final", "--ref", "D"], "is not a valid version name"),
        (["adopt", "--v1.0", "--ref", "D"], None),  # never read as a name: argparse exits 2
        (["adopt", "v0.9", "--ref", "D"], "A version named v0.9 already exists."),
        (["adopt", "v2.0", "--ref", "  "], "The deliberation reference is empty."),
        # signing without a configured key
        (["adopt", "v2.0", "--ref", "D", "--sign"], "No signing key is configured"),
        # someone who is not a participant
        (["decide", "A-2", "--reject", "--as", "p-000000"], "Unknown participant"),
    ],
)
def test_bad_input_is_refused_plainly_and_changes_nothing(
    charter_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    git_cli: GitCli,
    argv: list[str],
    fragment: str | None,
) -> None:
    first = amend_body(charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    second = amend_body(
        charter_dir,
        tmp_path,
        capsys,
        INCLUSION,
        "Les ateliers ont montré",
        "Les ateliers ont prouvé",
    )
    assert (first, second) == ("A-1", "A-2")
    ok(charter_dir, capsys, "decide", "A-1", "--reject", "--as", CLERK)
    ok(charter_dir, capsys, "adopt", "v0.9", "--ref", "D-0", "--as", CLERK)
    state = working_tree_state(charter_dir, git_cli)
    ledger = statuses(charter_dir, capsys)

    as_who = [] if "--as" in argv else ["--as", CLERK]
    if fragment is None:
        with pytest.raises(SystemExit) as exit_info:
            main(["-C", str(charter_dir), *argv, *as_who])
        assert exit_info.value.code == 2
        capsys.readouterr()
    else:
        code, out, err = run(charter_dir, capsys, *argv, *as_who)
        assert (code, out) == (1, "")
        assert err.startswith("error: ") and fragment in err
    assert working_tree_state(charter_dir, git_cli) == state
    assert statuses(charter_dir, capsys) == ledger


def test_unsaved_changes_to_the_text_are_never_adopted(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], git_cli: GitCli
) -> None:
    number = amend_body(charter_dir, tmp_path, capsys, SOVEREIGNTY, "de ses outils,", "de tout,")
    path = charter_dir / "principles" / f"{INCLUSION}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nPas encore enregistré.\n", "utf-8")
    state = working_tree_state(charter_dir, git_cli)
    for argv in (["decide", number, "--adopt"], ["adopt", "v1.0", "--ref", "D"]):
        code, _out, err = run(charter_dir, capsys, *argv, "--as", CLERK)
        assert code == 1 and "unsaved changes" in err and f"principles/{INCLUSION}.md" in err
        assert working_tree_state(charter_dir, git_cli) == state
