"""Noticing writes made elsewhere: the command line, a sync, another window or program.

A :class:`ChangeWatcher` compares the charter's refs fingerprint (a few file reads, no git
process) at each :meth:`~ChangeWatcher.poll`; when it moved, it says what changed since the
last poll, as a :class:`~charter_app.application.written.Written` like any write's. A surface
polls it on a timer (the desktop every half second) and refreshes only what changed.
"""

from __future__ import annotations

from charter_app.application.changes import changed_between
from charter_app.application.session import Session
from charter_app.application.written import Changed, Written
from charter_app.storage.registry import registry_commit


class ChangeWatcher:
    """What changed in a charter since the last look."""

    def __init__(self, session: Session) -> None:
        self.session = session
        git = session.repository.git
        self._token = git.refs_token()
        self._head = git.head()
        self._tags = {tag.name for tag in session.repository.tags()}
        self._names = registry_commit(git)

    def seen(self) -> None:
        """Take the charter as it is now as seen (after this program's own write)."""
        git = self.session.repository.git
        self._token = git.refs_token()
        self._head = git.head()
        self._tags = {tag.name for tag in self.session.repository.tags()}
        self._names = registry_commit(git)

    def moved(self) -> bool:
        """Whether the refs moved since the last poll (a few file reads: cheap enough for a
        timer on the UI thread)."""
        return self.session.repository.git.refs_token() != self._token

    def poll(self) -> Written[None] | None:
        """What changed since the last poll (or :meth:`seen`), or None when nothing did."""
        git = self.session.repository.git
        token = git.refs_token()
        if token == self._token:
            return None
        self._token = token
        head = git.head()
        tags = {tag.name for tag in self.session.repository.tags()}
        changed = changed_between(git, self._head, head)
        new_versions = tuple(sorted(tags - self._tags))
        if new_versions:
            changed = changed.plus(Changed(versions=new_versions))
        names = registry_commit(git)
        if names != self._names:  # a registration or an erasure made elsewhere
            changed = changed.plus(Changed(participants=True))
            self._names = names
        commits = (head,) if head is not None and head != self._head else ()
        self._head, self._tags = head, tags
        if not changed.anything and not commits:
            return None
        return Written(None, commits, "", changed)
