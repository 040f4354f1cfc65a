"""Keeping a person's unsaved edits when the saved charter changes under them.

The window edits a working copy of the charter saved at some commit. When someone else writes
(the command line, a phone in the room, a sync) the window takes in the new saved charter:
:func:`rebase` replays on it what the person changed and has not saved yet, principle by
principle and field by field, so nothing typed is lost and nothing written elsewhere is hidden.
Where both changed the same principle, the two are merged word by word when they do not overlap;
when they do, the person's version stays in the editor, and saving it (against the text it was
written on) says plainly that they overlap.
"""

from __future__ import annotations

from dataclasses import replace

from charter_app.core.merging import merge_principle
from charter_app.core.model import Charter, Principle

_FIELDS = ("title", "territory", "language", "preamble", "decision_rule")


def rebase(saved: Charter, working: Charter, new_saved: Charter) -> Charter:
    """``working`` (edited from ``saved``) replayed onto ``new_saved``."""
    if working == saved and working.participants == saved.participants:
        return new_saved
    old = {p.id: p for p in saved.principles}
    mine = {p.id: p for p in working.principles}
    theirs = {p.id: p for p in new_saved.principles}
    edited = {
        pid: _merged(old.get(pid), p, theirs.get(pid))
        for pid, p in mine.items()
        if old.get(pid) != p
    }
    removed = {pid for pid in old if pid not in mine}
    principles: list[Principle] = [
        edited.get(p.id, p) for p in new_saved.principles if p.id not in removed
    ]
    placed = {p.id for p in principles}
    order_changed = [p.id for p in working.principles if p.id in old] != [
        p.id for p in saved.principles if p.id in mine
    ]
    for index, principle in enumerate(working.principles):
        if principle.id in placed:
            continue
        # A principle added here: after the one it follows in the person's order.
        before = next((p.id for p in reversed(working.principles[:index]) if p.id in placed), None)
        position = 0 if before is None else [p.id for p in principles].index(before) + 1
        principles.insert(position, principle)
        placed.add(principle.id)
    if order_changed:
        wanted = [p.id for p in working.principles]
        rank = {pid: i for i, pid in enumerate(wanted)}
        principles.sort(key=lambda p: rank.get(p.id, len(rank)))
    fields = {
        name: getattr(working, name)
        for name in _FIELDS
        if getattr(working, name) != getattr(saved, name)
    }
    return replace(new_saved, principles=tuple(principles), **fields)


def _merged(base: Principle | None, mine: Principle, theirs: Principle | None) -> Principle:
    """My version of a principle, with what others changed in it meanwhile when that does not
    overlap what I changed."""
    if theirs is None or theirs == base:
        return mine
    merged = merge_principle(base, mine, theirs)
    return merged if isinstance(merged, Principle) else mine
