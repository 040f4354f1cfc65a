"""Adopted versions (annotated tags) travel with USB exports and server syncs: created where
missing, never moved where they exist, and a laptop's own version always kept."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.errors import ValidationError
from charter_app.i18n import set_language
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import SyncResult, clone_safely, sync
from charter_app.storage.versions import adopted_versions
from tests.test_sync_support import CLAIRE, comment, git


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield


@pytest.fixture
def laptops(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """Laptops a and b, cloned from the full export of a charter made by ``charter init``."""
    origin = tmp_path / "origin"
    assert main(["init", str(origin)]) == 0
    capsys.readouterr()
    with CharterRepository.open(origin) as repository:
        export_bundle(repository, tmp_path / "origin.bundle", sender="origin")
    for name in ("a", "b"):
        clone_safely(tmp_path / "origin.bundle", tmp_path / name).close()
    return tmp_path / "a", tmp_path / "b"


def adopt(folder: Path, name: str, ref: str, *extra: str) -> None:
    assert main(["-C", str(folder), "adopt", name, "--ref", ref, "--as", CLAIRE, *extra]) == 0


def tags(folder: Path) -> dict[str, str]:
    """Tag name -> tag object id, as plain git sees them."""
    listing = git(folder, "for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/tags")
    return dict(line.split(" ") for line in listing.splitlines())


def versions(folder: Path) -> dict[str, tuple[str, str, str]]:
    """Version name -> (commit, deliberation reference, tag message) as the app lists them."""
    with CharterRepository.open(folder) as repository:
        listed = {version.name: version for version in adopted_versions(repository)}
        messages = {tag.name: tag.message for tag in repository.tags()}
    return {name: (v.commit, v.ref, messages[name]) for name, v in listed.items()}


def carry(tmp_path: Path, sender: Path, receiver: Path, file: str) -> SyncResult:
    """An export of ``sender`` for ``receiver`` on a USB stick, imported there."""
    with CharterRepository.open(sender) as repository:
        export_bundle(repository, tmp_path / file, for_name=receiver.name, sender=sender.name)
    with CharterRepository.open(receiver) as repository:
        return import_bundle(repository, tmp_path / file, author=CLAIRE)


def test_a_version_adopted_on_one_laptop_reaches_the_other(
    tmp_path: Path, laptops: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = laptops
    # Adopted on a commit b already has: only the version itself is new.
    adopt(a, "v1.0", "Délibération 2025-03 du conseil municipal")
    result = carry(tmp_path, a, b, "first.bundle")
    assert result.outcome == "up-to-date" and result.new_versions == ("v1.0",)
    assert not result.notices
    assert versions(b) == versions(a)
    assert versions(b)["v1.0"][1] == "Délibération 2025-03 du conseil municipal"
    assert tags(b) == tags(a)  # the very same tag object
    git(b, "fsck", "--strict", "--no-dangling")
    # Nothing new at all: commits and versions were sent.
    with CharterRepository.open(a) as repository, pytest.raises(ValidationError, match="nothing"):
        export_bundle(repository, tmp_path / "again.bundle", for_name="b", sender="a")


def test_an_incremental_export_carries_the_new_version(
    tmp_path: Path, laptops: tuple[Path, Path]
) -> None:
    a, b = laptops
    adopt(a, "v1.0", "D-1")
    carry(tmp_path, a, b, "first.bundle")
    comment(a, "1", "Après la v1")
    adopt(a, "v2.0", "D-2")
    with CharterRepository.open(a) as repository:
        export = export_bundle(repository, tmp_path / "next.bundle", for_name="b", sender="a")
    assert export.commits == 1 and export.prerequisites  # incremental
    assert export.versions == ("refs/tags/v1.0", "refs/tags/v2.0")  # tiny: always all of them
    with CharterRepository.open(b) as repository:
        result = import_bundle(repository, export.path)
    assert result.outcome == "fast-forward" and result.new_versions == ("v2.0",)
    assert tags(b) == tags(a) and versions(b) == versions(a)
    # A version adopted on a commit already sent still goes, in a one-commit export.
    adopt(a, "v2.1", "D-3")
    result = carry(tmp_path, a, b, "third.bundle")
    assert result.outcome == "up-to-date" and result.new_versions == ("v2.1",)
    assert tags(b) == tags(a)


def test_the_receivers_own_version_is_kept_and_the_difference_reported(
    tmp_path: Path, laptops: tuple[Path, Path]
) -> None:
    a, b = laptops
    adopt(a, "v1.0", "Délibération de A")
    comment(b, "2", "Travail de B")
    adopt(b, "v1.0", "Délibération de B")
    comment(a, "1", "Travail de A")
    adopt(a, "v1.1", "D-2")
    ours = tags(b)["v1.0"]
    result = carry(tmp_path, a, b, "a.bundle")
    assert result.outcome == "merged"  # the rest still comes in
    assert result.new_versions == ("v1.1",)
    assert result.notices == ("Version v1.0 differs on the other laptop (a); yours was kept.",)
    assert tags(b)["v1.0"] == ours and versions(b)["v1.0"][1] == "Délibération de B"
    assert tags(b)["v1.1"] == tags(a)["v1.1"]
    # Back to a: a keeps its own v1.0 too.
    result = carry(tmp_path, b, a, "b.bundle")
    assert result.notices == ("Version v1.0 differs on the other laptop (b); yours was kept.",)
    assert versions(a)["v1.0"][1] == "Délibération de A"


def test_a_signed_version_arrives_signed(
    tmp_path: Path, laptops: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = laptops
    key = tmp_path / "greffe"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "greffe", "-f", str(key)],
        capture_output=True, check=True,
    )  # fmt: skip
    signers = tmp_path / "allowed"
    signers.write_text(f"greffe@example.invalid {key.with_suffix('.pub').read_text()}")
    config = tmp_path / "global.gitconfig"
    config.write_text(
        f'[user]\n\tsigningkey = {key}\n[gpg]\n\tformat = ssh\n[gpg "ssh"]\n'
        f"\tallowedSignersFile = {signers}\n"
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    adopt(a, "v1.0", "D-1", "--sign")
    carry(tmp_path, a, b, "signed.bundle")
    with CharterRepository.open(b) as repository:
        (version,) = adopted_versions(repository)
    assert version.signature.state == "good"
    assert version.signature.signer == "greffe@example.invalid"
    assert tags(b) == tags(a)


def test_versions_travel_both_ways_through_a_shared_folder(
    tmp_path: Path, laptops: tuple[Path, Path]
) -> None:
    a, b = laptops
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(shared))
    adopt(a, "v1.0", "D-1")
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(shared))
    assert result.pushed and result.sent_versions == ("v1.0",)
    assert tags(shared) == tags(a)
    with CharterRepository.open(b) as repository:
        result = sync(repository, str(shared))
    assert result.new_versions == ("v1.0",) and not result.sent_versions
    assert versions(b) == versions(a)
    # b adopts v2.0 on a commit the server already has: only the version is sent.
    adopt(b, "v2.0", "D-2")
    with CharterRepository.open(b) as repository:
        result = sync(repository, f"file://{shared}")
    assert not result.pushed and result.sent_versions == ("v2.0",)
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(shared))
    assert result.new_versions == ("v2.0",) and not result.sent_versions
    assert tags(a) == tags(b) == tags(shared)
    with CharterRepository.open(a) as repository:
        again = sync(repository, str(shared))
    assert not again.new_versions and not again.sent_versions and not again.notices


def test_the_servers_tags_never_overwrite_and_are_never_overwritten(
    tmp_path: Path, laptops: tuple[Path, Path]
) -> None:
    a, b = laptops
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(shared))
    adopt(a, "v1.0", "Délibération de A")
    with CharterRepository.open(a) as repository:
        sync(repository, str(shared))
    # Someone adds tags with plain git: a lightweight "version" and one off the history.
    head = git(shared, "rev-parse", "main").strip()
    git(shared, "tag", "v9.0", head)
    tree = git(shared, "rev-parse", "main^{tree}").strip()
    stray = git(shared, "commit-tree", tree, "-m", "stray").strip()
    git(shared, "tag", "-a", "v8.0", "-m", "stray", stray)
    comment(b, "2", "Travail de B")
    adopt(b, "v1.0", "Délibération de B")
    adopt(b, "v1.1", "D-2")
    ours = tags(b)["v1.0"]
    before = tags(shared)
    with CharterRepository.open(b) as repository:
        result = sync(repository, str(shared), author=CLAIRE)
    # v1.0 exists on the server (another one): never forced.
    assert result.pushed and result.sent_versions == ("v1.1",)
    assert tags(shared) == before | {"v1.1": tags(b)["v1.1"]}
    assert tags(b)["v1.0"] == ours and "v8.0" not in tags(b) and "v9.0" not in tags(b)
    assert "Version v1.0 differs on the server; yours was kept." in result.notices
    assert sum("v8.0" in notice or "v9.0" in notice for notice in result.notices) == 2
    git(b, "fsck", "--strict", "--no-dangling")


def test_the_command_line_says_which_versions_arrived(
    tmp_path: Path, laptops: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = laptops
    adopt(a, "v1.0", "Délibération 2025-03")
    capsys.readouterr()
    assert main(["-C", str(a), "bundle", "-o", str(tmp_path / "stick.bundle"), "--for", "b"]) == 0
    assert (
        main(["-C", str(b), "import-bundle", str(tmp_path / "stick.bundle"), "--as", CLAIRE]) == 0
    )
    assert "Adopted versions received: v1.0." in capsys.readouterr().out
