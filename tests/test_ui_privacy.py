"""The right to be forgotten in the app: Edit > Participants erases someone after a confirmation
that says what happens; Edit > Personal data shows the privacy report and redacts a comment that
names them; the kiosk shows the short notice."""

from __future__ import annotations

import os
import subprocess

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from charter_app.application import comments, participants  # noqa: E402
from charter_app.application.session import Session  # noqa: E402
from charter_app.ui import features  # noqa: E402
from charter_app.ui.comments_panel import CommentsFeature  # noqa: E402
from charter_app.ui.privacy_feature import PrivacyFeature  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402
from tests.test_registry_migration import old_charter  # noqa: E402

app_home, charter_path, interaction = helpers.app_home, helpers.charter_path, helpers.interaction
CLAIRE, SOPHIE = "p-cbb40a", "p-47232f"
NAME = "Ondine Farkas"


@pytest.fixture
def ondine(charter_path: Path) -> str:
    """Ondine takes part (a comment), and Claire names her in another one."""
    with Session.open(charter_path) as session:
        person = participants.register_participant(session, NAME, "resident", "Atelier").value
        comments.comment(session, person.id, "1", "Des logiciels libres.")
        comments.comment(session, CLAIRE, "2", f"Comme le disait {NAME}, formons les agents.")
    return person.id


@pytest.fixture
def window(qtbot, qapp, charter_path: Path, ondine: str, interaction, monkeypatch):
    """The real main window with the comments and this feature, Sophie (staff) writing."""
    yield from open_window(qtbot, qapp, charter_path, interaction, monkeypatch)


def open_window(qtbot, qapp, charter_path: Path, interaction, monkeypatch):  # type: ignore[no-untyped-def]
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    monkeypatch.setattr(
        features,
        "FEATURES",
        [
            "charter_app.ui.comments_panel:CommentsFeature",
            "charter_app.ui.privacy_feature:PrivacyFeature",
        ],
    )
    context = AppContext(qapp, interaction=interaction)
    context.set_participant_for(str(charter_path), SOPHIE)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.open_charter(charter_path)
    qtbot.waitUntil(lambda: main.document is not None, timeout=10_000)
    qtbot.waitUntil(lambda: main.features_loaded, timeout=10_000)
    yield main
    main.close()


def run_git_bytes(folder: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=True).stdout


def feature(window) -> PrivacyFeature:  # type: ignore[no-untyped-def]
    (found,) = [f for f in window.features if isinstance(f, PrivacyFeature)]
    return found


def test_erasing_asks_first_then_shows_a_removed_participant(  # type: ignore[no-untyped-def]
    qtbot, window, interaction, ondine
):
    privacy = feature(window)
    assert privacy.participants_action in window.edit_menu.actions()
    privacy.show_participants()
    dialog = privacy.participants_dialog
    dialog.select(ondine)
    assert dialog.erase_button.isEnabled()

    dialog.erase_selected()  # the answer is no: nothing happens
    (question,) = interaction.erasure_asked
    assert NAME in question and "Removed participant" in question and "cannot be undone" in question
    helpers.written(qtbot, window)
    assert window.who_combo.findData(ondine) >= 0

    interaction.erasure_answer = True
    dialog.erase_selected()
    helpers.written(qtbot, window)
    qtbot.waitUntil(lambda: "Erased" in dialog.message.text(), timeout=10_000)
    assert window.who_combo.findData(ondine) == -1  # she can no longer be chosen to write
    dialog.select(ondine)
    assert not dialog.erase_button.isEnabled()
    texts = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert "Removed participant" in texts and NAME not in texts
    assert NAME.encode() not in (window.document.path / "participants.yaml").read_bytes()
    # The comments dock shows her comment as a removed participant's.
    comments = next(f for f in window.features if isinstance(f, CommentsFeature))
    window.select_principle("souverainete-numerique")
    qtbot.waitUntil(lambda: comments.data is not None and not comments.busy, timeout=10_000)
    (thread,) = comments.data.board.threads_on("souverainete-numerique")
    comments.panel.tree.setCurrentIndex(comments.panel.model.index_of_thread(thread.id))
    shown = comments.panel.details.toPlainText()
    assert f"Removed participant (Resident, {ondine})" in shown and NAME not in shown


def test_only_a_facilitator_may_erase(qtbot, window, interaction, ondine):  # type: ignore[no-untyped-def]
    window.who_combo.setCurrentIndex(window.who_combo.findData(CLAIRE))
    privacy = feature(window)
    privacy.show_participants()
    dialog = privacy.participants_dialog
    dialog.select(ondine)
    interaction.erasure_answer = True
    dialog.erase_selected()
    assert interaction.erasure_asked == []
    assert "Only a facilitator" in dialog.message.text()


def test_the_report_lists_and_redacts_a_comment_naming_her(  # type: ignore[no-untyped-def]
    qtbot, window, ondine
):
    privacy = feature(window)
    privacy.show_privacy()
    dialog = privacy.privacy_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert "participants are named" in dialog.text.toPlainText()
    assert NAME in dialog.text.toPlainText()
    assert dialog.mentions.count() == 1
    dialog.mentions.setCurrentRow(0)
    assert dialog.redact_button.isEnabled()
    dialog.redact_selected()
    helpers.written(qtbot, window)
    qtbot.waitUntil(lambda: dialog.mentions.count() == 0, timeout=10_000)
    assert "Redacted" in dialog.message.text()

    dialog.months.setValue(12)
    dialog.set_rule()
    helpers.written(qtbot, window)
    ruled = "Retention rule: each name"
    qtbot.waitUntil(lambda: ruled in dialog.text.toPlainText(), timeout=10_000)
    assert window.document.saved_charter.retention_months == 12


def test_an_erasure_from_the_command_line_reaches_the_window(  # type: ignore[no-untyped-def]
    qtbot, window, ondine
):
    from charter_app.cli import main

    assert window.who_combo.findData(ondine) >= 0
    path = str(window.document.path)
    assert main(["-C", path, "participant", "erase", ondine, "--as", SOPHIE]) == 0
    qtbot.waitUntil(lambda: window.who_combo.findData(ondine) == -1, timeout=5_000)
    assert window.document.saved_charter.participant(ondine).is_erased


def test_an_old_charter_is_rewritten_without_names_after_a_confirmation(  # type: ignore[no-untyped-def]
    qtbot, qapp, tmp_path, interaction, monkeypatch
):
    folder = old_charter(tmp_path / "old")
    window = next(open_window(qtbot, qapp, folder, interaction, monkeypatch))
    moved = "names now live apart from the charter's history"  # said once, in full
    qtbot.waitUntil(lambda: any(moved in text for text in interaction.informed), timeout=10_000)
    privacy = feature(window)
    privacy.show_privacy()
    dialog = privacy.privacy_dialog
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    assert "still hold the name" in dialog.text.toPlainText()
    assert dialog.rewrite_button.isVisibleTo(dialog) and dialog.rewrite_button.isEnabled()

    dialog.rewrite_history()  # the answer is no: nothing happens
    (question,) = interaction.rewrite_asked
    assert "next exchange" in question and "cannot be undone" in question
    assert b"Ondine Farkas" in run_git_bytes(folder, "log", "-p", "main")

    interaction.rewrite_answer = True
    dialog.rewrite_history()
    helpers.written(qtbot, window)
    qtbot.waitUntil(lambda: "no longer holds any name" in dialog.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: not dialog.rewrite_button.isVisibleTo(dialog), timeout=10_000)
    assert "Older saved versions hold no names" in dialog.text.toPlainText()
    assert b"Ondine Farkas" not in run_git_bytes(folder, "log", "-p", "main")
    window.close()
