"""The packaging files agree with the code: one app id, one version, files that parse.

PyInstaller itself is not run here (minutes): ``bash packaging/build-linux.sh`` builds and
smoke-tests the real thing. These checks are the cheap part that must never drift.
"""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from charter_app import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "org.charterstudio.CharterStudio"
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
FLATPAK = PACKAGING / "flatpak" / f"{APP_ID}.yml"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_has_the_required_keys() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Charter Studio"
    assert entry["Exec"].split()[0] == "charter-studio"  # the program the builds install
    assert entry["Icon"] == APP_ID  # rendered by packaging/render_icons.py under that name
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert entry["Comment[fr]"] and entry["GenericName[fr]"]  # French first-class


def test_the_metainfo_names_the_same_app_and_version() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("project_license") == "GPL-3.0-or-later"
    newest = component.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, (
        "add a <release> for the new version in the metainfo file"
    )
    binaries = {element.text for element in component.iterfind("provides/binary")}
    assert binaries == {"charter-studio", "charter"}


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_the_metainfo_validates() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_flatpak_manifest_uses_the_same_id_and_commands() -> None:
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID
    assert manifest["command"] == "charter-studio"
    names = [
        module["name"] if isinstance(module, dict) else module for module in manifest["modules"]
    ]
    assert "git" in names  # the app must not depend on the runtime having git
    assert names[-1] == "charter-studio"


def test_the_icon_is_drawn_without_text() -> None:
    svg = ET.parse(ROOT / "resources" / "icons" / "app.svg").getroot()
    assert svg.tag.endswith("svg")
    assert not [element for element in svg.iter() if element.tag.endswith("text")]  # no font


@pytest.mark.parametrize("script", sorted(PACKAGING.rglob("*.sh")), ids=lambda path: path.name)
def test_the_shell_scripts_parse(script: Path) -> None:
    shell = "sh" if script.read_text().startswith("#!/bin/sh") else "bash"
    result = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_flatpak_requirements_follow_pyproject() -> None:
    import re
    import tomllib

    def names(lines: list[str]) -> set[str]:
        return {re.split(r"[<>=!~;\[ ]", line.strip(), maxsplit=1)[0].lower() for line in lines}

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = [
        line
        for line in (PACKAGING / "flatpak" / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert names(listed) == names(project["dependencies"]) - {"pyside6-essentials"}
