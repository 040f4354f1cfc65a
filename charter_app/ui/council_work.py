"""The council's work off the UI thread, each with a repository: reading, previewing, adopting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import AmendmentKind
from charter_app.core.decisions import Outcome, make_decision
from charter_app.core.participants import name_of
from charter_app.core.versions import VERSION_NAME, Version
from charter_app.i18n import _
from charter_app.ui.council_models import AmendmentRow


@dataclass(frozen=True)
class CouncilState:
    """What the panel shows of a charter's amendments."""

    rows: tuple[AmendmentRow, ...]
    signing: bool
    """Whether the user's global git configuration names a signing key."""


def _target_text(charter, record, ledger) -> str:
    amendment = record.amendment
    if amendment.kind is AmendmentKind.SUB:
        parent = ledger.get(amendment.target)
        return _("amendment {number}").format(number=parent.label if parent else amendment.target)
    principle = charter.principle(amendment.target)
    name = f"{principle.number}. {principle.title}" if principle else amendment.target
    if amendment.kind is AmendmentKind.INSERT:
        return _("new, after {principle}").format(principle=name)
    return name


def load_council(path: Path) -> CouncilState:
    from charter_app.storage.amendments import AmendmentBook
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import user_signing_setup

    with CharterRepository.open(path) as repository:
        charter = repository.load()
        book = AmendmentBook(repository)
        ledger = book.ledger()
        states = book.states(charter, ledger)
        rows = []
        for record in ledger.records:
            undecided = record.status in (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)
            assessment = states.get(record.id)
            rows.append(
                AmendmentRow(
                    record.id,
                    record.display,
                    record.amendment.kind,
                    _target_text(charter, record, ledger),
                    record.status,
                    assessment.state if undecided and assessment else None,
                    record.amendment.rationale,
                    name_of(charter, record.amendment.author),
                )
            )
        signing = bool(user_signing_setup(repository.git).key)
    return CouncilState(tuple(rows), signing)


def load_versions(path: Path) -> list[Version]:
    from charter_app.storage.repository import CharterRepository
    from charter_app.storage.versions import adopted_versions

    with CharterRepository.open(path) as repository:
        return adopted_versions(repository)


@dataclass(frozen=True)
class PreviewedText:
    """One principle as the selection would leave it."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class BatchPreview:
    adopted: tuple[str, ...]
    texts: tuple[PreviewedText, ...]


def _principle_text(principle) -> str:
    return f"{principle.number}. {principle.title}\n\n{principle.body}" if principle else ""


def preview_batch(path: Path, references: Sequence[str], by: str) -> BatchPreview:
    """The "what if" of adopting ``references`` in order: nothing is written."""
    from charter_app.application.council import adopt
    from charter_app.application.session import Session

    with Session.open(path) as session:
        decision = make_decision(Outcome.ADOPTED)
        adoption = adopt(session, by, [(r, decision) for r in references], dry_run=True).value
        before = session.repository.load()
    texts = []
    for principle_id in adoption.change.principles:
        old, new = before.principle(principle_id), adoption.charter.principle(principle_id)
        label = f"{new.number}. {new.title}" if new else principle_id
        if old is None:
            label = _("{principle} (new)").format(principle=label)
        texts.append(PreviewedText(label, _principle_text(old), _principle_text(new)))
    for principle_id in adoption.change.removed:
        old = before.principle(principle_id)
        label = f"{old.number}. {old.title}" if old else principle_id
        texts.append(
            PreviewedText(
                _("{principle} (deleted)").format(principle=label), _principle_text(old), ""
            )
        )
    return BatchPreview(adoption.adopted, tuple(texts))


def next_version_name(versions: Sequence[Version]) -> str:
    """``v1.0`` first, then the next whole number after the latest version."""
    majors = [int(v.name[1:].split(".")[0]) for v in versions if VERSION_NAME.match(v.name)]
    return f"v{max(majors, default=0) + 1}.0"
