"""Writes cut short (a crash, a power cut, a full disk): finish them, or set their files aside.

Every write commits first and updates the folder after (:meth:`GitRepository.commit_files`), so
a write interrupted before its commit leaves nothing visible, and one interrupted after it is
finished here by bringing the commit's files into the folder. Files of records that no commit
holds (left by an older version of the app, or copied in by hand) are never listed as if they
were recorded: they are moved, kept, to the charter folder's ``set-aside/`` as a repair does
(:mod:`charter_app.storage.repair`), and the person is told.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from charter_app.core import clock
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.storage.atomic import storage_error, write_atomic
from charter_app.storage.git import GitRepository

RECORD_FOLDERS = ("events", "amendments")
"""Where immutable records live: a file there exists only when a commit holds it."""

CHARTER_FOLDERS = ("principles", *RECORD_FOLDERS)
"""Where a write puts files (charter.yaml and participants.yaml are at the top)."""


@dataclass(frozen=True)
class Recovery:
    """What opening the charter did about an interrupted write."""

    finished: tuple[str, ...] = ()
    """Files of the last commit brought into the folder."""
    set_aside: tuple[str, ...] = ()
    """Files of records no commit holds, moved to :attr:`folder`."""
    folder: Path | None = None

    @property
    def anything(self) -> bool:
        return bool(self.finished or self.set_aside)


def finish_interrupted_write(git: GitRepository) -> list[str]:
    """The paths of the last commit brought into the folder (empty when it was complete).

    A file is replaced only when it still is exactly as before that commit (or absent where
    the commit added it): a file someone changed since is left as it is. The index follows.
    """
    if not git.write_may_be_unfinished():  # file dates only: the common case starts nothing
        return []
    head = git.head()
    if head is None:
        return []
    git.clear_stale_locks()
    run = git.runner
    result = run.run(
        run.argv("diff-tree", ["-r", "-z", "--no-commit-id", "--root", "--no-renames"], [head]),
        read_only=True,
    )
    fields = result.stdout.decode("utf-8", "surrogateescape").split("\0")
    stale: list[tuple[str, str | None]] = []
    current: list[tuple[str, str | None]] = []
    for header, path in zip(fields[0::2], fields[1::2], strict=False):
        if not header.startswith(":"):
            continue
        _old_mode, _new_mode, old_blob, new_blob, _status = header[1:].split(" ")
        now_there = _blob_of(git, path)
        new = None if set(new_blob) == {"0"} else new_blob
        old = None if set(old_blob) == {"0"} else old_blob
        if now_there == new:
            current.append((path, new))
        elif now_there == old:
            stale.append((path, new))
    wanted = [blob for _path, blob in (*stale, *current) if blob is not None]
    by_blob = dict(zip(wanted, git.read_blobs(wanted), strict=True))
    git.write_committed({path: by_blob[blob] if blob else None for path, blob in stale})
    # The index of a write cut after its files were written, and the index's date either way.
    git.write_committed(
        {path: by_blob[blob] if blob else None for path, blob in current}, work_tree=False
    )
    return [path for path, _blob in stale]


def _blob_of(git: GitRepository, path: str) -> str | None:
    """The blob id the work-tree file ``path`` would have; None when it is absent."""
    try:
        data = (git.path / path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise storage_error(error, git.path / path) from None
    return git.blob_id(data)


def set_aside_unrecorded(
    git: GitRepository, untracked_files: list[str] | None = None
) -> tuple[list[str], Path | None]:
    """Move the record files no commit holds into ``set-aside/<date-time>/`` of the charter
    folder, as a repair does (kept, never deleted); (their paths, where). ``untracked_files``:
    the untracked files of :data:`CHARTER_FOLDERS` when the caller listed them already."""
    if untracked_files is None:
        untracked_files = git.untracked(RECORD_FOLDERS)
    untracked = [
        path
        for path in untracked_files
        if path.endswith(".yaml") and path.split("/", 1)[0] in RECORD_FOLDERS
    ]
    if not untracked:
        return [], None
    # Imported here: a repair's module (with the checks it runs) is needed only when there
    # is something to set aside, which is rare; every write opens the charter.
    from charter_app.storage.repair import (
        REASONS_FILE,
        ignore_set_aside,
        move_aside,
        new_set_aside_folder,
    )

    now = clock.wall_now()
    folder = new_set_aside_folder(git.path, now)
    for path in untracked:
        move_aside(git.path, path, folder)
    reason = _("never recorded: a save was interrupted before it was complete")
    with contextlib.suppress(OSError, CharterError):  # the files matter; the note is a help
        write_atomic(
            folder / REASONS_FILE,
            ("\n".join([*(f"{path}\n    {reason}" for path in untracked), ""])).encode(),
        )
    ignore_set_aside(git)
    return untracked, folder


def remove_half_written(git: GitRepository, untracked_files: list[str] | None = None) -> list[str]:
    """Delete the temporary files a write cut short left (``.name.xxxx.tmp``, see
    :func:`~charter_app.storage.atomic.write_atomic`): never a finished file, never read.
    ``untracked_files``: the untracked files of :data:`CHARTER_FOLDERS`, if already listed."""
    removed = []
    if untracked_files is None:
        untracked_files = git.untracked(CHARTER_FOLDERS)
    for path in untracked_files:
        name = path.rsplit("/", 1)[-1]
        if name.startswith(".") and name.endswith(".tmp"):
            (git.path / path).unlink(missing_ok=True)
            removed.append(path)
    return removed


def recover(git: GitRepository, everything: bool = True) -> Recovery:
    """Finish an interrupted write (call with the write lock); with ``everything`` (when a
    charter is opened) also remove half-written files and set aside unrecorded ones."""
    finished = finish_interrupted_write(git)
    if not everything:
        return Recovery(tuple(finished))
    untracked = git.untracked(CHARTER_FOLDERS)  # one listing for both
    removed = set(remove_half_written(git, untracked))
    unrecorded, folder = set_aside_unrecorded(
        git, [path for path in untracked if path not in removed]
    )
    return Recovery(tuple(finished), tuple(unrecorded), folder)
