"""The charter's outline: principles grouped under their sections, and where a principle of a
section belongs in the order.

Sections are optional, ordered and titled (``Charter.sections``); a principle names its
section (``Principle.section``). The principle order stays the one of charter.yaml: principles
without a section come first, then each section's principles in section order. Operations keep
that grouping (:func:`grouping_problem`); a charter merged or written by hand that breaks it is
still shown faithfully (a split section is shown twice) and ``charter check`` names it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.core.model import Charter, Principle, Section


@dataclass(frozen=True)
class OutlineEntry:
    """One line of the outline: a section heading or a principle."""

    section: Section | None
    """The section this line opens; None for a principle line."""
    principle: Principle | None
    """The principle; None for a section line."""
    depth: int
    """Indentation: a section's level minus one; a principle one deeper than its section."""


def section_index(charter: Charter) -> dict[str, int]:
    """Each section's place in the section order."""
    return {section.id: index for index, section in enumerate(charter.sections)}


def _rank(principle: Principle, index: dict[str, int]) -> int:
    """Where the principle's section comes (-1: no section, or a section the charter lacks)."""
    return index.get(principle.section, -1)


def outline(charter: Charter) -> list[OutlineEntry]:
    """Section headings and principles in reading order; an empty section is listed where it
    stands in the section order."""
    index = section_index(charter)
    entries: list[OutlineEntry] = []
    emitted = 0  # sections[:emitted] are already listed
    current = ""
    depth = 0

    def heading(section: Section) -> None:
        nonlocal depth
        entries.append(OutlineEntry(section, None, section.level - 1))
        depth = section.level

    for principle in charter.principles:
        position = _rank(principle, index)
        if position >= 0 and principle.section != current:
            if position >= emitted:
                for section in charter.sections[emitted : position + 1]:
                    heading(section)
                emitted = position + 1
            else:  # out of the section order: name its section again
                heading(charter.sections[position])
            current = principle.section
        entries.append(OutlineEntry(None, principle, depth))
    for section in charter.sections[emitted:]:
        heading(section)
    return entries


def parents(charter: Charter, section_id: str) -> tuple[Section, ...]:
    """The section and the sections it stands in, outermost first (a chapter's title)."""
    index = section_index(charter)
    if section_id not in index:
        return ()
    chain = [charter.sections[index[section_id]]]
    for section in reversed(charter.sections[: index[section_id]]):
        if section.level < chain[0].level:
            chain.insert(0, section)
            if section.level <= 1:
                break
    return tuple(chain)


def placement(charter: Charter, section_id: str, without: str | None = None) -> int:
    """Where a principle appended to section ``section_id`` goes: after the section's last
    principle, or where the section stands when it has none yet (``without``: a principle id
    left out of the order, the one being moved)."""
    index = section_index(charter)
    rank = index.get(section_id, -1)
    principles = [p for p in charter.principles if p.id != without]
    position = 0
    for offset, principle in enumerate(principles):
        if _rank(principle, index) <= rank:
            position = offset + 1
    return position


def grouping_problem(principles: Sequence[Principle], sections: Sequence[Section]) -> str | None:
    """The id of the first section whose principles are apart or out of the section order, ""
    for principles without a section placed after sectioned ones; None when grouped."""
    index = {section.id: position for position, section in enumerate(sections)}
    highest = -1
    seen: set[str] = set()
    previous: str | None = None
    for principle in principles:
        rank = index.get(principle.section, -1)
        key = principle.section if rank >= 0 else ""
        if key != previous:
            if key in seen or rank < highest:
                return key
            seen.add(key)
            previous = key
            highest = max(highest, rank)
    return None
