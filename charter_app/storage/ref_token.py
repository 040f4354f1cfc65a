"""A cheap fingerprint of a charter's history: where its branch and tags point, read from the
git folder's own files (no git process), so a window can look every half second whether someone
else (the command line, a sync, another program) wrote."""

from __future__ import annotations

import os
from pathlib import Path


def refs_token(git_dir: Path, common_dir: Path) -> tuple[object, ...]:
    """Changes whenever HEAD, the branch it names, a tag, the participants' registry or the
    packed refs change."""
    head = _read(git_dir / "HEAD")
    branch = ""
    if head.startswith("ref: "):
        branch = _read(common_dir / head[5:].strip())
    registry = _read(common_dir / "refs" / "charter" / "registry")
    return (
        head,
        branch,
        registry,
        _stat(common_dir / "packed-refs"),
        _listing(common_dir / "refs" / "tags"),
    )


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8", "replace").strip()
    except OSError:
        return ""


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


def _listing(folder: Path) -> tuple[tuple[str, tuple[int, int] | None], ...]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    return tuple((name, _stat(folder / name)) for name in names)
