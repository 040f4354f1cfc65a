"""Writes made by another program reach an open window within a second, and never cost the
person what they typed and have not saved yet."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtGui import QTextCursor

from charter_app.ui.amendments_panel import AmendmentsFeature
from charter_app.ui.comments_panel import CommentsFeature
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window
git = helpers.git

SOVEREIGNTY = "souverainete-numerique"
RIGHTS = "droits-libertes"
CLAIRE = "p-cbb40a"
NOTICED_WITHIN_MS = 1000


def charter_command(path: Path, *args: str) -> None:
    """The ``charter`` command line, as another program (its own process)."""
    subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "-C", str(path), *args],
        check=True,
        capture_output=True,
        env=os.environ | {"LANGUAGE": "en"},
    )


def features(window, kind):
    window.load_features()
    return next(f for f in window.features if isinstance(f, kind))


def test_an_amendment_filed_from_the_command_line_appears_within_a_second(qtbot, window, tmp_path):
    amendments = features(window, AmendmentsFeature)
    panel = amendments.panel
    panel.principle_filter.setCurrentIndex(panel.principle_filter.findData(None))
    qtbot.waitUntil(lambda: not panel.loader.busy, timeout=10_000)
    assert panel.proxy.rowCount() == 0
    body = window.document.saved_charter.principle(SOVEREIGNTY).body
    text = tmp_path / "proposal.md"
    text.write_text(body.replace("de ses outils,", "de ses logiciels,", 1), encoding="utf-8")
    charter_command(
        window.document.path, "amend", SOVEREIGNTY, "--body-file", str(text),
        "--rationale", "Plus précis", "--as", CLAIRE,
    )  # fmt: skip
    filed_at = time.monotonic()
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1, timeout=NOTICED_WITHIN_MS)
    assert time.monotonic() - filed_at < NOTICED_WITHIN_MS / 1000
    assert panel.proxy.index(0, 0).data() == "A-1"
    assert "1 of 1" in panel.count_label.text()


def test_a_comment_from_the_command_line_reaches_the_comments_dock(qtbot, window):
    comments = features(window, CommentsFeature)
    qtbot.waitUntil(lambda: comments.data is not None and not comments.busy, timeout=10_000)
    window.select_principle(SOVEREIGNTY)
    before = comments.panel.model.rowCount()
    charter_command(
        window.document.path, "comment", SOVEREIGNTY, "--text", "Vu depuis le terminal.",
        "--as", CLAIRE,
    )  # fmt: skip
    qtbot.waitUntil(
        lambda: comments.panel.model.rowCount() == before + 1, timeout=NOTICED_WITHIN_MS
    )


def test_an_edit_made_elsewhere_keeps_my_unsaved_edits(qtbot, window, interaction):
    path = window.document.path
    window.select_principle(RIGHTS)
    editor = window.principle_editor.body_edit
    editor.setFocus()
    editor.moveCursor(QTextCursor.End)
    qtbot.keyClicks(editor, " Ajout ici.")
    assert window.document.is_modified
    charter_command(
        path, "principle", "edit", SOVEREIGNTY, "--title", "Souveraineté", "--as", CLAIRE
    )
    qtbot.waitUntil(
        lambda: window.document.saved_charter.principle(SOVEREIGNTY).title == "Souveraineté",
        timeout=NOTICED_WITHIN_MS,
    )
    working = window.document.charter
    assert working.principle(SOVEREIGNTY).title == "Souveraineté"  # theirs, shown
    assert working.principle(RIGHTS).body.endswith("Ajout ici.")  # mine, kept
    assert window.document.is_modified
    assert window.save()
    assert interaction.errors == []
    assert "Ajout ici." in (path / "principles" / f"{RIGHTS}.md").read_text(encoding="utf-8")
    assert "title: Souveraineté" in (path / "principles" / f"{SOVEREIGNTY}.md").read_text(
        encoding="utf-8"
    )
    assert git(path, "status", "--porcelain") == ""


def test_the_same_principle_changed_elsewhere_and_here_merges_when_saved(
    qtbot, window, interaction
):
    path = window.document.path
    window.select_principle(RIGHTS)
    editor = window.principle_editor.body_edit
    editor.setFocus()
    editor.moveCursor(QTextCursor.End)
    qtbot.keyClicks(editor, " Une fin de ma main.")
    charter_command(path, "principle", "edit", RIGHTS, "--title", "Droits", "--as", CLAIRE)
    qtbot.waitUntil(
        lambda: window.document.saved_charter.principle(RIGHTS).title == "Droits",
        timeout=NOTICED_WITHIN_MS,
    )
    assert window.save()
    assert interaction.errors == []
    saved = (path / "principles" / f"{RIGHTS}.md").read_text(encoding="utf-8")
    assert "title: Droits" in saved and "Une fin de ma main." in saved
