"""What changed between two states of a charter, whoever wrote it: this program, the command
line, a sync, another window. One ``git diff-tree`` names the files; their paths say what they
are (:meth:`Changed.of_paths`)."""

from __future__ import annotations

from charter_app.application.written import Changed
from charter_app.errors import RepositoryError
from charter_app.storage.git import GitRepository


def changed_between(git: GitRepository, old: str | None, new: str | None) -> Changed:
    """The parts of the charter that differ between commits ``old`` and ``new``."""
    if old == new or new is None:
        return Changed()
    if old is None:
        return Changed.of_paths(git.list_tree(new))
    try:
        differences = git.diff_paths(old, new)
    except RepositoryError:
        # ``old`` is gone: a history rewritten without the names replaced it (and it was
        # forgotten). Everything may have changed.
        return Changed.of_paths(git.list_tree(new)).plus(Changed(meta=True, participants=True))
    changed = Changed.of_paths(path for status, path in differences if status != "D")
    deleted = Changed.of_paths(path for status, path in differences if status == "D")
    return changed.plus(
        Changed(removed=deleted.principles, meta=deleted.meta, events=deleted.events)
    )
