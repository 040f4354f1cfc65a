"""What a write did: its commits and what they changed, so each surface refreshes only that."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from charter_app.core.events import Event
from charter_app.core.operations import Change

T = TypeVar("T")


@dataclass(frozen=True)
class Changed:
    """The parts of a charter that one or more commits changed."""

    principles: tuple[str, ...] = ()
    """Ids of principles added or edited."""
    removed: tuple[str, ...] = ()
    """Ids of principles deleted."""
    meta: bool = False
    """charter.yaml: title, territory, preamble, order, rules."""
    participants: bool = False
    events: bool = False
    """Event files were added (comments, supports, decisions, workshops, dots...)."""
    amendments: tuple[str, ...] = ()
    """Ids of amendment files added."""
    versions: tuple[str, ...] = ()
    """Adopted versions (tags) created."""

    @property
    def anything(self) -> bool:
        return bool(
            self.principles
            or self.removed
            or self.meta
            or self.participants
            or self.events
            or self.amendments
            or self.versions
        )

    @property
    def text(self) -> bool:
        """Whether the charter's own text (principles, preamble, order) changed."""
        return bool(self.principles or self.removed or self.meta)

    def plus(self, other: Changed) -> Changed:
        return Changed(
            _union(self.principles, other.principles),
            _union(self.removed, other.removed),
            self.meta or other.meta,
            self.participants or other.participants,
            self.events or other.events,
            _union(self.amendments, other.amendments),
            _union(self.versions, other.versions),
        )

    @classmethod
    def of_change(cls, change: Change) -> Changed:
        return cls(change.principles, change.removed, change.meta, change.participants)

    @classmethod
    def of_paths(cls, paths: Iterable[str]) -> Changed:
        """What changing the files ``paths`` (relative to the charter folder) changed."""
        principles: list[str] = []
        meta = participants = events = False
        amendments: list[str] = []
        for path in paths:
            folder, _slash, name = path.partition("/")
            if path == "charter.yaml":
                meta = True
            elif path == "participants.yaml":
                participants = True
            elif folder == "principles" and name.endswith(".md"):
                principles.append(name[: -len(".md")])
            elif folder == "events":
                events = True
            elif folder == "amendments" and name.endswith(".yaml"):
                amendments.append(name[: -len(".yaml")])
        return cls(tuple(principles), (), meta, participants, events, tuple(amendments))


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


@dataclass(frozen=True)
class Written(Generic[T]):
    """The result of a use case: its own value, and what its commits changed."""

    value: T
    commits: tuple[str, ...] = ()
    """The new commits, oldest first (empty when nothing needed writing)."""
    summary: str = ""
    """What was done, in words (the last commit's message)."""
    changed: Changed = field(default_factory=Changed)
    events: tuple[Event, ...] = ()
    """The events recorded."""
    notices: tuple[str, ...] = ()
    """Sentences for the person (an interrupted write finished, files set aside...)."""

    @property
    def commit(self) -> str | None:
        """The last new commit, or None."""
        return self.commits[-1] if self.commits else None
