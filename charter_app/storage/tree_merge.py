"""Merging two commits' trees file by file, by what each file holds (docs/FORMAT.md).

Immutable files (events, amendments) simply add up, a principle edited on both sides merges word
by word (:mod:`charter_app.core.merging`), and what cannot merge becomes a conflict object.
"""

from __future__ import annotations

from collections.abc import Mapping

from charter_app.core.merging import (
    Conflict,
    FileConflict,
    PrincipleConflict,
    merge_fields,
    merge_order,
    merge_participants,
    merge_principle,
)
from charter_app.core.model import Charter, Principle
from charter_app.diffing.merge3 import merge3
from charter_app.errors import CharterError
from charter_app.storage import files
from charter_app.storage.git import GitRepository


def merge_trees(
    git: GitRepository,
    base: str | None,
    ours: str,
    theirs: str,
    resolutions: Mapping[str, bytes | None] = {},
) -> tuple[dict[str, bytes | None], list[Conflict]]:
    """The files to change in ``ours`` to merge ``theirs`` (``None`` deletes), and conflicts.

    ``resolutions`` (path -> chosen content, None to delete) settle conflicts of an earlier
    attempt.
    """
    base_blobs = git.tree_blobs(base) if base else {}
    our_blobs, their_blobs = git.tree_blobs(ours), git.tree_blobs(theirs)
    take: dict[str, str | None] = {}
    both: list[str] = []
    for path in sorted(set(base_blobs) | set(our_blobs) | set(their_blobs)):
        old, mine, other = base_blobs.get(path), our_blobs.get(path), their_blobs.get(path)
        if mine == other or other == old:
            continue
        if mine == old:
            take[path] = other
        else:
            both.append(path)
    wanted = sorted(
        {blob for blob in take.values() if blob}
        | {
            blob
            for path in both
            for blob in (base_blobs.get(path), our_blobs.get(path), their_blobs.get(path))
            if blob
        }
    )
    data = dict(zip(wanted, git.read_blobs(wanted), strict=True))
    changes: dict[str, bytes | None] = {
        path: (data[blob] if blob else None) for path, blob in take.items()
    }
    conflicts: list[Conflict] = []
    for path in both:

        def content(blobs: Mapping[str, str], path: str = path) -> bytes | None:
            blob = blobs.get(path)
            return data[blob] if blob else None

        if path in resolutions:
            if resolutions[path] is not None or path in our_blobs:
                changes[path] = resolutions[path]
            continue
        merged = merge_file(path, content(base_blobs), content(our_blobs), content(their_blobs))
        if isinstance(merged, PrincipleConflict | FileConflict):
            conflicts.append(merged)
        elif merged != content(our_blobs):
            changes[path] = merged
    return changes, conflicts


def merge_file(
    path: str, base: bytes | None, mine: bytes | None, theirs: bytes | None
) -> bytes | None | Conflict:
    """Merge one file changed on both sides, by what it holds (docs/FORMAT.md)."""
    try:
        if path.startswith(files.PRINCIPLES_DIR + "/") and path.endswith(".md"):
            result = merge_principle(*(_principle(d, path) for d in (base, mine, theirs)))
            if isinstance(result, Principle):
                return files.serialise_principle(result)
            return result
        if path == files.CHARTER_FILE and mine is not None and theirs is not None:
            merged_yaml = _merge_charter_yaml(base, mine, theirs)
            if merged_yaml is not None:
                return merged_yaml
        if path == files.PARTICIPANTS_FILE and (mine is None or theirs is None):
            # One side moved the names out of the history: they stay out (the other side's are
            # merged into the registry: :func:`charter_app.storage.registry.fold_in`).
            return None
        if path == files.PARTICIPANTS_FILE and mine is not None and theirs is not None:
            people = merge_participants(
                files.parse_participants(base) if base else (),
                files.parse_participants(mine),
                files.parse_participants(theirs),
            )
            if people is not None:
                return files.serialise_participants(people)
    except CharterError:
        pass  # a file that does not parse merges as plain text, or conflicts
    texts = [_text(d) for d in (base, mine, theirs)]
    if mine is not None and theirs is not None:
        result_text = merge3(*texts)
        if result_text.text is not None:
            return result_text.text.encode("utf-8")
    return FileConflict(path, texts[0], texts[1], texts[2], merge3(*texts))


def _principle(data: bytes | None, path: str) -> Principle | None:
    return None if data is None else files.parse_principle(data, path)


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", "replace")


def _merge_charter_yaml(base: bytes | None, mine: bytes, theirs: bytes) -> bytes | None:
    base_meta, base_order = files.parse_charter_meta(base) if base else ({}, [])
    my_meta, my_order = files.parse_charter_meta(mine)
    their_meta, their_order = files.parse_charter_meta(theirs)
    meta = merge_fields(base_meta, my_meta, their_meta)
    order = merge_order(base_order, my_order, their_order)
    if meta is None or order is None:
        return None
    stubs = tuple(Principle(pid, "1", pid, "") for pid in order)
    return files.serialise_charter_meta(Charter(principles=stubs, **meta))
