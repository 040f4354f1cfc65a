"""A received file the app cannot read never gets in: the quarantine reads every new file with
the app's own loaders (events and amendments too), and a refusal that says "nothing was
changed" is true: refs, objects and files are byte for byte as before. A repaired charter (a
broken file set aside in its history) still travels."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.quarantine import ImportRefusedError
from charter_app.storage.repair import repair
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import sync
from tests.test_bundles_hostile import assert_refused_without_change, hostile_bundle, pair
from tests.test_sync_support import CLAIRE, comment, git, laptops, snapshot

__all__ = ["pair"]  # the fixture, shared with the other hostile-bundle tests

EVENT = "events/2026/e-0123456789abcdef.yaml"
AMENDMENT = "amendments/a-0123456789ab.yaml"
GOOD_EVENT = (
    b'id: e-0123456789abcdef\ntype: comment\nat: "2026-03-12T19:42:10+01:00"\nby: p-cbb40a\n'
    b"about: principle\ntarget: souverainete-numerique\ntext: Bien vu.\n"
)
GOOD_AMENDMENT = (
    b"id: a-0123456789ab\nkind: modify\ntarget: souverainete-numerique\n"
    b"base: " + b"1" * 40 + b'\nauthor: p-cbb40a\ncreated: "2026-03-12T19:42:10+01:00"\n'
    b"body: |\n  Nouveau texte.\nrationale: |\n  Plus clair.\n"
)

MALFORMED = {
    # name: (path, content, words of the refusal)
    "event: broken YAML": (EVENT, b"id: [broken\n", "not valid YAML"),
    "event: no id": (EVENT, GOOD_EVENT.replace(b"e-0123456789abcdef", b"e-1"), "no valid id"),
    "event: no time zone": (
        EVENT, GOOD_EVENT.replace(b"+01:00", b""), "no time zone",
    ),
    "event: not text": (EVENT, b"\xff\xfe\x00broken", "not valid UTF-8"),
    "event: alias bomb": (
        EVENT, b"a: &a [x, x]\nb: [*a, *a]\n", "anchors and aliases",
    ),
    "amendment: broken YAML": (AMENDMENT, b"kind: modify\n  target: [\n", "not valid YAML"),
    "amendment: unknown kind": (
        AMENDMENT, GOOD_AMENDMENT.replace(b"kind: modify", b"kind: rewrite"), "unknown amendment",
    ),
    "amendment: no rationale": (
        AMENDMENT, GOOD_AMENDMENT.split(b"rationale")[0], "rationale",
    ),
    "participants: broken": ("participants.yaml", b"participants: [\n", "not valid YAML"),
    "participants: too large": (
        "participants.yaml",
        b"participants:\n" + b"  - id: p-000001\n    name: x\n    role: resident\n" * 60_000,
        "too large",
    ),
    "principle: no front matter": ("principles/souverainete-numerique.md", b"Texte\n", "---"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_file_the_app_cannot_read_is_refused_and_nothing_changes(
    tmp_path: Path, pair: tuple[Path, Path], case: str
) -> None:
    a, b = pair
    path, content, words = MALFORMED[case]
    bundle = hostile_bundle(tmp_path, a, {path: ("100644", content)})
    assert_refused_without_change(b, bundle, words)


def test_the_reported_case_from_the_command_line(
    tmp_path: Path, pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """``import-bundle`` used to say "nothing was changed" while main had moved."""
    a, b = pair
    bundle = hostile_bundle(tmp_path, a, {EVENT: ("100644", b"id: [broken\n")})
    before = snapshot(b)
    assert main(["-C", str(b), "import-bundle", str(bundle), "--as", CLAIRE]) == 1
    error = capsys.readouterr().err
    assert "Nothing was changed" in error and EVENT in error
    assert snapshot(b) == before
    for command in (["comments"], ["amendments"], ["check"]):
        assert main(["-C", str(b), *command]) == 0


def test_well_formed_events_and_amendments_still_get_in(
    tmp_path: Path, pair: tuple[Path, Path]
) -> None:
    a, b = pair
    bundle = hostile_bundle(
        tmp_path, a, {EVENT: ("100644", GOOD_EVENT), AMENDMENT: ("100644", GOOD_AMENDMENT)}
    )
    with CharterRepository.open(b) as repository:
        assert import_bundle(repository, bundle).outcome == "merged"
    assert (b / EVENT).read_bytes() == GOOD_EVENT


def test_a_server_sending_a_broken_file_changes_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    shared = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(a), str(shared))
    # Someone pushes, with plain git, a commit adding a broken event.
    evil = tmp_path / "evil"
    git(tmp_path, "clone", "-q", str(shared), str(evil))
    (evil / "events" / "2026").mkdir(parents=True, exist_ok=True)
    (evil / EVENT).write_bytes(b"id: [broken\n")
    git(evil, "add", EVENT)
    git(evil, "commit", "-q", "-m", "hostile")
    git(evil, "push", "-q", "origin", "main")
    comment(b, "1", "Travail de B")
    before = snapshot(b)
    with CharterRepository.open(b) as repository, pytest.raises(ImportRefusedError) as caught:
        sync(repository, str(shared), author=CLAIRE)
    assert "Nothing was changed" in caught.value.hint
    assert snapshot(b) == before


def test_a_repaired_charter_still_travels(tmp_path: Path) -> None:
    """A broken file that got in before this check (plain git) is set aside by a repair; the
    broken version stays in the history, and that history must still be accepted elsewhere."""
    a, b = laptops(tmp_path, "a", "b")
    (a / "events" / "2026").mkdir(parents=True, exist_ok=True)
    (a / EVENT).write_bytes(b"id: [broken\n")
    git(a, "add", EVENT)
    git(a, "commit", "-q", "-m", "a broken event, committed by hand")
    with CharterRepository.open(a) as repository:
        result = repair(repository, CLAIRE)
        assert result.set_aside == (EVENT,) and result.commit is not None
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    with CharterRepository.open(b) as repository:
        assert import_bundle(repository, tmp_path / "a.bundle").outcome == "fast-forward"
    assert not (b / EVENT).exists()
    assert main(["-C", str(b), "comments"]) == 0


def test_a_broken_file_of_our_own_never_makes_a_merge_claim_nothing_changed(
    tmp_path: Path,
) -> None:
    """After the refs moved, a problem is reported as such, never as "nothing was changed"."""
    a, b = laptops(tmp_path, "a", "b")
    (b / "amendments").mkdir(exist_ok=True)
    (b / AMENDMENT).write_bytes(b"kind: [broken\n")  # ours, not saved: the merge leaves it
    comment(a, "1", "Depuis A")
    with CharterRepository.open(a) as repository:
        export = export_bundle(repository, tmp_path / "a.bundle", sender="a")
    with CharterRepository.open(b) as repository:
        result = import_bundle(repository, export.path, author=CLAIRE)  # no error raised
        assert repository.git.head() == export.tip
    assert any("is saved" in notice for notice in result.notices)
