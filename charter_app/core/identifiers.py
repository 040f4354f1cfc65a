"""Random parts of new ids (participants, amendments, events): the system's, or a replay's.

Ids are random so that two laptops working offline never pick the same one. A replay that must
give the same repository every time it runs (the bundled example's story, made by
``tools/make_example.py``) draws them from a seeded source instead, as tests move a
``ManualClock`` instead of reading the system clock (:mod:`charter_app.core.clock`).
"""

from __future__ import annotations

import contextvars
import random
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class IdSource(Protocol):
    def token_hex(self, nbytes: int) -> str:
        """``nbytes`` random bytes as lowercase hexadecimal digits."""
        ...


class SystemIds:
    """The operating system's cryptographic randomness (:mod:`secrets`)."""

    def token_hex(self, nbytes: int) -> str:
        return secrets.token_hex(nbytes)


class SeededIds:
    """The same ids every run for the same seed: only for replays, never for real charters."""

    def __init__(self, seed: str) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()

    def token_hex(self, nbytes: int) -> str:
        with self._lock:
            return self._random.getrandbits(8 * nbytes).to_bytes(nbytes, "big").hex()


SYSTEM = SystemIds()
_current: contextvars.ContextVar[IdSource] = contextvars.ContextVar("charter_ids", default=SYSTEM)


@contextmanager
def using(source: IdSource) -> Iterator[IdSource]:
    """Draw new ids from ``source`` in this thread until the block ends."""
    token = _current.set(source)
    try:
        yield source
    finally:
        _current.reset(token)


def token_hex(nbytes: int) -> str:
    """The random part of a new id, from the active source."""
    return _current.get().token_hex(nbytes)
