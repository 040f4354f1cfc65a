"""Numbers after two laptops merged: principles added on both sides offline can share a number.

In a draft, numbers follow the order, so the merged order simply numbers them again. Once
numbers are stable (a version was adopted), a principle keeps its number and a newcomer that
collides becomes an insertion after the principle before it ("11 bis"), as if added there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from charter_app.core.model import Principle
from charter_app.core.numbering import insertion_point, renumber


def settle_numbers(principles: Sequence[Principle], stable: bool) -> tuple[Principle, ...]:
    """``principles`` (in the merged order) with no number used twice."""
    numbers = [p.number for p in principles]
    if len(set(numbers)) == len(numbers):
        return tuple(principles)
    if not stable:
        return renumber(principles)
    settled: list[Principle] = []
    seen: set[str] = set()
    for principle in principles:
        if principle.number in seen:
            before = settled[-1].id if settled else None
            _position, number = insertion_point(settled, before)
            principle = replace(principle, number=number)
        seen.add(principle.number)
        settled.append(principle)
    return tuple(settled)
