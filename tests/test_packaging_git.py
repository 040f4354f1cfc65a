"""Which git the app runs: a bundled one first, then PATH; without any, a plain translated error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the application

from charter_app import gitbinary
from charter_app.gitbinary import GitBinary, bundled_git, find_git

FAKE_GIT = '#!/bin/sh\necho "git version 2.99.0 (fake, $GIT_EXEC_PATH)"\n'


def make_program(path: Path, text: str = FAKE_GIT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A packaged app's data root laid out as packaging/linux/bundle-git.sh writes it."""
    root = tmp_path / "_internal"
    make_program(root / "git" / "bin" / "git")
    (root / "git" / "libexec" / "git-core").mkdir(parents=True)
    (root / "git" / "share" / "git-core" / "templates").mkdir(parents=True)
    (root / "git" / "lib").mkdir(parents=True)
    return root


@pytest.fixture
def path_with_git(tmp_path: Path) -> Path:
    """A PATH folder holding a git of its own (the "system" git)."""
    return make_program(tmp_path / "system-bin" / "git").parent


def test_the_bundled_git_is_found_with_its_environment(bundle: Path) -> None:
    found = bundled_git([bundle])
    assert found is not None
    assert found.executable == str((bundle / "git" / "bin" / "git").resolve())
    assert found.bundled
    environment = found.environment
    assert environment["GIT_EXEC_PATH"] == str((bundle / "git/libexec/git-core").resolve())
    assert environment["GIT_TEMPLATE_DIR"] == str(
        (bundle / "git/share/git-core/templates").resolve()
    )
    if sys.platform.startswith("linux"):
        assert environment["LD_LIBRARY_PATH"] == str((bundle / "git/lib").resolve())
    # The program really runs with that environment.
    output = subprocess.run(
        [found.executable], env=os.environ | dict(environment), capture_output=True, text=True
    ).stdout
    assert "fake" in output and "libexec/git-core" in output


def test_the_bundled_git_comes_before_the_one_on_path(bundle: Path, path_with_git: Path) -> None:
    found = find_git(roots=[bundle], search_path=str(path_with_git), environ={})
    assert found is not None and found.bundled
    assert found.executable.startswith(str(bundle.resolve()))


def test_without_a_bundle_git_is_taken_from_path(tmp_path: Path, path_with_git: Path) -> None:
    empty_bundle = tmp_path / "no-bundle"
    empty_bundle.mkdir()
    found = find_git(roots=[empty_bundle], search_path=str(path_with_git), environ={})
    assert found == GitBinary(str((path_with_git / "git").resolve()), bundled=False)
    assert found.environment == {}  # the system's git knows its own helpers


def test_a_bundled_git_that_cannot_run_is_skipped(bundle: Path, path_with_git: Path) -> None:
    (bundle / "git" / "bin" / "git").chmod(0o644)
    found = find_git(roots=[bundle], search_path=str(path_with_git), environ={})
    assert found is not None and not found.bundled


def test_mingit_layout_on_windows_is_found(tmp_path: Path) -> None:
    program = make_program(tmp_path / "git" / "cmd" / "git.exe")
    found = bundled_git([tmp_path])
    assert found == GitBinary(str(program.resolve()), bundled=True)  # MinGit sets its own paths


def test_an_explicit_git_wins(bundle: Path, path_with_git: Path) -> None:
    chosen = str(path_with_git / "git")
    found = find_git(roots=[bundle], search_path="", environ={gitbinary.OVERRIDE_VARIABLE: chosen})
    assert found == GitBinary(chosen, bundled=False)


def test_no_git_at_all(tmp_path: Path) -> None:
    assert find_git(roots=[tmp_path], search_path=str(tmp_path), environ={}) is None


def test_bundle_roots_of_a_frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert gitbinary.bundle_roots() == []  # from source: no bundle
    executable = make_program(tmp_path / "charter-studio" / "charter-studio")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "charter-studio" / "_internal"), False)
    monkeypatch.setattr(sys, "executable", str(executable))
    roots = gitbinary.bundle_roots()
    assert roots[:2] == [tmp_path / "charter-studio" / "_internal", executable.parent]


def test_every_git_process_gets_the_bundled_environment(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from charter_app.storage import gitcmd

    monkeypatch.setattr(gitbinary, "chosen_git", lambda: bundled_git([bundle]))
    environment = gitcmd.base_environment()
    assert environment["GIT_EXEC_PATH"].endswith("libexec/git-core")
    assert environment["GIT_CONFIG_NOSYSTEM"] == "1"  # the safety settings are still there


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            "erreur\u00a0: Git n’est pas installé ou est introuvable. "
            "Installez git (https://git-scm.com), puis rouvrez la charte.",
        ),
        (
            "en",
            "error: Git is not installed or cannot be found. "
            "Install git (https://git-scm.com), then open the charter again.",
        ),
    ],
)
def test_without_git_the_command_line_says_so_plainly(
    tmp_path: Path, language: str, expected: str
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "init", str(tmp_path / "charte")],
        env={
            "PATH": str(empty),
            "HOME": str(tmp_path),
            "LANGUAGE": language,
            "CHARTER_STUDIO_HOME": str(tmp_path / "app"),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == expected
    assert "Traceback" not in result.stderr


def test_the_window_shows_the_missing_git_error_at_open(
    qtbot, qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QThreadPool

    from charter_app import i18n
    from charter_app.errors import RepositoryError
    from charter_app.ui.context import AppContext
    from charter_app.ui.error_dialog import ErrorDialog
    from charter_app.ui.main_window import MainWindow
    from tests.ui_conftest_helpers import ScriptedInteraction

    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))
    missing = GitBinary(str(tmp_path / "no" / "git"), bundled=False)
    monkeypatch.setattr(gitbinary, "chosen_git", lambda: missing)
    before = i18n.current_language()
    i18n.set_language("fr")
    try:
        interaction = ScriptedInteraction()
        window = MainWindow(AppContext(qapp, interaction=interaction))
        qtbot.addWidget(window)
        window.open_charter(None, example=True)
        qtbot.waitUntil(lambda: bool(interaction.errors), timeout=10_000)
        error = interaction.errors[0]
        assert isinstance(error, RepositoryError)
        dialog = ErrorDialog(None, error)
        qtbot.addWidget(dialog)
        assert dialog.message_label.text() == "Git n’est pas installé ou est introuvable."
        assert dialog.hint_label.text().startswith("Installez git")
        assert not dialog.details_button.isVisibleTo(dialog)  # no traceback offered
        assert window.document is None
        window.close()
    finally:
        QThreadPool.globalInstance().waitForDone(5000)
        i18n.set_language(before)
