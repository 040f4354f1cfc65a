"""File > Publish the website…: the dialog writes the site off the UI thread with progress, warns
about names in free text, opens the site, and leaves the folder as it was when stopped."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from charter_app.cli import main as cli
from charter_app.ui.publish_dialog import PublishDialog, PublishFeature
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets
from tests.test_ui_export import ScriptedChooser

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

PUBLISH = "charter_app.ui.publish_dialog:PublishFeature"
CLERK = "p-47232f"
RESIDENT = "p-cbb40a"


@pytest.fixture(autouse=True)
def only_these_features(monkeypatch: pytest.MonkeyPatch) -> None:
    from charter_app.ui import features

    wanted = ["charter_app.ui.export_dialog:ExportFeature", PUBLISH, features.FEATURES[-1]]
    monkeypatch.setattr(features, "FEATURES", wanted)


def feature_of(window) -> PublishFeature:
    return next(f for f in window.features if isinstance(f, PublishFeature))


def test_publish_from_the_file_menu(qtbot, window, interaction, tmp_path):
    path = window.document.path
    assert cli(["-C", str(path), "adopt", "v1.0", "--ref", "D-1", "--as", CLERK]) == 0
    principle = window.document.saved_charter.principles[0].id
    assert cli(["-C", str(path), "amend", principle, "--title", "Autre", "--rationale",
                "Claire Fontanel l'a proposé.", "--as", RESIDENT]) == 0  # fmt: skip
    feature = feature_of(window)
    assert feature.action in window.file_menu.actions() and feature.action.isEnabled()
    out = tmp_path / "public" / "site"
    out.parent.mkdir()
    feature.chooser = ScriptedChooser(out)
    feature.action.trigger()
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert unnamed_widgets(dialog) == []
    qtbot.mouseClick(dialog.browse_button, Qt.LeftButton)
    assert dialog.output() == out
    assert dialog.options().names == "roles"  # a public site shows roles unless told
    dialog.drafts_box.setChecked(True)
    dialog.downloads_box.setChecked(False)
    seen: list[tuple[int, int]] = []
    dialog.task.progress.connect(lambda done, total: seen.append((done, total)))
    opened = []
    dialog.open_url = lambda url: opened.append(url.toLocalFile())

    qtbot.mouseClick(dialog.publish_button, Qt.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.publish_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.published is not None, timeout=60_000)

    assert interaction.errors == []
    assert (out / "v1.0" / "index.html").is_file() and (out / "draft" / "index.html").is_file()
    assert not (out / "v1.0" / "downloads").exists()
    assert seen and dialog.progress_bar.value() == 100
    assert str(out) in dialog.status.text()
    # The rationale names a registered participant: said before the site goes online.
    assert dialog.warnings.isVisible() and "Claire Fontanel" in dialog.warnings.text()
    qtbot.mouseClick(dialog.open_button, Qt.LeftButton)
    assert opened == [str(out / "index.html")]
    dialog.reject()


def test_stopping_leaves_the_folder_as_it_was(qtbot, app_home, charter_path, tmp_path):
    assert cli(["-C", str(charter_path), "adopt", "v1.0", "--ref", "D-1", "--as", CLERK]) == 0
    out = tmp_path / "site"
    dialog = PublishDialog(charter_path, "Charte", ScriptedChooser())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(out))
    seen: list[int] = []
    dialog.task.progress.connect(lambda done, _total: seen.append(done))
    dialog.start()
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=30_000)
    qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=120_000)
    assert not out.exists() and list(tmp_path.glob(".site*")) == []
    assert "stopped" in dialog.status.text()
    assert dialog.publish_button.isEnabled()


def test_a_folder_of_other_files_is_refused(qtbot, window, interaction, tmp_path):
    path = window.document.path
    assert cli(["-C", str(path), "adopt", "v1.0", "--ref", "D-1", "--as", CLERK]) == 0
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me", encoding="utf-8")
    dialog = feature_of(window).open_dialog()
    dialog.path_edit.setText(str(other))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert len(interaction.errors) == 1 and "not empty" in str(interaction.errors[0])
    assert [p.name for p in other.iterdir()] == ["letter.txt"]
    dialog.reject()
    assert isinstance(dialog, PublishDialog)
    assert Path(dialog.output()) == other
