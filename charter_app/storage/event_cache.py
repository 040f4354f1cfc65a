"""Parsed events kept between opens, in the user's cache folder: each event file is read and
parsed once, then recognised by its size and times.

An event file never changes once written, and a charter gathers tens of thousands of them, so
reading them all on every open costs far more than the folding. This index keeps, for one
charter folder, every event file's size, times and inode with its blob id (git's object id of
its bytes), and the parsed event of each blob id. A file whose size or times changed, or that
was written too recently to trust its times ("racy", as git says), is read and hashed again;
only a blob id never seen is parsed. Nothing is kept inside the repository, so a copied or
hostile charter cannot poison it; a damaged or unreadable index is rebuilt.

The index is one ``marshal`` file (plain tuples, dicts and strings: the fastest form the
standard library reads back, and unlike ``pickle`` it cannot run code).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from charter_app import paths
from charter_app.core.events import Event
from charter_app.core.records import build
from charter_app.diffing.nogc import cyclic_gc_paused
from charter_app.errors import CharterError
from charter_app.storage.atomic import write_atomic

FORMAT = 1
"""Bumped whenever the index's layout or the parsed form of an event changes."""
RACY_NS = 3_000_000_000
"""A file changed less than this before its times were noted may change again with the same
times (file systems with coarse clocks): it is read again until it is older."""

Stat = tuple[int, int, int, int]
"""Size, modification and change times (ns), inode."""
Parsed = tuple[str, str, str, str, dict[str, Any], str | None]
"""An event as stored: id, type, ``at`` in ISO form, by, data, workshop."""


class EventIndex:
    """The parsed events of one charter folder; :meth:`read` lists them all, oldest first."""

    def __init__(self, root: Path, folder: Path | None = None) -> None:
        self.root = root
        self._root_text = str(root)
        digest = hashlib.sha256(str(root).encode()).hexdigest()[:24]
        self.path = (folder or paths.cache_dir() / "events") / f"{digest}.marshal"
        self._lock = threading.Lock()
        self._files: dict[str, tuple[int, int, int, int, str]] = {}
        self._parsed: dict[str, Parsed] = {}
        self._objects: dict[str, Event] = {}  # blob id -> the Event built in this process
        self._listing: dict[str, Stat] | None = None  # the files of the last read, trusted
        self._events: list[Event] = []
        self._loaded = False
        self._dirty = False

    def read(self, parse: Callable[[bytes, str], Event]) -> list[Event]:
        """Every event under ``events/``, sorted by time then id; ``parse`` reads a file
        never seen (and raises the FormatError a damaged one deserves)."""
        # Reading the index makes hundreds of thousands of containers and no cycle.
        with self._lock, cyclic_gc_paused():
            if not self._loaded:
                self._load()
            started = time.time_ns()
            listing = _scan(self.root)
            trusted = started - RACY_NS
            racy = any(stat[1] >= trusted or stat[2] >= trusted for stat in listing.values())
            if not racy and listing == self._listing:
                return list(self._events)  # nothing changed since the last read
            by_name = {
                name: self._event(name, stat, trusted, parse) for name, stat in listing.items()
            }
            if not self._dirty and by_name.keys() == self._files.keys():
                # The index lists its files in the order of their events: no sort needed.
                events = [by_name[name] for name in self._files]
            else:
                events = sorted(by_name.values(), key=_order)
                order = sorted(by_name, key=lambda name: _order(by_name[name]))
                self._files = {name: self._files[name] for name in order}
                self._dirty = True
            self._events = events
            self._listing = None if racy else listing
            self._save()
            return list(events)

    def event_of(self, data: bytes, name: str, parse: Callable[[bytes, str], Event]) -> Event:
        """The event a file holding ``data`` holds (read from git at some commit, say): from
        the index when the working tree has the same file, else parsed (not kept)."""
        with self._lock:
            if not self._loaded:
                self._load()
            blob = blob_id(data)
            if blob in self._objects or blob in self._parsed:
                return self._built(blob)
        return parse(data, name)

    def _event(
        self, name: str, stat: Stat, trusted: int, parse: Callable[[bytes, str], Event]
    ) -> Event:
        known = self._files.get(name)
        if (
            known is not None
            and known[:4] == stat
            and stat[1] < trusted
            and stat[2] < trusted
            and known[4] in self._parsed
        ):
            blob = known[4]
        else:
            with open(os.path.join(self._root_text, name), "rb") as stream:  # no Path: 20,000
                content = stream.read()
            blob = blob_id(content)
            entry = (*stat, blob)
            if known != entry:
                self._files[name] = entry
                self._dirty = True
            if blob not in self._parsed:
                parsed = parse(content, name)
                self._parsed[blob] = (
                    parsed.id, parsed.type, parsed.at.isoformat(), parsed.by, parsed.data,
                    parsed.workshop,
                )  # fmt: skip
                self._objects[blob] = parsed
        return self._built(blob)

    def _built(self, blob: str) -> Event:
        """The Event of a blob id in the index, built once per process."""
        event = self._objects.get(blob)
        if event is None:
            event_id, kind, at, by, data, workshop = self._parsed[blob]
            event = self._objects[blob] = build(
                Event,
                id=event_id,
                type=kind,
                at=datetime.fromisoformat(at),
                by=by,
                data=data,
                workshop=workshop,
            )
        return event

    def _load(self) -> None:
        self._loaded = True
        try:
            # loads, not load: reading from a file, marshal asks it for each object in turn.
            document = marshal.loads(self.path.read_bytes())
            if document["format"] != (FORMAT, marshal.version, sys.version_info[:2]):
                return
            files, parsed = document["files"], document["events"]
            if isinstance(files, dict) and isinstance(parsed, dict):
                self._files, self._parsed = files, parsed
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # no index yet, or an unreadable one: every file is read again

    def _save(self) -> None:
        """Write the index if it changed (its files in the order of their events)."""
        if not self._dirty:
            return
        used = {entry[4] for entry in self._files.values()}
        self._parsed = {blob: event for blob, event in self._parsed.items() if blob in used}
        self._objects = {blob: event for blob, event in self._objects.items() if blob in used}
        document = {
            "format": (FORMAT, marshal.version, sys.version_info[:2]),
            "files": self._files,
            "events": self._parsed,
        }
        with contextlib.suppress(OSError, CharterError, ValueError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, marshal.dumps(document), durable=False)
            self._dirty = False  # an index that cannot be written only costs time next time


def blob_id(data: bytes) -> str:
    """Git's (SHA-1) object id of a file holding ``data``."""
    digest = hashlib.sha1(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _order(event: Event) -> tuple[datetime, str]:
    return event.at, event.id


def _scan(root: Path) -> dict[str, Stat]:
    """Every ``events/<year>/<name>.yaml`` file with its size, times and inode (no symbolic
    links followed)."""
    found: dict[str, Stat] = {}
    try:
        years = list(os.scandir(root / "events"))
    except (FileNotFoundError, NotADirectoryError):
        return found
    for year in years:
        if not year.is_dir(follow_symlinks=False):
            continue
        prefix = f"events/{year.name}/"
        for entry in os.scandir(year.path):
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                info = entry.stat(follow_symlinks=False)
                found[prefix + entry.name] = (
                    info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino
                )  # fmt: skip
    return found


_INDEXES: dict[Path, EventIndex] = {}
_INDEXES_LOCK = threading.Lock()


def index_for(root: Path) -> EventIndex:
    """The index of the charter folder ``root``, shared by everything in this process (so a
    second read of unchanged events costs a look at their times only)."""
    key = root.resolve()
    cache_folder = paths.cache_dir() / "events"
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None or index.path.parent != cache_folder:
            index = _INDEXES[key] = EventIndex(key, cache_folder)
        return index
