"""The installed wheel is complete: a charter can be started from the bundled example (with its
story) and the app's look (focus, high contrast, status icons) is there, with no source
checkout around it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _build_wheel(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(folder), str(ROOT)],
        check=True, capture_output=True, env={**os.environ, "PIP_NO_INDEX": "1"},
    )  # fmt: skip
    (wheel,) = folder.glob("charter_studio-*.whl")
    return wheel


def test_the_installed_wheel_has_the_example_charter_and_the_resources(tmp_path):
    wheel = _build_wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "charter_app").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert sources <= names  # every module, subpackages included
    for folder in ("charters", "resources"):
        files = {
            "charter_app/" + path.relative_to(ROOT).as_posix()
            for path in (ROOT / folder).rglob("*")
            if path.is_file()
        }
        assert files and files <= names, folder
    assert "charter_app/locale/fr/LC_MESSAGES/charter.po" in names
    assert "charter_app/locale/fr/LC_MESSAGES/charter.mo" in names  # compiled while building
    # Every file of the package that is not Python code, such as the public site's templates.
    data_files = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "charter_app").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".mo",)
    }
    assert any("/templates/" in name for name in data_files)
    assert data_files <= names, sorted(data_files - names)

    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True, env={**os.environ, "PIP_NO_INDEX": "1"},
    )  # fmt: skip
    # Run from elsewhere with the installed copy first on the path, never this checkout.
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import charter_app, pathlib\n"
        "assert pathlib.Path(charter_app.__file__).is_relative_to(sys.argv[1]), charter_app\n"
        "from charter_app.cli import main\n"
        "from charter_app.ui import theme\n"
        "for name in ('base.qss', 'high-contrast.qss', 'icons/status-adopted.svg'):\n"
        "    assert theme.resource(name).is_file(), theme.resource(name)\n"
        "from charter_app import i18n\n"
        "i18n.set_language('fr')\n"
        "assert i18n._('No change').startswith('Aucun'), i18n._('No change')\n"
        "code = main(['init', sys.argv[2]])\n"
        "code = code or main(['-C', sys.argv[2], 'publish', '-o', sys.argv[3], '--drafts',\n"
        "                     '--no-downloads'])\n"
        "sys.exit(code)\n"
    )
    charter = tmp_path / "new-charter"
    environment = {**os.environ, "CHARTER_STUDIO_HOME": str(tmp_path / "home")}
    environment.pop("PYTHONPATH", None)
    done = subprocess.run(
        [sys.executable, "-c", script, str(site), str(charter), str(tmp_path / "public")],
        cwd=tmp_path, capture_output=True, text=True, env=environment,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "home" / "cache" / "locale").exists()  # the wheel's .mo was used
    assert "<main" in (tmp_path / "public" / "draft" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "public" / "style.css").read_bytes() == (
        ROOT / "charter_app" / "export" / "site" / "templates" / "style.css"
    ).read_bytes()
    # The example with its story (charters/val-de-leze/history.bundle): its first text's
    # principles, one the council added, and the version it adopted.
    principles = {path.name for path in (charter / "principles").glob("*.md")}
    first_text = {
        path.name for path in (ROOT / "charters" / "val-de-leze" / "principles").glob("*.md")
    }
    assert first_text < principles
    tags = subprocess.run(
        ["git", "-C", str(charter), "tag"], capture_output=True, text=True, check=True
    )
    assert tags.stdout.split() == ["v1.0"]
