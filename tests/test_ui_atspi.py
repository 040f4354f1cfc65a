"""The app as a screen reader meets it: through the accessibility bus (AT-SPI), as Orca reads it.

The app runs on an X display (Xvfb, 1366x768) in a D-Bus session of its own, with Qt's AT-SPI
bridge on; ``atspi_walk.py`` (the system's Python with pyatspi) reads, for each workspace of the
example charter with its story, the window's whole tree and the node that takes the focus at
each Tab and each F6. In every workspace:

- every node Tab reaches is showing, visible and on the screen, and has a name (its own or its
  label's); Tab comes back to where it started;
- no focusable node that is showing lacks a name;
- no name or description holds an id or a commit hash;
- F6 stops once in each area of the workspace (the app's own list of them) and comes back.

``bash .ci/run`` installs Xvfb, D-Bus, at-spi2-core and python3-pyatspi.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from charter_app.application import charters
from charter_app.storage.templates import default_example
from tests.tools import require

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = Path("/usr/bin/python3")
ID_SHAPED = re.compile(
    r"\b(?:[ape]-[0-9a-f]{6,16}|(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40})\b"
)
NO_FOCUS = "(no focus event)"


def _pyatspi() -> None:
    python = require(SYSTEM_PYTHON, "apt-get install python3")
    found = subprocess.run([python, "-c", "import pyatspi"], capture_output=True)
    if found.returncode != 0:
        require(Path("/usr/lib/python3/dist-packages/pyatspi"), "apt-get install python3-pyatspi")


@pytest.fixture(scope="module")
def walked(tmp_path_factory) -> dict:
    xvfb = require("xvfb-run", "apt-get install xvfb")
    session = require("dbus-run-session", "apt-get install dbus-bin")
    require("/usr/libexec/at-spi-bus-launcher", "apt-get install at-spi2-core")
    _pyatspi()
    folder = tmp_path_factory.mktemp("atspi")
    charter = folder / "charte"
    home = folder / "home"
    environment = os.environ | {"CHARTER_STUDIO_HOME": str(home), "LANGUAGE": "en"}
    previous = os.environ.get("CHARTER_STUDIO_HOME")
    os.environ["CHARTER_STUDIO_HOME"] = str(home)
    try:
        charters.create_from_template(charter, default_example()).close()
    finally:
        if previous is None:
            os.environ.pop("CHARTER_STUDIO_HOME")
        else:
            os.environ["CHARTER_STUDIO_HOME"] = previous
    python = str(Path(os.sys.executable))
    done = subprocess.run(
        [xvfb, "-a", "-s", "-screen 0 1366x768x24", session, "--",
         str(SYSTEM_PYTHON), str(HERE / "atspi_walk.py"), python, str(charter)],
        capture_output=True, text=True, env=environment, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])["workspaces"]


def _named(node: dict) -> bool:
    return bool(node["name"].strip() or node["labelled_by"])


def _on_screen(node: dict, window: list[int]) -> bool:
    if node["extents"] is None:
        return False
    x, y, width, height = node["extents"]
    left, top, window_width, window_height = window
    return (
        width > 0
        and height > 0
        and x + width > left
        and y + height > top
        and x < left + window_width
        and y < top + window_height
    )


def _label(node: dict) -> str:
    return f"{node['role']} “{node['name']}” in {node.get('parent', '?')}"


def test_every_workspace_is_read_through_the_bus(walked) -> None:
    assert set(walked) == {"read", "write", "workshop", "council", "history"}
    for found in walked.values():
        assert len(found["nodes"]) > 100  # the tree of a whole window, not an empty frame


@pytest.mark.parametrize("workspace", ["read", "write", "workshop", "council", "history"])
def test_tab_reaches_only_shown_named_nodes_and_comes_back(walked, workspace) -> None:
    found = walked[workspace]
    stops = found["tab"]
    problems = []
    for stop in stops:
        if stop["role"] == NO_FOCUS:
            problems.append("a Tab stop the screen reader is not told about")
        elif not (stop["showing"] and stop["visible"]):
            problems.append(f"hidden: {_label(stop)}")
        elif not _on_screen(stop, found["window"]):
            problems.append(f"off screen {stop['extents']}: {_label(stop)}")
        elif not _named(stop):
            problems.append(f"no name: {_label(stop)}")
    assert problems == []
    assert 5 <= len(stops) < 250  # it came back to the first stop


@pytest.mark.parametrize("workspace", ["read", "write", "workshop", "council", "history"])
def test_no_unnamed_focusable_node_and_no_id_in_a_name(walked, workspace) -> None:
    nodes = walked[workspace]["nodes"]
    unnamed = [
        _label(node)
        for node in nodes
        if node["focusable"] and node["showing"] and node["enabled"] and not _named(node)
    ]
    assert unnamed == []
    ids = [
        text for node in nodes for text in (node["name"], node["description"])
        if ID_SHAPED.search(text)
    ]  # fmt: skip
    assert ids == []


@pytest.mark.parametrize("workspace", ["read", "write", "workshop", "council", "history"])
def test_f6_stops_in_each_area_once_and_comes_back(walked, workspace) -> None:
    found = walked[workspace]
    stops = found["f6"]
    assert all(stop["role"] != NO_FOCUS and _named(stop) for stop in stops)
    assert len({stop["path"] for stop in stops}) == len(stops) == found["regions"]
    assert found["regions"] >= 3  # the workspace tabs, the toolbar, and the workspace's own
