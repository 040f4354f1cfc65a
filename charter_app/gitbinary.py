"""Which git program the app runs: the one shipped inside a packaged app first, else git on PATH.

A packaged Charter Studio (``packaging/``) carries its own git in a ``git/`` folder beside its
files, so a town hall's laptop needs no separate git installation. This module finds it and says
which environment it needs; ``storage/gitcmd.py`` starts every git process with it. No Qt, no
git run here: the module only looks at files.

Bundle layouts searched in each root (``sys._MEIPASS``, the executable's folder, and on macOS the
``.app``'s ``Contents/Resources``), first match wins:

- ``git/cmd/git.exe`` (Windows, MinGit: its wrapper sets up its own environment);
- ``git/bin/git`` or ``git/bin/git.exe`` (Linux, macOS), with helpers in ``git/libexec/git-core``
  (``GIT_EXEC_PATH``), shared libraries in ``git/lib`` and templates in
  ``git/share/git-core/templates``.

``CHARTER_STUDIO_GIT`` names a git program explicitly (an IT department's own build, tests).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

OVERRIDE_VARIABLE = "CHARTER_STUDIO_GIT"
"""Environment variable naming the git program to use, bypassing the search."""

BUNDLE_FOLDER = "git"
"""Name of the folder that holds a bundled git, inside the packaged app's data root."""


@dataclass(frozen=True)
class GitBinary:
    """A git program the app can run, and what it needs in its environment."""

    executable: str
    """Absolute path of the program."""
    bundled: bool
    """True when it ships inside the packaged app (not the system's git)."""
    environment: Mapping[str, str] = field(default_factory=dict)
    """Variables every git process needs (``GIT_EXEC_PATH`` for a bundled git), else empty."""


def bundle_roots() -> list[Path]:
    """Folders where a packaged app keeps its files; empty when running from source."""
    if not getattr(sys, "frozen", False):
        return []
    roots: list[Path] = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        roots.append(Path(meipass))
    executable_dir = Path(sys.executable).resolve().parent
    roots.append(executable_dir)
    if sys.platform == "darwin":  # Charter Studio.app/Contents/MacOS -> Contents/Resources
        roots.append(executable_dir.parent / "Resources")
    return list(dict.fromkeys(roots))


def _is_program(path: Path) -> bool:
    return path.is_file() and (sys.platform == "win32" or os.access(path, os.X_OK))


def bundled_git(roots: Iterable[Path]) -> GitBinary | None:
    """The git shipped in one of ``roots`` (see the module docstring for the layouts), if any."""
    for root in roots:
        home = Path(root) / BUNDLE_FOLDER
        mingit = home / "cmd" / "git.exe"
        if _is_program(mingit):
            return GitBinary(str(mingit.resolve()), bundled=True)
        for name in ("git", "git.exe"):
            program = home / "bin" / name
            if _is_program(program):
                return GitBinary(str(program.resolve()), True, _bundle_environment(home))
    return None


def _bundle_environment(home: Path) -> dict[str, str]:
    """``GIT_EXEC_PATH`` and friends for a git built for another prefix (e.g. Debian's /usr)."""
    environment: dict[str, str] = {}
    exec_path = home / "libexec" / "git-core"
    if exec_path.is_dir():
        environment["GIT_EXEC_PATH"] = str(exec_path.resolve())
    templates = home / "share" / "git-core" / "templates"
    if templates.is_dir():  # else ``git init`` warns that /usr/share/git-core/templates is missing
        environment["GIT_TEMPLATE_DIR"] = str(templates.resolve())
    libraries = home / "lib"
    if sys.platform.startswith("linux") and libraries.is_dir():
        environment["LD_LIBRARY_PATH"] = str(libraries.resolve())
    return environment


def find_git(
    roots: Sequence[Path] | None = None,
    search_path: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> GitBinary | None:
    """The git to run: ``CHARTER_STUDIO_GIT``, else a bundled one, else git on ``PATH``.

    ``roots`` defaults to :func:`bundle_roots`, ``search_path`` to ``PATH`` and ``environ`` to
    ``os.environ``; tests pass their own. None when there is no git at all.
    """
    environ = os.environ if environ is None else environ
    override = environ.get(OVERRIDE_VARIABLE)
    if override:
        return GitBinary(shutil.which(override) or override, bundled=False)
    found = bundled_git(bundle_roots() if roots is None else roots)
    if found is not None:
        return found
    on_path = shutil.which("git", path=environ.get("PATH") if search_path is None else search_path)
    return GitBinary(str(Path(on_path).resolve()), bundled=False) if on_path else None


@cache
def chosen_git() -> GitBinary | None:
    """:func:`find_git` for this process, searched once."""
    return find_git()


def git_environment() -> dict[str, str]:
    """What every git process of this process needs in its environment (may be empty)."""
    binary = chosen_git()
    return dict(binary.environment) if binary else {}
