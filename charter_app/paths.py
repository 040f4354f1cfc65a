"""Where the app keeps its own files: charters copied from examples, recovery journal, settings."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "charter-studio"
_PACKAGE = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """The app's own data folder ``name`` (``charters``, ``resources``): inside the package in
    an installed wheel (see setup.py), beside it in a source checkout or a PyInstaller build."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    return _PACKAGE.parent / name


def home() -> Path:
    """The app's data folder; ``CHARTER_STUDIO_HOME`` overrides it (tests, portable installs)."""
    override = os.environ.get("CHARTER_STUDIO_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def charters_dir() -> Path:
    """Where new charters (and copies of the bundled example) are created by default."""
    return home() / "charters"


def recovery_dir() -> Path:
    """Unsaved text journaled while typing: outside every charter repository."""
    return home() / "recovery"


def config_dir() -> Path:
    override = os.environ.get("CHARTER_STUDIO_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Caches the app can rebuild at any time (parsed events...), never inside a repository."""
    override = os.environ.get("CHARTER_STUDIO_HOME")
    if override:
        return Path(override) / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
