"""Screenshots of the amendments feature, to look at: ``python tools/screenshots_amendments.py``.

Starts Xvfb when no display is available, makes a copy of the example charter with a few
amendments (registered, draft, one needing an update) and a comment, and saves PNG files
(default ``screenshots/``, git-ignored).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import screenshot_support as support

SOVEREIGNTY, RIGHTS = "souverainete-numerique", "droits-libertes"
CLAIRE, JEAN_MARC, NADIA = "p-cbb40a", "p-8736df", "p-13ccc8"


def _prepare(folder: Path) -> Path:
    """A charter with amendments in every interesting state, made through the CLI."""
    from charter_app.cli import main as cli
    from charter_app.storage.repository import CharterRepository

    path = folder / "charter"
    assert cli(["init", str(path)]) == 0

    def body(principle: str) -> str:
        with CharterRepository.open(path) as repository:
            return repository.load().principle(principle).body

    def amend(principle: str, old: str, new: str, *flags: str) -> None:
        text = folder / f"body-{time.monotonic_ns()}.md"
        text.write_text(body(principle).replace(old, new, 1), encoding="utf-8")
        argv = ["-C", str(path), "amend", principle, "--body-file", str(text), *flags]
        assert cli(argv) == 0

    amend(SOVEREIGNTY, "de ses outils,", "de ses outils numériques, de ses logiciels,",
          "--rationale", "Préciser que les logiciels sont concernés au premier chef.",
          "--as", CLAIRE)  # fmt: skip
    amend(SOVEREIGNTY, "d’un format fermé", "d’un format propriétaire",
          "--rationale", "Le mot « fermé » est flou pour le public.", "--as", JEAN_MARC,
          "--draft")  # fmt: skip
    first = body(RIGHTS).split(".")[0]
    amend(RIGHTS, first, first + ", sans condition de ressources",
          "--rationale", "Rappeler la gratuité.", "--as", NADIA)  # fmt: skip
    comment = ["-C", str(path), "comment", "A-1", "--text", "D’accord sur le fond.", "--as", NADIA]
    assert cli(comment) == 0
    return path


def _take(out: Path, home: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from charter_app.ui.amendments_panel import AmendmentsFeature
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    path = _prepare(home)
    app = QApplication([sys.argv[0]])
    context = AppContext(app)
    context.apply_saved_preferences()
    window = MainWindow(context)
    window.resize(1500, 950)
    window.show()
    camera = support.Camera(app, out)
    settle, shoot = camera.settle, camera.shoot

    window.open_charter(path)
    settle(lambda: window.document is not None and not window.history.busy)
    feature = next(f for f in window.features if isinstance(f, AmendmentsFeature))
    panel = feature.panel
    settle(lambda: panel.snapshot is not None and not panel.busy)
    # The principle changes after A-1 was written: A-1 now needs an update.
    window.select_principle(SOVEREIGNTY)
    edit = window.principle_editor.body_edit
    edit.setPlainText(edit.text() + "\nElle publie chaque année la liste de ses logiciels.")
    window.save()
    settle(lambda: not panel.busy)
    window.select_principle(SOVEREIGNTY)
    panel.select_amendment(panel.model.rows()[0].id)
    window.resizeDocks([panel], [480], Qt.Vertical)
    shoot(window, "amendments-01-window-fr")
    shoot(panel, "amendments-02-dock")
    panel.mode_combo.setCurrentIndex(panel.mode_combo.findData("current"))
    panel.diff.next_change()
    shoot(panel, "amendments-03-current-to-proposed")
    panel.diff.set_inline(True)
    shoot(panel, "amendments-04-single-column")
    panel.diff.set_inline(False)
    panel.tabs.setCurrentIndex(2)
    shoot(panel, "amendments-05-discussion")
    panel.tabs.setCurrentIndex(0)

    dialog = feature.propose()
    dialog.body_edit.setPlainText(dialog.body_edit.text().replace("outils", "moyens", 1))
    dialog.try_accept()  # no rationale: the inline message shows
    shoot(dialog, "amendments-06-propose-dialog")
    dialog.reject()

    compare = feature.compare_versions()
    settle(lambda: not compare.busy)
    shoot(compare, "amendments-07-compare-versions")
    compare.reject()

    window.context.set_high_contrast(True)
    panel.table.setFocus(Qt.TabFocusReason)
    shoot(panel, "amendments-08-high-contrast")
    window.context.set_high_contrast(False)
    window.context.set_scale(1.5)
    shoot(window, "amendments-09-text-150-percent")
    window.context.set_scale(1.0)
    window.apply_preferences("en", False, 1.0)
    shoot(panel, "amendments-10-english")
    window.close()


def main(argv: list[str]) -> int:
    if support.needs_display():
        return support.with_display(__file__, argv)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = str(Path(home) / "app")
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out, Path(home))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
