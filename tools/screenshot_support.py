"""Shared pieces of the screenshot scripts: Xvfb, settling the event loop, PNG files, the window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from charter_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
CHILD = "SCREENSHOT_CHILD"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def child_value() -> str:
    """What the parent passed to this run under Xvfb (empty outside one)."""
    return os.environ.get(CHILD, "")


def needs_display() -> bool:
    """True when this process has no display yet and must run again under Xvfb."""
    return not child_value() and not os.environ.get("DISPLAY")


def with_display(script: str, argv: list[str], size: str = "1600x1000", child: str = "1") -> int:
    """Run ``script`` again under a fresh Xvfb server of ``size`` on a free display number."""
    if shutil.which("Xvfb") is None:
        print("Xvfb is needed: apt-get install xvfb", file=sys.stderr)
        return 1
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write,),
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:  # Xvfb writes the number it chose once it accepts clients
            number = pipe.readline().strip()
        if not number:
            print("Xvfb did not start", file=sys.stderr)
            return 1
        env = os.environ | {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb", CHILD: child}
        return subprocess.run([sys.executable, script, *argv], env=env).returncode
    finally:
        server.terminate()
        server.wait()


def output_folder(argv: list[str]) -> Path:
    """The folder named on the command line, or ``screenshots/``; created, absolute."""
    out = Path(argv[0]) if argv else ROOT / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    return out.resolve()


def open_window(
    arguments: list[str] | None = None, width: int = 1500, height: int = 900
) -> tuple[QApplication, MainWindow]:
    """A shown main window on ``arguments`` (default: a copy of the example charter)."""
    from PySide6.QtWidgets import QApplication

    from charter_app.ui.app import create_window, parse_arguments

    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments(arguments or ["--example"]), app)
    window.resize(width, height)
    window.show()
    return app, window


class Camera:
    """Lets the event loop settle, then saves widgets as ``OUT/PREFIX+NAME.png``."""

    def __init__(
        self,
        app: QApplication,
        out: Path,
        prefix: str = "",
        timeout: float = 20.0,
        rounds: int = 30,
    ) -> None:
        self.app, self.out, self.prefix = app, out, prefix
        self.timeout, self.rounds = timeout, rounds
        self.ready: Callable[[], bool] = lambda: True  # what ``shoot`` waits for

    def settle(self, condition: Callable[[], bool] = lambda: True, timeout: float = 0) -> None:
        """Process events until ``condition`` holds (or the timeout), then a few rounds more."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not condition() and time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)
        for _ in range(self.rounds):
            self.app.processEvents()
            time.sleep(0.01)

    def shoot(self, widget: QWidget, name: str) -> Path:
        """Settle, grab ``widget`` and save it; prints and returns the path."""
        self.settle(self.ready)
        path = self.out / f"{self.prefix}{name}.png"
        widget.grab().save(str(path))
        print(path)
        return path
