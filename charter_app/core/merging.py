"""Merging two laptops' versions of the charter: principles, their order, participants.

Pure functions on domain objects; :mod:`charter_app.storage.sync` applies them file by file to
the two commits and their common ancestor. Event, amendment and comment files are immutable and
never reach here. Every merge is symmetric (mine and theirs swapped give the same result), so two
laptops that merge each other's work at the same time end with the same charter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from charter_app.core.model import Participant, Principle
from charter_app.diffing.merge3 import MergeResult, merge3

T = TypeVar("T")


class _Conflicting:
    """Marker: both sides changed a value differently."""


CONFLICT = _Conflicting()


@dataclass(frozen=True)
class PrincipleConflict:
    """A principle both laptops changed in ways that cannot both be kept automatically."""

    principle_id: str
    base: Principle | None
    """As it was in the common ancestor; None when both laptops created it."""
    mine: Principle | None
    """This laptop's version; None when it was deleted here."""
    theirs: Principle | None
    """The other laptop's version; None when it was deleted there."""
    body: MergeResult
    """Word-level 3-way merge of the bodies, with its conflict regions (for side by side)."""
    fields: tuple[str, ...]
    """What conflicts: ``body``, ``title``, ``number``, ``status``, ``section``, ``tags``, or
    ``deleted``."""
    merged: Principle
    """Every field merged, conflicting ones taken from this laptop (the other's if deleted
    here), body the merged text if it merged; the starting point of a resolution."""

    def resolve(self, body: str, title: str | None = None) -> Principle:
        """The principle with the given text (and title), other fields as :attr:`merged`."""
        chosen = replace(self.merged, body=body)
        return replace(chosen, title=title) if title is not None else chosen


@dataclass(frozen=True)
class FileConflict:
    """Another file (charter.yaml, participants.yaml, README.md) changed differently on both."""

    path: str
    base: str
    mine: str
    theirs: str
    merged: MergeResult
    """Line and word-level 3-way merge of the texts, with its conflict regions."""


Conflict = PrincipleConflict | FileConflict


def merge_value(base: T | None, mine: T | None, theirs: T | None) -> T | None | _Conflicting:
    """The classic 3-way rule for one value: a change on one side wins, equal changes agree."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return CONFLICT


def merge_text(base: str, mine: str, theirs: str) -> str | _Conflicting:
    """3-way merge of a text, word by word inside paragraphs both sides changed."""
    quick = merge_value(base, mine, theirs)
    if not isinstance(quick, _Conflicting):
        return quick if quick is not None else ""
    result = merge3(base, mine, theirs)
    return result.text if result.text is not None else CONFLICT


def merge_principle(
    base: Principle | None, mine: Principle | None, theirs: Principle | None
) -> Principle | None | PrincipleConflict:
    """The merged principle, None when deleted (on one side, unchanged on the other, or on
    both), or a :class:`PrincipleConflict`."""
    quick = merge_value(base, mine, theirs)
    if not isinstance(quick, _Conflicting):
        return quick
    present = mine or theirs
    assert present is not None  # both None would have been equal
    principle_id = present.id
    if mine is None or theirs is None:
        body = merge3(
            base.body if base else "", mine.body if mine else "", theirs.body if theirs else ""
        )
        return PrincipleConflict(principle_id, base, mine, theirs, body, ("deleted",), present)
    fields: list[str] = []
    merged: dict[str, Any] = {}
    for name in ("number", "status", "section"):
        value = merge_value(
            getattr(base, name) if base else None, getattr(mine, name), getattr(theirs, name)
        )
        if isinstance(value, _Conflicting):
            fields.append(name)
            value = getattr(mine, name)
        merged[name] = value
    title = merge_text(base.title if base else "", mine.title, theirs.title)
    if isinstance(title, _Conflicting):
        fields.append("title")
        title = mine.title
    merged["title"] = title
    merged["tags"] = _merge_tags(base.tags if base else (), mine.tags, theirs.tags)
    body_result = merge3(base.body if base else "", mine.body, theirs.body)
    body_text = merge_text(base.body if base else "", mine.body, theirs.body)
    if isinstance(body_text, _Conflicting):
        fields.append("body")
        body_text = mine.body
    result = replace(mine, body=body_text, **merged)
    if not fields:
        return result
    return PrincipleConflict(principle_id, base, mine, theirs, body_result, tuple(fields), result)


def _merge_tags(base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]) -> tuple[str, ...]:
    """Tags added on either side are kept, removed on either side are dropped."""
    quick = merge_value(tuple(base), tuple(mine), tuple(theirs))
    if not isinstance(quick, _Conflicting) and quick is not None:
        return quick
    removed = (set(base) - set(mine)) | (set(base) - set(theirs))
    kept = [tag for tag in base if tag not in removed]
    added = sorted((set(mine) | set(theirs)) - set(base))
    return tuple(kept + added)


def merge_order(
    base: Sequence[str], mine: Sequence[str], theirs: Sequence[str]
) -> list[str] | None:
    """Merge two changes of the principle order; None when both reordered differently.

    Removals on either side apply; principles added on either side go after the principle
    they followed there; when both sides added after the same one, the added runs come in order
    of their first id (the same on both laptops).
    """
    quick = merge_value(list(base), list(mine), list(theirs))
    if not isinstance(quick, _Conflicting):
        return list(quick or [])
    removed = (set(base) - set(mine)) | (set(base) - set(theirs))
    base_kept = [pid for pid in base if pid not in removed]
    mine_kept = [pid for pid in mine if pid in base and pid not in removed]
    theirs_kept = [pid for pid in theirs if pid in base and pid not in removed]
    if mine_kept == base_kept:
        skeleton = theirs_kept
    elif theirs_kept in (base_kept, mine_kept):
        skeleton = mine_kept
    else:
        return None
    anchors = set(skeleton)
    mine_runs, theirs_runs = _runs(mine, base, anchors), _runs(theirs, base, anchors)
    result: list[str] = []
    seen: set[str] = set()

    def place(anchor: str | None) -> None:
        runs = [run for run in (mine_runs.get(anchor), theirs_runs.get(anchor)) if run]
        for run in sorted(runs):
            for pid in run:
                if pid not in seen:
                    seen.add(pid)
                    result.append(pid)

    place(None)
    for pid in skeleton:
        result.append(pid)
        seen.add(pid)
        place(pid)
    return result


def _runs(
    order: Sequence[str], base: Sequence[str], anchors: set[str]
) -> dict[str | None, list[str]]:
    runs: dict[str | None, list[str]] = {}
    anchor: str | None = None
    in_base = set(base)
    for pid in order:
        if pid in anchors:
            anchor = pid
        elif pid not in in_base:
            runs.setdefault(anchor, []).append(pid)
    return runs


def merge_participants(
    base: Sequence[Participant], mine: Sequence[Participant], theirs: Sequence[Participant]
) -> tuple[Participant, ...] | None:
    """Participants by id: additions from both sides (in id order after the others), removals
    (an erasure) from either; None when one person was changed differently on both sides."""
    quick = merge_value(tuple(base), tuple(mine), tuple(theirs))
    if not isinstance(quick, _Conflicting):
        return quick or ()
    by_base = {p.id: p for p in base}
    by_mine = {p.id: p for p in mine}
    by_theirs = {p.id: p for p in theirs}
    merged: dict[str, Participant] = {}
    order = [p.id for p in base] + sorted((set(by_mine) | set(by_theirs)) - set(by_base))
    for pid in order:
        value = merge_value(by_base.get(pid), by_mine.get(pid), by_theirs.get(pid))
        if isinstance(value, _Conflicting):
            return None
        if value is not None:
            merged[pid] = value
    return tuple(merged.values())


def merge_fields(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any] | None:
    """Key by key 3-way merge (texts word by word); None when one key conflicts."""
    merged: dict[str, Any] = {}
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        old, ours, other = base.get(key), mine.get(key), theirs.get(key)
        if isinstance(ours, str) and isinstance(other, str) and isinstance(old, str | None):
            value: Any = merge_text(old or "", ours, other)
        else:
            value = merge_value(old, ours, other)
        if isinstance(value, _Conflicting):
            return None
        if value is not None:
            merged[key] = value
    return merged
