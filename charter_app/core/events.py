"""Immutable events (comments, supports, decisions...): each its own file, never edited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from charter_app.core import clock


def new_event_id() -> str:
    """A random id: two laptops working offline never pick the same one."""
    return f"e-{secrets.token_hex(8)}"


def now() -> datetime:
    """The moment for a new event: see :func:`charter_app.core.clock.now`."""
    return clock.now()


@dataclass(frozen=True)
class Event:
    """Something that happened, recorded once and never rewritten.

    An edit or a retraction is a new event whose ``data["target"]`` names the earlier one.
    """

    id: str
    """``e-`` and 16 hex digits."""
    type: str
    """comment, reply, edit, retract, resolve, reopen, hide, support, register, decision..."""
    at: datetime
    """When it happened, as the recording laptop's clock said (timezone-aware)."""
    by: str
    """The participant id."""
    data: dict[str, Any] = field(default_factory=dict, hash=False)
    """The type's own fields (text, target, quote...): strings, lists and mappings of strings."""
    workshop: str | None = None
    """The workshop running when it was captured, e.g. ``W-3``."""

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @classmethod
    def create(cls, type: str, by: str, workshop: str | None = None, **data: Any) -> Event:
        return cls(new_event_id(), type, now(), by, dict(data), workshop)
