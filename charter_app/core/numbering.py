"""Principle numbers: "3", then "3 bis", "3 ter"... for insertions until the council renumbers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from charter_app.core.model import Principle
from charter_app.errors import ValidationError
from charter_app.i18n import _

SUFFIXES = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
    "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies",
)  # fmt: skip

_NUMBER = re.compile(r"^(?P<base>\d{1,4})(?: (?P<suffix>[a-z]+))?$")


@dataclass(frozen=True, order=True)
class Number:
    """A parsed principle number; orders "3" < "3 bis" < "3 ter" < "4"."""

    base: int
    rank: int
    """0 for a plain number, 1 for bis, 2 for ter..."""

    def __str__(self) -> str:
        return str(self.base) if self.rank == 0 else f"{self.base} {SUFFIXES[self.rank - 1]}"


def parse_number(text: str) -> Number:
    match = _NUMBER.match(text.strip())
    if match is None or (match["suffix"] and match["suffix"] not in SUFFIXES):
        raise ValidationError(
            _("“{number}” is not a principle number.").format(number=text),
            _("Use a whole number, possibly followed by bis, ter, quater… (for example “3 bis”)."),
        )
    rank = SUFFIXES.index(match["suffix"]) + 1 if match["suffix"] else 0
    return Number(int(match["base"]), rank)


def is_valid_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValidationError:
        return False
    return True


def renumber(principles: Sequence[Principle]) -> tuple[Principle, ...]:
    """Whole numbers 1..n in the current order (done by the council at adoption, or in a draft)."""
    return tuple(
        principle if principle.number == str(index) else replace(principle, number=str(index))
        for index, principle in enumerate(principles, start=1)
    )


def next_number(principles: Sequence[Principle]) -> str:
    """The whole number after the highest one: where a principle added at the end goes."""
    bases = [parse_number(p.number).base for p in principles if is_valid_number(p.number)]
    return str(max(bases, default=0) + 1)


def insertion_point(principles: Sequence[Principle], after_id: str | None) -> tuple[int, str]:
    """Where a principle inserted after ``after_id`` goes, and the number it gets.

    After "3" it becomes "3 bis" (or the next free suffix), and it is placed after every principle
    already numbered 3-something, so numbers stay in increasing order. With ``after_id`` None it
    goes first, numbered "0 bis"... only when 1 is taken; an empty charter starts at "1".
    """
    if not principles:
        return 0, "1"
    if after_id is None:
        base = 0
    else:
        ids = [principle.id for principle in principles]
        if after_id not in ids:
            raise ValidationError(
                _("There is no principle “{id}” to insert after.").format(id=after_id)
            )
        base = parse_number(principles[ids.index(after_id)].number).base
    same_base = [
        index
        for index, principle in enumerate(principles)
        if is_valid_number(principle.number) and parse_number(principle.number).base == base
    ]
    taken = {parse_number(principles[index].number).rank for index in same_base}
    rank = max(taken, default=0) + 1
    if base == 0 and not taken:
        rank = 1
    if rank > len(SUFFIXES):
        raise ValidationError(
            _("Too many principles inserted after {number}.").format(number=base),
            _("Renumber the charter before inserting more."),
        )
    position = (same_base[-1] + 1) if same_base else 0
    return position, str(Number(base, rank))
