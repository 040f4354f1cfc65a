"""Screenshots of the council panel, export and import dialogs, to look at:
``python tools/screenshots_council.py [OUT_DIR]``.

Starts Xvfb when no display is available, makes a charter from the bundled example in a
throw-away home, files a few amendments (one conflicting), and saves PNG files (default
``screenshots/``, git-ignored).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

AUTHOR = "p-cbb40a"


def _cli(*argv: str) -> str:
    from charter_app.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0, argv
    return out.getvalue()


def _amend(folder: Path, work: Path, principle: str, old: str, new: str) -> str:
    body = json.loads(_cli("-C", str(folder), "principle", "show", principle, "--json"))["body"]
    text = work / f"amendment-{len(list(work.iterdir()))}.md"
    text.write_text(body.replace(old, new, 1), encoding="utf-8")
    out = _cli(
        "-C", str(folder), "amend", principle, "--body-file", str(text),
        "--rationale", "Préciser l’engagement de la commune", "--as", AUTHOR, "--json",
    )  # fmt: skip
    return str(json.loads(out)["number"])


def _insert(folder: Path, work: Path, after: str, title: str) -> str:
    text = work / f"insert-{len(list(work.iterdir()))}.md"
    text.write_text(f"La commune garantit le {title.lower()}.", encoding="utf-8")
    out = _cli(
        "-C", str(folder), "amend", "--insert-after", after, "--title", title,
        "--body-file", str(text), "--rationale", "Un droit manquant", "--as", AUTHOR, "--json",
    )  # fmt: skip
    return str(json.loads(out)["number"])


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Charte du numérique de Saint-Ours", level=1)
    document.add_paragraph(
        "Les habitants et la commune s’engagent ensemble pour un numérique utile."
    )
    for number, title, body in (
        (
            1,
            "Accès pour tous",
            "Chaque habitant accède aux services publics en ligne et au guichet.",
        ),
        (2, "Données ouvertes", "La commune publie ses données dans des formats ouverts."),
        (3, "Sobriété", "Les équipements sont réparés avant d’être remplacés."),
    ):
        document.add_heading(f"Article {number} – {title}", level=2)
        document.add_paragraph(body)
    document.add_paragraph("Note de bas de page ignorée").add_run().add_break()
    document.save(str(path))
    return path


def _take(out: Path, work: Path) -> None:

    from charter_app.ui.council_panel import CouncilFeature
    from charter_app.ui.export_dialog import ExportFeature
    from charter_app.ui.import_dialog import ImportFeature

    folder = work / "charte"
    _cli("init", str(folder))
    first = _amend(
        folder, work, "souverainete-numerique", "de ses outils,", "de ses outils numériques,"
    )
    _amend(folder, work, "souverainete-numerique", "de ses outils,", "de ses logiciels,")
    _insert(folder, work, "inclusion-mediation", "Droit à la déconnexion")
    _amend(
        folder,
        work,
        "droits-libertes",
        "sans qu’un débat public",
        "sans qu’un débat public et contradictoire",
    )

    app, window = support.open_window([str(folder)])
    camera = support.Camera(app, out, timeout=30.0)
    settle, shoot = camera.settle, camera.shoot
    settle(lambda: window.features_loaded)  # they load after the charter's first paint
    council = next(f for f in window.features if isinstance(f, CouncilFeature))
    exports = next(f for f in window.features if isinstance(f, ExportFeature))
    imports = next(f for f in window.features if isinstance(f, ImportFeature))

    settle(lambda: window.document is not None and not council.busy)
    council.refresh()
    settle(lambda: not council.busy)
    council.focus_decision()
    council.panel.select_amendment(next(r.id for r in council.panel.state.rows if r.label == first))
    settle()
    shoot(window, "council-01-panel-fr")
    shoot(council.panel, "council-02-panel")

    # Adopt the first one, then try its rival: the conflict dialog.
    panel = council.panel
    panel.outcome_combo.setCurrentIndex(panel.outcome_combo.findData("adopted"))
    panel.votes_box.setChecked(True)
    panel.for_spin.setValue(14)
    panel.against_spin.setValue(3)
    panel.abstain_spin.setValue(2)
    panel.ref_edit.setText("Délibération 2026-14")
    council.record_decision()
    settle(lambda: not council.busy)
    rival = next(r for r in panel.state.rows if r.open and "Souveraineté" in r.target)
    panel.select_amendment(rival.id)
    council.record_decision()
    settle()
    if council.dialog is not None:
        shoot(council.dialog, "council-03-conflict")
        council.dialog.reject()
    settle()

    council.open_batch()
    batch = council.dialog
    ids = [r.id for r in panel.state.rows if r.open and r.id != rival.id]
    batch.set_selection(ids)
    batch.run_preview()
    settle(lambda: batch.preview_result is not None or "cannot" in batch.status.text())
    shoot(batch, "council-04-batch-what-if")
    batch.reject()

    council.open_adopt_version()
    shoot(council.dialog, "council-05-adopt-version")
    council.dialog.ref_edit.setText("Délibération 2026-20")
    council.dialog.accept()
    settle(lambda: not council.busy)
    settle(lambda: council.panel.versions_model.rowCount() > 0)
    shoot(council.panel, "council-06-versions")

    dialog = exports.open_export()
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("pdf"))
    dialog.path_edit.setText(str(work / "charte.pdf"))
    shoot(dialog, "export-01-dialog")
    dialog.start()
    settle(lambda: dialog.progress_bar.value() > 0, timeout=30)
    shoot(dialog, "export-02-running")
    settle(lambda: not dialog.busy, timeout=60)
    shoot(dialog, "export-03-done")
    dialog.reject()
    dialog = exports.open_comparison()
    shoot(dialog, "export-04-comparison")
    dialog.reject()

    imports.preview_document(_docx(work / "charte.docx"))
    settle(lambda: imports.dialog is not None)
    shoot(imports.dialog, "import-01-preview")
    imports.dialog.reject()

    window.context.set_scale(1.5)
    council.open_adopt_version()
    shoot(council.dialog, "council-07-adopt-version-150")
    council.dialog.reject()
    window.context.set_scale(1.0)
    window.apply_preferences("en", False, 1.0)
    shoot(window, "council-08-english")
    window.document = None
    window.close()


def main(argv: list[str]) -> int:
    if support.needs_display():
        return support.with_display(__file__, argv)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as work:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ["GIT_CONFIG_GLOBAL"] = str(Path(home) / "gitconfig")
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out, Path(work))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
