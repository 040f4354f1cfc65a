"""Operations on a charter: each returns the new charter and a small record of what changed."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, replace

from charter_app.core import clock
from charter_app.core.model import (
    Charter,
    InsertionStyle,
    NumberingMode,
    Participant,
    Principle,
    PrincipleStatus,
    Role,
)
from charter_app.core.numbering import (
    insertion_point,
    is_valid_number,
    parse_number,
    renumber,
    renumbering_of,
)
from charter_app.core.outline import grouping_problem, placement
from charter_app.diffing.textnorm import normalise, unwrap
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _, ngettext

RENUMBERED_TRAILER = "Charter-Renumbered"
"""Trailer of an explicit renumbering commit: how many numbers changed."""


@dataclass(frozen=True)
class Change:
    """What an operation changed, so views refresh only that and storage writes only that."""

    summary: str
    """A translated one-line description, used to pre-fill the commit message."""
    principles: tuple[str, ...] = ()
    """Ids of principles whose file changed (added or edited)."""
    removed: tuple[str, ...] = ()
    """Ids of principles whose file is gone."""
    meta: bool = False
    """charter.yaml changed (title, territory, preamble or principle order)."""
    participants: bool = False
    trailers: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.principles or self.removed or self.meta or self.participants)


_ID_PREFIX = {"fr": "principe", "en": "principle"}
"""Put before an id that would not start with a letter ("2030 : objectifs"), in the charter's
language."""


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})
"""Letters NFKD does not decompose, spelled out so "œuvre" gives "oeuvre", not "uvre"."""


def slugify(title: str, taken: set[str], language: str = "fr") -> str:
    """A stable id from a title: ASCII, lowercase, dashes; unique among ``taken``."""
    spelled = title.translate(_LIGATURES)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"{_ID_PREFIX.get(language, 'principle')}-{slug}".strip("-")
    candidate, counter = slug, 2
    while candidate in taken:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def _require(charter: Charter, principle_id: str) -> Principle:
    principle = charter.principle(principle_id)
    if principle is None:
        raise NotFoundError(
            _("There is no principle “{id}” in this charter.").format(id=principle_id),
            _("List the principles to see their ids."),
        )
    return principle


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("A principle needs a title."), _("Type a short title."))
    return title


def stable(charter: Charter, stable_numbers: bool = False) -> bool:
    """Whether numbers stay as they are: a charter in stable numbering, or one with an adopted
    version (``stable_numbers``, which the storage knows)."""
    return stable_numbers or charter.numbering is NumberingMode.STABLE


def _require_section(charter: Charter, section_id: str) -> None:
    if section_id and charter.section(section_id) is None:
        raise NotFoundError(
            _("There is no section “{id}” in this charter.").format(id=section_id),
            _("List the sections to see their ids."),
        )


def _check_grouping(before: Charter, principles: list[Principle]) -> None:
    """Refuse a place that would split a section (when the charter was grouped before)."""
    if grouping_problem(before.principles, before.sections) is not None:
        return
    problem = grouping_problem(principles, before.sections)
    if problem is not None:
        section = before.section(problem)
        raise ValidationError(
            _("That place would split the section “{title}”.").format(
                title=section.title if section else _("(no section)")
            ),
            _("Choose a principle of the same section to go after, or only the section."),
        )


def _next_whole(principles: list[Principle]) -> str:
    """The number after the highest whole number: appending at the end never needs “bis”."""
    bases = [parse_number(p.number).base for p in principles if is_valid_number(p.number)]
    return str(max(bases, default=0) + 1)


def _place(
    charter: Charter,
    rest: list[Principle],
    after_id: str | None,
    section: str | None,
    stable_numbers: bool,
) -> tuple[int, str, str]:
    """Position, number ("" in a draft: renumbered after) and section of a principle placed
    after ``after_id``, at the end of ``section``, or at the very end (both None)."""
    at_end = after_id is None and section is None
    if section is None:
        anchor = charter.principle(after_id) if after_id else (rest[-1] if rest else None)
        section = anchor.section if anchor is not None else ""
    if after_id is None and not at_end:
        position = placement(replace(charter, principles=tuple(rest)), section)
        after_id = rest[position - 1].id if position else None
    else:
        position = len(rest) if after_id is None else [p.id for p in rest].index(after_id) + 1
    if not stable(charter, stable_numbers):
        return position, "", section
    if at_end or (after_id is not None and position == len(rest) and rest[-1].id == after_id):
        return len(rest), _next_whole(rest), section
    position, number = insertion_point(rest, after_id, charter.insertions)
    return position, number, section


def add_principle(
    charter: Charter,
    title: str,
    body: str = "",
    after_id: str | None = None,
    stable_numbers: bool = False,
    tags: tuple[str, ...] = (),
    section: str | None = None,
) -> tuple[Charter, Change, Principle]:
    """Add a principle at the end, after ``after_id``, or at the end of ``section``.

    In sequential numbering, before any adopted version (``stable_numbers`` False), numbers
    follow the order. In stable numbering, or once a version has been adopted, no other number
    changes: an inserted principle gets "3 bis" (or "3-1"), one added at the end the next whole
    number. It joins ``section``, else the section of the principle it follows.
    """
    title = _clean_title(title)
    principle_id = slugify(title, {p.id for p in charter.principles}, charter.language)
    principles = list(charter.principles)
    if after_id is not None:
        _require(charter, after_id)
    if section is not None:
        _require_section(charter, section)
    position, number, section_id = _place(charter, principles, after_id, section, stable_numbers)
    principle = Principle(
        principle_id, number or "1", title, body, PrincipleStatus.DRAFT, tags, section_id
    )
    principles.insert(position, principle)
    _check_grouping(charter, principles)
    if not number:
        principles = list(renumber(principles))
    new = replace(charter, principles=tuple(principles))
    added = new.principle(principle_id)
    assert added is not None
    renumbered = tuple(p.id for p in new.principles if charter.principle(p.id) != p)
    change = Change(
        _("Add principle {number}: {title}").format(number=added.number, title=title),
        principles=renumbered,
        meta=True,
        trailers=(("Charter-Principle", principle_id),),
    )
    return new, change, added


def edit_principle(
    charter: Charter,
    principle_id: str,
    *,
    title: str | None = None,
    body: str | None = None,
    tags: tuple[str, ...] | None = None,
    status: PrincipleStatus | None = None,
) -> tuple[Charter, Change]:
    old = _require(charter, principle_id)
    if body is not None and unwrap(body) == unwrap(old.body):
        body = None  # the same text as it will be saved: nothing to commit
    if title is not None and normalise(_clean_title(title)) == normalise(old.title):
        title = None
    new_principle = replace(
        old,
        title=_clean_title(title) if title is not None else old.title,
        body=body if body is not None else old.body,
        tags=tags if tags is not None else old.tags,
        status=status if status is not None else old.status,
    )
    if new_principle == old:
        return charter, Change(_("No change"))
    principles = tuple(new_principle if p.id == principle_id else p for p in charter.principles)
    what = []
    if new_principle.title != old.title:
        what.append(_("title"))
    if new_principle.body != old.body:
        what.append(_("text"))
    if new_principle.tags != old.tags:
        what.append(_("tags"))
    if new_principle.status != old.status:
        what.append(_("status"))
    summary = _("Edit principle {number} ({what}): {title}").format(
        number=old.number, what=", ".join(what), title=new_principle.title
    )
    return replace(charter, principles=principles), Change(
        summary, principles=(principle_id,), trailers=(("Charter-Principle", principle_id),)
    )


def move_principle(
    charter: Charter,
    principle_id: str,
    after_id: str | None,
    stable_numbers: bool = False,
    section: str | None = None,
) -> tuple[Charter, Change]:
    """Put ``principle_id`` right after ``after_id``, at the end of ``section`` (``after_id``
    None), or first (both None).

    It joins ``section``, else the section of the principle it now follows (first: of the
    principle it now precedes). In sequential numbering every number follows the new order. In
    stable numbering, the moved principle is numbered like an insertion at its new place
    ("5 bis") and no other number changes.
    """
    moving = _require(charter, principle_id)
    if after_id == principle_id:
        raise ValidationError(_("A principle cannot be moved after itself."))
    if after_id is not None:
        _require(charter, after_id)
    if section is not None:
        _require_section(charter, section)
    rest = [p for p in charter.principles if p.id != principle_id]
    if after_id is None and section is None:  # first
        position, section_id = 0, rest[0].section if rest else moving.section
        number = insertion_point(rest, None, charter.insertions)[1]
    else:
        without = replace(charter, principles=tuple(rest))
        position, number, section_id = _place(without, rest, after_id, section, True)
    keep = stable(charter, stable_numbers)
    rest.insert(position, replace(moving, number=number if keep else "", section=section_id))
    same_place = [p.id for p in rest] == [p.id for p in charter.principles]
    if same_place and section_id == moving.section:
        return charter, Change(_("No change"))
    principles = tuple(rest) if keep else renumber(rest)
    _check_grouping(charter, list(principles))
    if principles == charter.principles:
        return charter, Change(_("No change"))
    changed = tuple(p.id for p in principles if charter.principle(p.id) != p)
    new = replace(charter, principles=principles)
    moved = new.principle(principle_id)
    assert moved is not None
    return new, Change(
        _("Move principle {title} to position {number}").format(
            title=moving.title, number=moved.number
        ),
        principles=changed,
        meta=True,
        trailers=(("Charter-Principle", principle_id),),
    )


def remove_principle(
    charter: Charter, principle_id: str, stable_numbers: bool = False
) -> tuple[Charter, Change]:
    old = _require(charter, principle_id)
    principles = tuple(p for p in charter.principles if p.id != principle_id)
    if not stable(charter, stable_numbers):
        principles = renumber(principles)
    changed = tuple(p.id for p in principles if charter.principle(p.id) != p)
    return replace(charter, principles=principles), Change(
        _("Remove principle {number}: {title}").format(number=old.number, title=old.title),
        principles=changed,
        removed=(principle_id,),
        meta=True,
        trailers=(("Charter-Principle", principle_id),),
    )


def renumber_charter(charter: Charter) -> tuple[Charter, Change]:
    """The explicit renumbering: whole numbers 1..n in the order. The commit says so with the
    ``Charter-Renumbered`` trailer (how many numbers changed), which the history and the
    comparison table show as a renumbering rather than as changed principles."""
    principles = renumber(charter.principles)
    moves = renumbering_of(charter.principles, principles)
    if not moves:
        return charter, Change(_("No change"))
    summary = ngettext(
        "Renumber the principles ({count} number changes)",
        "Renumber the principles ({count} numbers change)",
        len(moves),
    ).format(count=len(moves))
    return replace(charter, principles=principles), Change(
        summary,
        principles=tuple(principle_id for principle_id, _old, _new in moves),
        trailers=((RENUMBERED_TRAILER, str(len(moves))),),
    )


def set_numbering(
    charter: Charter,
    mode: NumberingMode | str | None = None,
    insertions: InsertionStyle | str | None = None,
) -> tuple[Charter, Change]:
    """Choose how numbers behave from now on; no number changes (renumber explicitly)."""
    try:
        new_mode = NumberingMode(mode) if mode is not None else charter.numbering
        new_style = InsertionStyle(insertions) if insertions is not None else charter.insertions
    except ValueError:
        raise ValidationError(
            _("Unknown numbering “{value}”.").format(value=mode or insertions),
            _("Use “sequential” or “stable”, and insertions “bis” or “dash”."),
        ) from None
    new = replace(charter, numbering=new_mode, insertions=new_style)
    if new == charter:
        return charter, Change(_("No change"))
    summary = (
        _("Numbers stay as they are; insertions are numbered “{example}”")
        if new_mode is NumberingMode.STABLE
        else _("Numbers follow the order until a version is adopted")
    ).format(example="3-1" if new_style is InsertionStyle.DASH else "3 bis")
    return new, Change(summary, meta=True)


def edit_charter(
    charter: Charter,
    *,
    title: str | None = None,
    territory: str | None = None,
    preamble: str | None = None,
) -> tuple[Charter, Change]:
    if title is not None and not title.strip():
        raise ValidationError(_("The charter needs a title."))
    new = replace(
        charter,
        title=" ".join(title.split()) if title is not None else charter.title,
        territory=territory.strip() if territory is not None else charter.territory,
        preamble=preamble if preamble is not None else charter.preamble,
    )
    if new == charter:
        return charter, Change(_("No change"))
    return new, Change(_("Edit the charter’s title, territory or preamble"), meta=True)


def add_participant(
    charter: Charter, name: str, role: Role | str, organisation: str = ""
) -> tuple[Charter, Change, Participant]:
    name = " ".join(name.split())
    if not name:
        raise ValidationError(
            _("A participant needs a name or a pseudonym."),
            _("A first name or a pseudonym is enough."),
        )
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(
            _("Unknown role “{role}”.").format(role=role),
            _("Use one of: {choices}.").format(choices=", ".join(r.value for r in Role)),
        ) from None
    taken = {p.id for p in charter.participants}
    participant_id = f"p-{secrets.token_hex(3)}"
    while participant_id in taken:
        participant_id = f"p-{secrets.token_hex(3)}"
    participant = Participant(
        participant_id,
        name,
        role,
        " ".join(organisation.split()),
        registered=clock.now().date().isoformat(),
    )
    new = replace(charter, participants=(*charter.participants, participant))
    return (
        new,
        Change(
            _("Add participant {id} ({role})").format(id=participant_id, role=role.value),
            participants=True,
        ),
        participant,
    )
