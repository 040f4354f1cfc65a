"""The app for the accessibility-bus test (``test_ui_atspi.py``): a real window on the X display,
driven by one-line commands on its standard input, answering on its standard output.

    show KEY   the workspace KEY, the keyboard on its tabs  -> "ok"
    regions    how many F6 areas the workspace has now       -> "ok N"
    key NAME   one key press (Tab, F6) to what has the focus -> "ok"
    quit

Run by ``atspi_walk.py`` (the screen reader's side) with this project's Python.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSocketNotifier, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from charter_app.ui.app import create_window, parse_arguments  # noqa: E402
from charter_app.ui.workspaces import WORKSPACES  # noqa: E402

KEYS = {"Tab": Qt.Key.Key_Tab, "F6": Qt.Key.Key_F6}
SETTLE_MS = 400


def main(charter: str) -> int:
    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments([charter]), app)
    window.show()
    window.setGeometry(window.screen().availableGeometry())

    def answer(text: str) -> None:
        print(text, flush=True)

    def ready() -> None:
        if window.document is None or not window.features_loaded:
            QTimer.singleShot(100, window, ready)
            return
        QTimer.singleShot(
            SETTLE_MS, window, lambda: answer("ready " + " ".join(w.key for w in WORKSPACES))
        )

    def command() -> None:
        words = sys.stdin.readline().split()
        if not words or words[0] == "quit":
            app.quit()
        elif words[0] == "show":
            window.workspaces.show(words[1])
            window.activateWindow()
            window.workspaces.bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
            QTimer.singleShot(SETTLE_MS, window, lambda: answer("ok"))
        elif words[0] == "regions":
            answer(f"ok {len(window.regions.regions())}")
        elif words[0] == "key":
            target = QApplication.focusWidget() or window
            QTest.keyClick(target, KEYS[words[1]])
            QTimer.singleShot(SETTLE_MS // 4, window, lambda: answer("ok"))

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, window)
    notifier.activated.connect(command)
    ready()
    code = app.exec()
    window.document = None
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
