"""A charter folder is data, not instructions: hostile configs and hostile strings run nothing."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter_app.core.revision import Signature
from charter_app.errors import CharterError
from charter_app.storage.git import GitRepository

ALICE = Signature.for_participant("p-3f9a1c")


def _script(path: Path, canary: Path) -> str:
    path.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{canary}'\ncat\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


def test_repository_config_scripts_never_run(tmp_path: Path, tmp_git_repo: Path) -> None:
    canary = tmp_path / "canary"
    evil = tmp_path / "evil"
    evil.mkdir()
    script = _script(evil / "run.sh", canary)
    hooks = evil / "hooks"
    hooks.mkdir()
    for hook in ("pre-commit", "post-commit", "commit-msg", "reference-transaction",
                 "post-index-change", "post-checkout"):  # fmt: skip
        _script(hooks / hook, canary)
        _script(tmp_git_repo / ".git" / "hooks" / hook, canary)
    with (tmp_git_repo / ".git" / "config").open("a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {script}\n\thooksPath = {hooks}\n\tpager = {script}\n"
            f"\teditor = {script}\n\tsshCommand = {script}\n\taskPass = {script}\n"
            f"\tworktree = {evil}\n"
            f'[filter "evil"]\n\tclean = {script}\n\tsmudge = {script}\n\trequired = true\n'
            f'[filter "proc"]\n\tprocess = {script}\n'
            f'[diff "evil"]\n\ttextconv = {script}\n\tcommand = {script}\n'
            f"[diff]\n\texternal = {script}\n"
            f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {script}\n"
            f"[commit]\n\tgpgSign = true\n[tag]\n\tgpgSign = true\n"
            f'[trailer "x"]\n\tcommand = {script}\n'
            f"[credential]\n\thelper = {script}\n[pager]\n\tlog = {script}\n"
        )
    (tmp_git_repo / ".gitattributes").write_text("* filter=evil diff=evil\n*.yaml filter=proc\n")

    repository = GitRepository.open(tmp_git_repo)
    first = repository.commit_files(
        {".gitattributes": b"* filter=evil diff=evil\n", "a.md": b"texte\n", "c.yaml": b"x: 1\n"},
        "Un",
        ALICE,
        [("Charter-Principle", "a")],
    )
    repository.commit_files({"a.md": b"texte 2\n"}, "Deux", ALICE)
    repository.create_tag("v1.0", "HEAD", "Adoptée", ALICE)
    assert [r.subject for r in repository.log(["a.md"])] == ["Deux", "Un"]
    assert repository.read_file(first, "a.md") == b"texte\n"  # no clean/smudge applied
    assert repository.read_tree("HEAD", "")["c.yaml"] == b"x: 1\n"
    repository.status()
    repository.tags()
    repository.update_commit_graph()
    repository.close()
    assert not canary.exists(), canary.read_text()
    # The work tree is the folder we opened, whatever core.worktree says.
    assert not list(evil.glob("*.md"))


def test_symlinked_folder_is_never_written_through(tmp_path: Path, tmp_git_repo: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_git_repo / "principles").symlink_to(outside)
    repository = GitRepository.open(tmp_git_repo)
    with pytest.raises(CharterError):
        repository.commit_files({"principles/a.md": b"x"}, "Non", ALICE)
    assert not list(outside.iterdir())


# --- hostile strings as data ---------------------------------------------------------------------

_CANARY_NAME = "pwned"


def _hostile(canary: Path) -> list[str]:
    return [
        f"--output={canary}",
        "-h",
        "--help",
        f"--upload-pack=touch {canary}",
        f"-c core.pager=touch {canary}",
        f"--exec=touch {canary}",
        f"--open-files-in-pager=touch {canary}",
        f"-O{canary}",
        "--",
        "--end-of-options",
        "-",
        "-x",
        "--all",
        ":(top)*",
        "*",
        "HEAD",
        "HEAD~1",
        "v1.0",
        "@{-1}",
        ":/Un",
        "$(touch {canary})",
        "`touch pwned`",
        "a;touch pwned",
        '"quoted"',
        "-rf",
        ".git/config",
        "refs/heads/main",
    ]


@pytest.fixture(scope="module")
def hostile_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GitRepository, Path]]:
    base = tmp_path_factory.mktemp("hostile")
    repository = GitRepository.init(base / "charter")
    repository.commit_files({"a.md": b"a\n"}, "Un", ALICE)
    repository.commit_files({"a.md": b"b\n"}, "Deux", ALICE)
    repository.create_tag("v1.0", "HEAD", "Adoptée", ALICE)
    yield repository, base / _CANARY_NAME


def _as_data(action: Callable[[], object]) -> None:
    """Run ``action``: it may work or raise a CharterError; anything else fails the test."""
    with contextlib.suppress(CharterError):
        action()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_hostile_strings_are_data(
    hostile_repo: tuple[GitRepository, Path], data: st.DataObject
) -> None:
    repository, canary = hostile_repo
    text = data.draw(
        st.one_of(
            st.sampled_from(_hostile(canary)),
            st.text(min_size=1, max_size=40).map(lambda s: "-" + s),
            st.text(max_size=40),
        )
    )
    cwd_before = sorted(os.listdir(Path.cwd()))
    _as_data(lambda: repository.resolve(text))
    _as_data(lambda: repository.read_file(text, "a.md"))
    _as_data(lambda: repository.read_file("HEAD", text))
    _as_data(lambda: repository.log([text]))
    _as_data(lambda: repository.log(rev=text, max_count=3))
    _as_data(lambda: repository.list_tree("HEAD", text))
    _as_data(lambda: repository.read_tree(text, ""))
    _as_data(lambda: repository.status([text]))
    _as_data(lambda: repository.create_tag(text, "HEAD", text, ALICE))
    _as_data(lambda: repository.create_tag("t" + str(abs(hash(text))), text, text, ALICE))
    _as_data(
        lambda: repository.commit_files(
            {"notes.md": text.encode("utf-8", "replace")}, text, ALICE, [("Charter-Note", text)]
        )
    )
    _as_data(lambda: repository.commit_files({text: b"x"}, "Fichier", ALICE))
    assert not canary.exists()
    assert sorted(os.listdir(Path.cwd())) == cwd_before
    assert not Path(_CANARY_NAME).exists()
    assert repository.read_file("v1.0", "a.md") == b"b\n"  # history intact


def test_hostile_message_round_trips_as_data(hostile_repo: tuple[GitRepository, Path]) -> None:
    repository, canary = hostile_repo
    message = f"--exec=touch {canary}\n\n-c core.pager=x\n# not a comment\n---\n\nBody"
    sha = repository.commit_files(
        {"msg.md": b"m\n"}, message, ALICE, [("Charter-Note", f"--output={canary}")]
    )
    revision = repository.log(max_count=1)[0]
    assert revision.sha == sha
    assert revision.subject == f"--exec=touch {canary}"
    assert revision.body == "-c core.pager=x\n# not a comment\n---\n\nBody"
    assert revision.trailers == (("Charter-Note", f"--output={canary}"),)
    assert not canary.exists()
