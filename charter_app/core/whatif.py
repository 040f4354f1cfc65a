"""Amendments against the current text: their computed states, and "what if" previews.

Both only read: they need each amendment's target as it was at its base commit, given by a
``BaseLookup`` (storage reads all of them in one git pass and caches them per commit and
principle), and they never commit anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from charter_app.core.amendment_state import DECIDED, AmendmentStatus, Ledger
from charter_app.core.amendments import (
    Amendment,
    Assessment,
    TextState,
    apply_assessed,
    as_amended_by,
    assess,
)
from charter_app.core.model import Charter, Principle
from charter_app.core.operations import Change
from charter_app.diffing import Conflict
from charter_app.i18n import _

BaseLookup = Callable[[str, str], Principle | None]
"""``base_of(commit, principle_id)``: the principle as it was at that commit, None if absent."""


def effective_amendment(amendment: Amendment, parents: Mapping[str, Amendment]) -> Amendment | None:
    """The amendment as it would apply: a sub-amendment becomes its parent with the sub's text;
    None when the parent is unknown."""
    if not amendment.is_sub:
        return amendment
    parent = parents.get(amendment.target)
    return as_amended_by(parent, amendment) if parent is not None else None


def base_requests(
    amendments: Iterable[Amendment], parents: Mapping[str, Amendment]
) -> set[tuple[str, str]]:
    """Every (commit, principle id) whose text is needed to assess ``amendments``."""
    wanted = set()
    for amendment in amendments:
        effective = effective_amendment(amendment, parents)
        if effective is not None:
            wanted.add((effective.base, effective.target))
    return wanted


def text_states(charter: Charter, ledger: Ledger, base_of: BaseLookup) -> dict[str, Assessment]:
    """The computed state of every amendment of ``ledger`` against ``charter``, by id.

    A decided or withdrawn amendment is *closed*. A sub-amendment is assessed as its parent
    with its text; it has fallen once its parent was withdrawn or decided.
    """
    parents = {record.id: record.amendment for record in ledger.records}
    states: dict[str, Assessment] = {}
    for record in ledger.records:
        amendment = record.amendment
        if record.status in DECIDED or record.status is AmendmentStatus.WITHDRAWN:
            # "adopted" beside "fallen" (its change is in the text, of course) said two things
            states[record.id] = Assessment(
                TextState.CLOSED,
                reason=_("Decided or withdrawn: it is no longer set against the text."),
            )
            continue
        if amendment.is_sub:
            parent = ledger.get(amendment.target)
            if parent is None:
                states[record.id] = Assessment(
                    TextState.FALLEN, reason=_("The amendment it targets does not exist.")
                )
                continue
            if parent.status in DECIDED or parent.status is AmendmentStatus.WITHDRAWN:
                states[record.id] = Assessment(
                    TextState.FALLEN,
                    reason=_("The amendment it targets has been withdrawn or decided."),
                )
                continue
        effective = effective_amendment(amendment, parents)
        assert effective is not None
        states[record.id] = assess(charter, effective, base_of(effective.base, effective.target))
    return states


@dataclass(frozen=True)
class WhatIfConflict:
    """An amendment of the selection that could not be applied after the earlier ones."""

    amendment: str
    """The amendment id."""
    state: TextState
    """CONFLICTING, or FALLEN (e.g. an earlier one deleted its principle)."""
    reason: str
    """Translated sentence."""
    conflicts: tuple[Conflict, ...] = ()
    """The passages that prevent the merge."""
    earlier: tuple[str, ...] = ()
    """Ids of amendments applied before it to the same principle: the ones it collides with."""


@dataclass(frozen=True)
class WhatIfResult:
    """The charter with a selection of amendments applied in order; nothing is committed."""

    charter: Charter
    applied: tuple[str, ...]
    """Ids of the amendments applied, in order."""
    conflicts: tuple[WhatIfConflict, ...]
    changes: tuple[Change, ...] = ()
    """What each applied amendment changed, in the order of ``applied``."""


def what_if(
    charter: Charter,
    amendments_in_order: Sequence[Amendment],
    base_of: BaseLookup,
    parents: Mapping[str, Amendment] | None = None,
    labels: Mapping[str, str] | None = None,
) -> WhatIfResult:
    """Apply ``amendments_in_order`` one after the other, each by a 3-way merge of its base text,
    the text as the earlier ones left it, and its proposal.

    A sub-amendment applies its parent with its own text, once: its parent, if also selected, is
    then not applied again. ``labels`` maps ids to numbers (``A-3``) for commit trailers.
    """
    parents = parents or {}
    labels = labels or {}
    replaced_by_sub = {a.target: a.id for a in amendments_in_order if a.is_sub}
    done: set[str] = set()
    touched: dict[str, list[str]] = {}
    applied: list[str] = []
    changes: list[Change] = []
    conflicts: list[WhatIfConflict] = []
    for amendment in amendments_in_order:
        if amendment.id in replaced_by_sub:
            continue  # applied with the text of its sub-amendment, at the sub's place
        effective = effective_amendment(amendment, parents)
        if effective is None:
            conflicts.append(
                WhatIfConflict(
                    amendment.id,
                    TextState.FALLEN,
                    _("The amendment it targets does not exist."),
                )
            )
            continue
        if effective.id in done:
            conflicts.append(
                WhatIfConflict(
                    amendment.id,
                    TextState.CONFLICTING,
                    _("The amendment it targets is already applied with another text."),
                    earlier=(effective.id,),
                )
            )
            continue
        assessment = assess(charter, effective, base_of(effective.base, effective.target))
        earlier = tuple(touched.get(effective.target, ()))
        if assessment.state in (TextState.CONFLICTING, TextState.FALLEN):
            conflicts.append(
                WhatIfConflict(
                    amendment.id,
                    assessment.state,
                    assessment.reason,
                    assessment.conflicts,
                    earlier,
                )
            )
            continue
        charter, change = apply_assessed(
            charter, effective, assessment, labels.get(amendment.id, labels.get(effective.id))
        )
        done.update({amendment.id, effective.id})
        for principle_id in {effective.target, *change.principles, *change.removed}:
            touched.setdefault(principle_id, []).append(amendment.id)
        applied.append(amendment.id)
        changes.append(change)
    return WhatIfResult(charter, tuple(applied), tuple(conflicts), tuple(changes))
