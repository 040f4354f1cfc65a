"""The export dialog before an anonymous export: it lists the free texts that name a registered
participant and writes nothing unless the person confirms; the contributors choice is offered
only with the provenance appendix, the wording's language always."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from charter_app.cli import main as cli
from charter_app.ui.export_dialog import ExportFeature
from tests import ui_conftest_helpers as helpers

app_home, interaction, window = helpers.app_home, helpers.interaction, helpers.window
AUTHOR = "p-cbb40a"  # Claire Fontanel


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    """The example, with an adopted amendment whose rationale names Claire Fontanel."""
    from charter_app.storage.templates import create_from_template, default_example

    path = tmp_path / "charter"
    create_from_template(path, default_example()).close()
    body = tmp_path / "body.md"
    body.write_text("Un texte nouveau pour ce principe.", encoding="utf-8")
    said = "Comme Claire Fontanel l'a rappelé en atelier."
    for argv in (
        ["amend", "inclusion-mediation", "--body-file", str(body), "--rationale", said],
        ["decide", "A-1", "--adopt"],
    ):
        assert cli(["-C", str(path), *argv, "--as", AUTHOR]) == 0
    return path


@pytest.fixture(autouse=True)
def only_export(monkeypatch: pytest.MonkeyPatch) -> None:
    from charter_app.ui import features

    monkeypatch.setattr(
        features, "FEATURES", ["charter_app.ui.export_dialog:ExportFeature", features.FEATURES[-1]]
    )


def test_anonymous_export_asks_first(qtbot, window, interaction, tmp_path):
    feature = next(f for f in window.features if isinstance(f, ExportFeature))
    dialog = feature.open_export()
    assert not dialog.names_combo.isEnabled()  # names only matter in the appendix
    dialog.provenance_box.setChecked(True)
    assert dialog.names_combo.isEnabled()
    dialog.names_combo.setCurrentIndex(dialog.names_combo.findData("none"))
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("html"))
    out = tmp_path / "anonyme.html"
    dialog.path_edit.setText(str(out))
    interaction.names_answer = False
    dialog.start()
    qtbot.waitUntil(lambda: bool(interaction.names_found) and not dialog.busy, timeout=30_000)
    assert [f.name for f in interaction.names_found] == ["Claire Fontanel"]
    assert not out.exists() and "Nothing was exported" in dialog.status.text()
    interaction.names_answer = True
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    page = out.read_text(encoding="utf-8")
    assert "rappelé en atelier" in page and "Claire Fontanel (Habitant)" not in page
    assert 'lang="fr"' in page and "Provenance du texte" in page  # the charter's language
    dialog.reject()
