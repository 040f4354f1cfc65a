"""Principles from a layout: their numbers (kept as written when the charter can hold them),
titles and Markdown bodies, for any choice of suggested changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from charter_app.core.numbering import SUFFIXES, Number
from charter_app.i18n import _, ngettext
from charter_app.importing import review
from charter_app.importing.blocks import Block, BlockKind, Issue, IssueKind, plain_text
from charter_app.importing.structure import Layout, Part, heading_text, parse_label, read_marker


@dataclass(frozen=True)
class PlannedPrinciple:
    """A principle as it will be written."""

    number: str
    """"3", "3 bis"...: the number the document gives when the charter can hold it."""
    title: str
    body: str
    """Markdown, paragraphs separated by a blank line."""
    section: str = ""
    """The heading of the innermost section (chapter) it stands under; "" for none."""
    heading: str = ""
    """The heading exactly as the document wrote it ("Article 29-1 – Objet")."""
    section_index: int = -1
    """Index of its section in the layout's sections; -1 for none."""


def render_blocks(blocks: Sequence[Block], choice: review.Choice, level: int = 1) -> str:
    """Blocks as one Markdown text; a heading below the principles' level stays a heading."""
    texts: list[str] = []
    for block in blocks:
        text = review.text_of(block, choice).rstrip()
        text = text.strip("\n") if block.kind is BlockKind.CODE else text.strip()
        if not text.strip():
            continue
        if block.kind is BlockKind.HEADING:
            depth = max(2, min(6, block.level - level + 2)) if level else 2
            text = "#" * depth + " " + text.strip()
        texts.append(text)
    return "\n\n".join(texts)


def _next_after(previous: Number | None, taken: set[Number]) -> Number:
    """The number a principle gets when its own cannot be kept: the next "bis", "ter"..."""
    candidate = replace(previous, rank=previous.rank + 1) if previous else Number(0, (), 1)
    while candidate in taken and candidate.rank < len(SUFFIXES):
        candidate = replace(candidate, rank=candidate.rank + 1)
    return candidate


def numbers(parts: Sequence[Part]) -> tuple[list[str], list[Issue]]:
    """The number of each part: the document's own when it is a charter number, unique and
    increasing; otherwise the next "bis"/"ter" after the previous principle (the title keeps
    the number as written). With no numbers at all, 1 to n in order."""
    labels = [read_marker(heading_text(part.heading)).label for part in parts]
    if not any(labels):
        return [str(i) for i in range(1, len(parts) + 1)], (
            [
                Issue(
                    IssueKind.NUMBERING,
                    _(
                        "The principles had no numbers: they are numbered 1 to {count} in order."
                    ).format(count=len(parts)),
                )
            ]
            if parts
            else []
        )
    result: list[str] = []
    issues: list[Issue] = []
    taken: set[Number] = set()
    previous: Number | None = None
    for part, label in zip(parts, labels, strict=True):
        parsed = parse_label(label) if label else None
        if parsed is None or parsed in taken or (previous is not None and parsed <= previous):
            parsed_number = _next_after(previous, taken)
            issues.append(
                Issue(
                    IssueKind.NUMBERING,
                    _(
                        "“{heading}” is numbered {number}: a charter's numbers are whole numbers, "
                        "in order, with bis, ter… for insertions."
                    ).format(heading=heading_text(part.heading), number=parsed_number),
                )
            )
            parsed = parsed_number
        taken.add(parsed)
        previous = parsed
        result.append(str(parsed))
    return result, issues


def title_of(part: Part, number: str, choice: review.Choice) -> str:
    """The heading's words after its number; the whole heading when the number was not kept or
    nothing follows it ("Article 1er")."""
    text = plain_text(review.text_of(part.heading, choice))
    marker = read_marker(text)
    kept = marker.label and parse_label(marker.label) is not None
    if kept and marker.rest and str(parse_label(marker.label)) == number:
        return marker.rest
    return text


def plan_principles(layout: Layout) -> tuple[list[PlannedPrinciple], list[Issue]]:
    """The principles as the document reads without its suggested changes."""
    assigned, issues = numbers(layout.parts)
    planned = [
        PlannedPrinciple(
            number,
            title_of(part, number, review.original),
            render_blocks(part.blocks, review.original, part.level),
            part.section,
            heading_text(part.heading),
            part.section_index,
        )
        for part, number in zip(layout.parts, assigned, strict=True)
    ]
    if layout.sections:
        issues.append(
            Issue(
                IssueKind.SECTION,
                ngettext(
                    "{count} section heading groups principles: it becomes a section.",
                    "{count} section headings group principles: each becomes a section.",
                    len(layout.sections),
                ).format(count=len(layout.sections)),
                detail="\n".join("  " * (s.level - 1) + s.title for s in layout.sections),
            )
        )
    return planned, issues


def numbered(layout: Layout) -> bool:
    """Whether the document numbers its principles (then the charter keeps those numbers)."""
    return any(read_marker(heading_text(part.heading)).label for part in layout.parts)
