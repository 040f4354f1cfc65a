"""Fixtures shared by the test suite: real temporary git repositories, never mocks of git."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

GitCli = Callable[..., str]

_ISOLATED = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "p-000000",
    "GIT_AUTHOR_EMAIL": "p-000000@participants.charter.invalid",
    "GIT_COMMITTER_NAME": "p-000000",
    "GIT_COMMITTER_EMAIL": "p-000000@participants.charter.invalid",
    "LC_ALL": "C",
}


def run_git(repo: Path, *args: str, input: bytes | None = None) -> str:
    """Run the git command line in ``repo``, isolated from the user's configuration."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=input,
        capture_output=True,
        env=os.environ | _ISOLATED,
        check=True,
    )
    return result.stdout.decode("utf-8", "replace")


@pytest.fixture
def git_cli() -> GitCli:
    """``git_cli(repo, "log", "--oneline")``: the plain git command line, for checking results."""
    return run_git


@pytest.fixture
def tmp_git_repo(tmp_path: Path) -> Path:
    """A real, empty git repository (branch ``main``, no commits) in a temporary folder."""
    repo = tmp_path / "charter"
    repo.mkdir()
    run_git(repo, "init", "-q", "--initial-branch=main")
    return repo


@pytest.fixture(autouse=True, scope="session")
def isolated_app_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Caches, settings and the recovery journal of the whole run go to a temporary folder,
    never to the user's own (a test may still point CHARTER_STUDIO_HOME elsewhere)."""
    os.environ["CHARTER_STUDIO_HOME"] = str(tmp_path_factory.mktemp("charter-studio-home"))
