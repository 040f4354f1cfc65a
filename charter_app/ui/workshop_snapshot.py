"""What the workshop views read: the saved charter and its events, folded once."""

from __future__ import annotations

from dataclasses import dataclass

from charter_app.core import workshops as core
from charter_app.core.amendment_state import AmendmentStatus, Ledger, fold, principle_of
from charter_app.core.amendments import AmendmentKind, as_amended_by
from charter_app.core.comments import CommentBoard, fold_comments
from charter_app.core.events import Event
from charter_app.core.model import Charter
from charter_app.storage.amendments import read_amendments


@dataclass(frozen=True)
class Snapshot:
    """The saved charter and its events, folded once for every workshop view."""

    charter: Charter
    events: tuple[Event, ...]
    register: core.WorkshopRegister
    ledger: Ledger
    board: CommentBoard

    def amendments_on(self, principle_id: str | None) -> list:
        """Registered amendments about ``principle_id`` (sub-amendments after their parent)."""
        return [
            record
            for record in self.ledger.records
            if record.status is AmendmentStatus.REGISTERED
            and principle_of(record.amendment, self.ledger) == principle_id
        ]

    def registered(self) -> list:
        return [r for r in self.ledger.records if r.status is AmendmentStatus.REGISTERED]

    def proposed(self, record) -> tuple[str | None, str | None]:
        """(proposed title, proposed body) of an amendment record; None keeps the current."""
        amendment = record.amendment
        if amendment.is_sub:
            parent = self.ledger.get(amendment.target)
            if parent is not None:
                amendment = as_amended_by(parent.amendment, amendment)
        if amendment.kind is AmendmentKind.DELETE:
            return None, ""
        return amendment.title, amendment.body

    def comment_count(self, target: str) -> int:
        count = 0
        for thread in self.board.threads_on(target):
            count += sum(
                1 for view in (thread.root, *thread.replies) if view.shown_text() is not None
            )
        return count

    def tally_of(self, amendment_id: str | None) -> core.WorkshopTally | None:
        workshop = self.register.current()
        if workshop is None or amendment_id is None:
            return None
        found = [t for t in self.register.tallies_of(workshop.id) if t.amendment == amendment_id]
        return found[0] if found else None


def read_snapshot(repository, charter: Charter | None = None) -> Snapshot:
    """The events and amendments as on disk, with ``charter`` as saved (read from disk when
    not given: the window passes the saved charter it keeps in step)."""
    charter = charter if charter is not None else repository.load()
    events = repository.events()
    return Snapshot(
        charter,
        tuple(events),
        core.fold_workshops(events),
        fold(read_amendments(repository.path), events),
        fold_comments(events),
    )
