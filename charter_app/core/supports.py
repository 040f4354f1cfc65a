"""Supports: each participant's position on an amendment or a comment, counted by role.

A support is an immutable ``support`` event (``target``, ``about``, ``position``). A participant
has one position per target: their latest event counts (``at``, then event id), so changing
one's mind is a new event, never an error, and two laptops agree after a merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from charter_app.core.comments import CommentBoard, latest
from charter_app.core.events import Event
from charter_app.core.model import Charter, Participant, Role
from charter_app.errors import ValidationError
from charter_app.i18n import N_, _

SUPPORT = "support"
UNKNOWN_ROLE = "unknown"
"""Role counted for a participant no longer in participants.yaml (erased)."""

SupportAbout = Literal["amendment", "comment"]


class Position(StrEnum):
    SUPPORT = "support"
    OPPOSE = "oppose"
    NEUTRAL = "neutral"


_POSITIONS = frozenset(position.value for position in Position)


POSITION_LABELS: dict[Position, str] = {
    Position.SUPPORT: N_("support"),
    Position.OPPOSE: N_("oppose"),
    Position.NEUTRAL: N_("neutral"),
}


@dataclass(frozen=True)
class Tally:
    """The positions taken on one amendment or comment."""

    target: str
    about: SupportAbout
    positions: Mapping[str, Position] = field(default_factory=dict)
    """Participant id -> their latest position."""
    roles: Mapping[str, str] = field(default_factory=dict)
    """Participant id -> role (a :class:`Role` value, or ``unknown``)."""
    events: Mapping[str, str] = field(default_factory=dict)
    """Participant id -> id of the support event that counts."""

    def totals(self) -> dict[Position, int]:
        counts = dict.fromkeys(Position, 0)
        for position in self.positions.values():
            counts[position] += 1
        return counts

    def by_role(self) -> dict[str, dict[Position, int]]:
        """Counts per role, every role listed (in the order of :class:`Role`), then unknown."""
        table = {role.value: dict.fromkeys(Position, 0) for role in Role}
        for participant, position in self.positions.items():
            role = self.roles.get(participant, UNKNOWN_ROLE)
            table.setdefault(role, dict.fromkeys(Position, 0))[position] += 1
        return table


def fold_supports(events: Iterable[Event], participants: Iterable[Participant]) -> dict[str, Tally]:
    """Tallies by target: each participant's position is their :func:`latest` support event
    (one that names the event it replaces wins over it even within the same second)."""
    roles = {p.id: p.role.value for p in participants}
    groups: dict[str, dict[str, list[Event]]] = {}
    abouts: dict[str, SupportAbout] = {}
    for event in events:
        target = str(event.get("target", ""))
        if event.type != SUPPORT or not target:
            continue
        if str(event.get("position", "")) not in _POSITIONS:
            continue  # a position this version does not know: not counted
        groups.setdefault(target, {}).setdefault(event.by, []).append(event)
        if event.get("about") == "comment":
            abouts[target] = "comment"
    tallies: dict[str, Tally] = {}
    for target in sorted(groups):
        winners = {pid: latest(group) for pid, group in sorted(groups[target].items())}
        tallies[target] = Tally(
            target,
            abouts.get(target, "amendment"),
            {pid: Position(str(e.get("position"))) for pid, e in winners.items() if e},
            {pid: roles.get(pid, UNKNOWN_ROLE) for pid in winners},
            {pid: e.id for pid, e in winners.items() if e},
        )
    return tallies


def new_support(
    charter: Charter,
    author: str,
    target: str,
    position: Position | str = Position.SUPPORT,
    *,
    about: SupportAbout = "amendment",
    board: CommentBoard | None = None,
    current: Tally | None = None,
    workshop: str | None = None,
) -> Event:
    """``author``'s position on amendment ``target`` (its id, checked by the caller) or on a
    comment (``about="comment"``: ``target`` is an id or unique prefix found in ``board``).
    A second support by the same participant is allowed: the latest counts. ``current`` is
    the target's tally as the caller sees it, so the new event names the one it replaces."""
    if charter.active_participant(author) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=author),
            _("Choose who is writing, or add a participant first."),
        )
    try:
        position = Position(position)
    except ValueError:
        raise ValidationError(
            _("Unknown position “{position}”.").format(position=position),
            _("Choose support, oppose or neutral."),
        ) from None
    if about == "comment":
        if board is None:
            raise ValueError("a support on a comment needs the comment board")
        comment = board.find(target)
        if comment.retracted:
            raise ValidationError(_("This comment was retracted; it cannot be supported."))
        target = comment.id
    previous = current.events.get(author) if current is not None else None
    return Event.create(
        SUPPORT,
        author,
        workshop,
        about=about,
        target=target,
        position=position,
        previous=previous,
    )
