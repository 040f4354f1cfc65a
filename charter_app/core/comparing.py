"""Two versions of a charter side by side, principle by principle and section by section.

Principles are matched by identity (their id), never by number: a principle whose number
alone changed is *renumbered*, not changed, and its text is not shown twice. Sections are
matched by id too, so a renamed section is reported as renamed, not as one removed and one new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from charter_app.core.model import Charter, Principle, Section
from charter_app.i18n import N_

Status = Literal["new", "deleted", "changed", "renumbered", "unchanged"]

STATUS_LABELS: dict[str, str] = {
    "new": N_("new principle"),
    "deleted": N_("deleted"),
    "changed": N_("changed"),
    "renumbered": N_("renumbered"),
    "unchanged": N_("unchanged"),
}


@dataclass(frozen=True)
class Compared:
    """One principle in both versions."""

    status: Status
    """"new", "deleted", "changed" (title or text), "renumbered" (its number alone changed)
    or "unchanged"."""
    old: Principle | None
    new: Principle | None

    @property
    def renumbered(self) -> bool:
        """Whether its number changed (whatever else did)."""
        return self.old is not None and self.new is not None and self.old.number != self.new.number

    @property
    def moved(self) -> bool:
        """Whether it stands in another section than before."""
        return (
            self.old is not None and self.new is not None and self.old.section != self.new.section
        )


SectionStatus = Literal["new", "deleted", "renamed", "level"]


@dataclass(frozen=True)
class SectionChange:
    """A section added, removed, renamed or moved to another level."""

    status: SectionStatus
    old: Section | None
    new: Section | None


def status_of(old: Principle | None, new: Principle) -> Status:
    if old is None:
        return "new"
    if (old.title, old.body) != (new.title, new.body):
        return "changed"
    if old.number != new.number:
        return "renumbered"
    return "unchanged"


def pair_principles(old: Charter, new: Charter) -> list[Compared]:
    """Every principle of either version, in the new order; a deleted one after the principle
    that preceded it in the old order."""
    new_ids = {p.id for p in new.principles}
    result = [
        Compared(status_of(old.principle(p.id), p), old.principle(p.id), p) for p in new.principles
    ]
    previous: str | None = None
    for principle in old.principles:
        if principle.id not in new_ids:
            position = 0
            for index, item in enumerate(result):
                current = item.new or item.old
                if current is not None and current.id == previous:
                    position = index + 1
            result.insert(position, Compared("deleted", principle, None))
        previous = principle.id
    return result


def section_changes(old: Charter, new: Charter) -> list[SectionChange]:
    """Sections added, renamed or moved to another level (in the new order), then removed."""
    changes: list[SectionChange] = []
    for section in new.sections:
        before = old.section(section.id)
        if before is None:
            changes.append(SectionChange("new", None, section))
        elif before.title != section.title:
            changes.append(SectionChange("renamed", before, section))
        elif before.level != section.level:
            changes.append(SectionChange("level", before, section))
    changes += [
        SectionChange("deleted", section, None)
        for section in old.sections
        if new.section(section.id) is None
    ]
    return changes


def counts(pairs: Sequence[Compared]) -> dict[str, int]:
    """How many principles have each status."""
    return {status: sum(item.status == status for item in pairs) for status in STATUS_LABELS}
