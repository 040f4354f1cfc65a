"""Where the text comes from: adopted amendments, decisions and votes, and workshops.

Read at the exported commit, never from the working tree: an export of ``v1.0`` shows the
decisions ``v1.0`` holds. Statuses come from the amendments' own fold
(:func:`charter_app.core.amendment_state.fold`), decisions and votes from
:func:`charter_app.core.decisions.decision_of`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.core.amendment_state import AmendmentStatus, Ledger, fold
from charter_app.core.decisions import OUTCOME_LABELS, Decision, decision_of
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter
from charter_app.core.participants import removed_label
from charter_app.core.revision import Revision
from charter_app.export.document import NamesMode
from charter_app.i18n import _
from charter_app.storage import events as events_store
from charter_app.storage.amendments import AMENDMENTS_DIR, parse_amendment
from charter_app.storage.repository import CharterRepository


@dataclass(frozen=True)
class AdoptedAmendment:
    label: str
    principle: str
    """The principle it changed (id), or "" when unknown."""
    author: str
    """As the names option allows: a name with role, a role, or ""."""
    rationale: str
    decision: Decision | None


@dataclass(frozen=True)
class Workshop:
    id: str
    first: str
    """Date of its first contribution (``YYYY-MM-DD``)."""
    last: str
    contributions: int


@dataclass(frozen=True)
class Provenance:
    amendments: tuple[AdoptedAmendment, ...]
    workshops: tuple[Workshop, ...]


def person(charter: Charter, participant_id: str, names: NamesMode) -> str:
    """A participant as the user chose to show people: name (role), role only, or nothing."""
    if names == "none":
        return ""
    participant = charter.participant(participant_id)
    if participant is None:
        return _("a former participant") if names == "names" else ""
    role = _(ROLE_LABELS[participant.role])
    if names == "roles":
        return role
    if participant.is_erased:  # never a name once erased: the role, and the id to trace it
        return removed_label(participant)
    return f"{participant.name} ({role})"


def ledger_at(repository: CharterRepository, commit: str) -> tuple[Ledger, list[Event]]:
    """The amendments' ledger and the events as committed at ``commit``."""
    git = repository.git
    amendments = [
        parse_amendment(data, path)
        for path, data in git.read_tree(commit, AMENDMENTS_DIR).items()
        if path.endswith(".yaml")
    ]
    contents = git.read_tree(commit, events_store.EVENTS_DIR)
    events = events_store.events_from_contents(contents, repository.path)
    return fold(amendments, events), events


def provenance(
    repository: CharterRepository,
    commit: str,
    charter: Charter,
    names: NamesMode,
    history: Sequence[Revision],
) -> Provenance:
    """Adopted amendments (by number) and workshops, as recorded at ``commit``."""
    ledger, events = ledger_at(repository, commit)
    by_id = {event.id: event for event in events}
    adopted = []
    for record in ledger.records:
        if record.status is not AmendmentStatus.ADOPTED:
            continue
        event = by_id.get(record.outcome_event or "")
        adopted.append(
            AdoptedAmendment(
                record.label,
                record.amendment.target,
                person(charter, record.amendment.author, names),
                record.amendment.rationale,
                decision_of(event) if event is not None else None,
            )
        )
    written = [
        (r.amendment.workshop, r.amendment.created.date().isoformat())
        for r in ledger.records
        if r.amendment.workshop
    ]
    return Provenance(tuple(adopted), workshops(history, events, written))


def workshops(
    history: Sequence[Revision],
    events: Sequence[Event],
    amendments: Sequence[tuple[str, str]] = (),
) -> tuple[Workshop, ...]:
    """Workshops named by ``Charter-Workshop`` trailers, events or amendments written there
    (``(workshop, date)`` pairs), in order of first date."""
    seen: dict[str, list[str]] = {}
    for name, day in amendments:
        seen.setdefault(name, []).append(day)
    for revision in history:
        for key, value in revision.trailers:
            if key.lower() == "charter-workshop" and value.strip():
                seen.setdefault(value.strip(), []).append(revision.authored_at.date().isoformat())
    for event in events:
        name = event.workshop or (str(event.get("id", "")) if event.type == "workshop" else "")
        if name:
            seen.setdefault(name, []).append(event.at.date().isoformat())
    found = [Workshop(name, min(dates), max(dates), len(dates)) for name, dates in seen.items()]
    return tuple(sorted(found, key=lambda w: (w.first, w.id)))


def decision_text(decision: Decision | None) -> str:
    """``adopted (14 for, 3 against, 2 abstentions), Délibération 2026-14 of 2026-03-12``."""
    if decision is None:
        return _("adopted")
    parts = [_(OUTCOME_LABELS[decision.outcome])]
    if decision.votes is not None:
        parts.append(
            _("({for_} for, {against} against, {abstain} abstentions)").format(
                for_=decision.votes.for_,
                against=decision.votes.against,
                abstain=decision.votes.abstain,
            )
        )
    if decision.ref:
        parts.append(decision.ref)
    if decision.date is not None:
        parts.append(_("on {date}").format(date=decision.date.isoformat()))
    return " ".join(parts)
