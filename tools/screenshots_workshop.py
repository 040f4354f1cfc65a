"""Screenshots of workshop mode: ``python tools/screenshots_workshop.py [OUT_DIR]``.

Runs twice under Xvfb, on a 1920x1080 screen and on a 1280x720 one (a common projector), and
saves the projector at each size, plus quick capture (kiosk), dot voting, the show of hands
panel and the participation picture (``screenshots/`` by default, git-ignored).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

SIZES = ("1920x1080", "1280x720")


def _take(out: Path, size: str) -> None:
    from charter_app.cli import main as cli
    from charter_app.ui.workshop_mode import StartValues, WorkshopFeature

    app, window = support.open_window()
    camera = support.Camera(app, out, rounds=40)
    settle, shoot = camera.settle, camera.shoot

    settle(lambda: window.document is not None and not window.history.busy)
    feature = next(f for f in window.features if isinstance(f, WorkshopFeature))
    folder = str(window.document.path)
    charter = window.document.charter
    facilitator = next(p.id for p in charter.participants if p.role.value == "staff")
    resident = next(p.id for p in charter.participants if p.role.value == "resident")
    window.context.set_participant_for(folder, facilitator)
    window.reload_from_disk()
    principle = charter.principle("accessibilite-numerique") or charter.principles[2]
    body = Path(tempfile.mkstemp(suffix=".md")[1])
    first, _sep, rest = principle.body.partition("\n")
    words = first.split()
    words[3:6] = ["est", "un", "droit", "pour", "chacune", "et", "chacun"]
    body.write_text(" ".join(words) + "\n" + rest + "\n", encoding="utf-8")
    cli(["-C", folder, "amend", principle.id, "--as", resident, "--body-file", str(body),
         "--rationale", "Dire ce que chacun peut exiger."])  # fmt: skip
    feature.start_workshop(
        StartValues("Atelier du mardi soir", "2026-03-10", "Médiathèque de Lézat",
                    {"resident": 31, "elected": 4, "association": 3, "staff": 2}, (), 5)
    )  # fmt: skip
    for principle_id, text in ((principle.id, "Et les personnes sourdes ?"),
                               (principle.id, "Le site de la mairie doit être testé."),
                               (charter.principles[0].id, "D’accord.")):  # fmt: skip
        cli(["-C", folder, "comment", principle_id, "--text", text, "--as", resident])
    feature.refresh()
    window.select_principle(principle.id)
    feature.record_tally(feature.discussion.amendment_id, 24, 9, 5)
    tag = size.split("x")[1]
    projector = feature.start_projector()
    settle(lambda: projector.isVisible())
    shoot(projector, f"workshop-01-projector-{tag}p")
    window.select_principle(charter.principles[0].id)
    shoot(projector, f"workshop-02-projector-no-amendment-{tag}p")
    projector.go_to_line(2)
    shoot(projector, f"workshop-03-projector-line-2-{tag}p")
    feature.stop_projector()
    if size != SIZES[-1]:
        window.close()
        return
    window.select_principle(principle.id)
    feature.tally.show()
    feature.toggle_dots()
    panel = feature.dots_panel
    panel.who_combo.setCurrentIndex(panel.who_combo.findData(resident))
    panel.refresh()
    for row, count in ((2, 2), (0, 1), (5, 1)):
        panel.table.selectRow(row)
        for _ in range(count):
            panel.place(1)
    panel.table.selectRow(3)
    panel.place(5)  # refused: the message shows
    shoot(window, "workshop-04-main-window-dots-tally")
    shoot(panel, "workshop-05-dots-panel")
    feature.toggle_participation()
    settle(lambda: feature.participation_panel.picture is not None)
    shoot(feature.participation_panel, "workshop-06-participation")
    kiosk = feature.start_kiosk("2468")
    settle(lambda: kiosk.isVisible())
    kiosk.name_combo.setEditText("Zoé")
    kiosk.text_edit.setPlainText("Des permanences numériques le samedi matin à la médiathèque.")
    shoot(kiosk, "workshop-07-kiosk")
    kiosk.send()
    shoot(kiosk, "workshop-08-kiosk-sent")
    kiosk.leave("2468")
    settle()
    window.close()


def main(argv: list[str]) -> int:
    size = support.child_value()
    if not size:
        return max(support.with_display(__file__, argv, s, child=s) for s in SIZES)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out, size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
