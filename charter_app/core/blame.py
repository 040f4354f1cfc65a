"""Who wrote this sentence: each word of a principle traced to the commit, participant,
amendment and workshop that put it there.

The principle's versions are visited in the order of the commit graph (parents before children,
never by date: laptop clocks are wrong), and each word's origin is carried from one version to
the next through the word diff (:mod:`charter_app.diffing.attribution`). In a merge, a word
kept from either parent keeps that parent's origin; only words neither parent had belong to the
merge (a conflict resolved by hand).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from charter_app.core.revision import Revision
from charter_app.diffing.attribution import (
    NEW,
    Version,
    carry_version,
    fill,
    make_version,
    sentence_bounds,
)


@dataclass(frozen=True)
class Attribution:
    """Where a passage comes from."""

    commit: str
    author: str
    """The participant id of the commit's author."""
    amendment: str | None
    """``Charter-Amendment`` trailer (e.g. ``A-12``): the amendment that brought the words."""
    workshop: str | None
    """``Charter-Workshop`` trailer (e.g. ``W-3``): where they were written."""
    authored_at: datetime
    subject: str

    @classmethod
    def of(cls, revision: Revision) -> Attribution:
        return cls(
            revision.sha,
            revision.author,
            revision.trailer("Charter-Amendment"),
            revision.trailer("Charter-Workshop"),
            revision.authored_at,
            revision.subject,
        )


@dataclass(frozen=True)
class BlameSpan:
    """A run of the body (``body[start:end]``) and where it comes from."""

    start: int
    end: int
    text: str
    attribution: Attribution
    """For a sentence: the origin of most of its letters."""
    others: tuple[Attribution, ...] = ()
    """For a sentence: the other origins of some of its words, most letters first."""


@dataclass(frozen=True)
class PrincipleBlame:
    """A principle's body at HEAD with the origin of every word and every sentence."""

    principle_id: str
    body: str
    words: tuple[BlameSpan, ...]
    """Runs of consecutive words with the same origin, covering the whole body."""
    sentences: tuple[BlameSpan, ...]
    revisions: int
    """How many versions of the principle were visited."""


class BlameSource(Protocol):
    """What blame reads (storage provides it: ``charter_app.storage.sync.HistoryTexts``)."""

    def revisions(self, principle_id: str) -> list[Revision]:
        """Commits that changed the principle, each with its parents among them (or none)."""

    def bodies(self, commits: Sequence[str], principle_id: str) -> list[str | None]:
        """The principle's body at each commit; None where it does not exist."""


def graph_order(revisions: Sequence[Revision]) -> list[Revision]:
    """``revisions`` with every parent before its children (depth first from the tips)."""
    by_sha = {revision.sha: revision for revision in revisions}
    children = {parent for revision in revisions for parent in revision.parents}
    order: list[Revision] = []
    done: set[str] = set()
    for tip in [r.sha for r in revisions if r.sha not in children]:
        stack: list[tuple[str, int]] = [(tip, 0)]
        while stack:
            sha, next_parent = stack.pop()
            if sha in done:
                continue
            parents = [p for p in by_sha[sha].parents if p in by_sha]
            if next_parent < len(parents):
                stack.append((sha, next_parent + 1))
                if parents[next_parent] not in done:
                    stack.append((parents[next_parent], 0))
                continue
            done.add(sha)
            order.append(by_sha[sha])
    return order


def blame_principle(source: BlameSource, principle_id: str) -> PrincipleBlame:
    """Attribute every word of the principle's current body (see the module docstring)."""
    order = graph_order(source.revisions(principle_id))
    if not order:
        return PrincipleBlame(principle_id, "", (), (), 0)
    bodies = dict(
        zip(
            [r.sha for r in order],
            source.bodies([r.sha for r in order], principle_id),
            strict=True,
        )
    )
    attributions: list[Attribution] = []
    versions: dict[str, Version] = {}  # by commit
    by_text: dict[str, Version] = {}  # a revert finds its old owners
    for revision in order:
        body = bodies[revision.sha]
        if body is None:
            continue
        if body in by_text:
            versions[revision.sha] = by_text[body]
            continue
        parents = [versions[p] for p in revision.parents if p in versions]
        tokens, owners = carry_version(parents[0] if parents else None, body)
        for other in parents[1:]:
            if any(NEW in line for line in owners):
                for line, found in zip(owners, carry_version(other, body)[1], strict=True):
                    fill(line, found)
        if any(NEW in line for line in owners):
            attributions.append(Attribution.of(revision))
            mine = len(attributions) - 1
            owners = [
                [mine if o == NEW else o for o in line] if NEW in line else line for line in owners
            ]
        versions[revision.sha] = by_text[body] = make_version(body, tokens, owners)
    final_sha = order[-1].sha
    final = versions.get(final_sha)
    if final is None:  # deleted at HEAD
        return PrincipleBlame(principle_id, "", (), (), len(order))
    flat_tokens, owners_flat = final.flat_tokens, final.flat_owners
    return PrincipleBlame(
        principle_id,
        "\n".join(final.lines),
        _word_spans(flat_tokens, owners_flat, attributions),
        _sentence_spans(flat_tokens, owners_flat, attributions),
        len(order),
    )


def _word_spans(
    tokens: Sequence[str], owners: Sequence[int], attributions: Sequence[Attribution]
) -> tuple[BlameSpan, ...]:
    spans: list[BlameSpan] = []
    position = 0
    run_start, run_owner = 0, -2
    pieces: list[str] = []
    for token, owner in zip(tokens, owners, strict=True):
        # Spaces join the run before them: a run is whole words.
        if run_owner == -2 or (owner != run_owner and not token.isspace()):
            if pieces:
                spans.append(
                    BlameSpan(run_start, position, "".join(pieces), attributions[run_owner])
                )
            run_start, run_owner, pieces = position, owner, []
        pieces.append(token)
        position += len(token)
    if pieces:
        spans.append(BlameSpan(run_start, position, "".join(pieces), attributions[run_owner]))
    return tuple(spans)


def _sentence_spans(
    tokens: Sequence[str], owners: Sequence[int], attributions: Sequence[Attribution]
) -> tuple[BlameSpan, ...]:
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    spans: list[BlameSpan] = []
    for first, stop in sentence_bounds(tokens):
        weight: dict[int, int] = {}
        for index in range(first, stop):
            letters = sum(char.isalnum() for char in tokens[index])
            weight[owners[index]] = weight.get(owners[index], 0) + letters
        ranked = sorted(weight, key=lambda owner: (-weight[owner], owner))
        ranked = [owner for owner in ranked if weight[owner] > 0] or ranked[:1]
        text = "".join(tokens[first:stop])
        if not text.strip():
            continue
        spans.append(
            BlameSpan(
                offsets[first],
                offsets[stop],
                text,
                attributions[ranked[0]],
                tuple(attributions[owner] for owner in ranked[1:]),
            )
        )
    return tuple(spans)
