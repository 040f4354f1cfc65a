"""The conflicts of a sync waiting for a resolution: list them, settle one, or abandon the sync."""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.core.merging import Conflict, FileConflict, PrincipleConflict
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.incoming_merge import SyncResult, attempt_merge
from charter_app.storage.merge_state import (
    clear_state,
    load_state,
    record_resolution,
    resolutions_of,
)
from charter_app.storage.repository import CharterRepository
from charter_app.storage.tree_merge import merge_trees


def pending_conflicts(repository: CharterRepository) -> tuple[Conflict, ...]:
    """The conflicts of the sync waiting for a resolution (empty when there is none)."""
    git = repository.git
    state = load_state(git)
    ours = git.head()
    if not state or ours is None:
        return ()
    resolutions = resolutions_of(state)
    theirs = state["theirs"]
    _changes, conflicts = merge_trees(git, git.merge_base(ours, theirs), ours, theirs, resolutions)
    return tuple(conflicts)


def resolve_conflict(
    repository: CharterRepository,
    target: str,
    text: str,
    author: str,
    title: str | None = None,
    delete: bool = False,
) -> SyncResult:
    """Settle one conflict by taking ``text`` and, once none is left, commit the merge.

    ``target`` is a principle id (``text`` is its body; ``title`` optional) or a file path
    such as ``charter.yaml`` (``text`` is the whole file). ``delete`` settles a principle
    deleted on one laptop and edited on the other by accepting the deletion (``text`` is then
    ignored); the edited wording stays in the history of the other laptop's commits.
    """
    git = repository.git
    state = load_state(git)
    if not state:
        raise NotFoundError(_("There is no sync waiting for a conflict to be resolved."))
    conflicts = pending_conflicts(repository)
    for conflict in conflicts:
        if isinstance(conflict, PrincipleConflict) and conflict.principle_id == target:
            path = files.principle_path(target)
            if delete:
                if "deleted" not in conflict.fields:
                    raise ValidationError(
                        _("“{target}” was not deleted on either laptop.").format(target=target),
                        _("Choose its text instead."),
                    )
                content: bytes | None = None
            else:
                content = files.serialise_principle(conflict.resolve(text, title))
            break
        if isinstance(conflict, FileConflict) and conflict.path == target:
            if delete:
                raise ValidationError(
                    _("Only a principle can be deleted to settle a conflict."),
                    _("Choose the text of {target} instead.").format(target=target),
                )
            path, content = target, text.encode("utf-8")
            break
    else:
        raise NotFoundError(
            _("“{target}” has no conflict to resolve.").format(target=target),
            _("Conflicts waiting: {names}.").format(names=", ".join(_name(c) for c in conflicts))
            if conflicts
            else "",
        )
    record_resolution(state, path, content)
    return attempt_merge(repository, state, author, 0)


def abandon_merge(repository: CharterRepository) -> None:
    """Forget the sync waiting for its conflicts; the charter stays as it is."""
    clear_state(repository.git)


def _name(conflict: Conflict) -> str:
    return conflict.principle_id if isinstance(conflict, PrincipleConflict) else conflict.path


def conflict_names(conflicts: Sequence[Conflict]) -> list[str]:
    """Principle ids and file paths of ``conflicts``, for messages."""
    return [_name(conflict) for conflict in conflicts]
