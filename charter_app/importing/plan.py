"""The import preview (:class:`ImportPlan`) shown before anything is written, and writing it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from charter_app.application.session import Session
from charter_app.core.model import (
    Charter,
    InsertionStyle,
    NumberingMode,
    Principle,
    Role,
    Section,
)
from charter_app.core.operations import add_participant, slugify
from charter_app.errors import CharterError, NotACharterError
from charter_app.i18n import _, ngettext
from charter_app.importing import review
from charter_app.importing.blocks import Block, Document, Issue, IssueKind
from charter_app.importing.principles import (
    PlannedPrinciple,
    numbered,
    plan_principles,
    render_blocks,
)
from charter_app.importing.structure import Layout, SectionHeading, detect, heading_text
from charter_app.importing.suggestions import (
    ProposedChange,
    ProposedComment,
    changes_of,
    comments_of,
    has_review_marks,
)
from charter_app.importing.tracked_pairs import pair_document

_FRENCH = re.compile(r"\b(?:le|la|les|des|du|et|est|une|pour|dans|qui)\b", re.IGNORECASE)
_ENGLISH = re.compile(r"\b(?:the|and|of|to|is|for|with|that|are|our)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ImportPlan:
    """What importing a document would create; nothing is written until :func:`apply_plan`."""

    title: str
    preamble: str
    """Markdown."""
    principles: tuple[PlannedPrinciple, ...]
    report: tuple[Issue, ...]
    """Everything the charter cannot hold or that was interpreted, for the confirmation dialog."""
    rule: str = ""
    """Translated sentence: how the principles were recognised."""
    language: str = "fr"
    changes: tuple[ProposedChange, ...] = ()
    """Tracked changes and CriticMarkup of the document, filed as amendments after creation."""
    comments: tuple[ProposedComment, ...] = ()
    """Comments of the document, recorded on their passages after creation."""
    source: str = ""
    """The file's name."""
    sections: tuple[SectionHeading, ...] = ()
    """The document's parts above the principles, in order; principles name theirs by index."""
    numbering: NumberingMode = NumberingMode.SEQUENTIAL
    """Stable when the document numbers its principles: the charter keeps those numbers."""
    insertions: InsertionStyle = InsertionStyle.SUFFIX
    """Dashes when the document inserts with dashes ("29-1") and never with "bis"."""


def guess_language(text: str) -> str:
    return "en" if len(_ENGLISH.findall(text)) > len(_FRENCH.findall(text)) else "fr"


def plan_import(document: Document, title: str | None = None) -> ImportPlan:
    """The charter a document holds, and the report of what could not be represented.

    Raises a translated :class:`NotACharterError` when the document has no text at all, or
    neither a heading nor a numbered article (nothing to build a charter from).
    """
    document = pair_document(document)
    layout = detect(document.blocks)
    if not layout.parts and layout.title is None:
        raise NotACharterError(
            _(
                "No charter was found in “{name}”: it has no headings and no numbered articles."
            ).format(name=document.name or "?"),
            _(
                "Give the title and the principles heading styles (Heading 1, Heading 2) in the "
                "word processor, or type “Article 1”, “Article 2”… before each principle."
            ),
        )
    principles, issues = plan_principles(layout)
    report: list[Issue] = [*document.issues, *layout.issues, *issues]
    chosen_title = (title or "").strip() or (
        heading_text(layout.title) if layout.title is not None else ""
    )
    if not chosen_title:
        chosen_title = document.metadata_title or document.name or _("Imported charter")
        report.append(
            Issue(
                IssueKind.TITLE,
                _("The document has no title heading: the charter is titled “{title}”.").format(
                    title=chosen_title
                ),
            )
        )
    if not principles:
        report.append(Issue(IssueKind.STRUCTURE, layout.rule))
    report.extend(_located_issues(layout, principles))
    changes: list[ProposedChange] = []
    comments: list[ProposedComment] = []
    for part, principle in zip(layout.parts, principles, strict=True):
        changes.extend(changes_of(part, principle.number))
        comments.extend(comments_of([part.heading, *part.blocks], principle.number))
    report.extend(_review_issues(layout, changes, comments))
    preamble = render_blocks(layout.preamble, review.original)
    text = " ".join([preamble, *(p.body for p in principles)])
    numbering, insertions = numbering_of(layout, principles)
    report.append(Issue(IssueKind.NUMBERING, _numbering_sentence(numbering, insertions)))
    return ImportPlan(
        chosen_title,
        preamble,
        tuple(principles),
        tuple(report),
        layout.rule,
        guess_language(text),
        tuple(changes),
        tuple(comments),
        document.name,
        layout.sections,
        numbering,
        insertions,
    )


def numbering_of(
    layout: Layout, principles: Sequence[PlannedPrinciple]
) -> tuple[NumberingMode, InsertionStyle]:
    """Stable numbering for a document that numbers its principles (its numbers are kept and
    never silently changed), sequential for one that does not; dashed insertions when the
    document's own numbers use dashes and no suffix."""
    if not numbered(layout):
        return NumberingMode.SEQUENTIAL, InsertionStyle.SUFFIX
    dashed = any("-" in p.number for p in principles)
    suffixed = any(" " in p.number for p in principles)
    style = InsertionStyle.DASH if dashed and not suffixed else InsertionStyle.SUFFIX
    return NumberingMode.STABLE, style


def _numbering_sentence(numbering: NumberingMode, insertions: InsertionStyle) -> str:
    if numbering is NumberingMode.SEQUENTIAL:
        return _("Numbers follow the order of the principles until a version is adopted.")
    example = "3-1" if insertions is InsertionStyle.DASH else "3 bis"
    return _(
        "The document's numbers are kept: a new principle gets an insertion number "
        "(“{example}”) and numbers change only when the charter is renumbered."
    ).format(example=example)


def _located_issues(layout: Layout, principles: list[PlannedPrinciple]) -> list[Issue]:
    """Issues readers attached to blocks, with the place they were met."""
    located: list[Issue] = []
    places: list[tuple[str, list[Block]]] = [(_("title"), [layout.title] if layout.title else [])]
    places.append((_("preamble"), list(layout.preamble)))
    for part, principle in zip(layout.parts, principles, strict=True):
        where = _("principle {number}").format(number=principle.number)
        places.append((where, [part.heading, *part.blocks]))
    for where, blocks in places:
        for block in blocks:
            located.extend(replace(issue, where=where) for issue in block.issues)
    return located


def _review_issues(
    layout: Layout, changes: list[ProposedChange], comments: list[ProposedComment]
) -> list[Issue]:
    issues: list[Issue] = []
    if changes:
        authors = sorted({c.author or _("unknown author") for c in changes})
        issues.append(
            Issue(
                IssueKind.TRACKED_CHANGE,
                ngettext(
                    "{count} suggested change will be filed as an amendment ({authors}); "
                    "the charter keeps the text as it was.",
                    "{count} suggested changes will be filed as amendments ({authors}); "
                    "the charter keeps the text as it was.",
                    len(changes),
                ).format(count=len(changes), authors=", ".join(authors)),
            )
        )
    if comments:
        issues.append(
            Issue(
                IssueKind.COMMENT,
                ngettext(
                    "{count} comment will be recorded on its passage.",
                    "{count} comments will be recorded on their passages.",
                    len(comments),
                ).format(count=len(comments)),
            )
        )
    outside = [b for b in ([layout.title] if layout.title else []) + list(layout.preamble)]
    if has_review_marks(outside):
        issues.append(
            Issue(
                IssueKind.TRACKED_CHANGE,
                _(
                    "Suggested changes and comments in the title or the preamble cannot be "
                    "amendments: the text is imported as it was, the suggestions are listed here."
                ),
                where=_("preamble"),
                detail="\n\n".join(b.markdown for b in outside if "{" in b.markdown),
            )
        )
    return issues


def charter_of(plan: ImportPlan, authors: Sequence[str] = ()) -> tuple[Charter, dict[str, str]]:
    """The charter the plan describes, with a resident participant for each author named in
    it; returns the ids of those participants by name."""
    sections: list[Section] = []
    section_ids: set[str] = set()
    for heading in plan.sections:
        section_id = slugify(heading.title, section_ids, plan.language)
        section_ids.add(section_id)
        sections.append(Section(section_id, heading.title, heading.level))
    taken: set[str] = set()
    principles: list[Principle] = []
    for planned in plan.principles:
        principle_id = slugify(planned.title, taken, plan.language)
        taken.add(principle_id)
        section = sections[planned.section_index].id if planned.section_index >= 0 else ""
        principles.append(
            Principle(principle_id, planned.number, planned.title, planned.body, section=section)
        )
    charter = Charter(
        title=plan.title,
        language=plan.language,
        preamble=plan.preamble,
        principles=tuple(principles),
        sections=tuple(sections),
        numbering=plan.numbering,
        insertions=plan.insertions,
    )
    ids: dict[str, str] = {}
    for name in authors:
        charter, _change, participant = add_participant(charter, name, Role.RESIDENT)
        ids[name] = participant.id
    return charter, ids


def apply_plan(plan: ImportPlan, destination: Path | str, unknown_author: str = "") -> Session:
    """Create the charter at ``destination`` (absent or empty), then file the document's
    suggested changes and comments; the charter opened for writing. On any error the folder
    is left as it was (removed when this call created it), and the error is raised."""
    from charter_app.application.charters import create_charter
    from charter_app.application.filing import file_proposals

    destination = Path(destination)
    existed = destination.exists()
    was_empty = existed and destination.is_dir() and not any(destination.iterdir())
    names = {c.author or unknown_author or _("Unknown author") for c in plan.changes}
    names |= {c.author or unknown_author or _("Unknown author") for c in plan.comments}
    names |= {name for change in plan.changes for name in change.credits}
    charter, ids = charter_of(plan, sorted(names))
    session: Session | None = None
    try:
        session = create_charter(destination, charter)
        if plan.changes or plan.comments:
            default = unknown_author or _("Unknown author")
            caller = ids.get(default, "")
            file_proposals(
                session,
                caller or next(iter(ids.values())),
                plan.changes,
                plan.comments,
                _("Suggested in the imported document “{name}”.").format(name=plan.source),
                {**ids, "": caller},
            )
    except (CharterError, OSError):
        if session is not None:
            session.close()
        if not existed and destination.exists():
            shutil.rmtree(destination)
        elif was_empty:
            for child in destination.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return session
