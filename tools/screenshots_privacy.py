"""Screenshots of the right to be forgotten: ``python tools/screenshots_privacy.py [OUT_DIR]``.

Runs under Xvfb on a small 1024x700 screen (a town hall laptop) and saves Edit > Participants
with someone chosen, the confirmation of the erasure, the list after it, Edit > Personal data
and the kiosk with its short notice (``screenshots/`` by default, git-ignored).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

SIZE = "1024x700"
NAME = "Ondine Farkas"


def _take(out: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from charter_app.application import comments, participants
    from charter_app.ui.privacy_feature import PrivacyFeature
    from charter_app.ui.workshop_mode import WorkshopFeature

    app, window = support.open_window(width=1024, height=700)
    camera = support.Camera(app, out, prefix="privacy-")
    settle, shoot = camera.settle, camera.shoot
    settle(lambda: window.document is not None and window.features_loaded)
    charter = window.document.charter
    folder = str(window.document.path)
    facilitator = next(p.id for p in charter.participants if p.role.value == "staff")
    resident = next(p.id for p in charter.participants if p.role.value == "resident")
    window.context.set_participant_for(folder, facilitator)
    ondine = window.operations.run_now(
        lambda session: participants.register_participant(session, NAME, "resident", "Atelier")
    ).value.id
    window.operations.run_now(
        lambda session: comments.comment(session, ondine, "1", "Des logiciels libres, partout.")
    )
    window.operations.run_now(
        lambda session: comments.comment(
            session, resident, "2", f"Comme le disait {NAME}, formons les agents."
        )
    )
    window.reload_from_disk()
    settle(lambda: window.document is not None)
    feature = next(f for f in window.features if isinstance(f, PrivacyFeature))
    feature.show_participants()
    dialog = feature.participants_dialog
    settle(lambda: dialog.isVisible())
    dialog.select(ondine)
    shoot(dialog, "01-participants")

    def confirm(box: QMessageBox) -> int:  # shown, photographed, then answered "erase"
        box.show()
        shoot(box, "02-confirm-erasure")
        erase = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.DestructiveRole)
        erase.click()
        return 0

    QMessageBox.exec = confirm  # type: ignore[method-assign,assignment]
    dialog.erase_selected()
    settle(lambda: not window.operations.busy)
    settle(lambda: "Ondine" not in dialog.table.item(dialog.table.rowCount() - 1, 0).text())
    shoot(dialog, "03-participants-after")
    dialog.close()
    feature.show_privacy()
    settle(lambda: feature.privacy_dialog is not None and feature.privacy_dialog.isVisible())
    shoot(feature.privacy_dialog, "04-personal-data")
    feature.privacy_dialog.close()
    workshop = next(f for f in window.features if isinstance(f, WorkshopFeature))
    kiosk = workshop.start_kiosk("2468")
    settle(lambda: kiosk.isVisible())
    shoot(kiosk, "05-kiosk-notice")
    kiosk.leave("2468")
    settle()
    window.close()


def main(argv: list[str]) -> int:
    if not support.child_value():
        return support.with_display(__file__, argv, SIZE)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
