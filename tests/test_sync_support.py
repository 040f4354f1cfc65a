"""Shared pieces of the sync tests: laptops made from one charter, edits, snapshots."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from charter_app.application.amendments import file_drafted_amendment
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.core import operations
from charter_app.core.amendments import draft_amendment
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.bundles import export_bundle
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import clone_safely
from charter_app.storage.templates import create_from_template, default_example

CLAIRE, JEAN, NADIA = "p-cbb40a", "p-8736df", "p-13ccc8"
FIRST, SECOND = "souverainete-numerique", "inclusion-mediation"
REGISTRY = "refs/charter/registry:refs/charter/registry"
"""Fetched after a plain ``git clone`` of a charter: the participants' registry, as the app's
own folders hold it (a clone copies branches and tags only)."""


def git(folder: Path, *args: str, input: bytes | None = None) -> str:
    environment = os.environ | {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "p-000000",
        "GIT_AUTHOR_EMAIL": "p@x.invalid",
        "GIT_COMMITTER_NAME": "p-000000",
        "GIT_COMMITTER_EMAIL": "p@x.invalid",
    }
    result = subprocess.run(
        ["git", *args], cwd=folder, input=input, capture_output=True, env=environment, check=True
    )
    return result.stdout.decode("utf-8", "replace")


def laptops(tmp_path: Path, *names: str) -> list[Path]:
    """An origin charter, and one laptop per name cloned from its full USB export."""
    origin = tmp_path / "origin"
    create_from_template(origin, default_example()).close()
    with CharterRepository.open(origin) as repository:
        export_bundle(repository, tmp_path / "origin.bundle", sender="origin")
    folders = []
    for name in names:
        clone_safely(tmp_path / "origin.bundle", tmp_path / name).close()
        folders.append(tmp_path / name)
    return folders


def edit_body(folder: Path, principle_id: str, edit: object, author: str = CLAIRE) -> str:
    """Save ``edit(body)`` as the principle's new body; return it."""
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
        principle = charter.principle(principle_id)
        assert principle is not None
        body = edit(principle.body)  # type: ignore[operator]
        charter, change = operations.edit_principle(charter, principle_id, body=body)
        repository.save(charter, change, author)
    return str(body)


def comment(folder: Path, number: str, text: str, author: str = JEAN) -> None:
    assert main(["-C", str(folder), "comment", number, "--text", text, "--as", author]) == 0


def file_amendment(folder: Path, rationale: str, author: str = NADIA) -> str:
    with CharterRepository.open(folder) as repository:
        book = AmendmentBook(repository)
        charter = repository.load()
        target = charter.principles[2]
        amendment = draft_amendment(
            "modify", target.id, author=author, rationale=rationale,
            base=book.resolve_base("HEAD"), base_charter=charter, current=charter,
            body=f"{target.body}\n\n{rationale}.",
        )  # fmt: skip
        return file_drafted_amendment(Session(repository), amendment).value.label


def snapshot(folder: Path) -> tuple[str, str, dict[str, str]]:
    """Refs, every object id, and every file of the work tree (by content hash)."""
    refs = git(folder, "for-each-ref", "--format=%(refname) %(objectname)")
    objects = git(folder, "cat-file", "--batch-all-objects", "--batch-check")
    tree = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] == ".git" and relative.parts[1:2] != ("hooks",):
            continue
        if path.is_file() or path.is_symlink():
            tree[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return refs + git(folder, "symbolic-ref", "HEAD"), objects, tree
