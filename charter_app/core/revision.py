"""Commits and tags as the domain sees them: who, when, what, and the trailers telling why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Signature:
    """A git author or tagger built from a participant id (never a real name, see DESIGN.md)."""

    name: str
    """The participant id, e.g. ``p-3f9a1c``."""
    email: str
    """``<id>@participants.charter.invalid``."""

    @classmethod
    def for_participant(cls, participant_id: str) -> Signature:
        return cls(participant_id, f"{participant_id}@participants.charter.invalid")


@dataclass(frozen=True)
class Revision:
    """One commit of the charter repository."""

    sha: str
    """Full 40-hex commit id."""
    parents: tuple[str, ...]
    author: str
    """Author name, i.e. the participant id."""
    author_email: str
    authored_at: datetime
    """Timezone-aware author date."""
    committed_at: datetime
    subject: str
    body: str
    """The message after the subject, trailers excluded."""
    trailers: tuple[tuple[str, str], ...]
    """``(key, value)`` pairs in order, e.g. ``("Charter-Amendment", "A-12")``."""

    def trailer(self, key: str) -> str | None:
        """The last value of trailer ``key`` (case-insensitive), if any."""
        found = None
        for name, value in self.trailers:
            if name.lower() == key.lower():
                found = value
        return found

    @property
    def short_sha(self) -> str:
        return self.sha[:8]


@dataclass(frozen=True)
class Tag:
    """An adopted version: an annotated tag such as ``v1.0``."""

    name: str
    target: str
    """The commit id the tag points at."""
    message: str
    tagger: str
    tagged_at: datetime | None
