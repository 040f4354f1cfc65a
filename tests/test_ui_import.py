"""Start from the text people already have: a DOCX built here goes through the preview dialog
(accept: the charter opens; reject: nothing is created); suggestions and CriticMarkup."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from charter_app import paths
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.errors import CharterError
from charter_app.importing.principles import PlannedPrinciple
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.ui.import_dialog import (
    ImportFeature,
    ImportPreviewDialog,
    PlannedPrincipleModel,
    SuggestionsDialog,
)
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets
from tests.test_ui_export import ScriptedChooser

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window


@pytest.fixture(autouse=True)
def only_these_features(monkeypatch: pytest.MonkeyPatch) -> None:
    from charter_app.ui import features

    monkeypatch.setattr(
        features,
        "FEATURES",
        [
            "charter_app.ui.council_panel:CouncilFeature",
            "charter_app.ui.export_dialog:ExportFeature",
            "charter_app.ui.import_dialog:ImportFeature",
            features.FEATURES[-1],
        ],
    )


def feature_of(window) -> ImportFeature:
    return next(f for f in window.features if isinstance(f, ImportFeature))


def build_docx(path: Path) -> Path:
    """A town hall's charter as people type it in Word: headings, numbered articles, a logo."""
    import docx

    logo = path.parent / "logo.png"
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    image.save(str(logo))
    document = docx.Document()
    document.add_heading("Charte du numérique de Saint-Ours", level=1)
    document.add_paragraph("Les habitants et la commune s’engagent ensemble.")
    document.add_picture(str(logo))
    for number, title, body in (
        (1, "Accès pour tous", "Chaque habitant accède aux services publics en ligne."),
        (2, "Données ouvertes", "La commune publie ses données dans des formats ouverts."),
        (3, "Sobriété", "Les équipements sont réparés avant d’être remplacés."),
    ):
        document.add_heading(f"Article {number} – {title}", level=2)
        document.add_paragraph(body)
    document.save(str(path))
    return path


def wait_for_preview(qtbot, feature: ImportFeature) -> ImportPreviewDialog:
    qtbot.waitUntil(lambda: isinstance(feature.dialog, ImportPreviewDialog), timeout=20_000)
    return feature.dialog


def test_a_docx_is_previewed_then_created_and_opened(qtbot, window, interaction, tmp_path):
    source = build_docx(tmp_path / "charte.docx")
    destination = tmp_path / "new-charter"
    feature = feature_of(window)
    feature.chooser = ScriptedChooser(source)
    feature.import_new_charter()
    dialog = wait_for_preview(qtbot, feature)

    assert interaction.errors == []
    assert not destination.exists()  # nothing written before the confirmation
    assert dialog.title_edit.text() == "Charte du numérique de Saint-Ours"
    assert "s’engagent ensemble" in dialog.preamble_view.toPlainText()
    model = dialog.model
    assert model.rowCount() == 3
    assert [model.index(r, 0).data() for r in range(3)] == ["1", "2", "3"]
    assert model.index(1, 1).data() == "Données ouvertes"
    assert model.index(1, 2).data().startswith("La commune publie")
    reports = [dialog.report_view.item(i).text() for i in range(dialog.report_view.count())]
    assert any("image" in text.lower() for text in reports), reports
    assert dialog.rule_label.text() not in ("", "—")
    assert unnamed_widgets(dialog) == []

    dialog.title_edit.setText("Charte de Saint-Ours")
    dialog.destination_edit.setText(str(destination))
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
    qtbot.waitUntil(
        lambda: window.document is not None and window.document.path == destination.resolve(),
        timeout=30_000,
    )
    assert interaction.errors == []
    charter = window.document.charter
    assert charter.title == "Charte de Saint-Ours"
    assert [p.title for p in charter.principles] == [
        "Accès pour tous",
        "Données ouvertes",
        "Sobriété",
    ]


def test_rejecting_the_preview_creates_nothing(qtbot, window, interaction, tmp_path):
    source = build_docx(tmp_path / "charte.docx")
    feature = feature_of(window)
    before = window.document.path
    feature.preview_document(source)
    dialog = wait_for_preview(qtbot, feature)
    destination = dialog.destination()
    dialog.reject()
    qtbot.wait(50)
    assert not destination.exists()
    assert window.document.path == before
    assert interaction.errors == []


def test_a_non_empty_destination_is_refused_in_the_dialog(qtbot, window, tmp_path):
    source = build_docx(tmp_path / "charte.docx")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "notes.txt").write_text("à garder")
    feature = feature_of(window)
    feature.preview_document(source)
    dialog = wait_for_preview(qtbot, feature)
    dialog.destination_edit.setText(str(taken))
    qtbot.mouseClick(dialog.create_button, Qt.LeftButton)
    assert dialog.isVisible() and "not empty" in dialog.error_label.text()
    assert sorted(p.name for p in taken.iterdir()) == ["notes.txt"]
    dialog.reject()


@pytest.mark.parametrize(
    "content",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,  # an old .doc or a protected file
        b"PK\x03\x04 not really a zip",  # a damaged .docx
    ],
)
def test_a_bad_document_shows_a_plain_message_and_creates_nothing(
    qtbot, window, interaction, tmp_path, content
):
    source = tmp_path / "charte.docx"
    source.write_bytes(content)
    feature = feature_of(window)
    before = listing(tmp_path, paths.charters_dir())
    feature.chooser = ScriptedChooser(source)
    feature.import_new_charter()
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    assert len(interaction.errors) == 1
    assert isinstance(interaction.errors[0], CharterError)  # a sentence, not a traceback
    assert feature.dialog is None
    assert listing(tmp_path, paths.charters_dir()) == before


def listing(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders if folder.exists() for p in folder.rglob("*"))


def test_a_text_without_structure_creates_nothing(qtbot, window, interaction, tmp_path):
    source = tmp_path / "notes.md"
    source.write_text("juste une phrase sans titre ni article\n", encoding="utf-8")
    feature = feature_of(window)
    feature.preview_document(source)
    qtbot.waitUntil(lambda: not feature.busy, timeout=20_000)
    assert len(interaction.errors) == 1 and "No charter was found" in interaction.errors[0].message
    assert feature.dialog is None


def test_criticmarkup_out_then_suggestions_back_in(qtbot, window, interaction, tmp_path):
    feature = feature_of(window)
    copy = tmp_path / "copie.md"
    feature.chooser = ScriptedChooser(copy)
    feature.export_criticmarkup()
    qtbot.waitUntil(lambda: copy.exists() and not feature.busy, timeout=20_000)
    text = copy.read_text(encoding="utf-8")
    assert "## 1. " in text and "maîtresse de ses outils" in text

    revised = tmp_path / "relu.md"
    revised.write_text(
        text.replace("maîtresse de ses outils", "maîtresse de tous ses outils", 1),
        encoding="utf-8",
    )
    feature.chooser = ScriptedChooser(revised)
    before = git_head(window)
    feature.import_suggestions()
    qtbot.waitUntil(lambda: isinstance(feature.dialog, SuggestionsDialog), timeout=20_000)
    dialog = feature.dialog
    assert unnamed_widgets(dialog) == []
    assert dialog.changes_view.count() == 1
    assert "principle 1" in dialog.changes_view.item(0).text()
    assert not dialog.file_button.isEnabled()  # the rationale is required
    assert git_head(window) == before  # nothing filed yet
    dialog.rationale_edit.setPlainText("Relecture du conseil de quartier")
    assert dialog.file_button.isEnabled()
    qtbot.mouseClick(dialog.file_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(feature, "last_filed", None) is not None, timeout=20_000)

    assert interaction.errors == []
    assert len(feature.last_filed.amendments) == 1
    with CharterRepository.open(window.document.path) as repository:
        (record,) = AmendmentBook(repository).ledger().records
    assert record.status is AmendmentStatus.REGISTERED
    assert record.amendment.author == window.current_participant()
    assert record.amendment.rationale == "Relecture du conseil de quartier"
    assert "maîtresse de tous ses outils" in (record.amendment.body or "")


def git_head(window) -> str:
    return helpers.git(window.document.path, "rev-parse", "HEAD").strip()


def test_the_menu_entries_have_shortcuts(window):
    feature = feature_of(window)
    for action in (
        feature.import_action,
        feature.suggestions_action,
        feature.criticmarkup_action,
    ):
        assert action in window.file_menu.actions()
        assert not action.shortcut().isEmpty()
    window.close_charter()
    assert feature.import_action.isEnabled()  # a new charter needs no open one
    assert not feature.suggestions_action.isEnabled()


def test_planned_principle_model_passes_the_model_tester(qtmodeltester):
    model = PlannedPrincipleModel(
        [
            PlannedPrinciple("1", "Accès", "Un deux trois quatre cinq six sept huit neuf dix onze "
                             "douze treize quatorze."),
            PlannedPrinciple("1 bis", "Données", "Court."),
        ]
    )  # fmt: skip
    qtmodeltester.check(model)
    assert model.index(0, 2).data().endswith("…")
    model.set_principles([])
    qtmodeltester.check(model)
