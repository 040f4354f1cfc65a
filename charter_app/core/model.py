"""The charter as the domain sees it: frozen dataclasses, no files, no git."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from charter_app.i18n import N_

FORMAT_VERSION = 2
"""The newest format this app reads and writes. A charter is written in the oldest format that
holds it (see ``storage.files.required_format``): format 1 unless it uses stable numbering,
dashed insertions or sections, which an app knowing only format 1 would silently undo."""


class Role(StrEnum):
    """How a participant takes part; counts by role show whether residents shaped the text."""

    RESIDENT = "resident"
    ELECTED = "elected"
    ASSOCIATION = "association"
    BUSINESS = "business"
    STAFF = "staff"


ROLE_LABELS: dict[Role, str] = {
    Role.RESIDENT: N_("Resident"),
    Role.ELECTED: N_("Elected member"),
    Role.ASSOCIATION: N_("Association"),
    Role.BUSINESS: N_("Business"),
    Role.STAFF: N_("Staff"),
}


class PrincipleStatus(StrEnum):
    DRAFT = "draft"
    UNDER_DISCUSSION = "under-discussion"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: dict[PrincipleStatus, str] = {
    PrincipleStatus.DRAFT: N_("Draft"),
    PrincipleStatus.UNDER_DISCUSSION: N_("Under discussion"),
    PrincipleStatus.ADOPTED: N_("Adopted"),
    PrincipleStatus.WITHDRAWN: N_("Withdrawn"),
}


class NumberingMode(StrEnum):
    """How principle numbers behave (``numbering`` in charter.yaml)."""

    SEQUENTIAL = "sequential"
    """Numbers follow the order (1 to n) until a version is adopted; then they are stable."""
    STABLE = "stable"
    """Numbers are kept as given (an imported text's "29-1", "49 bis"); a new principle gets an
    insertion number and a number changes only by an explicit renumbering."""


class InsertionStyle(StrEnum):
    """How a principle inserted between stable numbers is numbered (``insertions``)."""

    SUFFIX = "bis"
    """After 3: "3 bis", "3 ter"..."""
    DASH = "dash"
    """After 3: "3-1", then "3-2"... (after "49-1": "49-2" when free, else "49-1-1")."""


class DecisionRule(StrEnum):
    SIMPLE_MAJORITY = "simple-majority"
    ABSOLUTE_MAJORITY = "absolute-majority"
    TWO_THIRDS = "two-thirds"
    CONSENSUS = "consensus"


@dataclass(frozen=True)
class Participant:
    """Someone who writes, comments or votes; commits carry only ``id``."""

    id: str
    """``p-`` and six hex digits, random, never reused."""
    name: str
    """Name or pseudonym, as the person chose; "" once erased."""
    role: Role
    organisation: str = ""
    registered: str = ""
    """The day they were registered (``YYYY-MM-DD``); "" when not known (registered before
    the app recorded it)."""
    erased: str = ""
    """The day their name and organisation were erased (``YYYY-MM-DD``); "" while they are
    known. An erased participant stays in the registry as a *tombstone* (id and role), so
    their contributions still count and show as a removed participant."""
    erased_by: str = ""
    """Who erased them (a participant id), or "retention" for the charter's retention rule."""
    fingerprint: str = ""
    """A tombstone's salted digest of the erased name (see :mod:`charter_app.core.mentions`):
    lets the app flag the name typed again without keeping it."""

    @property
    def is_erased(self) -> bool:
        return bool(self.erased)


@dataclass(frozen=True)
class Principle:
    """One numbered principle of the charter."""

    id: str
    """Stable for the principle's whole life; also its file name."""
    number: str
    """``"3"``, or ``"3 bis"`` for a principle inserted after 3 until renumbering."""
    title: str
    body: str
    """Markdown, one paragraph per line."""
    status: PrincipleStatus = PrincipleStatus.DRAFT
    tags: tuple[str, ...] = ()
    section: str = ""
    """The id of the section (titled part) it stands in; "" for none."""

    def with_changes(self, **changes: object) -> Principle:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Section:
    """A titled part grouping principles ("Titre I", "Chapitre 2"); optional, ordered."""

    id: str
    """Stable for the section's whole life; principles name it in their ``section`` field."""
    title: str
    """As written, number included ("Chapitre II : Admission des députés")."""
    level: int = 1
    """1 for the outermost parts (titles), 2 for parts inside them (chapters), 3 below."""


MAX_SECTION_LEVEL = 3


@dataclass(frozen=True)
class Charter:
    """The whole charter at one point of its history (working tree or a revision)."""

    title: str
    territory: str = ""
    language: str = "fr"
    preamble: str = ""
    decision_rule: DecisionRule = DecisionRule.SIMPLE_MAJORITY
    principles: tuple[Principle, ...] = ()
    """In charter order."""
    participants: tuple[Participant, ...] = ()
    sections: tuple[Section, ...] = ()
    """In charter order; a principle's section is named by its ``section`` field."""
    numbering: NumberingMode = NumberingMode.SEQUENTIAL
    insertions: InsertionStyle = InsertionStyle.SUFFIX
    format: int = field(default=1, compare=False)
    """The format version the files were read in; saving writes the oldest one that holds the
    charter (so it is not compared)."""
    retention_months: int = 0
    """The retention rule: erase every name this many months after the adoption that
    followed the person's last contribution (0: no rule; see docs/FORMAT.md)."""
    privacy_contact: str = ""
    """Whom to ask about personal data (the authority's data-protection officer), one line."""
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    """Unknown top-level keys of charter.yaml, kept so saving never drops them."""

    def principle(self, principle_id: str) -> Principle | None:
        return self._principles_by_id.get(principle_id)

    @cached_property
    def _principles_by_id(self) -> dict[str, Principle]:
        """Built on the first look-up: asking for each of thousands of principles in turn
        stays linear. (Stored in the instance's ``__dict__``; not a field, so equality,
        hashing and ``replace`` ignore it.)"""
        found: dict[str, Principle] = {}
        for principle in self.principles:
            found.setdefault(principle.id, principle)  # the first one, as a scan would find
        return found

    def participant(self, participant_id: str) -> Participant | None:
        """The participant with this id, erased ones included (to show their role)."""
        for participant in self.participants:
            if participant.id == participant_id:
                return participant
        return None

    def active_participant(self, participant_id: str) -> Participant | None:
        """The participant with this id if they may still write (not erased)."""
        participant = self.participant(participant_id)
        return participant if participant is not None and not participant.is_erased else None

    @property
    def active_participants(self) -> tuple[Participant, ...]:
        """Those who may write, in registry order: every participant but the erased ones."""
        return tuple(p for p in self.participants if not p.is_erased)

    def section(self, section_id: str) -> Section | None:
        for section in self.sections:
            if section.id == section_id:
                return section
        return None

    def index_of(self, principle_id: str) -> int:
        for index, principle in enumerate(self.principles):
            if principle.id == principle_id:
                return index
        raise KeyError(principle_id)
