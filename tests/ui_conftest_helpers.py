"""Fixtures for the UI tests: an isolated app home, a real charter repository, a real window.

Import the fixtures into a test module with ``from ui_conftest_helpers import *``-style names.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QThreadPool

from charter_app import i18n
from charter_app.ui.interaction import CloseChoice, Interaction


class ScriptedInteraction(Interaction):
    """Answers the window's questions without modal dialogs, and records them."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.unsaved_answer = CloseChoice.DISCARD
        self.unsaved_asked = 0
        self.links: list[str] = []
        self.link_answer = False
        self.offered: list = []
        self.restore_all = True
        self.texts: list[str | None] = []
        """Answers to ask_text, used in order (None: cancelled)."""
        self.choices: list[int | None] = []
        """Answers to ask_choice, used in order (None: cancelled)."""
        self.names_answer = True
        self.names_found: list = []
        self.repair_asked: list[str] = []
        self.repair_answer = False
        self.informed: list[str] = []
        self.erasure_asked: list[str] = []
        self.erasure_answer = False
        self.rewrite_asked: list[str] = []
        self.rewrite_answer = False

    def show_error(self, parent, error) -> None:
        self.errors.append(error)

    def ask_unsaved(self, parent, title) -> CloseChoice:
        self.unsaved_asked += 1
        return self.unsaved_answer

    def offer_recovery(self, parent, entries, journal) -> list:
        self.offered = list(entries)
        return list(entries) if self.restore_all else []

    def confirm_link(self, parent, url) -> bool:
        self.links.append(url)
        return self.link_answer

    def ask_text(self, parent, title, label, text="") -> str | None:
        return self.texts.pop(0)

    def ask_choice(self, parent, title, label, choices, current) -> int | None:
        return self.choices.pop(0)

    def confirm_names(self, parent, found) -> bool:
        self.names_found = list(found)
        return self.names_answer

    def ask_repair(self, parent, problem, question) -> bool:
        self.repair_asked.append(problem)
        return self.repair_answer

    def confirm_erasure(self, parent, text, details) -> bool:
        self.erasure_asked.append(f"{text}\n{details}")
        return self.erasure_answer

    def confirm_rewrite(self, parent, text, details) -> bool:
        self.rewrite_asked.append(f"{text}\n{details}")
        return self.rewrite_answer

    def inform(self, parent, title, text) -> None:
        self.informed.append(text)


@pytest.fixture
def app_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(home))
    monkeypatch.setenv("LANGUAGE", "en")
    before = i18n.current_language()
    i18n.set_language("en")
    yield home
    QThreadPool.globalInstance().waitForDone(5000)
    i18n.set_language(before)


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    """A real git repository copied from the bundled example."""
    from charter_app.storage.templates import create_from_template, default_example

    path = tmp_path / "charter"
    create_from_template(path, default_example()).close()
    return path


@pytest.fixture
def interaction() -> ScriptedInteraction:
    return ScriptedInteraction()


@pytest.fixture
def window(qtbot, qapp, charter_path: Path, interaction: ScriptedInteraction):
    """The real main window with the example charter open."""
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    context = AppContext(qapp, interaction=interaction)
    context.apply_saved_preferences()
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.open_charter(charter_path)
    qtbot.waitUntil(lambda: main.document is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not main.history.busy, timeout=10_000)
    main.activateWindow()
    yield main
    main.close()
    QThreadPool.globalInstance().waitForDone(5000)
    context.set_high_contrast(False)
    context.appearance.reset()


def git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(path), *args], check=True, capture_output=True, text=True
    ).stdout


def written(qtbot, window, timeout: int = 10_000) -> None:
    """Wait until every write the window started has landed (writes run off the UI thread)."""
    qtbot.waitUntil(lambda: not window.operations.busy, timeout=timeout)
