"""Screenshots of the main views, to look at: ``python tools/screenshots.py [OUT_DIR]``.

Starts Xvfb when no display is available, opens a copy of the example charter in a throw-away
home folder, and saves PNG files (default ``screenshots/``, git-ignored).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _with_display(argv: list[str]) -> int:
    """Run this script again under a fresh Xvfb server."""
    display = ":99"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        env = os.environ | {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "SCREENSHOT_CHILD": "1"}
        return subprocess.run([sys.executable, __file__, *argv], env=env).returncode
    finally:
        server.terminate()
        server.wait()


def _take(out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(ROOT))
    from charter_app.ui.app import create_window, parse_arguments
    from charter_app.ui.dialogs import AddParticipantDialog, PreferencesDialog

    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments(["--example"]), app)
    window.resize(1500, 900)
    window.show()

    def settle(condition=lambda: True, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(30):
            app.processEvents()
            time.sleep(0.01)

    def shoot(widget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    settle(lambda: window.document is not None and not window.history.busy)
    principles = window.document.charter.principles
    window.select_principle(principles[2].id)
    settle(lambda: not window.history.busy)
    if window.history.model.rowCount():
        index = window.history.model.index(0)
        window.history.list_view.setCurrentIndex(index)
        window.history.list_view.clicked.emit(index)
    settle(lambda: not window.history.busy)
    shoot(window, "01-main-window-fr")
    shoot(window.preview, "02-preview")
    shoot(window.history, "03-history-panel")

    window.select_principle(None)
    shoot(window, "04-charter-preamble")

    dialog = AddParticipantDialog(window)
    dialog.show()
    shoot(dialog, "05-add-participant")
    dialog.close()
    appearance = window.context.appearance
    preferences = PreferencesDialog(window.context.language, False, appearance.scale, window)
    preferences.show()
    shoot(preferences, "06-preferences")
    preferences.close()

    window.select_principle(principles[0].id)
    window.context.set_high_contrast(True)
    window.principle_editor.body_edit.setFocus(Qt.TabFocusReason)
    shoot(window, "07-high-contrast")
    window.context.set_high_contrast(False)

    window.apply_preferences("en", False, 1.0)
    window.table.setFocus(Qt.TabFocusReason)
    shoot(window, "08-english-ui")
    window.context.set_scale(1.5)
    shoot(window, "09-text-150-percent")
    window.context.set_scale(1.0)
    window.close_charter()
    shoot(window, "10-welcome")
    window.document = None
    window.close()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "screenshots"
    if not os.environ.get("SCREENSHOT_CHILD") and not os.environ.get("DISPLAY"):
        if shutil.which("Xvfb") is None:
            print("Xvfb is needed: apt-get install xvfb", file=sys.stderr)
            return 1
        return _with_display(argv)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
