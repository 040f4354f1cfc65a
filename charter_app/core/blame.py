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
from charter_app.diffing.attribution import NEW, carry, fill, sentence_bounds
from charter_app.diffing.tokens import tokenize


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

    def history(self, principle_id: str | None = None) -> list[Revision]:
        """Commits that changed the principle (every commit for None), any order."""

    def head(self) -> str | None:
        """The commit whose text is blamed."""

    def bodies(self, requests: Sequence[tuple[str, str]]) -> list[str | None]:
        """The principle's body at each ``(commit, principle id)``; None where absent."""


def graph_order(revisions: Sequence[Revision], head: str) -> list[str]:
    """Commits reachable from ``head``, every parent before its children (depth first)."""
    parents = {revision.sha: revision.parents for revision in revisions}
    order: list[str] = []
    done: set[str] = set()
    stack: list[tuple[str, int]] = [(head, 0)]
    while stack:
        sha, next_parent = stack.pop()
        if sha in done:
            continue
        known = parents.get(sha, ())
        if next_parent < len(known):
            stack.append((sha, next_parent + 1))
            if known[next_parent] not in done:
                stack.append((known[next_parent], 0))
            continue
        done.add(sha)
        order.append(sha)
    return order


def blame_principle(source: BlameSource, principle_id: str) -> PrincipleBlame:
    """Attribute every word of the principle's current body (see the module docstring)."""
    head = source.head()
    changed = {revision.sha: revision for revision in source.history(principle_id)}
    if head is None or not changed:
        return PrincipleBlame(principle_id, "", (), (), 0)
    order = [sha for sha in graph_order(source.history(None), head) if sha in changed]
    requests = sorted(
        {(sha, principle_id) for sha in order}
        | {(parent, principle_id) for sha in order for parent in changed[sha].parents}
        | {(head, principle_id)}
    )
    bodies = dict(zip(requests, source.bodies(requests), strict=True))
    attributions: list[Attribution] = []
    # Owners of each distinct body met so far, by its text: a parent's body is always one of
    # them (it was written by an earlier commit of ``order``), and a revert finds its old owners.
    owners_by_body: dict[str, list[int]] = {}
    for sha in order:
        body = bodies[(sha, principle_id)]
        if body is None or body in owners_by_body:
            continue
        tokens = tokenize(body)
        parent_bodies = [
            text
            for text in (bodies.get((parent, principle_id)) for parent in changed[sha].parents)
            if text is not None and text in owners_by_body
        ]
        owners = [NEW] * len(tokens)
        for number, parent_body in enumerate(parent_bodies):
            carried = carry(tokenize(parent_body), owners_by_body[parent_body], tokens)
            if number == 0:
                owners = carried
            else:
                fill(owners, carried)
            if NEW not in owners:
                break
        if NEW in owners:
            attributions.append(Attribution.of(changed[sha]))
            owners = [len(attributions) - 1 if owner == NEW else owner for owner in owners]
        owners_by_body[body] = owners
    final = bodies[(head, principle_id)] or ""
    final_tokens = tokenize(final)
    final_owners = owners_by_body.get(final)
    if final_owners is None:  # not reached through the history (should not happen)
        return PrincipleBlame(principle_id, final, (), (), len(order))
    return PrincipleBlame(
        principle_id,
        final,
        _word_spans(final_tokens, final_owners, attributions),
        _sentence_spans(final_tokens, final_owners, attributions),
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
