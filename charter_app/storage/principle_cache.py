"""Parsed principles kept between opens, in the user's cache folder, known by their bytes.

Every command that reads a charter parses all its principle files (front matter, unwrapped
text): about 0.1 s for 1,000 principles, more than the rest of ``charter principle list``.
Between two opens almost every file holds the same bytes, so this index keeps, for one charter
folder, the parsed principle of each file's git blob id (the SHA-1 of its bytes): the files are
still read, but only a file whose bytes were never seen is parsed. Being known by its bytes
(not by its times), a file can never be taken for what it held before.

A parsed principle depends on its bytes and its file name only (the id must match it), both
checked again on each use; :data:`FORMAT` is bumped whenever parsing changes. Nothing is kept
inside the repository, so a copied or hostile charter cannot poison it; an unreadable index is
ignored and written again. The index is one ``marshal`` file (plain tuples and strings: read
back fastest, and unlike ``pickle`` it cannot run code).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from charter_app import paths
from charter_app.core.model import Principle, PrincipleStatus
from charter_app.errors import CharterError
from charter_app.storage.atomic import write_atomic
from charter_app.storage.event_cache import blob_id

FORMAT = 1
"""Bumped whenever the parsed form of a principle, or how a file is parsed, changes."""

Parsed = tuple[str, str, str, str, str, tuple[str, ...], str]
"""A principle as stored: id, number, title, body, status, tags, section."""


class PrincipleIndex:
    """The parsed principles of one charter folder's working tree, by blob id."""

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        digest = hashlib.sha256(str(root).encode()).hexdigest()[:24]
        self.path = (folder or paths.cache_dir() / "principles") / f"{digest}.marshal"
        self._lock = threading.Lock()
        self._parsed: dict[str, Parsed] = {}
        self._used: dict[str, Parsed] = {}
        self._loaded = False
        self._dirty = False

    def parser(self, parse: Callable[[bytes, str], Principle]) -> Callable[[bytes, str], Principle]:
        """``parse`` (``files.parse_principle``) answered from the index for known bytes."""

        def cached(data: bytes, name: str) -> Principle:
            blob = blob_id(data)
            with self._lock:
                if not self._loaded:
                    self._load()
                known = self._parsed.get(blob)
            if known is not None and known[0] == _stem(name):
                self._used[blob] = known
                return _built(known)
            principle = parse(data, name)
            entry: Parsed = (
                principle.id, principle.number, principle.title, principle.body,
                principle.status.value, tuple(principle.tags), principle.section,
            )  # fmt: skip
            with self._lock:
                self._used[blob] = self._parsed[blob] = entry
                self._dirty = True
            return principle

        return cached

    def save(self) -> None:
        """Keep the principles of the last read (if any was new, or an old one left)."""
        with self._lock:
            if not self._dirty and self._used.keys() == self._parsed.keys():
                self._used = {}
                return
            self._parsed, self._used = self._used, {}
            document = {"format": _format(), "principles": self._parsed}
            with contextlib.suppress(OSError, CharterError, ValueError):
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.path, marshal.dumps(document), durable=False)
                self._dirty = False  # an index that cannot be written only costs time next time

    def _load(self) -> None:
        self._loaded = True
        try:
            document = marshal.loads(self.path.read_bytes())
            if document["format"] == _format() and isinstance(document["principles"], dict):
                self._parsed = document["principles"]
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no index yet, or an unreadable one: every file is parsed again


def _format() -> tuple[int, int, tuple[int, ...]]:
    return FORMAT, marshal.version, tuple(sys.version_info[:2])


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base[:-3] if base.endswith(".md") else base


_STATUSES = {status.value: status for status in PrincipleStatus}


def _built(entry: Parsed) -> Principle:
    principle_id, number, title, body, status, tags, section = entry
    return Principle(
        id=principle_id,
        number=number,
        title=title,
        body=body,
        status=_STATUSES[status],
        tags=tuple(tags),
        section=section,
    )


_INDEXES: dict[Path, PrincipleIndex] = {}
_INDEXES_LOCK = threading.Lock()


def index_for(root: Path) -> PrincipleIndex:
    """The index of the charter folder ``root``, shared by everything in this process."""
    key = root.resolve()
    cache_folder = paths.cache_dir() / "principles"
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None or index.path.parent != cache_folder:
            index = _INDEXES[key] = PrincipleIndex(key, cache_folder)
        return index
