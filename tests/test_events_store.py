"""Event files: round trip, the parsed-event cache, and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.core.events import Event
from charter_app.errors import FormatError
from charter_app.storage import events as store


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))


def write(root: Path, event: Event) -> Path:
    path = root / store.event_path(event)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(store.serialise_event(event))
    return path


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    event = Event.create(
        "comment", "p-00aa11", workshop="W-2", target="inclusion", text="no",
        passage={"quote": "12:30", "start": 3},
    )  # fmt: skip
    again = store.parse_event(store.serialise_event(event), "x.yaml")
    assert again.id == event.id and again.at == event.at and again.workshop == "W-2"
    assert again.data == {
        "target": "inclusion",
        "text": "no",
        "passage": {"quote": "12:30", "start": "3"},
    }


def test_cached_read_equals_fresh_parse_and_sees_new_files(tmp_path: Path) -> None:
    events = [
        Event.create("support", f"p-00aa1{i}", target="a-1", position="oppose") for i in range(5)
    ]
    for event in events:
        write(tmp_path, event)
    first = store.read_events(tmp_path)  # parses and fills the cache
    second = store.read_events(tmp_path)  # from the cache
    assert first == second == store.sort_events(events)
    late = Event.create("comment", "p-00aa19", target="x", text="plus tard")
    write(tmp_path, late)
    assert late in store.read_events(tmp_path)


def test_a_changed_file_is_parsed_again_not_served_from_cache(tmp_path: Path) -> None:
    event = Event.create("comment", "p-00aa11", target="x", text="avant")
    path = write(tmp_path, event)
    store.read_events(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"avant", b"apres"))
    assert store.read_events(tmp_path)[0].get("text") == "apres"


def test_a_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    event = Event.create("comment", "p-00aa11", target="x", text="t")
    write(tmp_path, event)
    store.read_events(tmp_path)
    for cache in (tmp_path / "home" / "cache").rglob("*.json"):
        cache.write_bytes(b"{not json")
    assert store.read_events(tmp_path) == [event]


def test_a_broken_event_file_names_itself(tmp_path: Path) -> None:
    folder = tmp_path / "events" / "2026"
    folder.mkdir(parents=True)
    (folder / "e-0000000000000000.yaml").write_bytes(b"id: e-0000000000000000\nat: hier\n")
    with pytest.raises(FormatError) as caught:
        store.read_events(tmp_path)
    assert "events/2026/e-0000000000000000.yaml" in caught.value.message
