"""What the charter's history and exchanges hold of people, for the privacy report: the names
older commits still carry (a charter made before the registry kept ``participants.yaml`` in its
history), and the laptops and servers the charter exchanged with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from charter_app.errors import CharterError
from charter_app.storage import files
from charter_app.storage.git import GitRepository
from charter_app.storage.registry import APART_TRAILER

_RECEIVED = "refs/charter/received/"
_SENT = "refs/charter/sent/"
_EXPORTED_BY = "refs/charter/exported-by/"


@dataclass(frozen=True)
class NamesInHistory:
    """Older commits that hold ``participants.yaml`` (names the history keeps)."""

    first: datetime
    """When the oldest of them was saved."""
    last: datetime
    """When the newest was saved (the move to the registry, if it happened)."""
    participants: tuple[str, ...]
    """Ids of everyone named in one of them."""
    moved: bool
    """Whether the names were moved out of the history since (the registry holds them)."""
    versions: tuple[str, ...]
    """Adopted versions whose history holds them: a rewrite would change those versions, so
    it is offered only while this is empty."""


def names_in_history(git: GitRepository) -> NamesInHistory | None:
    """The names the history still holds, or None when it never held any."""
    revisions = git.log([files.PARTICIPANTS_FILE]) if git.head() else []
    if not revisions:
        return None
    contents = git.read_blobs([f"{r.sha}:{files.PARTICIPANTS_FILE}" for r in revisions])
    named: set[str] = set()
    for data in contents:
        if data is None:
            continue
        try:
            named |= {p.id for p in files.parse_participants(data) if p.name}
        except CharterError:
            continue  # a version that cannot be read: its names are counted nowhere
    newest = revisions[0]
    oldest_commit = revisions[-1].sha
    moved = contents[0] is None and APART_TRAILER in newest.trailers
    versions = tuple(tag.name for tag in git.tags() if git.is_ancestor(oldest_commit, tag.target))
    return NamesInHistory(
        revisions[-1].committed_at,
        newest.committed_at,
        tuple(sorted(named)),
        moved,
        versions,
    )


def exchanges(git: GitRepository) -> tuple[list[str], bool]:
    """The laptops this charter exchanged USB exports with (by name), and whether it synced
    with a server or a shared folder."""
    refs = git.refs("refs/charter")
    laptops = {
        name.removeprefix(prefix)
        for name in refs
        for prefix in (_RECEIVED, _SENT)
        if name.startswith(prefix) and name.removeprefix(prefix) != "server"
    }
    server = f"{_RECEIVED}server" in refs
    me = {name.removeprefix(_EXPORTED_BY) for name in refs if name.startswith(_EXPORTED_BY)}
    return sorted(laptops - me), server
