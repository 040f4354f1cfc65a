"""Lines of a charter as the reading view read them at the last start, in the user's cache.

The reading view's first paint is what a person waits for; the Markdown parser (markdown-it and
its rules) takes about as long to load as the rest of that paint. Most lines have no markup and
need no parser; the others (``**bold**``, ``*emphasis*``, links) are kept here, for one charter
folder, by their exact text: a line is known by what it holds, so an edited line is read by the
parser again. One ``marshal`` file (plain strings, numbers and booleans: it cannot run code),
replaced after each opening by the lines of the charter opened, checked when read back (see
:func:`charter_app.rendering.reading.from_plain`), ignored when unreadable or written by another
parser or format.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from charter_app import paths
from charter_app.errors import CharterError
from charter_app.rendering import reading
from charter_app.storage.atomic import write_atomic

FORMAT = 1
"""Bumped whenever how a line is read (``rendering/reading.py``) changes."""


def _path(root: Path) -> Path:
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return paths.cache_dir() / "reading" / f"{digest}.marshal"


def _format() -> tuple[object, ...]:
    """This format, this Python's marshal, and which markdown-it (its file, not imported)."""
    parser: tuple[int, int] = (0, 0)
    with contextlib.suppress(ImportError, ValueError, OSError, AttributeError):
        spec = importlib.util.find_spec("markdown_it")
        if spec is not None and spec.origin:
            found = os.stat(spec.origin)
            parser = (found.st_size, found.st_mtime_ns)
    return FORMAT, marshal.version, tuple(sys.version_info[:2]), parser


def load(root: Path) -> dict[str, reading.Inline]:
    """The lines read at the last opening of the charter folder ``root`` (none if unknown)."""
    try:
        document = marshal.loads(_path(root).read_bytes())
        if not isinstance(document, dict) or document.get("format") != _format():
            return {}
        return reading.from_plain(document.get("lines"))
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def save(root: Path, table: Mapping[str, reading.Inline]) -> None:
    """Keep ``table`` (:func:`charter_app.rendering.reading.inline_table`) for ``root``'s next
    start; never in the UI's thread. A cache that cannot be written only costs time."""
    document = {"format": _format(), "lines": reading.as_plain(table)}
    path = _path(root)
    with contextlib.suppress(OSError, CharterError, ValueError):
        if path.is_file() and path.read_bytes() == marshal.dumps(document):
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps(document), durable=False)
