"""Screenshots of the workshop companion's desktop side: ``python tools/screenshots_companion.py
[OUT_DIR]``.

Runs under Xvfb on a 1024x700 screen (a small laptop): the window with the *Phones* panel open
(QR code, address, code), two phones joined over loopback, one text held for the facilitator,
then the panel alone and the projector's foot with the QR code (``screenshots/`` by default,
git-ignored). The phones' own pages are checked in a browser by tests/test_web_browser.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

SIZE = "1024x700"


def _take(out: Path) -> None:
    from charter_app.cli import main as cli
    from charter_app.ui.companion_panel import CompanionFeature
    from charter_app.ui.workshop_mode import WorkshopFeature
    from tests.companion_phone import Phone, free_port

    app, window = support.open_window(width=1024, height=700)
    camera = support.Camera(app, out, rounds=40)
    settle, shoot = camera.settle, camera.shoot
    settle(lambda: window.document is not None and not window.history.busy)
    folder = str(window.document.path)
    charter = window.document.charter
    facilitator = next(p.id for p in charter.participants if p.role.value == "staff")
    window.context.set_participant_for(folder, facilitator)
    cli(["-C", folder, "workshop", "start", "--title", "Atelier du mardi soir", "--as",
         facilitator])  # fmt: skip
    window.reload_from_disk()
    settle(lambda: not window.history.busy)
    companion = next(f for f in window.features if isinstance(f, CompanionFeature))
    companion.open(port=free_port(), bind="127.0.0.1")
    settle(lambda: companion.server is not None)
    companion.panel.held.setChecked(True)  # hold texts until the facilitator accepts them
    principle = charter.principles[2].id
    for name, text in (("Nadia B.", "Et les personnes sourdes ?"), ("Marc", "")):
        phone = Phone.on(f"http://{companion.server.address}")
        phone.join(companion.companion.token, name)
        if text:
            phone.send(f"/p/{principle}", "/send/comment", text=text)
    settle(lambda: len(companion.companion.held()) == 1, timeout=10)
    companion.refresh()
    shoot(window, "companion-01-window-phones-panel")
    shoot(companion.panel, "companion-02-phones-panel")
    workshop = next(f for f in window.features if isinstance(f, WorkshopFeature))
    projector = workshop.start_projector()
    settle(lambda: projector.isVisible())
    shoot(projector, "companion-03-projector")
    workshop.stop_projector()
    companion.close()
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
