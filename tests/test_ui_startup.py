"""The desktop's start-up: the reading view paints the charter first, everything else after.

A fresh app process (what is imported counts, so it cannot share this test process) opens a
charter and notes, at the first paint of the reading view's text with the charter in it, which
modules are loaded and what the window holds; then it waits until the charter is open for
writing. Timings are the benchmark's (``bench/bench_reading.py``), never a test's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from charter_app.ui.features import FEATURES
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path

ROOT = Path(__file__).resolve().parents[1]

STARTUP = textwrap.dedent(
    """
    import json, sys, time
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from charter_app.ui.app import create_window, parse_arguments

    app = QApplication([])
    window = create_window(parse_arguments([sys.argv[1]]), app)
    window.show()
    seen = {}

    class PaintWatch(QObject):
        def eventFilter(self, watched, event):
            if (
                not seen
                and event.type() == QEvent.Type.Paint
                and watched is window.reading.text.viewport()
                and window.reading.charter is not None
            ):
                seen["modules"] = sorted(sys.modules)
                seen["document"] = window.document is not None
                seen["write_page"] = window.write_page_built
                seen["title"] = window.reading.charter.title
                seen["principles"] = len(window.reading.charter.principles)
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    deadline = time.monotonic() + 60
    while not (seen and window.document is not None and window.features_loaded):
        if time.monotonic() > deadline:
            raise TimeoutError(json.dumps({"seen": bool(seen), "open": bool(window.document)}))
        app.processEvents()
        time.sleep(0.005)
    app.removeEventFilter(watch)
    seen["after"] = {
        "write_page": window.write_page_built,
        "writable": not window.document.read_only,
        "same_text": window.reading.charter == window.document.charter,
        "history_dock": window.history.objectName(),
    }
    print(json.dumps(seen))
    window.close()
    """
)


def _start(folder: Path) -> dict:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", STARTUP, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


# What the first paint must do without: writing (the session, a write cut short, repair), the
# features (workspaces' docks, dialogs), the Write page and History dock with the Markdown editor,
# amendments, the diff engine and the comments' models.
DEFERRED = [
    "charter_app.application",
    "charter_app.storage.interrupted",
    "charter_app.storage.repair",
    "charter_app.storage.repository",
    "charter_app.storage.gitcmd",
    "charter_app.ui.write_page",
    "charter_app.ui.history_panel",
    "charter_app.ui.principle_table",
    "charter_app.ui.principle_model",
    "charter_app.ui.editor",
    "charter_app.ui.comment_models",
    "charter_app.ui.dialogs",
    "charter_app.core.amendments",
    "charter_app.core.amendment_state",
    "charter_app.core.rebase",
    "charter_app.diffing.paragraphs",
    "charter_app.diffing.batch",
    *(spec.partition(":")[0] for spec in FEATURES),
]


def test_the_reading_view_paints_the_charter_before_the_rest_is_loaded(charter_path) -> None:
    seen = _start(charter_path)
    loaded = set(seen["modules"])
    early = sorted(
        name
        for name in loaded
        for deferred in DEFERRED
        if name == deferred or name.startswith(deferred + ".")
    )
    assert early == []
    assert "charter_app.ui.reading.view" in loaded
    # The painted text is the charter's, read from its folder before it is opened for writing.
    assert seen["title"] and seen["principles"] >= 5
    assert seen["document"] is False
    assert seen["write_page"] is False
    # Then everything arrives: the Write page and History dock, the charter open for writing,
    # and the text shown is the opened charter's.
    assert seen["after"] == {
        "write_page": True,
        "writable": True,
        "same_text": True,
        "history_dock": "historyDock",
    }


def test_a_second_start_paints_without_the_markdown_parser(charter_path) -> None:
    """The lines with markup the first start read are in the user's cache: the next start's
    first paint needs no markdown-it; the lines are the same as the parser reads them."""
    first = _start(charter_path)
    assert any(name.startswith("markdown_it") for name in first["modules"])  # nothing cached yet
    again = _start(charter_path)
    assert not [name for name in again["modules"] if name.startswith("markdown_it")]
    assert again["title"] == first["title"] and again["principles"] == first["principles"]
    assert again["after"]["same_text"]
