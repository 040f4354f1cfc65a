"""Which commits touched which file, kept in memory so a principle's history shows at once."""

from __future__ import annotations

import threading

from charter_app.core.revision import Revision
from charter_app.storage.git import GitRepository


class HistoryIndex:
    """Every commit, and for each path the commits that changed it, newest first.

    Built once from two ``git log`` streams (the app does it off the UI thread when a charter
    opens), then brought up to date incrementally: after a save only the new commits are read.
    ``git log -- path`` walks the whole history on every call; this answers from memory.
    """

    def __init__(self, git: GitRepository) -> None:
        self._git = git
        self._lock = threading.Lock()
        self._head: str | None = None
        self._revisions: dict[str, Revision] = {}
        self._by_path: dict[str, list[str]] = {}
        self._order: list[str] = []

    def refresh(self) -> None:
        """Read the commits made since the last refresh (all of them the first time)."""
        with self._lock:
            head = self._git.head()
            if head == self._head:
                return
            if head is None:
                self._head, self._revisions, self._by_path, self._order = None, {}, {}, []
                return
            new_revisions = self._git.log_since(self._head) if self._head else []
            # Incremental only when the old head is in the new history (a save, a merge):
            # then one of the new commits has it as a parent. Otherwise read everything.
            if not any(self._head in revision.parents for revision in new_revisions):
                self._revisions, self._by_path, self._order = {}, {}, []
                new_revisions = self._git.log_since(None)
                new_changes = self._git.changed_paths(None)
            else:
                new_changes = self._git.changed_paths(self._head)
            for revision in new_revisions:
                self._revisions[revision.sha] = revision
            additions: dict[str, list[str]] = {}
            for sha, paths in new_changes:
                for path in paths:
                    additions.setdefault(path, []).append(sha)
            for path, shas in additions.items():
                self._by_path[path] = shas + self._by_path.get(path, [])
            self._order = [r.sha for r in new_revisions] + self._order
            self._head = head

    def history(self, path: str | None = None) -> list[Revision]:
        """Commits that changed ``path`` (every commit when None), newest first."""
        self.refresh()
        with self._lock:
            shas = self._order if path is None else self._by_path.get(path, [])
            return [self._revisions[sha] for sha in shas if sha in self._revisions]
