"""Screenshots of every workspace and dialog, to look at: ``tools/screenshots_tour.py [OUT]``.

For each screen size (a fresh Xvfb of that size each time), language and text size, it opens a
copy of the example charter with its story, shows each workspace, then opens each window and
dialog of the tour (``tests/ui_tour.py``, the places the visible-text test reads) and saves a
PNG of each: ``OUT/<size>-<language>-<scale>-<place>.png``.

    --sizes 1024x700,1366x768,1920x1080   --languages fr,en   --scales 1.0,1.5   --only council
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import screenshot_support as support

DEFAULT_SIZES = "1024x700,1366x768,1920x1080"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(support.ROOT / "screenshots"))
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--languages", default="fr,en")
    parser.add_argument("--scales", default="1.0,1.5")
    parser.add_argument("--only", default="", help="places whose name contains this")
    return parser.parse_args(argv)


def _take(arguments: argparse.Namespace, size: str) -> None:
    from PySide6.QtWidgets import QApplication

    from tests import ui_tour

    width, height = (int(part) for part in size.split("x"))
    out = Path(arguments.out)
    out.mkdir(parents=True, exist_ok=True)
    app, window = support.open_window(width=width, height=height)
    camera = support.Camera(app, out)
    camera.settle(lambda: window.document is not None and window.features_loaded, timeout=60)
    window.setGeometry(0, 0, width, height)
    wanted = arguments.only
    for language in arguments.languages.split(","):
        for scale in (float(s) for s in arguments.scales.split(",")):
            window.apply_preferences(language, False, scale)
            camera.settle()
            prefix = f"{size}-{language}-{int(scale * 100)}-"
            for key in ui_tour.workspaces(window):
                if wanted in key:
                    camera.settle()
                    camera.shoot(window, prefix + key)
            for stop in ui_tour.DIALOGS:
                if wanted not in stop.name:
                    continue
                widget = stop.open(window)
                if widget is None:
                    continue
                camera.settle()
                shown = widget if widget.isWindow() else window
                camera.shoot(shown, prefix + stop.name)
                ui_tour.close(window, widget)
            window.workspaces.show("read")
    window.context.appearance.reset()
    window.document = None
    window.close()
    QApplication.processEvents()


def main(argv: list[str]) -> int:
    arguments = _arguments(argv)
    child = support.child_value()
    if child:
        with tempfile.TemporaryDirectory() as home:
            os.environ["CHARTER_STUDIO_HOME"] = home
            _take(arguments, child)
        return 0
    status = 0
    for size in arguments.sizes.split(","):
        status |= support.with_display(__file__, argv, size=size, child=size)
    return status


if __name__ == "__main__":
    sys.path.insert(0, str(support.ROOT))
    sys.exit(main(sys.argv[1:]))
