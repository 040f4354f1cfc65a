"""The open charter being edited: the last saved charter and the in-memory working copy."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from charter_app.core.model import Charter
from charter_app.core.operations import Change
from charter_app.i18n import _, ngettext

if TYPE_CHECKING:
    from charter_app.application.session import Session


@dataclass(frozen=True)
class PendingChanges:
    """Everything that differs between the saved charter and the working copy."""

    change: Change
    principle_ids: tuple[str, ...]


class CharterDocument(QObject):
    """Holds the working charter; every edit goes through :meth:`apply` (called by undo commands).

    ``changed`` carries the :class:`Change` so views refresh only what changed.
    """

    changed = Signal(object)
    """Emitted with the Change after the working charter changed (edit, undo, redo, reload)."""
    saved = Signal(str)
    """Emitted with the new commit id after a successful save."""

    def __init__(
        self,
        session: Session,
        charter: Charter,
        *,
        read_only: bool = False,
        base: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        """The charter opened for writing: every write goes through it (``ui/operations.py``)."""
        self.repository = session.repository
        self.path = Path(session.path)
        self.saved_charter = charter
        self.charter = charter
        self.base = base
        """The commit ``saved_charter`` was read at: what the next save is made from."""
        self.read_only = read_only
        self.stable_numbers = bool(getattr(self.repository, "stable_numbers", False))

    def apply(self, charter: Charter, change: Change) -> None:
        self.charter = charter
        self.changed.emit(change)

    @property
    def is_modified(self) -> bool:
        return self.charter != self.saved_charter or (
            self.charter.participants != self.saved_charter.participants
        )

    def pending(self, summaries: list[str]) -> PendingChanges:
        """One Change covering every difference, so one save makes one commit."""
        saved, working = self.saved_charter, self.charter
        saved_by_id = {p.id: p for p in saved.principles}
        working_ids = {p.id for p in working.principles}
        touched = tuple(p.id for p in working.principles if saved_by_id.get(p.id) != p)
        removed = tuple(p.id for p in saved.principles if p.id not in working_ids)
        meta = (
            saved.title != working.title
            or saved.territory != working.territory
            or saved.preamble != working.preamble
            or [p.id for p in saved.principles] != [p.id for p in working.principles]
        )
        participants = saved.participants != working.participants
        unique = list(dict.fromkeys(s for s in summaries if s))
        if len(unique) == 1:
            summary = unique[0]
        elif unique and len(unique) <= 3:
            summary = "; ".join(unique)
        else:
            count = len(set(touched) | set(removed))
            summary = ngettext("Edit {count} principle", "Edit {count} principles", count).format(
                count=count
            )
            if not count:
                summary = _("Edit the charter’s title, territory or preamble")
        trailers = tuple(("Charter-Principle", pid) for pid in (*touched, *removed))
        change = Change(
            summary,
            principles=touched,
            removed=removed,
            meta=meta,
            participants=participants,
            trailers=trailers,
        )
        return PendingChanges(change, touched + removed)

    def mark_saved(self, commit: str | None) -> None:
        self.saved_charter = self.charter
        if commit:
            self.base = commit
        self.saved.emit(commit or "")

    def take_saved(self, charter: Charter, base: str | None) -> Change:
        """The saved charter changed (a write here or elsewhere): take ``charter`` (read at
        commit ``base``) as saved, with the unsaved edits replayed on it; what changed in the
        working copy."""
        had_edits = self.is_modified
        from charter_app.core.rebase import rebase  # three-way merging, only when needed

        working = rebase(self.saved_charter, self.charter, charter)
        old = self.charter
        self.saved_charter = charter
        if not had_edits:
            # Unsaved edits keep the commit they were made on: saving merges them with what
            # was written since, three ways, and says so when they overlap.
            self.base = base
        before = {p.id: p for p in old.principles}
        after = {p.id: p for p in working.principles}
        change = Change(
            _("Reloaded"),
            principles=tuple(pid for pid, p in after.items() if before.get(pid) != p),
            removed=tuple(pid for pid in before if pid not in after),
            meta=(old.title, old.territory, old.preamble, [p.id for p in old.principles])
            != (working.title, working.territory, working.preamble, list(after)),
            participants=old.participants != working.participants,
        )
        self.apply(working, change)
        return change
