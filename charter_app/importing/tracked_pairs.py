"""Tracked changes that make one replacement: a deletion and an insertion side by side.

Word and LibreOffice record a replaced word as a deletion next to an insertion. When two
reviewers share the work (one deletes "Internet", the other types "internet" in its place), the
two marks have different authors; filed one amendment per author, they give "The  is" (the
deletion alone) and "The Internetinternet is" (the insertion alone), and both conflict. Here a
deletion followed by the insertion that touches it become one substitution, whoever made them:
the person who typed the new words is its author, the one who deleted the old ones is credited
beside (:attr:`charter_app.importing.blocks.Block.credits`). Every word is kept. (Word records
typing over selected words as the deletion, then the insertion; an insertion by someone else
just *before* a deletion adds words in front of them, and stays apart.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from charter_app.importing.blocks import Block, Document
from charter_app.importing.criticmarkup import Mark, find_marks


def _author(block: Block, mark: Mark) -> str:
    return block.authors[mark.slot] if 0 <= mark.slot < len(block.authors) else ""


def _credit(block: Block, mark: Mark) -> str:
    return block.credits[mark.slot] if 0 <= mark.slot < len(block.credits) else ""


def _pairable(block: Block, first: Mark, second: Mark) -> bool:
    """A deletion followed by an insertion that touch (how Word records typing over selected
    words, whoever typed), or an insertion followed by a deletion by the same person; neither
    holding the substitution's own separators. An insertion by someone else right before a
    deletion is an addition in front of the deleted words, not their replacement."""
    if first.end != second.start:
        return False
    if (first.kind, second.kind) == ("insert", "delete"):
        if _author(block, first) != _author(block, second):
            return False
    elif (first.kind, second.kind) != ("delete", "insert"):
        return False
    old = first.old or second.old
    new = first.new or second.new
    return "~>" not in old and "~~}" not in new and "~>" not in new and bool(old and new)


def pair_block(block: Block) -> Block:
    """``block`` with each touching deletion and insertion written as one substitution."""
    if "{" not in block.markdown:
        return block
    marks = find_marks(block.markdown)
    text = block.markdown
    out: list[str] = []
    authors: list[str] = []
    credits: list[str] = []
    position = 0
    index = 0
    changed = False
    while index < len(marks):
        mark = marks[index]
        following = marks[index + 1] if index + 1 < len(marks) else None
        out.append(text[position : mark.start])
        if following is not None and _pairable(block, mark, following):
            deletion, insertion = (mark, following) if mark.kind == "delete" else (following, mark)
            out.append("{~~" + deletion.old + "~>" + insertion.new + "~~}")
            author, other = _author(block, insertion), _author(block, deletion)
            authors.append(author)
            credits.append(other if other != author else _credit(block, insertion))
            position = following.end
            index += 2
            changed = True
            continue
        out.append(text[mark.start : mark.end])
        if mark.slot >= 0:
            authors.append(_author(block, mark))
            credits.append(_credit(block, mark))
        position = mark.end
        index += 1
    if not changed:
        return block
    out.append(text[position:])
    return replace(block, markdown="".join(out), authors=tuple(authors), credits=tuple(credits))


def pair_blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    return tuple(pair_block(block) for block in blocks)


def pair_document(document: Document) -> Document:
    """``document`` with the deletions and insertions of every block paired."""
    return replace(document, blocks=pair_blocks(document.blocks))
