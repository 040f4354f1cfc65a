"""What the public site shows, as plain frozen records the templates read.

Gathered once from the repository (:mod:`charter_app.export.site.gather`), with people already
shown as the names option asks: the templates never see a participant id or anything of
``participants.yaml`` that the choice does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from charter_app.core.model import Charter, Principle
from charter_app.core.participation import Table as CountTable
from charter_app.export.blocks import Block
from charter_app.export.document import NamesMode, Stamp
from charter_app.export.minutes import Chart
from charter_app.i18n import _

DRAFT = "draft"
"""The folder (and key) of the last saved text, published only when asked."""


@dataclass(frozen=True)
class SiteOptions:
    """What the person publishing chose (``charter publish`` or File > Publish)."""

    names: NamesMode = "roles"
    """Contributors by name (and role), by role only, or not at all. Roles by default: the
    site is public by nature."""
    drafts: bool = False
    """Also publish the last saved text when it is not an adopted version."""
    downloads: bool = True
    """Every version in every export format, and the comparison tables."""
    search: bool = True
    """The optional search page's index and script."""


@dataclass(frozen=True)
class Download:
    """One file of a version's downloads."""

    path: str
    """Relative to the site's root (``v1.0/downloads/charte-v1.0.pdf``)."""
    format: str
    """pdf, odt, docx, html or md."""
    size: int
    """In bytes."""


@dataclass(frozen=True)
class WorkshopView:
    """A workshop as the public reads it: when, where, how many people of each role."""

    label: str
    """``W-3``."""
    anchor: str
    """The id of its entry on the participation page (``w-3``)."""
    title: str
    date: str
    place: str
    facilitator: str
    """As the names option allows ("" when hidden)."""
    attendance: tuple[tuple[str, int], ...]
    """(role label, head count), every role."""
    total: int
    contributions: int
    """Contributions captured during it (every principle)."""
    people: tuple[str, ...] = ()
    """The participants the facilitator listed, by name, only with the names option."""


@dataclass(frozen=True)
class SupportRow:
    role: str
    """The role's label."""
    support: int
    oppose: int
    neutral: int


@dataclass(frozen=True)
class AmendmentView:
    """An amendment filed on a principle, with the council's decision."""

    label: str
    """``A-3`` (``A-12 (was A-7)`` when renumbered)."""
    anchor: str
    """Its id on the principle page (``a-3``)."""
    kind: str
    """Translated: modify, insert, delete, sub-amendment of A-2."""
    status: str
    """Translated status: registered, adopted, rejected..."""
    author: str
    """As the names option allows ("" when hidden)."""
    rationale: tuple[Block, ...]
    proposal: tuple[Block, ...]
    """The proposed title and text as its author wrote them."""
    decision: str
    """``adopted (14 for, 3 against, 2 abstentions) Délibération 2026-07 on 2026-03-12``;
    "" while undecided."""
    workshop: WorkshopView | None
    supports: tuple[SupportRow, ...]
    """Positions by role, roles with none left out."""


@dataclass(frozen=True)
class Change:
    """How a principle differs from the previous published version."""

    status: Literal["new", "changed", "renumbered", "unchanged"]
    """"renumbered": the same title and text under another number."""
    old: tuple[Block, ...] = ()
    """The previous text, deleted words struck through (changed only)."""
    new: tuple[Block, ...] = ()
    """This text, inserted words underlined (changed only)."""
    notes: tuple[str, ...] = ()
    """Each change in words, for screen readers and print."""
    amendments: tuple[str, ...] = ()
    """Numbers of the amendments that made the change."""


@dataclass(frozen=True)
class PrincipleSource:
    """What a principle's page is made from, before its text is parsed and compared."""

    principle: Principle
    previous: Principle | None
    """The same principle in the previous published version, if it had one."""
    compared: bool
    """Whether there is a previous version to compare with."""
    change_amendments: tuple[str, ...]
    """Numbers of the amendments that changed it since the previous version."""
    amendments: tuple[AmendmentView, ...]
    workshops: tuple[WorkshopView, ...]


@dataclass(frozen=True)
class PrinciplePage:
    principle: Principle
    body: tuple[Block, ...]
    sections: tuple[tuple[str, str], ...]
    """(anchor, heading text) of the headings inside its text."""
    change: Change | None
    """None in the first published version."""
    amendments: tuple[AmendmentView, ...]
    workshops: tuple[WorkshopView, ...]
    """Workshops where something about it was proposed, said or supported."""


@dataclass(frozen=True)
class VersionView:
    """One published version (or the draft), with a page per principle."""

    key: str
    """Its folder: the tag (``v1.0``) or ``draft``."""
    tagged: bool
    stamp: Stamp
    ref: str
    """The deliberation that adopted it ("" for the draft)."""
    adopted_amendments: tuple[str, ...]
    signed: bool
    charter: Charter
    preamble: tuple[Block, ...]
    sources: tuple[PrincipleSource, ...]
    previous: str | None
    """The key of the version before it, if published."""
    deleted: tuple[Principle, ...] = ()
    """Principles of the previous version that this one no longer has."""
    counts: tuple[tuple[str, int], ...] = ()
    """(status, count) of the changes since the previous version."""
    downloads: tuple[Download, ...] = ()
    comparison: tuple[Download, ...] = ()
    """The comparison table with the previous version (PDF, ODT, DOCX)."""
    principles: tuple[PrinciplePage, ...] = ()
    """Filled when the pages are made (:mod:`charter_app.export.site.principles`)."""

    @property
    def name(self) -> str:
        """``v1.0``, or "working draft" in the current language."""
        return self.key if self.tagged else _("working draft")


@dataclass(frozen=True)
class ParticipationView:
    tables: tuple[CountTable, ...]
    charts: tuple[Chart | None, ...]
    """A chart drawn from each table (None where a chart would not help)."""
    workshops: tuple[WorkshopView, ...]
    total: int


@dataclass(frozen=True)
class Site:
    """Everything the pages are made of."""

    title: str
    territory: str
    language: str
    options: SiteOptions
    versions: tuple[VersionView, ...]
    """Newest first; the draft, when published, before the adopted versions."""
    participation: ParticipationView
    warnings: tuple[str, ...] = field(default=())
    """Translated sentences for the person publishing (names found in free text...)."""

    @property
    def latest(self) -> VersionView:
        """The newest adopted version (the draft only when nothing was adopted)."""
        return next((v for v in self.versions if v.tagged), self.versions[0])
