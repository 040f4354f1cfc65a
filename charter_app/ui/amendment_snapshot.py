"""The amendments of a charter as saved on disk, read off the UI thread for the dock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from charter_app.core.amendment_state import Ledger
from charter_app.core.amendments import Assessment
from charter_app.core.comments import Thread
from charter_app.core.model import Charter, Principle
from charter_app.i18n import _
from charter_app.ui.amendment_models import AmendmentRow, build_rows
from charter_app.ui.history_panel import format_when


@dataclass(frozen=True)
class Snapshot:
    """The amendments of a charter as saved on disk, with what their views need."""

    charter: Charter
    ledger: Ledger
    states: dict[str, Assessment]
    rows: list[AmendmentRow]
    bases: dict[str, Principle | None]
    """Amendment id -> the principle it changes, as it was at its base commit."""
    effective: dict[str, object]
    """Amendment id -> the amendment as it applies (a sub-amendment: its parent, its text)."""
    base_labels: dict[str, str]
    """Amendment id -> the version it was written on ("v1.0" or "saved on 12 March 2026")."""
    threads: dict[str, list[Thread]]
    workshop: str | None


def load_snapshot(path: Path) -> Snapshot:
    from charter_app.core.comments import fold_comments
    from charter_app.core.whatif import effective_amendment
    from charter_app.core.workshops import running_workshop_label
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository

    # A repository of its own: git objects are not shared between threads.
    with CharterRepository.open(path) as repository:
        book = AmendmentBook(repository)
        charter = repository.load()
        ledger = book.ledger()
        states = book.states(charter, ledger)
        parents = {record.id: record.amendment for record in ledger.records}
        effective = {r.id: effective_amendment(r.amendment, parents) for r in ledger.records}
        bases = {
            amendment_id: book.base_texts(amendment.base, amendment.target) if amendment else None
            for amendment_id, amendment in effective.items()
        }
        tags = {tag.target: tag.name for tag in repository.tags()}
        dates = {r.sha: r.authored_at for r in repository.history()}
        base_labels = {}
        for amendment_id, amendment in effective.items():
            if amendment is None:
                continue
            label = tags.get(amendment.base)
            if label is None:  # a moment, in words (never a commit id)
                when = dates.get(amendment.base)
                label = (
                    _("saved on {date}").format(date=format_when(when))
                    if when
                    else _("an earlier text")
                )
            base_labels[amendment_id] = label
        events = repository.events()
        board = fold_comments(events)
        threads = {record.id: board.threads_on(record.id) for record in ledger.records}
        return Snapshot(
            charter,
            ledger,
            states,
            build_rows(charter, ledger, states),
            bases,
            effective,
            base_labels,
            threads,
            running_workshop_label(events),
        )
