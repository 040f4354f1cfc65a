"""One writer per charter: a lock file in the recovery folder names the window that edits it.

The file is created with ``O_CREAT | O_EXCL`` and holds the pid, host, process start time and
lock time of its owner. A lock whose owner is gone (killed, crashed, machine restarted, pid
reused by a newer process) is recovered silently; a live owner makes :meth:`InstanceLock.acquire`
raise :class:`~charter_app.errors.LockedError`, and the charter opens read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
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

LOCK_NAME = "instance.lock"
STARTING_GRACE_S = 5.0
"""How long an empty lock file counts as an owner still writing it, not a dead one."""
_RETRY_PAUSE_S = 0.05


@dataclass(frozen=True)
class LockOwner:
    """What a lock file says about the process that holds it."""

    pid: int
    hostname: str
    since: datetime
    """When the lock was taken (timezone-aware)."""
    process_start: str | None
    """The owner's start time as the system counts it (Linux: /proc/<pid>/stat field 22)."""
    boot_id: str | None
    """The boot the owner ran in (Linux), so a restart frees every lock."""
    token: str
    """Random, so a release never removes a lock someone else took since."""


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            return stream.read()
    except OSError:
        return None


def _read_with_inode(path: Path) -> tuple[str, int] | None:
    """The file's text and inode, read through one open file so both describe the same file."""
    try:
        with open(path, encoding="ascii", errors="replace") as stream:
            return stream.read(), os.fstat(stream.fileno()).st_ino
    except OSError:
        return None


def _boot_id() -> str | None:
    text = _read_text("/proc/sys/kernel/random/boot_id")
    return text.strip() if text else None


def _proc_stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of ``pid`` from /proc, or None where /proc is not available."""
    text = _read_text(f"/proc/{pid}/stat")
    if not text:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = text[text.rfind(")") + 2 :].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]


def _process_start(pid: int) -> str | None:
    stat = _proc_stat(pid)
    return stat[1] if stat else None


def _pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    return True


def owner_is_alive(owner: LockOwner) -> bool:
    """Whether the process that wrote the lock is still running (and is still that process)."""
    if owner.hostname != socket.gethostname():
        # A recovery folder shared between machines: we cannot look, so we respect the lock.
        return True
    if owner.boot_id and _boot_id() and owner.boot_id != _boot_id():
        return False
    stat = _proc_stat(owner.pid)
    if stat is not None:
        state, start = stat
        if state in ("Z", "X"):
            return False  # killed, waiting for its parent to reap it
        return owner.process_start is None or owner.process_start == start
    return _pid_exists(owner.pid)


def _parse(text: str) -> LockOwner | None:
    try:
        record: Any = json.loads(text)
        since = datetime.fromisoformat(record["since"])
        return LockOwner(
            pid=int(record["pid"]),
            hostname=str(record["hostname"]),
            since=since if since.tzinfo else since.replace(tzinfo=UTC),
            process_start=record.get("process_start"),
            boot_id=record.get("boot_id"),
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
        self._token: str | None = None

    @property
    def held(self) -> bool:
        return self._token is not None

    def owner(self) -> LockOwner | None:
        """The current holder as written in the lock file, or None (no lock, unreadable)."""
        text = _read_text(str(self.path))
        return _parse(text) if text else None

    def acquire(self) -> None:
        """Take the lock, recovering a stale one; :class:`LockedError` if a live owner holds it."""
        if self._token is not None:
            return
        ensure_folder(self.path.parent)
        deadline = time.monotonic() + STARTING_GRACE_S + 1.0
        while time.monotonic() < deadline:
            if self._try_create():
                return
            found = _read_with_inode(self.path)
            if found is None:
                continue  # removed in between: try again
            text, inode = found
            owner = _parse(text)
            if owner is not None and owner_is_alive(owner):
                raise locked_error(owner)
            if owner is None and self._age() < STARTING_GRACE_S:
                # Just created by someone still writing it (or a damaged file: wait it out).
                time.sleep(_RETRY_PAUSE_S)
                continue
            self._break(inode)
        raise locked_error(self.owner())

    def _try_create(self) -> bool:
        try:
            descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return False
        except OSError as error:
            raise storage_error(error, self.path) from None
        token = uuid.uuid4().hex
        pid = os.getpid()
        record = {
            "pid": pid,
            "hostname": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(),
            "process_start": _process_start(pid),
            "boot_id": _boot_id(),
            "token": token,
        }
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as stream:
                stream.write(json.dumps(record))
                stream.flush()
                os.fsync(stream.fileno())
        except OSError as error:
            with contextlib.suppress(OSError):
                self.path.unlink()
            raise storage_error(error, self.path) from None
        self._token = token
        return True

    def _age(self) -> float:
        try:
            return time.time() - self.path.stat().st_mtime
        except OSError:
            return 0.0

    def _break(self, stale_inode: int) -> None:
        """Remove the stale lock file ``stale_inode``, and nothing else.

        Two windows may judge the same lock stale at once. Each moves the file aside under a
        unique name first (atomic); whoever finds it moved someone's *fresh* lock puts it back.
        """
        aside = self.path.with_name(f"{LOCK_NAME}.stale-{os.getpid()}-{uuid.uuid4().hex[:8]}")
        try:
            os.rename(self.path, aside)
        except FileNotFoundError:
            return  # the other window broke it first
        except OSError as error:
            raise storage_error(error, self.path) from None
        moved = _read_with_inode(aside)
        if moved is None or moved[1] != stale_inode:
            # We moved a lock taken since our look: give it back unless a third window has one.
            with contextlib.suppress(OSError):
                os.link(aside, self.path)
        with contextlib.suppress(OSError):
            aside.unlink()

    def release(self) -> None:
        """Give the lock up; a lock that is no longer ours (taken over) is left alone."""
        if self._token is None:
            return
        owner = self.owner()
        token, self._token = self._token, None
        if owner is not None and owner.token == token:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

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
