"""Sync with a real git server on 127.0.0.1 (git daemon) and with a bare repository in a shared
folder; transport helpers are refused; a folder copied from a stick never runs anything."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from charter_app.errors import CharterError, ValidationError
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.quarantine import Quarantine, Remote, check_remote
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """``git daemon`` serving an empty bare repository, pushes allowed; its git:// address."""
    with git_daemon(tmp_path) as address:
        yield address


@contextmanager
def git_daemon(tmp_path: Path) -> Iterator[str]:
    """:func:`server` (the repository is ``tmp_path/server/charter.git``), for other modules."""
    root = tmp_path / "server"
    root.mkdir()
    git(root, "init", "-q", "--bare", "--initial-branch=main", "charter.git")
    port = free_port()
    process = subprocess.Popen(
        ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
         f"--base-path={root}", "--listen=127.0.0.1", f"--port={port}", str(root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"git://127.0.0.1:{port}/charter.git"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_two_laptops_sync_through_a_git_server(tmp_path: Path, server: str) -> None:
    a, b = laptops(tmp_path, "a", "b")
    with CharterRepository.open(a) as repository:
        first = sync(repository, server, author=CLAIRE)
    assert first.pushed and first.outcome == "up-to-date"
    edit_body(a, FIRST, lambda body: "Phrase de A. " + body)
    comment(b, "1", "Commentaire de B")
    edit_body(b, FIRST, lambda body: body + "\n\nPhrase de B.")
    with CharterRepository.open(b) as repository:
        result = sync(repository, server, author=CLAIRE)
    assert result.outcome == "up-to-date" and result.pushed  # same start: nothing to merge
    with CharterRepository.open(a) as repository:
        result = sync(repository, server, author=CLAIRE)
        assert result.outcome == "merged" and result.pushed
        body_a = repository.load().principle(FIRST).body  # type: ignore[union-attr]
    with CharterRepository.open(b) as repository:
        assert sync(repository, server).outcome == "fast-forward"
        body_b = repository.load().principle(FIRST).body  # type: ignore[union-attr]
    assert body_a == body_b
    assert body_a.startswith("Phrase de A. ") and body_a.endswith("\n\nPhrase de B.")
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")


def test_sync_with_a_shared_folder_runs_none_of_its_hooks(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    shared = tmp_path / "shared.git"
    git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(shared))
    canary = tmp_path / "canary"
    for hook in ("pre-receive", "update", "post-receive", "post-update", "reference-transaction"):
        (shared / "hooks" / hook).write_text(f"#!/bin/sh\ntouch {canary}\n")
        (shared / "hooks" / hook).chmod(0o755)
    git(shared, "config", "core.alternateRefsCommand", f"touch {canary}")
    comment(a, "1", "Depuis A")
    with CharterRepository.open(a) as repository:
        assert sync(repository, str(shared)).pushed
    with CharterRepository.open(b) as repository:
        assert sync(repository, f"file://{shared}").outcome == "fast-forward"
    assert not canary.exists()
    assert len(list((b / "events").rglob("*.yaml"))) == len(list((a / "events").rglob("*.yaml")))


@pytest.mark.parametrize(
    "address",
    ["ext::sh -c touch% {canary}", "fd::3", "-uhelp", "--upload-pack=touch {canary}",
     "foo::bar", "http://example.org/charter.git", "git://example.org/charter.git"],
)  # fmt: skip
def test_unusual_transports_are_refused(tmp_path: Path, address: str) -> None:
    (a,) = laptops(tmp_path, "a")
    canary = tmp_path / "canary"
    before = snapshot(a)
    with CharterRepository.open(a) as repository, pytest.raises(ValidationError):
        sync(repository, address.format(canary=canary))
    assert not canary.exists() and snapshot(a) == before


def test_git_refuses_ext_even_if_our_check_were_bypassed(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    canary = tmp_path / "canary"
    with CharterRepository.open(a) as repository:
        quarantine = Quarantine(repository.git, [("protocol.allow", "never")])
        with quarantine, pytest.raises(CharterError):
            quarantine.fetch(Remote(f"ext::sh -c touch% {canary}", "https"))
    assert not canary.exists()


def test_check_remote_accepts_ordinary_addresses(tmp_path: Path) -> None:
    assert check_remote("https://git.mairie.fr/charte.git").protocol == "https"
    assert check_remote("ssh://git@git.mairie.fr/charte.git").protocol == "ssh"
    assert check_remote("git@git.mairie.fr:charte.git").protocol == "ssh"
    assert check_remote(str(tmp_path)).protocol == "file"
    assert check_remote("git://127.0.0.1:9418/x").protocol == "git"


def hostile_folder(tmp_path: Path, source: Path) -> tuple[Path, Path]:
    """A charter folder "from a stick" whose configuration and hooks try to run a program."""
    folder = tmp_path / "stick"
    git(tmp_path, "clone", "-q", str(source), str(folder))
    # The participants' registry too, as a charter folder made by the app holds it.
    git(folder, "fetch", "-q", str(source), REGISTRY)
    canary = tmp_path / "canary"
    for key, value in [
        ("core.fsmonitor", f"touch {canary}; echo"),
        ("core.hooksPath", str(folder / ".git" / "hooks")),
        ("core.alternateRefsCommand", f"touch {canary}"),
        ("uploadpack.packObjectsHook", f"touch {canary}; git"),
        ("filter.evil.smudge", f"touch {canary}; cat"),
        ("filter.evil.clean", f"touch {canary}; cat"),
        ("diff.evil.textconv", f"touch {canary}; cat"),
    ]:
        git(folder, "config", key, value)
    (folder / ".git" / "info").mkdir(exist_ok=True)
    (folder / ".git" / "info" / "attributes").write_text("* filter=evil diff=evil\n")
    for hook in ("post-checkout", "post-merge", "reference-transaction", "pre-push",
                 "pre-commit", "post-commit", "post-rewrite", "pre-auto-gc"):  # fmt: skip
        (folder / ".git" / "hooks").mkdir(exist_ok=True)
        (folder / ".git" / "hooks" / hook).write_text(f"#!/bin/sh\ntouch {canary}\n")
        (folder / ".git" / "hooks" / hook).chmod(0o755)
    return folder, canary


def test_clone_from_a_hostile_folder_runs_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    comment(a, "1", "Depuis la clé")
    folder, canary = hostile_folder(tmp_path, a)
    with clone_safely(folder, tmp_path / "copy") as repository:
        assert repository.load() == CharterRepository.open(a).load()
    assert git(tmp_path / "copy", "config", "--local", "--list").count("evil") == 0
    assert not canary.exists()


def test_importing_into_a_folder_from_a_stick_runs_nothing(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    folder, canary = hostile_folder(tmp_path, b)
    comment(a, "1", "Depuis A")
    edit_body(folder, FIRST, lambda body: body + "\n\nSur la clé.")
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    with CharterRepository.open(folder) as repository:
        assert import_bundle(repository, tmp_path / "a.bundle", author=CLAIRE).outcome == "merged"
        assert repository.load().principle(FIRST).body.endswith("Sur la clé.")  # type: ignore[union-attr]
    assert not canary.exists()
