"""Event files: round trip, the parsed-event cache, and bad files."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from charter_app.core.events import Event
from charter_app.errors import FormatError
from charter_app.storage import event_cache
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
    caches = list((tmp_path / "home" / "cache").rglob("*.marshal"))
    assert caches
    for cache in caches:
        cache.write_bytes(b"\x00not an index")
    assert fresh_index(tmp_path).read(store.parse_event) == [event]


def fresh_index(root: Path) -> event_cache.EventIndex:
    """The index as another process (the next open) finds it: from the cache folder only."""
    folder = Path(os.environ["CHARTER_STUDIO_HOME"]) / "cache" / "events"
    return event_cache.EventIndex(root.resolve(), folder)


def never_parse(data: bytes, name: str) -> Event:
    raise AssertionError(f"{name} was parsed again")


def test_the_next_open_parses_nothing_it_has_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = [Event.create("comment", "p-00aa11", target="x", text=f"t{i}") for i in range(4)]
    for event in events:
        write(tmp_path, event)
    store.read_events(tmp_path)
    # Even files too recent to trust their times are recognised by their bytes.
    assert fresh_index(tmp_path).read(never_parse) == store.sort_events(events)
    # Files old enough are recognised by their size and times alone: not even read.
    monkeypatch.setattr(event_cache, "RACY_NS", 20_000_000)  # 20 ms, not 3 s, for the test
    time.sleep(0.05)
    store.read_events(tmp_path)  # notes their times, now old enough
    opened: list[str] = []

    def recording_open(file: Path, *args: Any) -> Any:
        opened.append(str(file))
        return open(file, *args)

    monkeypatch.setattr(event_cache, "open", recording_open, raising=False)
    assert fresh_index(tmp_path).read(never_parse) == store.sort_events(events)
    charter_events = str(tmp_path.resolve() / "events")
    assert not [name for name in opened if name.startswith(charter_events)]


def test_a_file_changed_in_place_with_the_same_size_and_time_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(event_cache, "RACY_NS", 20_000_000)
    event = Event.create("comment", "p-00aa11", target="x", text="avant")
    path = write(tmp_path, event)
    old = time.time_ns() - 10**10
    os.utime(path, ns=(old, old))
    time.sleep(0.05)
    assert store.read_events(tmp_path)[0].get("text") == "avant"
    path.write_bytes(path.read_bytes().replace(b"avant", b"apres"))
    os.utime(path, ns=(old, old))  # same size, same modification time: only ctime tells
    time.sleep(0.05)  # and old enough to be trusted
    assert store.read_events(tmp_path)[0].get("text") == "apres"
    assert fresh_index(tmp_path).read(store.parse_event)[0].get("text") == "apres"


def test_a_removed_event_file_is_gone_from_the_list(tmp_path: Path) -> None:
    kept, removed = (Event.create("comment", "p-00aa11", target="x", text=t) for t in "ab")
    write(tmp_path, kept)
    path = write(tmp_path, removed)
    assert len(store.read_events(tmp_path)) == 2
    path.unlink()
    assert store.read_events(tmp_path) == [kept]
    assert fresh_index(tmp_path).read(store.parse_event) == [kept]


def test_a_broken_event_file_names_itself(tmp_path: Path) -> None:
    folder = tmp_path / "events" / "2026"
    folder.mkdir(parents=True)
    (folder / "e-0000000000000000.yaml").write_bytes(b"id: e-0000000000000000\nat: hier\n")
    with pytest.raises(FormatError) as caught:
        store.read_events(tmp_path)
    assert "events/2026/e-0000000000000000.yaml" in caught.value.message


def test_events_read_from_git_come_from_the_working_tree_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export reads the events as committed; those the working tree holds too are not
    parsed again, and others are parsed as usual."""
    event = Event.create("comment", "p-00aa11", target="x", text="déjà lu")
    path = write(tmp_path, event)
    store.read_events(tmp_path)
    other = Event.create("comment", "p-00aa12", target="x", text="seulement dans git")
    contents = {
        store.event_path(event): path.read_bytes(),
        store.event_path(other): store.serialise_event(other),
    }
    parsed: list[str] = []
    real_parse = store.parse_event

    def counting_parse(data: bytes, name: str) -> Event:
        parsed.append(name)
        return real_parse(data, name)

    monkeypatch.setattr(store, "parse_event", counting_parse)
    assert store.events_from_contents(contents, tmp_path) == store.sort_events([event, other])
    assert parsed == [store.event_path(other)]
