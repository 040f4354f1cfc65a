"""The time the charter records: the system clock, or one a test (or a replay) sets and advances.

Every moment written into a charter (an event's ``at``, a commit's date, an amendment's
``created``, a version's tag) comes from :func:`now`. The application layer runs each write with
its session's clock (:func:`using`), so tests move time forward instead of sleeping, and two
writes in one process never share a moment.
"""

from __future__ import annotations

import contextvars
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...


class SystemClock:
    """The computer's clock, in its local time zone."""

    def now(self) -> datetime:
        return datetime.now(UTC).astimezone()


class ManualClock:
    """A clock that only moves when told to (tests, replays of a workshop)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a ManualClock needs a timezone-aware start")
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)`` (e.g. ``seconds=2``); the new moment."""
        with self._lock:
            self._now += timedelta(**delta)
            return self._now


SYSTEM = SystemClock()
_current: contextvars.ContextVar[Clock] = contextvars.ContextVar("charter_clock", default=SYSTEM)
_last_issued: weakref.WeakKeyDictionary[Clock, datetime] = weakref.WeakKeyDictionary()
"""The last moment each clock issued (each clock keeps its own order)."""
_issue_lock = threading.Lock()


def current() -> Clock:
    return _current.get()


@contextmanager
def using(clock: Clock) -> Iterator[Clock]:
    """Record moments from ``clock`` in this thread (and tasks it starts) until the block ends."""
    token = _current.set(clock)
    try:
        yield clock
    finally:
        _current.reset(token)


def now() -> datetime:
    """The moment for a new record, to the microsecond and strictly increasing in this process.

    Records are listed by time: two recorded one after the other (a dot placed, then taken
    back) must never swap places, even within the same second or if the clock steps back.
    """
    source = current()
    moment = source.now()
    with _issue_lock:
        last = _last_issued.get(source)
        if last is not None and moment <= last:
            moment = last + timedelta(microseconds=1)
        _last_issued[source] = moment
    return moment


def wall_now() -> datetime:
    """The current moment of the active clock, without the strictly-increasing step (dates of
    commits and tags, which git keeps to the second)."""
    return current().now()
