"""Merging two laptops' work: symmetric rules for principles, order and participants; a real
conflict waits, untouched, for a resolution that becomes an ordinary merge commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.core.merging import (
    PrincipleConflict,
    merge_order,
    merge_participants,
    merge_principle,
)
from charter_app.core.model import Participant, Principle, Role
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.repository import CharterRepository
from tests.test_sync_support import CLAIRE, FIRST, edit_body, git, laptops, snapshot

BASE = Principle("p", "1", "Titre", "Un deux trois.\n\nQuatre cinq six.")


def body(text: str) -> Principle:
    return BASE.with_changes(body=text)


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        # one side only
        (body("Un deux trois.\n\nQuatre cinq six sept."), BASE, "Quatre cinq six sept."),
        # different paragraphs
        (body("Zéro un deux trois.\n\nQuatre cinq six."),
         body("Un deux trois.\n\nQuatre cinq six, sept."),
         "Zéro un deux trois.\n\nQuatre cinq six, sept."),
        # same paragraph, words far apart
        (body("Un DEUX trois.\n\nQuatre cinq six."), body("Un deux trois.\n\nQuatre cinq SIX."),
         "Un DEUX trois.\n\nQuatre cinq SIX."),
    ],
)  # fmt: skip
def test_clean_principle_merges_are_symmetric(
    mine: Principle, theirs: Principle, expected: str
) -> None:
    one, other = merge_principle(BASE, mine, theirs), merge_principle(BASE, theirs, mine)
    assert isinstance(one, Principle) and one == other
    assert one.body.endswith(expected)


def test_same_words_changed_differently_is_a_conflict_with_regions() -> None:
    mine = BASE.with_changes(body="Un deux TROIS.\n\nQuatre cinq six.", title="Mon titre")
    theirs = BASE.with_changes(body="Un deux 3.\n\nQuatre cinq six.", title="Leur titre")
    conflict = merge_principle(BASE, mine, theirs)
    assert isinstance(conflict, PrincipleConflict)
    assert set(conflict.fields) == {"body", "title"}
    assert [(c.ours, c.theirs) for c in conflict.body.conflicts] == [
        ("Un deux TROIS.", "Un deux 3.")
    ]
    resolved = conflict.resolve("Un deux trois (3).\n\nQuatre cinq six.", title="Titre commun")
    assert resolved.title == "Titre commun" and resolved.body.startswith("Un deux trois (3).")


def test_deleted_on_one_side_and_edited_on_the_other_conflicts() -> None:
    edited = BASE.with_changes(body="Autre.")
    assert isinstance(merge_principle(BASE, None, edited), PrincipleConflict)
    assert merge_principle(BASE, None, BASE) is None


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        (["a", "b", "x", "c"], ["a", "b", "c", "y"], ["a", "b", "x", "c", "y"]),
        (["a", "b", "x"], ["a", "b", "c", "y"], ["a", "b", "x", "y"]),  # c removed in mine
        (["a", "b", "c", "x"], ["a", "b", "c", "y"], ["a", "b", "c", "x", "y"]),
        (["c", "b", "a"], ["a", "b", "c", "z"], ["c", "z", "b", "a"]),  # z stays after c
    ],
)
def test_principle_order_merges_symmetrically(
    mine: list[str], theirs: list[str], expected: list[str]
) -> None:
    base = ["a", "b", "c"]
    assert merge_order(base, mine, theirs) == merge_order(base, theirs, mine)
    result = merge_order(base, mine, theirs)
    assert result == expected
    assert merge_order(base, ["b", "a", "c"], ["a", "c", "b"]) is None


def test_participants_added_on_both_sides() -> None:
    one = Participant("p-000001", "Un", Role.RESIDENT)
    two = Participant("p-000002", "Deux", Role.STAFF)
    three = Participant("p-000003", "Trois", Role.ELECTED)
    assert merge_participants([one], [one, three], [one, two]) == (one, two, three)
    assert merge_participants([one], [one, two], [one, three]) == (one, two, three)
    renamed = Participant("p-000001", "Autre", Role.RESIDENT)
    assert (
        merge_participants([one], [renamed], [one.__class__("p-000001", "X", Role.RESIDENT)])
        is None
    )


def test_conflict_waits_then_resolution_is_a_merge_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = laptops(tmp_path, "a", "b")
    edit_body(a, FIRST, lambda body: body.replace("La communauté", "Notre communauté", 1))
    edit_body(b, FIRST, lambda body: body.replace("La communauté", "Toute la communauté", 1))
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    before = snapshot(b)
    assert main(["-C", str(b), "import-bundle", str(tmp_path / "a.bundle"), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["outcome"] == "conflicts"
    region = report["conflicts"][0]["regions"][0]
    assert "Toute la communauté" in region["mine"] and "Notre communauté" in region["theirs"]
    refs, objects, files = snapshot(b)
    assert files == before[2]  # not one file touched
    assert git(b, "rev-parse", "HEAD") in before[0]

    assert main(["-C", str(b), "conflicts"]) == 0
    assert "souverainete-numerique" in capsys.readouterr().out
    with CharterRepository.open(b) as repository:
        chosen = (
            repository.load()
            .principle(FIRST)
            .body.replace(  # type: ignore[union-attr]
                "Toute la communauté", "Notre communauté tout entière", 1
            )
        )
    (tmp_path / "chosen.md").write_text(chosen)
    assert (
        main(
            [
                "-C",
                str(b),
                "resolve-conflict",
                FIRST,
                "--file",
                str(tmp_path / "chosen.md"),
                "--as",
                CLAIRE,
            ]
        )
        == 0
    )
    parents = git(b, "log", "-1", "--format=%P").split()
    assert len(parents) == 2 and parents[1] == git(a, "rev-parse", "HEAD").strip()
    assert git(b, "status", "--porcelain") == ""
    with CharterRepository.open(b) as repository:
        assert repository.load().principle(FIRST).body == chosen  # type: ignore[union-attr]
    # A receives the resolution as a fast-forward.
    with CharterRepository.open(b) as repository:
        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    with CharterRepository.open(a) as repository:
        assert import_bundle(repository, tmp_path / "b.bundle").outcome == "fast-forward"


def _delete_principle(folder: Path, principle_id: str) -> None:
    from charter_app.core import operations

    with CharterRepository.open(folder) as repository:
        charter, change = operations.remove_principle(repository.load(), principle_id)
        assert repository.save(charter, change, CLAIRE)


@pytest.mark.parametrize("deleted_here", [True, False])
def test_a_principle_deleted_on_one_laptop_and_edited_on_the_other_can_be_deleted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], deleted_here: bool
) -> None:
    a, b = laptops(tmp_path, "a", "b")
    deleting, editing = (b, a) if deleted_here else (a, b)
    _delete_principle(deleting, FIRST)
    edit_body(editing, FIRST, lambda body: body + "\n\nUne phrase ajoutée en atelier.")
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    assert main(["-C", str(b), "import-bundle", str(tmp_path / "a.bundle"), "--as", CLAIRE]) == 2
    capsys.readouterr()
    # Settling a conflict that is not a deletion by deleting is refused, with nothing changed.
    before = snapshot(b)
    assert main(["-C", str(b), "resolve-conflict", "charter.yaml", "--delete", "--as", CLAIRE]) == 1
    assert "no conflict" in capsys.readouterr().err
    assert snapshot(b) == before

    assert main(["-C", str(b), "resolve-conflict", FIRST, "--delete", "--as", CLAIRE]) == 0
    assert "Every conflict is resolved" in capsys.readouterr().out
    parents = git(b, "log", "-1", "--format=%P").split()
    assert len(parents) == 2 and parents[1] == git(a, "rev-parse", "HEAD").strip()
    assert git(b, "status", "--porcelain") == ""
    with CharterRepository.open(b) as repository:
        charter = repository.load()
        assert charter.principle(FIRST) is None
        assert len(charter.principles) == 9
    # The edited wording is not lost: it stays in the history.
    assert "Une phrase ajoutée en atelier." in git(
        b, "log", "-p", "--full-history", "--", "principles/"
    )


def test_deleting_to_settle_an_edit_conflict_is_refused(tmp_path: Path) -> None:
    from charter_app.errors import ValidationError
    from charter_app.storage.sync import resolve_conflict

    a, b = laptops(tmp_path, "a", "b")
    edit_body(a, FIRST, lambda body: body.replace("La communauté", "Notre communauté", 1))
    edit_body(b, FIRST, lambda body: body.replace("La communauté", "Toute la communauté", 1))
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    with CharterRepository.open(b) as repository:
        assert import_bundle(repository, tmp_path / "a.bundle").outcome == "conflicts"
        with pytest.raises(ValidationError, match="was not deleted"):
            resolve_conflict(repository, FIRST, "", CLAIRE, delete=True)
        assert repository.load().principle(FIRST) is not None
