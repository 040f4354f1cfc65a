"""Between programs, one write at a time: an operating-system lock held for one write only.

The desktop app, the ``charter`` command, the phone companion's server and a sync all write the
same charter folder. Each write takes this lock (``flock`` on ``write.lock`` in the charter's
recovery folder, outside the repository) for the few milliseconds of its commit; a second writer
waits, says so after a moment, and gives up in plain words after :data:`WAIT_LIMIT_S`. The system
releases the lock when its holder dies in any way, so it is never stale.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from charter_app.errors import LockedError
from charter_app.i18n import _
from charter_app.storage.atomic import storage_error
from charter_app.storage.journal import ensure_folder, recovery_folder

LOCK_NAME = "write.lock"
WAIT_LIMIT_S = 30.0
"""How long a write waits for another program's write before it is refused."""
NOTICE_AFTER_S = 0.3
"""How long a write waits quietly before it says it is waiting."""
_POLL_S = 0.02


def try_os_lock(descriptor: int) -> bool:
    """Take the system lock on ``descriptor`` without waiting; False if someone holds it."""
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def busy_error() -> LockedError:
    return LockedError(
        _("Another program has been writing to this charter for too long; nothing was written."),
        _("Try again in a moment. If it keeps happening, close the other Charter Studio windows "
          "and commands working on this charter."),
    )  # fmt: skip


class WriteLock:
    """The right to write one charter, held by one write of one program at a time."""

    def __init__(self, charter_path: Path, base_dir: Path | None = None) -> None:
        self.path = recovery_folder(Path(charter_path), base_dir) / LOCK_NAME
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(
        self,
        on_wait: Callable[[], None] | None = None,
        limit: float = WAIT_LIMIT_S,
    ) -> None:
        """Take the lock, waiting at most ``limit`` seconds; ``on_wait`` is called once when
        the wait is long enough to be noticed. :class:`LockedError` when the wait is over."""
        if self._descriptor is not None:
            raise AssertionError("the write lock is already held")
        ensure_folder(self.path.parent)
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        except OSError as error:
            raise storage_error(error, self.path) from None
        started = time.monotonic()
        told = False
        while not try_os_lock(descriptor):
            waited = time.monotonic() - started
            if waited >= limit:
                os.close(descriptor)
                raise busy_error()
            if not told and waited >= NOTICE_AFTER_S and on_wait is not None:
                told = True
                on_wait()
            time.sleep(_POLL_S)
        self._descriptor = descriptor

    def try_acquire(self) -> bool:
        """Take the lock only if nobody holds it now."""
        try:
            self.acquire(limit=0)
        except LockedError:
            return False
        return True

    def release(self) -> None:
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.close(descriptor)  # closing releases the system lock


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
