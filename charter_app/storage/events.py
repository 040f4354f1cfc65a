"""Event files ``events/<yyyy>/<id>.yaml``: written once, read all at once."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from charter_app import paths
from charter_app.core.events import Event
from charter_app.errors import CharterError, FormatError
from charter_app.i18n import _
from charter_app.storage import yamlsafe
from charter_app.storage.atomic import write_atomic
from charter_app.storage.files import decode, offering_repair

EVENTS_DIR = "events"
EVENT_ID = re.compile(r"^e-[0-9a-f]{16}$")
_RESERVED = ("id", "type", "at", "by", "workshop")


def event_path(event: Event) -> str:
    return f"{EVENTS_DIR}/{event.at.year:04d}/{event.id}.yaml"


def serialise_event(event: Event) -> bytes:
    document: dict[str, Any] = {
        "id": event.id,
        "type": event.type,
        "at": event.at.isoformat(),
        "by": event.by,
    }
    if event.workshop:
        document["workshop"] = event.workshop
    document.update(_plain(event.data))
    return yamlsafe.dump(document).encode()


def _plain(value: Any) -> Any:
    """Event data as YAML-safe strings, lists and mappings (numbers become their text)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_event(data: bytes, path: str) -> Event:
    document = yamlsafe.load(decode(data, path), path)
    if not isinstance(document, dict):
        raise FormatError(path, 1, _("an event file must be a list of “key: value” lines."))
    event_id = document.get("id", "")
    if not isinstance(event_id, str) or not EVENT_ID.match(event_id):
        raise FormatError(path, None, _("the event has no valid id."))
    try:
        at = datetime.fromisoformat(str(document.get("at", "")))
    except ValueError:
        raise FormatError(path, None, _("the event has no valid date (“at”).")) from None
    if at.tzinfo is None:
        raise FormatError(path, None, _("the event date has no time zone."))
    return Event(
        id=event_id,
        type=str(document.get("type", "")),
        at=at,
        by=str(document.get("by", "")),
        data={k: v for k, v in document.items() if k not in _RESERVED},
        workshop=document.get("workshop") or None,
    )


def read_events(root: Path) -> list[Event]:
    """Every event under ``root/events``, oldest first (ties broken by id, so every laptop
    shows the same order).

    Parsed events are cached outside the repository, keyed by a hash of each file's bytes:
    an event file never changes, so only new files are parsed (20,000 files load in a
    fraction of the time YAML parsing would take).
    """
    folder = root / EVENTS_DIR
    if not folder.is_dir():
        return []
    cache: _EventCache | None = None
    events = []
    keys = []
    for year in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if not year.is_dir(follow_symlinks=False):
            continue
        for entry in os.scandir(year.path):
            if entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                with open(entry.path, "rb") as stream:  # no pathlib: 20,000 files add up
                    data = stream.read()
                key = hashlib.sha256(data).hexdigest()
                keys.append(key)
                event = _SEEN.get(key)
                if event is None:
                    if cache is None:
                        cache = _EventCache(root)
                    name = f"{EVENTS_DIR}/{year.name}/{entry.name}"
                    try:
                        event = cache.event(data, name)
                    except FormatError as error:
                        raise offering_repair(error) from None
                    _remember(key, event)
                events.append(event)
    if cache is not None:
        cache.used.update(keys)
        cache.save()
    return sort_events(events)


_SEEN: dict[str, Event] = {}
"""Events already read by this program, by the SHA-256 of their file: reading a charter again
(the phone companion does, several times a second) parses nothing and loads no cache file."""
_SEEN_MAX = 200_000


def _remember(key: str, event: Event) -> None:
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    _SEEN[key] = event


class _EventCache:
    """Parsed events by the SHA-256 of their file, in the user's cache folder."""

    VERSION = 1

    def __init__(self, root: Path) -> None:
        digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        self.path = paths.cache_dir() / "events" / f"{digest}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.dirty = False
        try:
            document = json.loads(self.path.read_bytes())
            if document.get("version") == self.VERSION:
                self.entries = document["events"]
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            self.entries = {}  # no cache yet, or an unreadable one: parse everything again

    def event(self, data: bytes, name: str) -> Event:
        key = hashlib.sha256(data).hexdigest()
        self.used.add(key)
        cached = self.entries.get(key)
        if cached is not None:
            try:
                return Event(
                    cached["id"], cached["type"], datetime.fromisoformat(cached["at"]),
                    cached["by"], cached["data"], cached["workshop"],
                )  # fmt: skip
            except (KeyError, TypeError, ValueError):
                pass
        event = parse_event(data, name)
        self.entries[key] = {
            "id": event.id, "type": event.type, "at": event.at.isoformat(), "by": event.by,
            "data": event.data, "workshop": event.workshop,
        }  # fmt: skip
        self.dirty = True
        return event

    def save(self) -> None:
        if not self.dirty and len(self.used) == len(self.entries):
            return
        document = {
            "version": self.VERSION,
            "events": {key: value for key, value in self.entries.items() if key in self.used},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(document, ensure_ascii=False).encode())
        except (OSError, CharterError):
            pass  # a cache that cannot be written only costs time next time


def events_from_contents(contents: Mapping[str, bytes]) -> list[Event]:
    return sort_events(
        parse_event(data, name)
        for name, data in contents.items()
        if name.startswith(EVENTS_DIR + "/") and name.endswith(".yaml")
    )


def sort_events(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event.at, event.id))
