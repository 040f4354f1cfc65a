"""A charter, or one principle, with its pending amendments written as CriticMarkup, so a
participant can read and change it in any text editor offline and import it back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from charter_app.core.amendments import Amendment, AmendmentKind, insertion_number
from charter_app.core.model import Charter, Principle
from charter_app.importing.criticmarkup import changes

Proposal = Callable[[Amendment], "tuple[str, str] | None"]
"""The title and body an amendment proposes against the current text (merged when the text
changed since it was written); None when it conflicts or has fallen."""


@dataclass(frozen=True)
class OfflineCopy:
    text: str
    """Markdown with CriticMarkup: each change followed by ``{>>A-3<<}``, its amendment."""
    left_out: tuple[str, ...] = ()
    """Amendments not written: a second one on the same principle (marks cannot overlap), or
    one that conflicts with the text; export each alone with ``only``."""


def _heading(number: str, title: str) -> str:
    return f"## {number}. {title}"


def export_criticmarkup(
    charter: Charter,
    pending: Sequence[tuple[str, Amendment]],
    proposal: Proposal,
    principle_id: str | None = None,
    only: str | None = None,
) -> OfflineCopy:
    """``pending`` holds (label, amendment) of registered amendments not yet decided."""
    chosen = [(label, a) for label, a in pending if only is None or label == only]
    by_target: dict[str, tuple[str, Amendment]] = {}
    inserts: dict[str, list[tuple[str, Amendment]]] = {}
    left_out: list[str] = []
    for label, amendment in chosen:
        if amendment.kind is AmendmentKind.SUB or proposal(amendment) is None:
            left_out.append(label)
        elif amendment.kind is AmendmentKind.INSERT:
            inserts.setdefault(amendment.target, []).append((label, amendment))
        elif amendment.target in by_target:
            left_out.append(label)
        else:
            by_target[amendment.target] = (label, amendment)
    sections: list[str] = []
    if principle_id is None:
        sections.append(f"# {charter.title}")
        if charter.preamble.strip():
            sections.append(charter.preamble.strip())
    for principle in charter.principles:
        if principle_id is not None and principle.id != principle_id:
            continue
        sections.extend(_principle(principle, by_target.get(principle.id), proposal))
        for label, amendment in inserts.get(principle.id, []):
            proposed = proposal(amendment)
            assert proposed is not None
            number = insertion_number(charter, amendment) or f"{principle.number} bis"
            sections.append(_heading(number, changes("", proposed[0], label)))
            if proposed[1].strip():
                sections.append(changes("", proposed[1], label))
    return OfflineCopy("\n\n".join(sections) + "\n", tuple(left_out))


def _principle(
    principle: Principle, pending: tuple[str, Amendment] | None, proposal: Proposal
) -> list[str]:
    if pending is None:
        return [_heading(principle.number, principle.title), principle.body]
    label, amendment = pending
    if amendment.kind is AmendmentKind.DELETE:
        title, body = "", ""
    else:
        proposed = proposal(amendment)
        assert proposed is not None
        title, body = proposed
    heading = _heading(principle.number, changes(principle.title, title, label).replace("\n", " "))
    return [heading, changes(principle.body, body, label)]
