"""Screenshots of the main views, to look at: ``python tools/screenshots.py [OUT_DIR]``.

Starts Xvfb when no display is available, opens a copy of the example charter in a throw-away
home folder, and saves PNG files (default ``screenshots/``, git-ignored).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support


def _take(out: Path) -> None:
    from PySide6.QtCore import Qt

    from charter_app.ui.dialogs import AddParticipantDialog, PreferencesDialog

    app, window = support.open_window()
    camera = support.Camera(app, out)
    settle, shoot = camera.settle, camera.shoot

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

    # Common laptop screens, less a title bar and a panel: nothing may be cut off.
    window.select_principle(principles[2].id)
    for width, height in ((1366, 700), (1024, 700)):
        window.resize(width, height)
        settle()
        assert window.width() <= width and window.height() <= height, window.size()
        shoot(window, f"11-laptop-{width}x{height}")
    window.resize(1500, 900)
    settle()

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
    if support.needs_display():
        return support.with_display(__file__, argv)
    out = support.output_folder(argv)
    with tempfile.TemporaryDirectory() as home:
        os.environ["CHARTER_STUDIO_HOME"] = home
        os.environ.setdefault("LANGUAGE", "fr")
        _take(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
