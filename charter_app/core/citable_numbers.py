"""Citable numbers (A-7, W-3) claimed on several laptops: who keeps a number, who moves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Claim:
    """Something claiming a citable number: a registration, a workshop start."""

    owner: str
    """The stable id of what claims it (amendment id, workshop start event id)."""
    number: int
    at: datetime
    event: str
    """The id of the event that claimed it (ties on ``at`` are broken by it)."""


@dataclass(frozen=True)
class Renumbering:
    """A number given up because an earlier claim, made on another laptop, took it."""

    owner: str
    old: int
    new: int
    kept_by: str
    """The owner that keeps ``old``."""


def resolve_duplicate_claims(claims: Iterable[Claim]) -> list[Renumbering]:
    """The renumberings that make ``claims`` distinct, the same on every laptop.

    Among claims of one number the earliest (``at``, then event id) keeps it; the others get
    the next free numbers above every number claimed, in that same order. This is the rule of
    ``amendment_state._resolve_duplicates``, written over plain claims so both can share it.
    """
    groups: dict[int, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.number, []).append(claim)
    losers: list[tuple[Claim, str]] = []
    for group in groups.values():
        group.sort(key=lambda c: (c.at, c.event))
        losers.extend((claim, group[0].owner) for claim in group[1:])
    losers.sort(key=lambda pair: (pair[0].at, pair[0].event))
    next_free = max(groups, default=0) + 1
    renumberings = []
    for claim, kept_by in losers:
        renumberings.append(Renumbering(claim.owner, claim.number, next_free, kept_by))
        next_free += 1
    return renumberings
