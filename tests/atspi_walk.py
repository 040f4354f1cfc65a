"""The screen reader's side of the accessibility-bus test (``test_ui_atspi.py``).

Run with the system's Python, which has pyatspi (Debian's python3-pyatspi), inside a D-Bus
session with an X display: ``atspi_walk.py PYTHON CHARTER``. It starts the app
(``atspi_app.py`` with PYTHON, this project's interpreter), and for each workspace reads what
Orca would read through AT-SPI: every node of the window's tree (name, role, states, place on
the screen), then the node that takes the focus at each Tab and each F6 until the focus comes
back where it started. It prints one JSON object: the test judges it.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi
from gi.repository import GLib

HERE = Path(__file__).resolve().parent
MAX_STOPS = 250
MAX_NODES = 6000


def node(accessible) -> dict:
    states = accessible.getState()
    try:
        box = accessible.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        extents = [box.x, box.y, box.width, box.height]
    except NotImplementedError:
        extents = None
    labelled = [
        relation.getTarget(0).name
        for relation in accessible.getRelationSet()
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY and relation.getNTargets()
    ]
    parent = accessible.parent
    return {
        "name": accessible.name or "",
        "parent": f"{parent.getRoleName()} {parent.name!r}" if parent is not None else "",
        "description": accessible.description or "",
        "labelled_by": [name for name in labelled if name],
        "role": accessible.getRoleName(),
        "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
        "showing": states.contains(pyatspi.STATE_SHOWING),
        "visible": states.contains(pyatspi.STATE_VISIBLE),
        "enabled": states.contains(pyatspi.STATE_ENABLED),
        "extents": extents,
    }


def tree(root) -> list[dict]:
    found, stack = [], [root]
    while stack and len(found) < MAX_NODES:
        accessible = stack.pop()
        if accessible is None:
            continue
        try:
            found.append(node(accessible))
            stack.extend(accessible.getChildAtIndex(i) for i in range(accessible.childCount))
        except Exception:  # a node that went away while being read
            continue
    return found


class App:
    def __init__(self, python: str, charter: str) -> None:
        self.process = subprocess.Popen(
            [python, str(HERE / "atspi_app.py"), charter],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ | {"QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"},
        )
        self.workspaces = self.read().split()[1:]

    def read(self) -> str:
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the app stopped")
            if line.startswith(("ready", "ok")):
                return line.strip()

    def send(self, command: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, BrokenPipeError):
            self.send("quit")
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Focus:
    """The last node that took the focus, as AT-SPI reports it."""

    def __init__(self) -> None:
        self.last = None
        pyatspi.Registry.registerEventListener(self._event, "object:state-changed:focused")

    def _event(self, event) -> None:
        if event.detail1:
            self.last = event.source

    def pump(self, seconds: float = 0.3) -> None:
        context = GLib.MainContext.default()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            while context.iteration(False):
                pass
            time.sleep(0.01)


def window_of(pid: int):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            application = desktop.getChildAtIndex(index)
            if application is not None and application.get_process_id() == pid:
                for child in range(application.childCount):
                    frame = application.getChildAtIndex(child)
                    if frame is not None and frame.getRoleName() == "frame":
                        return frame
        time.sleep(0.5)
    raise RuntimeError("the app's window is not on the accessibility bus")


def stops(app: App, focus: Focus, key: str) -> list[dict]:
    """The node focused after each press of ``key``, until the first one comes back."""
    seen: list[dict] = []
    first = None
    for _ in range(MAX_STOPS):
        focus.last = None
        app.send(f"key {key}")
        focus.pump()
        if focus.last is None:
            seen.append({"name": "", "role": "(no focus event)"})
            continue
        here = node(focus.last)
        here["path"] = path_of(focus.last)
        if first is not None and here["path"] == first:
            break
        first = first or here["path"]
        seen.append(here)
    return seen


def path_of(accessible) -> str:
    parts = []
    while accessible is not None and accessible.getRoleName() != "application":
        parts.append(f"{accessible.getRoleName()}:{accessible.getIndexInParent()}")
        accessible = accessible.parent
    return "/".join(reversed(parts))


def main(python: str, charter: str) -> int:
    focus = Focus()
    app = App(python, charter)
    result: dict = {"workspaces": {}}
    try:
        frame = window_of(app.process.pid)
        for key in app.workspaces:
            app.send(f"show {key}")
            focus.pump()
            box = frame.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            result["workspaces"][key] = {
                "window": [box.x, box.y, box.width, box.height],
                "nodes": tree(frame),
                "tab": stops(app, focus, "Tab"),
                "regions": int(app.send("regions").split()[1]),
                "f6": stops(app, focus, "F6"),
            }
    finally:
        app.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
