"""The charter as the domain sees it: frozen dataclasses, no files, no git."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

from charter_app.i18n import N_

FORMAT_VERSION = 1


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
    """Name or pseudonym, as the person chose."""
    role: Role
    organisation: str = ""


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

    def with_changes(self, **changes: object) -> Principle:
        return replace(self, **changes)  # type: ignore[arg-type]


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
    format: int = FORMAT_VERSION
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
        for participant in self.participants:
            if participant.id == participant_id:
                return participant
        return None

    def index_of(self, principle_id: str) -> int:
        for index, principle in enumerate(self.principles):
            if principle.id == principle_id:
                return index
        raise KeyError(principle_id)
