"""One writer per charter: an operating-system lock on a file in the recovery folder.

The lock is ``flock`` (POSIX) or ``msvcrt.locking`` (Windows) on ``instance.lock``: the system
releases it when the owning process ends in any way (crash, SIGKILL, power cut), so a lock is
never stale and two windows racing for it can never both win. The file itself only tells the
next window who holds it (pid, host, since when) for a plain message; the charter then opens
read-only with :class:`~charter_app.errors.LockedError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from charter_app.errors import LockedError
from charter_app.i18n import _
from charter_app.storage.atomic import storage_error
from charter_app.storage.journal import ensure_folder, recovery_folder
from charter_app.storage.write_lock import try_os_lock

LOCK_NAME = "instance.lock"


@dataclass(frozen=True)
class LockOwner:
    """What a lock file says about the process that holds it."""

    pid: int
    hostname: str
    since: datetime
    """When the lock was taken (timezone-aware)."""
    token: str
    """Random, different for every acquisition."""


def _parse(text: str) -> LockOwner | None:
    try:
        record: Any = json.loads(text)
        since = datetime.fromisoformat(record["since"])
        return LockOwner(
            pid=int(record["pid"]),
            hostname=str(record["hostname"]),
            since=since if since.tzinfo else since.replace(tzinfo=UTC),
            token=str(record["token"]),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def locked_error(owner: LockOwner | None) -> LockedError:
    """The plain-words error shown when another window holds the charter."""
    if owner is None:
        message = _(
            "This charter is already open in another Charter Studio window. "
            "It opens read-only here."
        )
    else:
        local = owner.since.astimezone()
        if local.date() == datetime.now().astimezone().date():
            since = local.strftime("%H:%M")
        else:
            since = local.strftime("%Y-%m-%d %H:%M")
        message = _(
            "This charter is already open in another Charter Studio window (since {since}). "
            "It opens read-only here."
        ).format(since=since)
    return LockedError(message, _("Close the other window to edit the charter here."))


class InstanceLock:
    """Exclusive right to write one charter, for one window of one process."""

    def __init__(self, charter_path: Path, base_dir: Path | None = None) -> None:
        self.path = recovery_folder(Path(charter_path), base_dir) / LOCK_NAME
        self._descriptor: int | None = None

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def owner(self) -> LockOwner | None:
        """The holder as written in the lock file, or None (never locked, unreadable)."""
        try:
            text = self.path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError):
            return None
        return _parse(text) if text else None

    def acquire(self) -> None:
        """Take the lock; :class:`LockedError` while another live window holds it."""
        if self._descriptor is not None:
            return
        ensure_folder(self.path.parent)
        try:
            descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise storage_error(error, self.path) from None
        if not try_os_lock(descriptor):
            os.close(descriptor)
            raise locked_error(self.owner())
        record = {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(),
            "token": uuid.uuid4().hex,
        }
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, json.dumps(record).encode("ascii"), 0)
        except OSError:
            pass  # the lock holds without its description; the message is only less precise
        self._descriptor = descriptor

    def release(self) -> None:
        """Give the lock up (the file stays: removing it could let two windows lock two files)."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)
            os.close(descriptor)  # closing releases the system lock

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
