"""File > Export… and Comparison table… from the dialog: every format read back, progress seen,
Cancel leaves no file, the window keeps drawing while a PDF is written."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer

from charter_app.cli import main as cli
from charter_app.core.model import Charter, Principle
from charter_app.storage.repository import CharterRepository
from charter_app.ui.export_dialog import ExportDialog, ExportFeature, FileChooser
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

TITLE = "Charte numérique locale du Val de Lèze"
AUTHOR = "p-cbb40a"


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


class ScriptedChooser(FileChooser):
    """Answers the file dialogs with prepared paths; records the folders opened."""

    def __init__(self, answer: Path | None = None) -> None:
        self.answer = answer
        self.opened: list[Path] = []
        self.asked: list[str] = []

    def save_file(self, parent, caption, suggested, filters):
        self.asked.append(suggested)
        return str(self.answer) if self.answer else None

    def open_file(self, parent, caption, filters):
        return str(self.answer) if self.answer else None

    def folder(self, parent, caption, start=""):
        return str(self.answer) if self.answer else None

    def open_folder(self, folder: Path) -> None:
        self.opened.append(folder)


def feature_of(window) -> ExportFeature:
    return next(f for f in window.features if isinstance(f, ExportFeature))


def text_of(path: Path, fmt: str) -> str:
    """The readable text of an exported file, read back with the format's own library."""
    if fmt == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if fmt == "docx":
        import docx

        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if fmt == "odt":
        with zipfile.ZipFile(path) as archive:
            return archive.read("content.xml").decode("utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "pdf", "odt", "docx", "md"])
def test_export_each_format_from_the_dialog(qtbot, window, interaction, tmp_path, fmt):
    feature = feature_of(window)
    out = tmp_path / "out" / f"charte.{fmt}"
    out.parent.mkdir()
    feature.chooser = ScriptedChooser(out)
    dialog = feature.open_export()
    assert dialog is not None and dialog.isVisible()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
    qtbot.mouseClick(dialog.browse_button, Qt.LeftButton)
    assert dialog.output() == out
    seen: list[tuple[int, int]] = []
    dialog.task.progress.connect(lambda done, total: seen.append((done, total)))

    qtbot.mouseClick(dialog.export_button, Qt.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.export_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=60_000)

    assert interaction.errors == []
    assert out.is_file()
    text = " ".join(text_of(out, fmt).split())
    assert "Val de Lèze" in text, text[:300]
    assert seen and seen[-1] == (100, 100)  # progress reached the dialog
    assert dialog.progress_bar.value() == 100
    assert str(out) in dialog.status.text()
    assert dialog.open_folder_button.isVisible()
    qtbot.mouseClick(dialog.open_folder_button, Qt.LeftButton)
    assert feature.chooser.opened == [out.parent]
    dialog.reject()


def test_export_options_reach_the_export(qtbot, window, tmp_path):
    feature = feature_of(window)
    out = tmp_path / "charte.md"
    dialog = feature.open_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("md"))
    dialog.path_edit.setText(str(out))
    dialog.names_combo.setCurrentIndex(dialog.names_combo.findData("none"))
    dialog.provenance_box.setChecked(True)
    options = dialog.options()
    assert (options.version, options.names, options.provenance) == (None, "none", True)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert "Claire Fontanel" not in out.read_text(encoding="utf-8")
    dialog.reject()


def big_charter(path: Path, count: int = 400) -> Path:
    paragraph = (
        "La commune veille à un numérique sobre, ouvert et accessible à toutes et tous. " * 6
    )
    principles = tuple(
        Principle(f"principe-{i}", str(i), f"Principe numéro {i}", f"{paragraph}\n\n{paragraph}")
        for i in range(1, count + 1)
    )
    CharterRepository.create(path, Charter(title="Grande charte", principles=principles)).close()
    return path


def test_cancelling_a_long_pdf_export_writes_no_file_and_never_freezes(qtbot, app_home, tmp_path):
    folder = big_charter(tmp_path / "big")
    out = tmp_path / "grande.pdf"
    dialog = ExportDialog(folder, "Grande charte", [], ScriptedChooser())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    dialog.path_edit.setText(str(out))
    seen: list[int] = []
    dialog.task.progress.connect(lambda done, _total: seen.append(done))
    ticks: list[float] = []
    timer = QTimer(interval=20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    dialog.start()
    qtbot.waitUntil(lambda: len(seen) >= 2, timeout=30_000)
    assert dialog.busy
    qtbot.mouseClick(dialog.cancel_button, Qt.LeftButton)
    assert dialog.status.text() == "Stopping…"
    qtbot.waitUntil(lambda: not dialog.busy, timeout=120_000)
    timer.stop()

    assert not out.exists()
    assert list(tmp_path.glob("grande*")) == []  # no temporary file left either
    assert "cancelled" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not dialog.cancel_button.isEnabled()
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert gaps and max(gaps) < 1.0, max(gaps)  # the event loop kept running


def test_closing_the_dialog_stops_the_export(qtbot, app_home, tmp_path):
    folder = big_charter(tmp_path / "big", 200)
    out = tmp_path / "grande.pdf"
    dialog = ExportDialog(folder, "Grande charte", [], ScriptedChooser())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    dialog.path_edit.setText(str(out))
    dialog.start()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=120_000)
    assert not out.exists()


def test_comparison_table_of_v1_and_the_saved_text(qtbot, window, interaction, tmp_path, capsys):
    path = window.document.path
    capsys.readouterr()
    assert cli(["-C", str(path), "adopt", "v1.0", "--ref", "D-1", "--as", AUTHOR]) == 0
    feature = feature_of(window)
    out = tmp_path / "comparaison.docx"
    dialog = feature.open_comparison()
    assert [dialog.format_combo.itemData(i) for i in range(dialog.format_combo.count())] == [
        "html",
        "pdf",
        "odt",
        "docx",
    ]
    assert dialog.old_combo.currentData() == "v1.0"
    assert unnamed_widgets(dialog) == []
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("docx"))
    dialog.path_edit.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=60_000)
    assert interaction.errors == []
    assert "Val de Lèze" in text_of(out, "docx")
    dialog.reject()


def test_comparison_needs_an_adopted_version(window):
    dialog = feature_of(window).open_comparison()
    assert not dialog.export_button.isEnabled()
    assert "No version has been adopted yet" in dialog.note.text()
    dialog.reject()


def test_an_export_to_a_missing_folder_shows_a_plain_error(qtbot, window, interaction, tmp_path):
    dialog = feature_of(window).open_export()
    dialog.path_edit.setText(str(tmp_path / "absent" / "charte.html"))
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30_000)
    assert len(interaction.errors) == 1
    assert "does not exist" in interaction.errors[0].message
    assert "nothing was written" in dialog.status.text()
    dialog.reject()


def test_export_dialog_is_named_and_the_menu_has_shortcuts(window):
    feature = feature_of(window)
    dialog = feature.open_export()
    assert unnamed_widgets(dialog) == []
    dialog.reject()
    for action in (feature.export_action, feature.compare_action):
        assert action in window.file_menu.actions()
        assert not action.shortcut().isEmpty()
    window.close_charter()
    assert not feature.export_action.isEnabled()
