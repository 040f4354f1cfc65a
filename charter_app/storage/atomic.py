"""Replace a file all at once: readers and crashes see the old content or the new, never half."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from charter_app.errors import StorageError
from charter_app.i18n import _

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS}
_NOT_ALLOWED = {errno.EACCES, errno.EPERM}


def storage_error(error: OSError, path: Path | str) -> StorageError:
    """A plain-words :class:`StorageError` for an ``OSError`` raised while writing ``path``."""
    if error.errno in _DISK_FULL:
        return StorageError(
            _("The disk is full: {path} could not be saved.").format(path=path),
            _("Free some space on the disk, then save again; the previous version is intact."),
        )
    if error.errno in _READ_ONLY:
        return StorageError(
            _("The folder is read-only: {path} could not be saved.").format(path=path),
            _("Copy the charter to a folder you can write to (not a CD or a locked USB stick)."),
        )
    if error.errno in _NOT_ALLOWED:
        return StorageError(
            _("You are not allowed to write {path}.").format(path=path),
            _("Ask the owner of the folder for write access, or copy the charter elsewhere."),
        )
    return StorageError(
        _("{path} could not be saved: {reason}.").format(
            path=path, reason=error.strerror or str(error)
        ),
        _("The previous version is intact. Check the disk, then save again."),
    )


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    After a crash at any point ``path`` holds either its old content or ``data``; the temporary
    file is removed when writing fails. Disk errors become :class:`StorageError`. ``durable``
    False skips waiting for the disk (a cache, which a crash may leave unreadable: it is then
    rebuilt).
    """
    directory = path.parent
    temporary: str | None = None
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=directory
        )
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if path.exists():
            # Keep the permissions the file had (mkstemp creates it 0600).
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
        temporary = None
        if durable:
            _fsync_directory(directory)
    except OSError as error:
        raise storage_error(error, path) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(descriptor)


_cached_umask: int | None = None


def _umask() -> int:
    global _cached_umask
    if _cached_umask is None:
        # os.umask can only be read by setting it; do it once.
        _cached_umask = os.umask(0o022)
        os.umask(_cached_umask)
    return _cached_umask
