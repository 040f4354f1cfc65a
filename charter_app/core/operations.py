"""Operations on a charter: each returns the new charter and a small record of what changed."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, replace

from charter_app.core import clock
from charter_app.core.model import Charter, Participant, Principle, PrincipleStatus, Role
from charter_app.core.numbering import insertion_point, renumber
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _


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


def slugify(title: str, taken: set[str]) -> str:
    """A stable id from a title: ASCII, lowercase, dashes; unique among ``taken``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"principe-{slug}".strip("-")
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


def add_principle(
    charter: Charter,
    title: str,
    body: str = "",
    after_id: str | None = None,
    stable_numbers: bool = False,
    tags: tuple[str, ...] = (),
) -> tuple[Charter, Change, Principle]:
    """Add a principle at the end or after ``after_id``.

    In a draft (``stable_numbers`` False) numbers follow the order; once a version has been
    adopted numbers are stable and an inserted principle gets "3 bis", "3 ter"...
    """
    title = _clean_title(title)
    principle_id = slugify(title, {p.id for p in charter.principles})
    principles = list(charter.principles)
    if after_id is not None:
        _require(charter, after_id)
    if stable_numbers:
        position, number = insertion_point(principles, after_id)
    else:
        position = len(principles) if after_id is None else charter.index_of(after_id) + 1
        number = ""
    principle = Principle(principle_id, number or "1", title, body, PrincipleStatus.DRAFT, tags)
    principles.insert(position, principle)
    if not stable_numbers:
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
    charter: Charter, principle_id: str, after_id: str | None, stable_numbers: bool = False
) -> tuple[Charter, Change]:
    """Put ``principle_id`` right after ``after_id`` (first when None).

    In a draft every number follows the new order. Once numbers are stable, the moved principle
    is numbered like an insertion at its new place ("5 bis") and no other number changes.
    """
    moving = _require(charter, principle_id)
    if after_id == principle_id:
        raise ValidationError(_("A principle cannot be moved after itself."))
    if after_id is not None:
        _require(charter, after_id)
    rest = [p for p in charter.principles if p.id != principle_id]
    if stable_numbers:
        position, number = insertion_point(rest, after_id)
        rest.insert(position, replace(moving, number=number))
        principles = tuple(rest)
    else:
        ids = [p.id for p in rest]
        position = 0 if after_id is None else ids.index(after_id) + 1
        rest.insert(position, moving)
        principles = renumber(rest)
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
    if not stable_numbers:
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
    principles = renumber(charter.principles)
    changed = tuple(p.id for p in principles if charter.principle(p.id) != p)
    return replace(charter, principles=principles), Change(
        _("Renumber the principles"), principles=changed
    )


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
