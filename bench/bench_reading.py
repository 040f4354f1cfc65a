"""Desktop app: cold start to the painted reading view, next to an empty PySide6 window.

``python -m bench --only reading``. The reading view is the window's home: what a person sees
first is the charter's text, and the rest of the app (docks, history, workshops) loads after it.
Each start is a fresh process (the interpreter and every import count), the app's and the empty
window's taken in turn in the same run so both see the same machine; the target is 2.5 times the
empty window's median. The app keeps the user's cache folder between starts (parsed principles,
lines read with the Markdown parser), as a person starting it again has it; a second row gives
the very first start, with an empty cache. Python may write its compiled files (an installed app
has them; with PYTHONDONTWRITEBYTECODE each start would compile the whole app again, half a
second here).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import Row

REPEAT = 7
FIRST_REPEAT = 3
RATIO = 2.5


def _probe(mode: str, folder: Path, home: Path, keep_cache: bool = True) -> float:
    # A fresh home (no recent list, no journal, no lock) with the user's cache of earlier starts
    # (parsed principles, lines read), as a person starting the app again has it.
    for entry in home.iterdir() if home.is_dir() else ():
        if entry.name != "cache" or not keep_cache:
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    started = time.time()
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_reading", mode, str(folder), str(started)],
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        | {"QT_QPA_PLATFORM": "offscreen", "CHARTER_STUDIO_HOME": str(home), "LANGUAGE": "fr"},
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    ).stdout
    return float(json.loads(output.strip().splitlines()[-1])["painted_ms"])


def rows(workdir: Path) -> list[Row]:
    from charter_app.storage.templates import create_from_template, default_example

    home = workdir / "home"
    example = workdir / "example"
    if not (example / "charter.yaml").is_file():
        create_from_template(example, default_example()).close()
    _probe("empty", example, home)  # warm the disk cache for both
    _probe("reading", example, home)
    empty, reading, first = [], [], []
    for _ in range(REPEAT):
        empty.append(_probe("empty", example, home))
        reading.append(_probe("reading", example, home))
    for _ in range(FIRST_REPEAT):  # the very first start: the user's cache is empty too
        first.append(_probe("reading", example, home, keep_cache=False))
        empty.append(_probe("empty", example, home))
    peer = statistics.median(empty)
    mine = statistics.median(reading)
    never = statistics.median(first)
    return [
        Row(
            "ui: cold start to painted reading view, example",
            mine,
            RATIO * peer,
            "PySide6 empty window",
            peer,
            note=f"target {RATIO}x the empty window; ratio {mine / peer:.2f}",
        ),
        Row(
            "ui: same, first start ever (empty user cache)",
            never,
            None,
            "PySide6 empty window",
            peer,
            note=f"ratio {never / peer:.2f}",
        ),
    ]


# -- the probe, run in a fresh process ----------------------------------------------------------


def _painted(mode: str, folder: Path, started: float) -> float:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    if mode == "empty":
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab()
        return (time.time() - started) * 1000

    from charter_app.ui.app import create_window, parse_arguments

    main = create_window(parse_arguments([str(folder)]), app)
    main.show()
    first: list[float] = []

    class PaintWatch(QObject):
        """The first paint of the reading view's text once the charter is in it."""

        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if (
                not first
                and event.type() == QEvent.Type.Paint
                and watched is main.reading.text.viewport()
                and main.reading.charter is not None
            ):
                first.append((time.time() - started) * 1000)
            return False

    watch = PaintWatch()
    app.installEventFilter(watch)
    deadline = time.monotonic() + 60
    while not first:
        if time.monotonic() > deadline:
            raise TimeoutError("the reading view was never painted")
        app.processEvents()
        time.sleep(0.001)
    app.removeEventFilter(watch)
    while not main.features_loaded and time.monotonic() < deadline:  # a clean exit
        app.processEvents()
        time.sleep(0.001)
    return first[0]


if __name__ == "__main__":
    print(json.dumps({"painted_ms": _painted(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]))}))
