"""Merging a verified received commit into HEAD: fast-forward, merge commit, or conflicts.

Until every conflict is resolved (:func:`charter_app.storage.pending_merge.resolve_conflict`) the
charter is left exactly as it was; the resolution is an ordinary merge commit with both parents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from charter_app.core.merged_numbers import settle_numbers
from charter_app.core.merging import Conflict
from charter_app.core.revision import Signature
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.storage import files, registry
from charter_app.storage.git import GitRepository
from charter_app.storage.merge_state import (
    PENDING_REF,
    clear_state,
    load_state,
    resolutions_of,
    save_state,
)
from charter_app.storage.repository import APP_SIGNATURE, CharterRepository
from charter_app.storage.tree_merge import merge_trees


@dataclass(frozen=True)
class SyncResult:
    """What an import or a sync did."""

    outcome: str
    """``up-to-date``, ``fast-forward``, ``merged`` or ``conflicts`` (nothing changed yet)."""
    head: str | None
    """HEAD afterwards."""
    incoming: str | None = None
    """The received commit."""
    new_commits: int = 0
    """Received commits the charter did not have."""
    conflicts: tuple[Conflict, ...] = ()
    """What must be resolved before the merge is committed (outcome ``conflicts``)."""
    source: str = ""
    """Who the commits came from: a laptop's name or the server's address."""
    pushed: bool = False
    """Whether a sync sent our commits to the server."""
    renumbering: str | None = None
    """The commit that made amendment renumberings permanent after the merge, if any."""
    new_versions: tuple[str, ...] = ()
    """Adopted versions (tags) received and added to this charter."""
    sent_versions: tuple[str, ...] = ()
    """Adopted versions a sync sent to the server."""
    notices: tuple[str, ...] = ()
    """Translated sentences about versions not taken or not sent (each side keeps its own)."""
    participants_changed: bool = False
    """Whether the list of participants changed (registry merged, or moved out of history)."""
    erased: tuple[str, ...] = ()
    """Participants erased elsewhere, whose name this charter now forgets too."""
    forget: bool = False
    """Names were dropped (an erasure): what no longer holds them is forgotten at the end of
    the exchange (:func:`charter_app.storage.registry.forget_unreachable`)."""
    rewritten: bool = False
    """One side's history was rewritten without the names to meet the other's
    (:mod:`charter_app.storage.history_rewrite`): the replaced commits are forgotten too."""


def merge_incoming(
    repository: CharterRepository,
    theirs: str,
    *,
    author: str | None = None,
    source: str = "",
    new_commits: int = 0,
) -> SyncResult:
    """Merge the verified commit ``theirs`` (already in our object store) into HEAD."""
    git = repository.git
    ours = git.head()
    pending = load_state(git)
    if pending and not git.is_ancestor(pending["theirs"], theirs):
        raise ValidationError(
            _("A previous sync is waiting for its conflicts to be resolved."),
            _("Resolve them with “charter resolve-conflict”, or abandon that sync first."),
        )
    if ours is not None and git.is_ancestor(theirs, ours):
        return SyncResult("up-to-date", ours, theirs, 0, source=source)
    if ours is not None and git.read_blobs([f"{ours}:{files.PARTICIPANTS_FILE}"])[0] is None:
        registry.fold_in(git, theirs)  # their names join the registry, never the history
    if ours is None or git.is_ancestor(ours, theirs):
        new_blobs = git.tree_blobs(theirs)
        old_blobs = git.tree_blobs(ours) if ours else {}
        changed = sorted(
            p for p in set(new_blobs) | set(old_blobs) if new_blobs.get(p) != old_blobs.get(p)
        )
        wanted = [p for p in changed if p in new_blobs]
        contents: dict[str, bytes | None] = dict.fromkeys(changed)
        for path, data in zip(wanted, git.read_blobs([new_blobs[p] for p in wanted]), strict=True):
            contents[path] = data
        _check_unsaved(git, contents)
        git.fast_forward(theirs, contents)
        clear_state(git)
        return _finish(repository, "fast-forward", theirs, new_commits, source, author)
    state = {"theirs": theirs, "source": source, "resolutions": {}}
    if pending:
        state["resolutions"] = pending.get("resolutions", {})
    return attempt_merge(repository, state, author, new_commits)


def attempt_merge(
    repository: CharterRepository, state: dict[str, Any], author: str | None, new_commits: int
) -> SyncResult:
    """Merge ``state["theirs"]`` with the resolutions chosen so far: commit the merge, or keep
    it waiting with its conflicts."""
    git = repository.git
    ours = git.head()
    assert ours is not None
    theirs: str = state["theirs"]
    source: str = state.get("source", "")
    resolutions = resolutions_of(state)
    changes, conflicts = merge_trees(git, git.merge_base(ours, theirs), ours, theirs, resolutions)
    if conflicts:
        git.set_ref(PENDING_REF, theirs)
        save_state(git, state)
        return SyncResult("conflicts", ours, theirs, new_commits, tuple(conflicts), source)
    changes = _with_settled_numbers(repository, ours, changes)
    _check_unsaved(git, changes)
    signature = Signature.for_participant(author) if author else APP_SIGNATURE
    message = (
        _("Merge the work of {source}").format(source=source)
        if source
        else _("Merge received work")
    )
    trailers = [("Charter-Participant", author)] if author else []
    git.commit_files(changes, message, signature, trailers, merge_parents=[theirs])
    clear_state(git)
    return _finish(repository, "merged", theirs, new_commits, source, author)


def _with_settled_numbers(
    repository: CharterRepository, ours: str, changes: dict[str, bytes | None]
) -> dict[str, bytes | None]:
    """``changes`` plus the principles renumbered so that no number is used twice (two laptops
    each added a principle at the end, offline): see :mod:`charter_app.core.merged_numbers`."""
    if not any(path == files.CHARTER_FILE or path.startswith(files.PRINCIPLES_DIR + "/")
               for path in changes):  # fmt: skip
        return changes
    git = repository.git
    merged = {path: data for path, data in git.read_tree(ours).items()}
    for path, data in changes.items():
        if data is None:
            merged.pop(path, None)
        else:
            merged[path] = data
    try:
        charter = files.charter_from_files(merged)
    except CharterError:
        return changes  # a file that does not parse: ``charter check`` says so
    settled = settle_numbers(charter.principles, repository.stable_numbers)
    renumbered = dict(changes)
    for before, after in zip(charter.principles, settled, strict=True):
        if before.number != after.number:
            renumbered[files.principle_path(after.id)] = files.serialise_principle(after)
    return renumbered


def _finish(
    repository: CharterRepository,
    outcome: str,
    theirs: str,
    new_commits: int,
    source: str,
    author: str | None,
) -> SyncResult:
    renumbering = None
    notices: tuple[str, ...] = ()
    # Work from a copy made before the registry brings the names back into the history: they
    # go to the registry, as when such a charter is opened.
    moved = registry.move_out_of_history(repository.git) is not None
    if author:
        # Imported here to keep amendment code out of the import path of plain storage.
        from charter_app.storage.amendments import record_renumberings

        try:
            renumbering = record_renumberings(repository, author)
        except CharterError as error:
            # The merge is saved by now: say so, never "nothing was changed".
            notices = (
                _(
                    "The received work is saved, but the amendment numbers could not be "
                    "checked: {problem} Run “charter check”."
                ).format(problem=error.message),
            )
    return SyncResult(
        outcome,
        repository.git.head(),
        theirs,
        new_commits,
        source=source,
        renumbering=renumbering,
        notices=notices,
        participants_changed=moved,
    )


def _check_unsaved(git: GitRepository, contents: Mapping[str, bytes | None]) -> None:
    """Refuse to overwrite a file with changes that are not saved (unless already as wanted)."""
    if not contents:
        return
    for path in git.status(sorted(contents)):
        on_disk = git.path / path
        wanted = contents.get(path)
        current = on_disk.read_bytes() if on_disk.is_file() else None
        if current != wanted:
            raise ValidationError(
                _("{path} has changes that are not saved in the charter's history.").format(
                    path=path
                ),
                _("Save (or undo) those changes, then sync again; nothing was changed."),
            )
