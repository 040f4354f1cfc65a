"""Principle numbers: "3", "3 bis", "29-1", "49-1 ter"... and where an inserted principle goes.

A number is a whole number, up to three dashed sub-numbers ("29-1", "4-1-2") as rules of
procedure and codes write them, and an optional Latin suffix ("bis", "ter"...). Numbers sort as
people read them: "3" < "3 bis" < "3 ter" < "3-1" < "3-1 bis" < "3-2" < "4".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from charter_app.core.model import InsertionStyle, Principle
from charter_app.errors import ValidationError
from charter_app.i18n import _

SUFFIXES = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
    "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies",
)  # fmt: skip

MAX_SUBS = 3
_NUMBER = re.compile(
    rf"^(?P<base>\d{{1,4}})(?P<subs>(?:-\d{{1,4}}){{0,{MAX_SUBS}}})(?: (?P<suffix>[a-z]+))?$"
)


@dataclass(frozen=True, order=True)
class Number:
    """A parsed principle number; orders "3" < "3 bis" < "3-1" < "4"."""

    base: int
    subs: tuple[int, ...] = ()
    """The dashed sub-numbers: (1,) for "29-1"."""
    rank: int = 0
    """0 for no suffix, 1 for bis, 2 for ter..."""

    def __str__(self) -> str:
        text = "-".join(str(part) for part in (self.base, *self.subs))
        return text if self.rank == 0 else f"{text} {SUFFIXES[self.rank - 1]}"

    @property
    def stem(self) -> tuple[int, ...]:
        """The whole and dashed numbers, without the suffix."""
        return (self.base, *self.subs)


def parse_number(text: str) -> Number:
    match = _NUMBER.match(text.strip())
    if match is None or (match["suffix"] and match["suffix"] not in SUFFIXES):
        raise ValidationError(
            _("“{number}” is not a principle number.").format(number=text),
            _(
                "Use a whole number, possibly with dashed sub-numbers and bis, ter, quater… "
                "(for example “3 bis” or “29-1”)."
            ),
        )
    rank = SUFFIXES.index(match["suffix"]) + 1 if match["suffix"] else 0
    subs = tuple(int(part) for part in match["subs"].split("-")[1:]) if match["subs"] else ()
    return Number(int(match["base"]), subs, rank)


def is_valid_number(text: str) -> bool:
    try:
        parse_number(text)
    except ValidationError:
        return False
    return True


def _parsed(principle: Principle) -> Number | None:
    try:
        return parse_number(principle.number)
    except ValidationError:
        return None


def renumber(principles: Sequence[Principle]) -> tuple[Principle, ...]:
    """Whole numbers 1..n in the current order (done by the council at adoption, or in a draft)."""
    return tuple(
        principle if principle.number == str(index) else replace(principle, number=str(index))
        for index, principle in enumerate(principles, start=1)
    )


def renumbering_of(
    before: Sequence[Principle], after: Sequence[Principle]
) -> tuple[tuple[str, str, str], ...]:
    """(principle id, old number, new number) for each principle whose number changed."""
    old = {principle.id: principle.number for principle in before}
    return tuple(
        (principle.id, old[principle.id], principle.number)
        for principle in after
        if principle.id in old and old[principle.id] != principle.number
    )


def _too_many(number: Number | str) -> ValidationError:
    return ValidationError(
        _("Too many principles inserted after {number}.").format(number=number),
        _("Renumber the charter before inserting more."),
    )


def insertion_point(
    principles: Sequence[Principle],
    after_id: str | None,
    style: InsertionStyle = InsertionStyle.SUFFIX,
) -> tuple[int, str]:
    """Where a principle inserted after ``after_id`` goes, and the number it gets; no other
    number changes.

    With suffixes, after "3" it becomes "3 bis" (or the next free suffix) and is placed after
    every principle already numbered "3 something", so numbers stay in increasing order. With
    dashes, after "3" it becomes "3-1" (or the next free "3-k"); after "49-1" it becomes
    "49-2" when that fits before the next number, else "49-1-1". With ``after_id`` None it goes
    first; an empty charter starts at "1".
    """
    if not principles:
        return 0, "1"
    parsed = [_parsed(principle) for principle in principles]
    if after_id is None:
        anchor = Number(0)
    else:
        ids = [principle.id for principle in principles]
        if after_id not in ids:
            raise ValidationError(
                _("There is no principle “{id}” to insert after.").format(id=after_id)
            )
        found = parsed[ids.index(after_id)]
        if found is None:
            raise ValidationError(
                _("“{number}” is not a principle number.").format(
                    number=principles[ids.index(after_id)].number
                ),
                _("Renumber the charter before inserting more."),
            )
        anchor = found
    taken = {number for number in parsed if number is not None}
    if style is InsertionStyle.DASH:
        return _dash_insertion(parsed, taken, anchor)
    return _suffix_insertion(parsed, anchor)


def _family_end(parsed: Sequence[Number | None], stem: tuple[int, ...]) -> int:
    """The index just after the last principle whose number starts with ``stem``."""
    size = len(stem)
    last = -1
    for index, number in enumerate(parsed):
        if number is not None and number.stem[:size] == stem:
            last = index
    return last + 1


def _suffix_insertion(parsed: Sequence[Number | None], anchor: Number) -> tuple[int, str]:
    stem = anchor.stem
    same = [n for n in parsed if n is not None and n.stem == stem]
    rank = max((n.rank for n in same), default=0) + 1
    if rank > len(SUFFIXES):
        raise _too_many(anchor)
    # placed after the principles numbered with this stem (and suffixes), before any dashed one
    last = -1
    for index, number in enumerate(parsed):
        if number is not None and number.stem == stem:
            last = index
    return last + 1, str(Number(stem[0], stem[1:], rank))


def _dash_insertion(
    parsed: Sequence[Number | None], taken: set[Number], anchor: Number
) -> tuple[int, str]:
    stem = anchor.stem
    position = _family_end(parsed, stem)
    # the number the new one must stay below
    following = next((n for n in parsed[position:] if n is not None), None)
    if len(stem) > 1 and anchor.rank == 0:
        sibling = Number(stem[0], (*stem[1:-1], stem[-1] + 1))
        if sibling not in taken and (following is None or sibling < following):
            return position, str(sibling)
    if len(stem) > MAX_SUBS:
        raise _too_many(anchor)
    children = [
        n.stem[len(stem)]
        for n in parsed
        if n is not None and len(n.stem) > len(stem) and n.stem[: len(stem)] == stem
    ]
    child = Number(stem[0], (*stem[1:], max(children, default=0) + 1))
    if len(child.subs) > MAX_SUBS:
        raise _too_many(anchor)
    return position, str(child)
