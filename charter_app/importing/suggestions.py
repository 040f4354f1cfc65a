"""Suggestions written elsewhere: tracked changes, CriticMarkup and revised copies of the charter,
turned into proposed amendments and comments (one amendment per principle and author)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from charter_app.core.amendments import AmendmentKind
from charter_app.importing import review
from charter_app.importing.blocks import Block, BlockKind, plain_text
from charter_app.importing.criticmarkup import Mark, find_marks
from charter_app.importing.principles import render_blocks, title_of
from charter_app.importing.structure import Part, read_marker

LABEL = re.compile(r"^\s*(A-\d{1,7})\s*$")
"""A comment holding only an amendment number labels the change before it (our export)."""
CONTEXT = 32

Group = tuple[str, str]
"""(author name, amendment label): the changes that make one amendment."""


@dataclass(frozen=True)
class ProposedChange:
    """One amendment to file once the plan is confirmed."""

    kind: AmendmentKind
    number: str
    """The principle it changes or deletes, or (insert) the principle it goes after."""
    author: str
    """The author's name as the file gives it; "" for the person importing."""
    title: str | None = None
    body: str | None = None
    label: str = ""
    """The amendment number the file gave it ("A-3", from an exported file); "" otherwise."""
    credits: tuple[str, ...] = ()
    """Other people whose tracked changes it holds (who deleted the words it replaces)."""


@dataclass(frozen=True)
class ProposedComment:
    """One comment to record on a principle, on a passage when ``quote`` is given."""

    number: str
    author: str
    text: str
    quote: str = ""
    before: str = ""
    after: str = ""


def _adjacent(marks: Sequence[Mark], index: int) -> Mark | None:
    following = marks[index + 1] if index + 1 < len(marks) else None
    return following if following and following.start == marks[index].end else None


def label_of(block: Block, mark: Mark) -> str:
    """The amendment number labelling a change (a ``{>>A-3<<}`` right after it), or ""."""
    marks = find_marks(block.markdown)
    for index, candidate in enumerate(marks):
        if candidate.start == mark.start:
            following = _adjacent(marks, index)
            if following is not None and following.kind == "comment":
                match = LABEL.match(following.comment)
                return match[1] if match else ""
    return ""


def group_of(block: Block, mark: Mark) -> Group:
    return review.author_of(block, mark), label_of(block, mark)


def groups(blocks: Sequence[Block]) -> list[Group]:
    """The groups of changes in ``blocks``, in order of first appearance."""
    found: list[Group] = []
    for block in blocks:
        for mark in find_marks(block.markdown):
            if mark.is_change and group_of(block, mark) not in found:
                found.append(group_of(block, mark))
    return found


def choose(group: Group) -> review.Choice:
    return lambda block, mark: group_of(block, mark) == group


def credits_of(blocks: Sequence[Block], group: Group) -> tuple[str, ...]:
    """The people credited beside the group's author in its marks, in order of appearance."""
    found: list[str] = []
    for block in blocks:
        for mark in find_marks(block.markdown):
            if not mark.is_change or group_of(block, mark) != group:
                continue
            credit = block.credits[mark.slot] if 0 <= mark.slot < len(block.credits) else ""
            if credit and credit != group[0] and credit not in found:
                found.append(credit)
    return tuple(found)


def changes_of(part: Part, number: str) -> list[ProposedChange]:
    """One change per group of marks in a principle: its text with that group's marks accepted."""
    base_title = title_of(part, number, review.original)
    base_body = render_blocks(part.blocks, review.original, part.level)
    proposed: list[ProposedChange] = []
    for group in groups([part.heading, *part.blocks]):
        title = title_of(part, number, choose(group))
        body = render_blocks(part.blocks, choose(group), part.level)
        heading = read_marker(plain_text(review.text_of(part.heading, choose(group))))
        credits = credits_of([part.heading, *part.blocks], group)
        if base_body.strip() and not body.strip() and not heading.rest:
            proposed.append(
                ProposedChange(
                    AmendmentKind.DELETE, number, group[0], label=group[1], credits=credits
                )
            )
        elif (title, body) != (base_title, base_body):
            proposed.append(
                ProposedChange(
                    AmendmentKind.MODIFY,
                    number,
                    group[0],
                    title if title != base_title else None,
                    body if body != base_body else None,
                    group[1],
                    credits,
                )
            )
    return proposed


def comments_of(blocks: Sequence[Block], number: str) -> list[ProposedComment]:
    """Comments in ``blocks`` (labels excepted), on the passage highlighted before them, or on
    the words a change right before them removes; else on the whole principle."""
    found: list[ProposedComment] = []
    for block in blocks:
        marks = find_marks(block.markdown)
        for index, mark in enumerate(marks):
            if mark.kind != "comment" or LABEL.match(mark.comment) or not mark.comment.strip():
                continue
            author = review.author_of(block, mark)
            span = _commented_span(block.markdown, marks, index)
            if span is None:
                found.append(ProposedComment(number, author, mark.comment.strip()))
                continue
            start, end = span

            def original(text: str, kind: BlockKind = block.kind) -> str:
                return review.text_of(Block(kind, text), review.original)

            quote = original(block.markdown[start:end])
            if not quote.strip():
                found.append(ProposedComment(number, author, mark.comment.strip()))
                continue
            before = original(block.markdown[:start])
            after = original(block.markdown[mark.end :])
            found.append(
                ProposedComment(
                    number, author, mark.comment.strip(), quote, before[-CONTEXT:], after[:CONTEXT]
                )
            )
    return found


def _commented_span(text: str, marks: Sequence[Mark], index: int) -> tuple[int, int] | None:
    """The span of marked text a comment is about: a highlight ending right before it, or a
    change right before it."""
    if index == 0 or marks[index - 1].end != marks[index].start:
        return None
    previous = marks[index - 1]
    if previous.is_change:
        return previous.start, previous.end
    if previous.kind != "highlight-end":
        return None
    for candidate in reversed(marks[: index - 1]):
        if candidate.kind == "highlight-start":
            return candidate.end, previous.start
    return None


def has_review_marks(blocks: Sequence[Block]) -> bool:
    return any(find_marks(block.markdown) for block in blocks)
