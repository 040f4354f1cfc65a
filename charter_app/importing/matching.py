"""A revised copy of the charter (or one with tracked changes or CriticMarkup) compared with the
charter itself: which principle each part is, and the amendments and comments that follow.

Parts are matched to principles by number, then by title, then by text similarity. A changed
principle gives one amendment per author of its suggested changes when the rest of its text is
the charter's, else one amendment by the person importing; a principle only the file has is an
insertion after the one before it; a principle the file lacks is a deletion, when the file holds
most of the charter (an export of a single principle proposes no deletions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from charter_app.core.amendments import Amendment, AmendmentKind
from charter_app.core.model import Charter, Principle
from charter_app.diffing import diff_words
from charter_app.errors import NotACharterError
from charter_app.i18n import _, ngettext
from charter_app.importing import review
from charter_app.importing.blocks import Document, Issue, IssueKind
from charter_app.importing.principles import numbers, render_blocks, title_of
from charter_app.importing.structure import Part, detect, heading_text
from charter_app.importing.suggestions import (
    ProposedChange,
    ProposedComment,
    changes_of,
    comments_of,
    has_review_marks,
)
from charter_app.importing.tracked_pairs import pair_document
from charter_app.storage.textnorm import unwrap

SIMILAR = 0.5
"""Share of words in common above which two texts are the same principle, reworded."""


@dataclass(frozen=True)
class SuggestionPlan:
    """What importing suggestions would file; nothing is written until it is confirmed."""

    changes: tuple[ProposedChange, ...]
    comments: tuple[ProposedComment, ...]
    report: tuple[Issue, ...]
    matches: tuple[tuple[str, str], ...] = ()
    """(the file's heading, the charter's principle id) for every principle recognised."""


def similarity(old: str, new: str) -> float:
    if not old and not new:
        return 1.0
    ops = diff_words(old, new).ops
    same = sum(len(op.text) for op in ops if op.kind == "equal")
    return 2 * same / (len(old) + len(new))


def match_parts(
    titles: Sequence[str], bodies: Sequence[str], doc_numbers: Sequence[str], charter: Charter
) -> list[Principle | None]:
    """The charter principle each part of the file is, or None."""
    matched: list[Principle | None] = [None] * len(titles)
    free = {p.id: p for p in charter.principles}
    for index, number in enumerate(doc_numbers):
        found = next((p for p in free.values() if p.number == number), None)
        if found is not None:
            matched[index] = free.pop(found.id)
    for index, title in enumerate(titles):
        if matched[index] is None:
            found = next((p for p in free.values() if p.title.casefold() == title.casefold()), None)
            if found is not None:
                matched[index] = free.pop(found.id)
    for index, body in enumerate(bodies):
        if matched[index] is None and free:
            scored = [(similarity(p.body, unwrap(body)), p.id) for p in free.values()]
            score, best = max(scored)
            if score >= SIMILAR:
                matched[index] = free.pop(best)
    return matched


def plan_suggestions(
    document: Document, charter: Charter, pending: Sequence[Amendment] = ()
) -> SuggestionPlan:
    """The amendments and comments a document suggests on ``charter``; ``pending`` are the
    amendments already filed, so importing the same file twice files nothing new."""
    layout = detect(pair_document(document).blocks)
    if not layout.parts:
        raise NotACharterError(
            _("No principles were found in “{name}”.").format(name=document.name or "?"),
            _("The file must hold the charter's principles, each under its heading."),
        )
    doc_numbers, _issues = numbers(layout.parts)
    titles = [
        title_of(p, n, review.original) for p, n in zip(layout.parts, doc_numbers, strict=True)
    ]
    bodies = [render_blocks(p.blocks, review.original, p.level) for p in layout.parts]
    matched = match_parts(titles, bodies, doc_numbers, charter)
    report: list[Issue] = list(document.issues)
    changes: list[ProposedChange] = []
    comments: list[ProposedComment] = []
    previous: Principle | None = None
    for part, number, principle in zip(layout.parts, doc_numbers, matched, strict=True):
        if principle is None:
            changes.extend(_insertion(part, number, previous, report))
            continue
        changes.extend(_modifications(part, number, principle))
        comments.extend(
            replace(c, number=principle.number)
            for c in comments_of([part.heading, *part.blocks], number)
        )
        previous = principle
    found = {p.id for p in matched if p is not None}
    missing = [p for p in charter.principles if p.id not in found]
    if missing and len(found) * 2 >= len(charter.principles):
        changes.extend(ProposedChange(AmendmentKind.DELETE, p.number, "") for p in missing)
    elif missing:
        report.append(
            Issue(
                IssueKind.STRUCTURE,
                _(
                    "The file holds only part of the charter: the "
                    "principles it lacks are not proposed for deletion."
                ),
            )
        )
    report.extend(_outside_principles(layout.title, layout.preamble, charter))
    fresh = [c for c in changes if not _already_filed(c, charter, pending)]
    if len(fresh) < len(changes):
        report.append(
            Issue(
                IssueKind.TRACKED_CHANGE,
                ngettext(
                    "{count} suggested change is already filed as an amendment and is skipped.",
                    "{count} suggested changes are already filed as amendments and are skipped.",
                    len(changes) - len(fresh),
                ).format(count=len(changes) - len(fresh)),
            )
        )
    matches = tuple(
        (heading_text(part.heading), principle.id)
        for part, principle in zip(layout.parts, matched, strict=True)
        if principle is not None
    )
    return SuggestionPlan(tuple(fresh), tuple(comments), tuple(report), matches)


def _modifications(part: Part, number: str, principle: Principle) -> list[ProposedChange]:
    base_title = title_of(part, number, review.original)
    base_body = unwrap(render_blocks(part.blocks, review.original, part.level))
    unchanged_base = (base_title, base_body) == (principle.title, principle.body)
    if has_review_marks([part.heading, *part.blocks]) and unchanged_base:
        return [replace(c, number=principle.number) for c in changes_of(part, number)]
    title = title_of(part, number, review.everything)
    body = unwrap(render_blocks(part.blocks, review.everything, part.level))
    if (title, body) == (principle.title, principle.body):
        return []
    return [
        ProposedChange(
            AmendmentKind.MODIFY,
            principle.number,
            "",
            title if title != principle.title else None,
            body if body != principle.body else None,
        )
    ]


def _insertion(
    part: Part, number: str, previous: Principle | None, report: list[Issue]
) -> list[ProposedChange]:
    title = title_of(part, number, review.everything)
    body = render_blocks(part.blocks, review.everything, part.level)
    if previous is None:
        report.append(
            Issue(
                IssueKind.STRUCTURE,
                _(
                    "A new principle before the first one cannot be proposed: an insertion goes "
                    "after a principle. Propose it after the first principle."
                ),
                detail=f"{title}\n\n{body}",
            )
        )
        return []
    groups_labels = [c.label for c in changes_of(part, number) if c.label]
    return [
        ProposedChange(
            AmendmentKind.INSERT,
            previous.number,
            "",
            title,
            body,
            groups_labels[0] if groups_labels else "",
        )
    ]


def _outside_principles(title: object, preamble: Sequence[object], charter: Charter) -> list[Issue]:
    from charter_app.importing.blocks import Block

    blocks = [b for b in [title, *preamble] if isinstance(b, Block)]
    text = render_blocks([b for b in blocks if b is not title], review.everything)
    if preamble and unwrap(text) != unwrap(charter.preamble):
        return [
            Issue(
                IssueKind.STRUCTURE,
                _(
                    "The preamble differs from the charter's; amendments change principles only, "
                    "so the preamble's changes are listed here and not filed."
                ),
                where=_("preamble"),
                detail=text,
            )
        ]
    return []


def _already_filed(change: ProposedChange, charter: Charter, pending: Sequence[Amendment]) -> bool:
    by_number = {p.number: p.id for p in charter.principles}
    target = by_number.get(change.number)
    body = unwrap(change.body) if change.body is not None else None
    return any(
        a.kind is change.kind
        and a.target == target
        and a.title == change.title
        and (a.body if a.body is None else unwrap(a.body)) == body
        for a in pending
    )
