"""Event files ``events/<yyyy>/<id>.yaml``: written once, read all at once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from pathlib import Path
from sys import intern
from typing import Any

from charter_app.core.events import Event
from charter_app.errors import FormatError
from charter_app.i18n import _
from charter_app.storage import event_cache, yamlsafe
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
        type=intern(str(document.get("type", ""))),
        at=at,
        by=intern(str(document.get("by", ""))),
        data={k: v for k, v in document.items() if k not in _RESERVED},
        workshop=document.get("workshop") or None,
    )


def read_events(root: Path) -> list[Event]:
    """Every event under ``root/events``, oldest first (ties broken by id, so every laptop
    shows the same order).

    Each file is parsed once: :mod:`charter_app.storage.event_cache` keeps the parsed events
    outside the repository and recognises unchanged files by their size and times.
    """
    try:
        return event_cache.index_for(root).read(parse_event)
    except FormatError as error:
        raise offering_repair(error) from None


def events_from_contents(contents: Mapping[str, bytes], root: Path | None = None) -> list[Event]:
    """The events among files read from git (``contents`` by path), oldest first. With the
    charter folder ``root``, a file the working tree also holds is taken from its parsed-event
    index rather than parsed again."""
    parse = (
        parse_event
        if root is None
        else partial(event_cache.index_for(root).event_of, parse=parse_event)
    )
    return sort_events(
        parse(data, name)
        for name, data in contents.items()
        if name.startswith(EVENTS_DIR + "/") and name.endswith(".yaml")
    )


def sort_events(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda event: (event.at, event.id))
