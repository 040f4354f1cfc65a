"""Set aside the files the app cannot read, so the rest of the charter works again.

Nothing is ever deleted. Each file :mod:`charter_app.storage.checking` finds *broken* is moved,
as it is, into ``set-aside/<date-time>/<its path>`` inside the charter folder, beside a
``reasons.txt`` saying why; that folder is not part of the charter (git is told to ignore it,
and the app never reads it). Then:

- an event or an amendment file is simply gone from the charter; if it was recorded, one
  commit records its removal (so a sync takes the repair to the other laptops too);
- ``charter.yaml`` or a principle gets back its last readable version from the history
  (recorded in the same commit if the saved version was the broken one); the folder's copy of
  ``participants.yaml`` is written again from the registry (:mod:`charter_app.storage.registry`);
- a principle with no readable version at all leaves the list of principles in
  ``charter.yaml``; a ``charter.yaml`` with none cannot be repaired and is reported.

The repair commit is authored by the app (or the participant given) with one trailer
``Charter-Set-Aside: <path>`` per file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Signature
from charter_app.errors import CharterError, StorageError
from charter_app.i18n import _, ngettext
from charter_app.storage import files, registry
from charter_app.storage.atomic import write_atomic
from charter_app.storage.checking import (
    Problem,
    check_folder,
    is_amendment,
    is_event,
    is_principle,
    parse_file,
)
from charter_app.storage.git import GitRepository
from charter_app.storage.repository import APP_SIGNATURE, CharterRepository

SET_ASIDE_DIR = "set-aside"
"""Inside the charter folder, never part of the charter."""
REASONS_FILE = "reasons.txt"
_HISTORY_DEPTH = 200
"""How many earlier versions of a file are tried for a readable one."""


@dataclass(frozen=True)
class Restored:
    """A file given back its last readable version."""

    path: str
    when: datetime
    """When that version was saved."""


@dataclass(frozen=True)
class RepairResult:
    """What a repair did."""

    folder: Path | None = None
    """Where the set-aside files are (None when none was)."""
    set_aside: tuple[str, ...] = ()
    """The files moved there, by their path in the charter."""
    restored: tuple[Restored, ...] = ()
    dropped: tuple[str, ...] = ()
    """Principles taken off the list in charter.yaml (no readable version of their file)."""
    commit: str | None = None
    """The commit recording the repair, when the saved charter changed."""
    unrepaired: tuple[Problem, ...] = ()
    """Broken files the repair could not mend (charter.yaml with no readable version)."""
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    """Problems that are not broken files, left as they are."""

    @property
    def changed(self) -> bool:
        return bool(self.set_aside or self.restored or self.dropped)


def repair(
    repository: CharterRepository, author: str | None = None, *, now: datetime | None = None
) -> RepairResult:
    """Set aside every broken file of the charter's working tree; see the module docstring."""
    root = repository.path
    problems = check_folder(root)
    broken: dict[str, Problem] = {}
    for problem in problems:
        if problem.broken:
            broken.setdefault(problem.path, problem)
    warnings = tuple(problem for problem in problems if not problem.broken)
    if not broken:
        return RepairResult(warnings=warnings)
    git = repository.git
    head = git.head()
    saved = git.tree_blobs(head) if head else {}
    now = now or datetime.now()
    folder = new_set_aside_folder(root, now)
    moved: list[str] = []
    changes: dict[str, bytes | None] = {}
    restored: list[Restored] = []
    to_drop: list[str] = []
    unrepaired: list[Problem] = []
    for path, problem in sorted(broken.items()):
        if path == files.PARTICIPANTS_FILE and registry.refresh_copy(git):
            # Only the folder's copy of the registry: written again from the record, never
            # from the history (older versions hold names erased since) and never set aside.
            restored.append(Restored(path, now))
            continue
        replacement: tuple[bytes, datetime] | None = None
        if not (is_event(path) or is_amendment(path)):
            replacement = _last_readable(repository, path)
            if replacement is None and path == files.CHARTER_FILE:
                unrepaired.append(problem)
                continue
        if (root / path).is_file() or (root / path).is_symlink():
            move_aside(root, path, folder)
            moved.append(path)
        if replacement is not None:
            data, when = replacement
            if saved.get(path) != _blob_id(data, git.object_format):
                changes[path] = data
            else:
                write_atomic(root / path, data)
            restored.append(Restored(path, when))
        elif path in saved:
            changes[path] = None
        if replacement is None and is_principle(path):
            to_drop.append(Path(path).stem)
    if moved:
        _write_reasons(folder, now, [broken[path] for path in moved])
        ignore_set_aside(repository.git)
    if to_drop:
        charter_yaml = _without_principles(root, to_drop, changes.get(files.CHARTER_FILE))
        if charter_yaml is not None:
            changes[files.CHARTER_FILE] = charter_yaml
    commit = None
    if changes:
        message = (
            _("Set aside files that could not be read")
            + "\n\n"
            + "\n".join(sorted(set(moved) | set(changes)))
        )
        trailers = [("Charter-Set-Aside", path) for path in moved]
        signature = Signature.for_participant(author) if author else APP_SIGNATURE
        commit = git.commit_files(changes, message, signature, trailers)
    return RepairResult(
        folder if moved else None,
        tuple(moved),
        tuple(restored),
        tuple(to_drop),
        commit,
        tuple(unrepaired),
        warnings,
    )


def describe(result: RepairResult) -> list[str]:
    """What the repair did, in sentences (the app shows the same)."""
    if not result.changed and not result.unrepaired:
        return [_("Nothing to repair: every file of the charter can be read.")]
    lines = []
    if result.set_aside:
        lines.append(
            ngettext(
                "Set aside {count} file that could not be read; it is kept in {folder}.",
                "Set aside {count} files that could not be read; they are kept in {folder}.",
                len(result.set_aside),
            ).format(count=len(result.set_aside), folder=result.folder)
        )
        lines += [f"  {path}" for path in result.set_aside]
    for restored in result.restored:
        lines.append(
            _("Restored {path} as it was saved on {date}.").format(
                path=restored.path, date=restored.when.strftime("%Y-%m-%d %H:%M")
            )
        )
    for principle_id in result.dropped:
        lines.append(
            _(
                "“{id}” is no longer in the list of principles: no readable version of its "
                "file exists."
            ).format(id=principle_id)
        )
    if result.commit:
        lines.append(_("Saved as commit {sha}.").format(sha=result.commit[:8]))
    for problem in result.unrepaired:
        lines.append(
            _("{problem} No readable version of it exists in the charter's history.").format(
                problem=problem.error.message
            )
        )
        lines.append("  " + _("Correct it in a text editor, then run “charter check”."))
    return lines


def _blob_id(data: bytes, object_format: str) -> str:
    """The id git gives a file holding ``data``."""
    digest = hashlib.sha256() if object_format == "sha256" else hashlib.sha1()
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def new_set_aside_folder(root: Path, now: datetime) -> Path:
    base = root / SET_ASIDE_DIR / now.strftime("%Y-%m-%d-%H%M%S")
    candidate, number = base, 1
    while candidate.exists():
        number += 1
        candidate = base.with_name(f"{base.name}-{number}")
    return candidate


def move_aside(root: Path, path: str, folder: Path) -> None:
    """Move ``root/path`` to ``folder/path`` as it is (a rename: never a copy to lose)."""
    target = folder / path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / path, target)
    except OSError as error:
        raise StorageError(
            _("Could not set aside {path}: {reason}").format(path=path, reason=error.strerror),
            _("Check that you may write to the charter folder; nothing was deleted."),
        ) from None


def _write_reasons(folder: Path, now: datetime, problems: list[Problem]) -> None:
    lines = [
        _("These files could not be read by Charter Studio and were set aside on {date}.").format(
            date=now.strftime("%Y-%m-%d %H:%M")
        ),
        _("They are kept here as they were; the charter no longer uses them."),
        "",
        *(f"{problem.path}\n    {problem.error.message}" for problem in problems),
    ]
    with contextlib.suppress(OSError, CharterError):  # the files matter; the note is a help
        write_atomic(folder / REASONS_FILE, ("\n".join(lines) + "\n").encode("utf-8"))


def ignore_set_aside(git: GitRepository) -> None:
    """Tell git that ``set-aside/`` is not part of the charter (``info/exclude``)."""
    exclude = git.runner.common_dir / "info" / "exclude"
    line = f"/{SET_ASIDE_DIR}/"
    with contextlib.suppress(OSError):
        current = exclude.read_text("utf-8") if exclude.is_file() else ""
        if line not in current.splitlines():
            exclude.parent.mkdir(parents=True, exist_ok=True)
            prefix = "" if not current or current.endswith("\n") else "\n"
            with exclude.open("a", encoding="utf-8") as stream:
                stream.write(f"{prefix}{line}\n")


def _last_readable(repository: CharterRepository, path: str) -> tuple[bytes, datetime] | None:
    """The newest saved version of ``path`` that the app can read, and when it was saved."""
    git = repository.git
    if git.head() is None:
        return None
    revisions = git.log([path], max_count=_HISTORY_DEPTH)
    contents = git.read_blobs([f"{revision.sha}:{path}" for revision in revisions])
    for revision, data in zip(revisions, contents, strict=True):
        if data is None:
            continue
        try:
            parse_file(path, data)
        except CharterError:
            continue
        return data, revision.committed_at
    return None


def _without_principles(root: Path, dropped: list[str], restored: bytes | None) -> bytes | None:
    """charter.yaml (as just restored, else as in the folder) without ``dropped`` in its list of
    principles; None if it cannot be read or lists none of them."""
    try:
        data = restored if restored is not None else (root / files.CHARTER_FILE).read_bytes()
        meta, order = files.parse_charter_meta(data)
    except (OSError, CharterError):
        return None
    if not set(dropped) & set(order):
        return None  # not listed: charter.yaml stays as it is
    stubs = tuple(Principle(pid, "1", pid, "") for pid in order if pid not in dropped)
    return files.serialise_charter_meta(Charter(principles=stubs, **meta))
