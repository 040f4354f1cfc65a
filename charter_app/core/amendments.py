"""Amendments: what a participant proposes to change, checked, and applied by a 3-way merge.

An amendment is written once by its author and never edited; its lifecycle (registration,
withdrawal, decision) lives in events (:mod:`charter_app.core.amendment_state`). Applying one is
``merge3(base text, current text, proposed text)``: a change lands exactly where its author made
it, or the amendment is reported as conflicting; nothing is ever placed by resemblance.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from charter_app.core.events import now
from charter_app.core.model import Charter, Principle
from charter_app.core.operations import Change, add_principle, edit_principle, remove_principle
from charter_app.diffing import Conflict, merge3
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import N_, _

AMENDMENT_ID = re.compile(r"^a-[0-9a-f]{12}$")
AMENDMENT_NUMBER = re.compile(r"^A-([1-9][0-9]{0,6})$")


class AmendmentKind(StrEnum):
    MODIFY = "modify"
    """New text and/or title for a principle."""
    INSERT = "insert"
    """A new principle after another one (numbered "3 bis" until the council renumbers)."""
    DELETE = "delete"
    """Remove a principle."""
    SUB = "sub"
    """A different text for another amendment (a sub-amendment)."""


KIND_LABELS: dict[AmendmentKind, str] = {
    AmendmentKind.MODIFY: N_("modify"),
    AmendmentKind.INSERT: N_("insert"),
    AmendmentKind.DELETE: N_("delete"),
    AmendmentKind.SUB: N_("sub-amendment"),
}


class TextState(StrEnum):
    """How an amendment stands against the current text (computed, never stored)."""

    CLEAN = "clean"
    """Applies as is: the text it changes is the text its author saw."""
    NEEDS_UPDATE = "needs-update"
    """The principle changed since, but the 3-way merge succeeds."""
    CONFLICTING = "conflicting"
    """The principle changed since in the same place: the merge fails."""
    FALLEN = "fallen"
    """Its target is gone, or its change is already in the text."""
    CLOSED = "closed"
    """Decided or withdrawn: no longer set against the text (an adopted amendment's change is
    in the text, which is not its falling)."""


TEXT_STATE_LABELS: dict[TextState, str] = {
    TextState.CLEAN: N_("clean"),
    TextState.NEEDS_UPDATE: N_("needs update"),
    TextState.CONFLICTING: N_("conflicting"),
    TextState.FALLEN: N_("fallen"),
    TextState.CLOSED: N_("closed"),
}


@dataclass(frozen=True)
class Amendment:
    """One proposal, as its author wrote it (``amendments/<id>.yaml``, never edited)."""

    id: str
    """``a-`` and 12 random hex digits: two laptops offline never pick the same one."""
    kind: AmendmentKind
    target: str
    """The principle id (modify, delete), the anchor principle id (insert: the new principle
    goes right after it), or the parent amendment id (sub)."""
    base: str
    """The full commit id of the text the author read when writing it."""
    author: str
    """Participant id."""
    rationale: str
    """The "exposé des motifs": why; required."""
    created: datetime
    title: str | None = None
    """Proposed title (modify: None keeps the title; insert: the new principle's title)."""
    body: str | None = None
    """Proposed Markdown body, one paragraph per line (None keeps the body)."""
    workshop: str | None = None
    """The workshop it was written in, e.g. ``W-3``."""

    @property
    def is_sub(self) -> bool:
        return self.kind is AmendmentKind.SUB


@dataclass(frozen=True)
class Assessment:
    """What applying an amendment to the current text would do."""

    state: TextState
    title: str | None = None
    """The merged title (modify, insert), when the merge succeeds."""
    body: str | None = None
    """The merged body, when the merge succeeds."""
    conflicts: tuple[Conflict, ...] = ()
    """The passages that prevent the merge (state CONFLICTING)."""
    reason: str = ""
    """Translated sentence telling why it is fallen or conflicting; "" otherwise."""


def new_amendment_id() -> str:
    return f"a-{secrets.token_hex(6)}"


def format_number(number: int) -> str:
    return f"A-{number}"


def parse_number(text: str) -> int | None:
    """7 for ``A-7`` (also ``a-7``, ``7``); None when ``text`` is not an amendment number."""
    text = text.strip()
    if text.isdigit():
        text = f"A-{text}"
    match = AMENDMENT_NUMBER.match(text[:1].upper() + text[1:])
    return int(match[1]) if match else None


# -- writing an amendment -------------------------------------------------------------------------


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def _missing_principle(principle_id: str) -> NotFoundError:
    return NotFoundError(
        _("There is no principle “{id}” in this charter.").format(id=principle_id),
        _("List the principles to see their ids."),
    )


def draft_amendment(
    kind: AmendmentKind | str,
    target: str,
    *,
    author: str,
    rationale: str,
    base: str,
    base_charter: Charter,
    current: Charter,
    title: str | None = None,
    body: str | None = None,
    workshop: str | None = None,
    parent: Amendment | None = None,
    created: datetime | None = None,
) -> Amendment:
    """A checked new amendment, written against ``base_charter`` (the charter at commit ``base``).

    Refuses, with a translated :class:`ValidationError`, an amendment without a rationale, to a
    principle that does not exist, or that would change nothing. ``parent`` is the amendment a
    sub-amendment targets.
    """
    kind = AmendmentKind(kind)
    title, body = _clean(title), _clean(body)
    if title is not None:
        title = " ".join(title.split())
    rationale = (_clean(rationale) or "").strip()
    if not rationale:
        raise ValidationError(
            _("An amendment needs a rationale (why this change)."),
            _("Explain in a few words what the change is for."),
        )
    if current.active_participant(author) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=author),
            _("Choose who is writing, or add a participant first."),
        )
    if kind is AmendmentKind.MODIFY:
        _check_modify(target, title, body, base_charter, current)
    elif kind is AmendmentKind.INSERT:
        _check_insert(target, title, body, base_charter, current)
    elif kind is AmendmentKind.DELETE:
        if base_charter.principle(target) is None or current.principle(target) is None:
            raise _missing_principle(target)
        if title is not None or body is not None:
            raise ValidationError(_("A deletion proposes no text; leave the title and text out."))
    else:
        _check_sub(parent, target, title, body)
    return Amendment(
        id=new_amendment_id(),
        kind=kind,
        target=target,
        base=base,
        author=author,
        rationale=rationale,
        created=created or now(),
        title=title,
        body=body,
        workshop=workshop,
    )


def _unchanged() -> ValidationError:
    return ValidationError(
        _("This amendment is identical to the current text: it would change nothing."),
        _("Change the title or the text before filing it."),
    )


def _check_modify(
    target: str, title: str | None, body: str | None, base_charter: Charter, current: Charter
) -> None:
    at_base = base_charter.principle(target)
    now_principle = current.principle(target)
    if at_base is None or now_principle is None:
        raise _missing_principle(target)
    if title is None and body is None:
        raise ValidationError(_("Give the proposed text or title (or both)."))
    if title is not None and not title:
        raise ValidationError(_("A principle needs a title."), _("Type a short title."))
    for principle in (at_base, now_principle):
        if title in (None, principle.title) and body in (None, principle.body):
            raise _unchanged()


def _check_insert(
    anchor: str, title: str | None, body: str | None, base_charter: Charter, current: Charter
) -> None:
    if base_charter.principle(anchor) is None or current.principle(anchor) is None:
        raise _missing_principle(anchor)
    if not title:
        raise ValidationError(_("A new principle needs a title."), _("Type a short title."))
    if any(p.title == title and p.body == (body or "") for p in current.principles):
        raise _unchanged()


def _check_sub(parent: Amendment | None, target: str, title: str | None, body: str | None) -> None:
    if parent is None or parent.id != target:
        raise NotFoundError(
            _("There is no amendment “{id}” to sub-amend.").format(id=target),
            _("List the amendments with “charter amendments”."),
        )
    if parent.kind in (AmendmentKind.SUB, AmendmentKind.DELETE):
        raise ValidationError(
            _("Only an amendment that proposes a text can be sub-amended."),
            _("Propose your own amendment to the principle instead."),
        )
    if title is None and body is None:
        raise ValidationError(_("Give the proposed text or title (or both)."))
    if (title is None or title == parent.title) and (body is None or body == parent.body):
        raise ValidationError(
            _("This sub-amendment proposes the same text as the amendment it targets."),
            _("Change the title or the text before filing it."),
        )


def as_amended_by(parent: Amendment, sub: Amendment) -> Amendment:
    """The parent amendment with the sub-amendment's text (what adopting the sub makes of it)."""
    return replace(
        parent,
        title=sub.title if sub.title is not None else parent.title,
        body=sub.body if sub.body is not None else parent.body,
    )


# -- assessing and applying ----------------------------------------------------------------------


def principle_of(amendment: Amendment) -> str:
    """The principle an amendment (not a sub-amendment) is about: its target or its anchor."""
    return amendment.target


def assess(charter: Charter, amendment: Amendment, base_principle: Principle | None) -> Assessment:
    """How ``amendment`` (not a sub: resolve it with :func:`as_amended_by`) stands against
    ``charter``; ``base_principle`` is its target (or anchor) as it was at its base commit."""
    if amendment.is_sub:
        raise ValueError("assess a sub-amendment through as_amended_by(parent, sub)")
    current = charter.principle(amendment.target)
    if current is None or base_principle is None:
        return Assessment(
            TextState.FALLEN,
            reason=_("The principle “{id}” is no longer in the charter.").format(
                id=amendment.target
            ),
        )
    if amendment.kind is AmendmentKind.DELETE:
        if (current.title, current.body) == (base_principle.title, base_principle.body):
            return Assessment(TextState.CLEAN)
        return Assessment(TextState.NEEDS_UPDATE)
    if amendment.kind is AmendmentKind.INSERT:
        body = amendment.body or ""
        if any(p.title == amendment.title and p.body == body for p in charter.principles):
            return Assessment(TextState.FALLEN, reason=_("This principle is already in the text."))
        return Assessment(TextState.CLEAN, amendment.title, body)
    return _assess_modify(current, amendment, base_principle)


def _assess_modify(current: Principle, amendment: Amendment, base: Principle) -> Assessment:
    proposed_title = amendment.title if amendment.title is not None else base.title
    proposed_body = amendment.body if amendment.body is not None else base.body
    if current.title == base.title and current.body == base.body:
        return Assessment(TextState.CLEAN, proposed_title, proposed_body)
    conflicts: list[Conflict] = []
    title = _merge_field(base.title, current.title, proposed_title, conflicts)
    body = _merge_field(base.body, current.body, proposed_body, conflicts)
    if conflicts or title is None or body is None:
        return Assessment(
            TextState.CONFLICTING,
            conflicts=tuple(conflicts),
            reason=_("The principle was changed since, in the passage this amendment changes."),
        )
    if title == current.title and body == current.body:
        return Assessment(
            TextState.FALLEN, reason=_("The change it proposes is already in the text.")
        )
    return Assessment(TextState.NEEDS_UPDATE, title, body)


def _merge_field(base: str, current: str, proposed: str, conflicts: list[Conflict]) -> str | None:
    if proposed in (base, current):
        return current
    if current == base:
        return proposed
    result = merge3(base, current, proposed)
    conflicts.extend(result.conflicts)
    return result.text


def apply_assessed(
    charter: Charter, amendment: Amendment, assessment: Assessment, number: str | None = None
) -> tuple[Charter, Change]:
    """Apply an amendment whose assessment is clean or needs-update; refuse the others."""
    label = number or amendment.id
    if assessment.state is TextState.CONFLICTING:
        raise ValidationError(
            _("Amendment {number} conflicts with the current text.").format(number=label),
            assessment.reason,
        )
    if assessment.state is TextState.FALLEN:
        raise ValidationError(
            _("Amendment {number} has fallen.").format(number=label), assessment.reason
        )
    if amendment.kind is AmendmentKind.DELETE:
        new, change = remove_principle(charter, amendment.target, stable_numbers=True)
    elif amendment.kind is AmendmentKind.INSERT:
        assert assessment.title is not None
        new, change, _added = add_principle(
            charter,
            assessment.title,
            assessment.body or "",
            after_id=amendment.target,
            stable_numbers=True,
        )
    else:
        new, change = edit_principle(
            charter, amendment.target, title=assessment.title, body=assessment.body
        )
    trailers = (*change.trailers, ("Charter-Amendment", label))
    return new, replace(change, trailers=trailers)


def apply_amendment(
    charter: Charter,
    amendment: Amendment,
    base_charter: Charter,
    *,
    parent: Amendment | None = None,
    number: str | None = None,
) -> tuple[Charter, Change]:
    """``charter`` with ``amendment`` applied by a 3-way merge against ``base_charter`` (the
    charter at the amendment's base commit), and what changed.

    A sub-amendment applies its parent as amended (pass ``parent``). Raises a translated
    :class:`ValidationError` when the amendment conflicts with the text or has fallen.
    """
    effective = amendment
    if amendment.is_sub:
        if parent is None or parent.id != amendment.target:
            raise NotFoundError(
                _("There is no amendment “{id}” to sub-amend.").format(id=amendment.target)
            )
        effective = as_amended_by(parent, amendment)
    assessment = assess(charter, effective, base_charter.principle(effective.target))
    return apply_assessed(charter, effective, assessment, number)


def insertion_number(charter: Charter, amendment: Amendment) -> str | None:
    """The number ("3 bis") an insert amendment's principle would get in ``charter`` now."""
    if amendment.kind is not AmendmentKind.INSERT or charter.principle(amendment.target) is None:
        return None
    # the very placement adopting it makes (the charter's insertion style, the next whole
    # number after the last principle)
    title = amendment.title or "-"
    return add_principle(charter, title, after_id=amendment.target, stable_numbers=True)[2].number
