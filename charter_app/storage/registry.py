"""The participants' registry, kept apart from the charter's history, so that erasing a person
erases their name from this repository and, at the next exchange, from every copy
(docs/DESIGN.md, "Erasing a person"; the file's format is in docs/FORMAT.md).

Names never enter the main history. The registry is one file, ``participants.yaml``, held by a
commit of its own, with no parent, that the ref ``refs/charter/registry`` names. A change
*replaces* that commit, never appends to it: the new one is made from the content alone (fixed
author, date and message, so two laptops holding the same registry hold the same commit), the
ref moves to it (compare and swap), and the one it replaces is reachable from nothing (no ref,
no reflog, no child), so :func:`forget_unreachable` removes it from the object store.

The folder keeps a copy, ``participants.yaml``, which git ignores (``info/exclude``) and which
people and the app's file readers read; the ref is the record and the copy follows it.
Charters made before the registry had ``participants.yaml`` in the history:
:func:`move_out_of_history` moves it here once (the older commits keep the names; see
:mod:`charter_app.storage.privacy_history`).
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from charter_app.core.model import Participant
from charter_app.core.registry import merge_registries, newly_erased
from charter_app.core.revision import Signature
from charter_app.errors import CharterError, RepositoryError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.atomic import storage_error, write_atomic
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID

REGISTRY_REF = "refs/charter/registry"
_SCRATCH_PREFIX = "refs/charter/scratch/"
_IDENT = b"charter-studio <app@charter.invalid> 0 +0000"
_MESSAGE = b"Participants of the charter (replaced at every change, never kept)\n"
APART_TRAILER = ("Charter-Registry", "apart")
"""The trailer of the commit that took ``participants.yaml`` out of the history."""
_APP = Signature("charter-studio", "app@charter.invalid")


# -- reading --------------------------------------------------------------------------------------


def registry_commit(git: GitRepository) -> str | None:
    """The registry's commit, or None when the charter has none yet."""
    sha = git.refs(REGISTRY_REF).get(REGISTRY_REF)
    return sha if sha and OBJECT_ID.match(sha) else None


def registry_data(git: GitRepository, commit: str | None = None) -> bytes | None:
    """The bytes of ``participants.yaml`` in the registry (or in ``commit``); None if none."""
    if commit is None:
        commit = registry_commit(git)
        if commit is None:
            return None
    return git.read_blobs([f"{commit}:{files.PARTICIPANTS_FILE}"])[0]


def read_registry(git: GitRepository, commit: str | None = None) -> tuple[Participant, ...]:
    """The participants of the registry (or of ``commit``); () when there is none."""
    data = registry_data(git, commit)
    if data is None:
        return ()
    return files.parse_participants(data, f"{files.PARTICIPANTS_FILE} @ {REGISTRY_REF}")


# -- writing --------------------------------------------------------------------------------------


def store(git: GitRepository, participants: Sequence[Participant], expected: str | None) -> str:
    """Replace the registry by ``participants``, if the ref still names ``expected`` (None: it
    must not exist); write the folder's copy. Returns the registry's commit."""
    data = files.serialise_participants(tuple(participants))
    commit = _root_commit(git, data)
    if commit != expected:
        _move(git, commit, expected)
    write_copy(git, data)
    return commit


def adopt(git: GitRepository, commit: str, expected: str | None) -> None:
    """Point the registry at ``commit`` (received and verified), if it still names
    ``expected``; write the folder's copy."""
    if commit != expected:
        _move(git, commit, expected)
    data = registry_data(git, commit)
    if data is not None:
        write_copy(git, data)


def _root_commit(git: GitRepository, data: bytes) -> str:
    """A commit with no parent holding ``participants.yaml`` = ``data``, always the same for
    the same bytes. fast-import needs a branch name: a scratch one, deleted at once."""
    scratch = _SCRATCH_PREFIX + secrets.token_hex(6)
    name = files.PARTICIPANTS_FILE.encode()
    stream = b"".join(
        [
            f"commit {scratch}\nmark :1\n".encode(),
            b"author " + _IDENT + b"\ncommitter " + _IDENT + b"\n",
            b"data %d\n" % len(_MESSAGE) + _MESSAGE,
            b"M 100644 inline " + name + b"\ndata %d\n" % len(data) + data + b"\n",
            b"get-mark :1\ndone\n",
        ]
    )
    run = git.runner
    try:
        result = run.run(run.argv("fast-import", ["--quiet", "--done"]), stdin=stream, check=False)
    finally:
        run.run(run.argv("update-ref", ["-d"], [scratch]), check=False)
        _drop_reflog(git, scratch)
    commit = result.stdout.decode("ascii", "replace").strip()
    if result.status != 0 or not OBJECT_ID.match(commit):
        raise RepositoryError(
            _("The list of participants could not be saved: {detail}").format(
                detail=result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "?"
            ),
            _("Check that the disk is not full, then try again; nothing was changed."),
        )
    return commit


def _move(git: GitRepository, commit: str, expected: str | None) -> None:
    run = git.runner
    old = expected or "0" * len(commit)
    result = run.run(
        run.argv("update-ref", ["-mcharter: registry"], [REGISTRY_REF, commit, old]),
        check=False,
    )
    _drop_reflog(git, REGISTRY_REF)
    if result.status != 0:
        raise RepositoryError(
            _("The list of participants was changed by another program meanwhile."),
            _("Try again; nothing was changed."),
        )


def _drop_reflog(git: GitRepository, ref: str) -> None:
    """A reflog of the registry would keep its replaced versions (and the names they hold)
    alive; git writes one only when configured to log every ref (``always``)."""
    with contextlib.suppress(OSError):
        (git.runner.common_dir / "logs" / ref).unlink()


def write_copy(git: GitRepository, data: bytes) -> None:
    """The folder's copy of the registry, which git ignores."""
    ignore_copy(git)
    path = git.path / files.PARTICIPANTS_FILE
    try:
        if path.is_file() and path.read_bytes() == data:
            return
    except OSError as error:
        raise storage_error(error, path) from None
    write_atomic(path, data)


def ignore_copy(git: GitRepository) -> None:
    """Tell git that the folder's ``participants.yaml`` is not part of the history."""
    exclude = git.runner.common_dir / "info" / "exclude"
    line = f"/{files.PARTICIPANTS_FILE}"
    with contextlib.suppress(OSError):
        current = exclude.read_text("utf-8") if exclude.is_file() else ""
        if line not in current.splitlines():
            exclude.parent.mkdir(parents=True, exist_ok=True)
            prefix = "" if not current or current.endswith("\n") else "\n"
            with exclude.open("a", encoding="utf-8") as stream:
                stream.write(f"{prefix}{line}\n")


def opening_reads(git: GitRepository) -> tuple[bytes | None, bytes | None]:
    """``participants.yaml`` as the last commit holds it (a charter whose names have not moved
    out of its history yet) and as the registry holds it, read by one git process: what opening
    a charter checks every time. None for either when absent."""
    head = git.head()
    names = [f"{REGISTRY_REF}:{files.PARTICIPANTS_FILE}"]
    if head is not None:
        names.append(f"{head}:{files.PARTICIPANTS_FILE}")
    blobs = git.read_blobs(names)
    return (blobs[1] if head is not None else None), blobs[0]


def refresh_copy(git: GitRepository, data: bytes | None | Literal[False] = False) -> bool:
    """Make the folder's copy say what the registry says (after a write cut short, or a copy
    changed by hand: the registry is the record). Whether the copy was rewritten. ``data``:
    the registry's bytes when the caller read them already (None: there is no registry)."""
    if data is False:
        data = registry_data(git)
    if data is None:
        return False
    path = git.path / files.PARTICIPANTS_FILE
    try:
        same = path.is_file() and path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        write_copy(git, data)
    return not same


def forget_unreachable(git: GitRepository) -> None:
    """Remove from the object store what nothing reaches any more: the registry's replaced
    versions, with the names they held (``git gc --prune=now``, hooks off as always).
    Call it holding the charter's write lock: nothing is half-written then."""
    run = git.runner
    for scratch in git.refs(_SCRATCH_PREFIX):  # left by a write cut short
        run.run(run.argv("update-ref", ["-d"], [scratch]), check=False)
    run.run(run.argv("gc", ["--prune=now", "--quiet"]))


# -- merging --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryMerge:
    """What taking in another copy's registry did."""

    changed: bool = False
    """Whether this charter's registry changed."""
    erased: tuple[str, ...] = ()
    """Participants whose name this copy knew and the merge erased (erased elsewhere)."""
    forget: bool = False
    """A name either side held is gone: call :func:`forget_unreachable` once the exchange
    is over (not before: what it brought is not all reachable yet)."""


def take_in(git: GitRepository, theirs_commit: str | None) -> RegistryMerge:
    """:func:`merge_received`, or nothing when the other side has no registry."""
    return RegistryMerge() if theirs_commit is None else merge_received(git, theirs_commit)


def merge_received(git: GitRepository, theirs_commit: str) -> RegistryMerge:
    """Merge a received, verified registry commit into ours (by id, erasures win, see
    :func:`charter_app.core.registry.merge_registries`). When a name either side held is
    erased, the caller forgets what no longer holds it once the exchange is over
    (:attr:`RegistryMerge.forget`)."""
    mine_commit = registry_commit(git)
    mine = read_registry(git) if mine_commit else ()
    theirs = read_registry(git, theirs_commit)
    merged = merge_registries(mine, theirs)
    erased = tuple(newly_erased(mine, merged))
    forget = bool(erased or newly_erased(theirs, merged))
    same_people = set(merged) == set(theirs)
    if mine_commit is not None and set(merged) == set(mine):
        # Nothing new here. When both hold the same people in another order, both keep the
        # commit with the smaller id, so the copies settle on one and stop sending it back.
        if same_people and theirs_commit < mine_commit:
            adopt(git, theirs_commit, mine_commit)
        return RegistryMerge(False, erased, forget)
    if same_people:
        adopt(git, theirs_commit, mine_commit)
    else:
        store(git, merged, mine_commit)
    return RegistryMerge(True, erased, forget)


# -- charters made before the registry ------------------------------------------------------------


@dataclass(frozen=True)
class MovedOut:
    """What :func:`move_out_of_history` did."""

    participants: int
    """How many entries the registry holds now."""
    commit: str
    """The commit that took ``participants.yaml`` out of the history."""


def fold_in(git: GitRepository, commit: str) -> bool:
    """Merge the ``participants.yaml`` that ``commit`` holds, if any (work received from a copy
    made before the registry), into the registry; whether the registry changed. A file that
    cannot be read is left to ``charter check``."""
    data = git.read_blobs([f"{commit}:{files.PARTICIPANTS_FILE}"])[0]
    if data is None:
        return False
    try:
        theirs = files.parse_participants(data)
    except CharterError:
        return False
    mine_commit = registry_commit(git)
    mine = read_registry(git) if mine_commit else ()
    merged = merge_registries(mine, theirs)
    if mine_commit is not None and merged == mine:
        return False
    store(git, merged, mine_commit)
    return True


def move_out_of_history(git: GitRepository) -> MovedOut | None:
    """If the last commit holds ``participants.yaml`` (a charter made before the registry, or
    work received from a copy not moved yet), merge it into the registry and commit its removal
    from the history. None when there was nothing to move, or the file cannot be read (then it
    stays, and ``charter check`` says why)."""
    head = git.head()
    if head is None:
        return None
    tracked = git.read_blobs([f"{head}:{files.PARTICIPANTS_FILE}"])[0]
    if tracked is None:
        return None
    try:
        found = list(files.parse_participants(tracked))
        copy = git.path / files.PARTICIPANTS_FILE
        if copy.is_file() and (data := copy.read_bytes()) != tracked:
            found = list(merge_registries(found, files.parse_participants(data)))
    except (CharterError, OSError):
        return None
    mine_commit = registry_commit(git)
    merged = merge_registries(read_registry(git) if mine_commit else (), found)
    store(git, merged, mine_commit)  # the record first: the history's copy goes after
    commit = git.commit_files(
        {files.PARTICIPANTS_FILE: None},
        _("Keep the participants' names apart from the charter's history"),
        _APP,
        [APART_TRAILER],
    )
    write_copy(git, files.serialise_participants(merged))
    return MovedOut(len(merged), commit)
