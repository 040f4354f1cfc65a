"""Sync with a folder on this computer never runs anything configured there: hooks, filters on a
checked-out folder, fsmonitor, receive-pack and upload-pack settings, included files. Canaries
for sending and receiving, with a shared (bare) folder and with a charter folder someone works
in; which folders are accepted, and that a refusal changes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.errors import LockedError, ValidationError
from charter_app.storage.quarantine import Quarantine, check_remote
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import clone_safely, sync
from tests.test_sync_support import (
    CLAIRE,
    FIRST,
    REGISTRY,
    comment,
    edit_body,
    git,
    laptops,
    snapshot,
)

HOOKS = (
    "pre-receive", "update", "post-receive", "post-update", "proc-receive", "push-to-checkout",
    "reference-transaction", "pre-auto-gc", "post-checkout", "post-merge", "fsmonitor-watchman",
)  # fmt: skip


def arm(git_dir: Path, work_tree: Path | None, canary: Path) -> None:
    """Every way a repository's own configuration can name a program, each touching ``canary``
    (``git_dir`` is the folder's git folder; ``work_tree`` its checked-out files, if any)."""
    included = git_dir.parent / f"{git_dir.name}-included.config"
    included.write_text(
        f"[core]\n\thooksPath = {git_dir / 'hooks'}\n"
        f'[filter "inc"]\n\tsmudge = touch {canary}; cat\n\tprocess = touch {canary}\n'
    )
    settings = [
        ("include.path", str(included)),
        ("core.hooksPath", str(git_dir / "hooks")),
        ("core.fsmonitor", f"touch {canary}; echo"),
        ("core.alternateRefsCommand", f"touch {canary}"),
        ("core.sshCommand", f"touch {canary}"),
        ("receive.denyCurrentBranch", "updateInstead"),
        ("receive.procReceiveRefs", "refs/heads"),
        ("receive.autogc", "true"),
        ("receive.advertisePushOptions", "true"),
        ("gc.auto", "1"),
        ("uploadpack.packObjectsHook", f"touch {canary}; git"),
        ("filter.evil.smudge", f"touch {canary}; cat"),
        ("filter.evil.clean", f"touch {canary}; cat"),
        ("filter.evil.process", f"touch {canary}"),
        ("filter.evil.required", "true"),
        ("diff.evil.textconv", f"touch {canary}; cat"),
    ]
    for key, value in settings:
        git(git_dir, "--git-dir", str(git_dir), "config", "--add", key, value)
    (git_dir / "info").mkdir(exist_ok=True)
    (git_dir / "info" / "attributes").write_text("* filter=evil diff=evil\n")
    (git_dir / "hooks").mkdir(exist_ok=True)
    for hook in HOOKS:
        (git_dir / "hooks" / hook).write_text(f"#!/bin/sh\ntouch {canary}\n")
        (git_dir / "hooks" / hook).chmod(0o755)
    if work_tree is not None:
        (work_tree / ".gitattributes").write_text("* filter=evil\n")


def shared_folder(tmp_path: Path, source: Path, canary: Path) -> Path:
    """A shared (bare) folder holding ``source``'s charter, armed."""
    shared = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(source), str(shared))
    git(shared, "fetch", "-q", str(source), REGISTRY)  # as the app's folders hold it
    arm(shared, None, canary)
    return shared


def working_folder(tmp_path: Path, source: Path, canary: Path) -> Path:
    """A charter folder someone works in (``main`` checked out), cloned from ``source``, armed
    as in the report: a checked-out branch updated in place, and a smudge filter."""
    folder = tmp_path / "S"
    git(tmp_path, "clone", "-q", str(source), str(folder))
    git(folder, "fetch", "-q", str(source), REGISTRY)  # as the app's folders hold it
    arm(folder / ".git", folder, canary)
    return folder


def body_of(folder: Path) -> str:
    with CharterRepository.open(folder) as repository:
        principle = repository.load().principle(FIRST)
    assert principle is not None
    return principle.body


def test_the_reported_case_runs_no_filter(tmp_path: Path) -> None:
    """Exactly the report: ``receive.denyCurrentBranch=updateInstead`` and a smudge filter on
    a checked-out folder, then ``charter sync`` (which used to run it and say "Sent")."""
    a, b = laptops(tmp_path, "a", "b")
    folder = tmp_path / "S"
    git(tmp_path, "clone", "-q", str(b), str(folder))
    git(folder, "fetch", "-q", str(b), REGISTRY)  # as the app's folders hold it
    canary = tmp_path / "CANARY"
    git(folder, "config", "receive.denyCurrentBranch", "updateInstead")
    git(folder, "config", "filter.evil.smudge", f"touch {canary}; cat")
    (folder / ".git" / "info").mkdir(exist_ok=True)
    (folder / ".git" / "info" / "attributes").write_text("* filter=evil\n")
    edit_body(a, FIRST, lambda body: body + "\n\nPhrase de A.")
    before = snapshot(folder)
    assert main(["-C", str(a), "sync", str(folder), "--as", CLAIRE]) == 0
    assert not canary.exists() and snapshot(folder) == before


def test_sending_to_a_working_folder_runs_nothing_and_writes_nothing(tmp_path: Path) -> None:
    """Every setting that names a program, on a checked-out folder."""
    a, b = laptops(tmp_path, "a", "b")
    canary = tmp_path / "CANARY"
    folder = working_folder(tmp_path, b, canary)
    edit_body(a, FIRST, lambda body: body + "\n\nPhrase de A.")
    before = snapshot(folder)
    assert main(["-C", str(a), "sync", str(folder), "--as", CLAIRE]) == 0
    assert not canary.exists()
    assert snapshot(folder) == before
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(folder), author=CLAIRE)
    assert not result.pushed
    assert any("never writes into it" in notice for notice in result.notices)
    assert not canary.exists() and snapshot(folder) == before


def test_receiving_from_a_working_folder_runs_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    canary = tmp_path / "CANARY"
    comment(b, "1", "Depuis le dossier de B")
    edit_body(b, FIRST, lambda body: body + "\n\nPhrase de B.")
    folder = working_folder(tmp_path, b, canary)
    before = snapshot(folder)
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(folder), author=CLAIRE)
    assert result.outcome == "fast-forward" and not result.pushed
    assert body_of(a) == body_of(b)
    assert not canary.exists() and snapshot(folder) == before
    with clone_safely(folder, tmp_path / "copy") as repository:
        assert repository.load() == CharterRepository.open(b).load()
    assert not canary.exists()


def test_sending_to_a_shared_folder_runs_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    canary = tmp_path / "CANARY"
    shared = shared_folder(tmp_path, b, canary)
    edit_body(a, FIRST, lambda body: body + "\n\nPhrase de A.")
    comment(a, "2", "Commentaire de A")
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(shared), author=CLAIRE)
        head = repository.git.head()
    assert result.pushed and not canary.exists()
    # What arrived is whole, as git itself sees it (checked without the folder's settings).
    assert git(tmp_path, "--git-dir", str(shared), "rev-parse", "main").strip() == head
    git(
        tmp_path, "-c", f"core.hooksPath={os.devnull}", "--git-dir", str(shared),
        "fsck", "--strict", "--no-dangling",
    )  # fmt: skip
    with CharterRepository.open(b) as repository:
        assert sync(repository, f"file://{shared}").outcome == "fast-forward"
    assert body_of(b) == body_of(a) and not canary.exists()


def test_receiving_from_a_shared_folder_runs_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    canary = tmp_path / "CANARY"
    edit_body(b, FIRST, lambda body: "Phrase de B. " + body)
    shared = shared_folder(tmp_path, b, canary)
    before = snapshot(shared)
    with CharterRepository.open(a) as repository:
        result = sync(repository, str(shared))
    assert result.outcome == "fast-forward" and not result.pushed
    assert body_of(a) == body_of(b)
    assert not canary.exists() and snapshot(shared) == before


def test_an_empty_folder_becomes_a_shared_folder(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    empty = tmp_path / "cle" / "charte"
    empty.mkdir(parents=True)
    comment(a, "1", "Premier envoi")
    with CharterRepository.open(a) as repository:
        assert sync(repository, str(empty)).pushed
        head = repository.git.head()
    assert git(tmp_path, "--git-dir", str(empty), "rev-parse", "main").strip() == head
    assert git(tmp_path, "--git-dir", str(empty), "config", "core.bare").strip() == "true"
    with CharterRepository.open(b) as repository:
        assert sync(repository, str(empty)).outcome == "fast-forward"
        assert repository.git.head() == head


@pytest.mark.parametrize(
    "kind",
    ["plain files", "linked work tree"],
)
def test_a_folder_that_is_not_a_charter_is_refused_plainly(tmp_path: Path, kind: str) -> None:
    (a,) = laptops(tmp_path, "a")
    folder = tmp_path / "folder"
    folder.mkdir()
    if kind == "plain files":
        (folder / "notes.txt").write_text("rien à voir\n")
    else:
        (folder / ".git").write_text(f"gitdir: {a / '.git'}\n")
    before, folder_before = snapshot(a), sorted(folder.rglob("*"))
    with CharterRepository.open(a) as repository, pytest.raises(ValidationError) as caught:
        sync(repository, str(folder))
    assert "nothing was changed" in caught.value.hint
    assert snapshot(a) == before and sorted(folder.rglob("*")) == folder_before


@pytest.mark.parametrize("inside", ["refs/tags", "objects/pack"])
def test_links_inside_a_shared_folder_are_never_written_through(
    tmp_path: Path, inside: str
) -> None:
    a, b = laptops(tmp_path, "a", "b")
    shared = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(b), str(shared))
    git(shared, "fetch", "-q", str(b), REGISTRY)  # as the app's folders hold it
    elsewhere = tmp_path / "elsewhere"
    (shared / inside).rename(elsewhere)
    (shared / inside).symlink_to(elsewhere)
    assert main(["-C", str(a), "adopt", "v1.0", "--ref", "D-1", "--as", CLAIRE]) == 0
    before, contents = snapshot(a), sorted(elsewhere.iterdir())
    main_before = git(tmp_path, "--git-dir", str(shared), "rev-parse", "main")
    with CharterRepository.open(a) as repository, pytest.raises(ValidationError) as caught:
        sync(repository, str(shared))
    assert "links to other places" in caught.value.message
    assert snapshot(a) == before and sorted(elsewhere.iterdir()) == contents
    assert git(tmp_path, "--git-dir", str(shared), "rev-parse", "main") == main_before


def test_a_send_waits_for_no_one_and_says_who_is_writing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    shared = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(b), str(shared))
    git(shared, "fetch", "-q", str(b), REGISTRY)  # as the app's folders hold it
    lock = shared / "refs" / "heads" / "main.lock"
    lock.write_text("")
    comment(a, "1", "Pendant qu'un autre envoie")
    before = git(tmp_path, "--git-dir", str(shared), "rev-parse", "main")
    with CharterRepository.open(a) as repository, pytest.raises(LockedError) as caught:
        sync(repository, str(shared))
    assert "right now" in caught.value.message and lock.exists()
    assert git(tmp_path, "--git-dir", str(shared), "rev-parse", "main") == before


def test_a_folder_that_moved_on_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    shared = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(b), str(shared))
    git(shared, "fetch", "-q", str(b), REGISTRY)  # as the app's folders hold it
    comment(a, "1", "Envoi de A")
    comment(b, "2", "Envoi de B, arrivé entre-temps")
    remote = check_remote(str(shared))
    with CharterRepository.open(a) as repository:
        head = repository.git.head()
        assert head is not None
        with Quarantine(repository.git) as quarantine:
            quarantine.stand_in(remote)  # reads the folder's main now
            with CharterRepository.open(b) as other:
                assert sync(other, str(shared)).pushed
            moved = git(tmp_path, "--git-dir", str(shared), "rev-parse", "main")
            assert quarantine.push(remote, head) is False
    assert git(tmp_path, "--git-dir", str(shared), "rev-parse", "main") == moved
