"""Who wrote this sentence: each word of a principle traced to the commit, participant,
amendment and workshop that put it there.

The principle's versions are visited in the order of the commit graph (parents before children,
never by date: laptop clocks are wrong), and each word's origin is carried from one version to
the next through the word diff (:mod:`charter_app.diffing.attribution`). In a merge, a word
kept from either parent keeps that parent's origin; only words neither parent had belong to the
merge (a conflict resolved by hand).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from charter_app.core.revision import Revision
from charter_app.diffing.attribution import (
    NEW,
    Version,
    draft_version,
    next_version,
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

    def bodies(self, commits: Sequence[str], principle_id: str) -> Iterable[str | None]:
        """The principle's body at each commit, in order; None where it does not exist.
        Blame takes each one as it comes (an iterator may still be reading the next)."""


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
    """Attribute every word of the principle's current body (see the module docstring).

    A source that keeps blames (:class:`ResumableBlameSource`) is asked first for the one it
    saved: then only the revisions made since are carried forward, with the same result."""
    resumable = source if isinstance(source, ResumableBlameSource) else None
    if resumable is not None:
        saved = resumable.saved_blame(principle_id)
        if saved is not None:
            resumed = _resume(resumable, principle_id, *saved)
            if resumed is not None:
                return resumed
    order = graph_order(source.revisions(principle_id))
    if not order:
        return PrincipleBlame(principle_id, "", (), (), 0)
    shas = [r.sha for r in order]
    carried = _Carried([], {}, {})
    # Carried while they are read: the source may still be reading the next ones.
    carried.run(zip(order, source.bodies(shas, principle_id), strict=True))
    final = carried.versions.get(order[-1].sha)
    if final is None:  # deleted at HEAD
        return PrincipleBlame(principle_id, "", (), (), len(order))
    if resumable is not None:
        texts = frozenset(text_digest(body) for body in carried.by_text)  # every text it had
        resumable.save_blame(principle_id, carried.saved(order[-1].sha, texts, len(order)))
    return _principle_blame(principle_id, final, carried.attributions, len(order))


@dataclass(frozen=True)
class SavedBlame:
    """A principle's blame carried up to one commit, kept so that a later blame only carries
    the revisions made after it."""

    commit: str
    """The principle's newest revision when it was saved (the last in graph order)."""
    version: Version
    """Its text, tokens, and owners (indexes into :attr:`attributions`)."""
    attributions: tuple[Attribution, ...]
    """The origins the owners name, in the order blame first met them."""
    texts: frozenset[str]
    """:func:`text_digest` of every text the principle had: a later revert to one of them
    takes its old owners back, which needs the whole history."""
    revisions: int
    """How many versions were visited."""


@runtime_checkable
class ResumableBlameSource(BlameSource, Protocol):
    """A :class:`BlameSource` that keeps the blame of each principle between calls."""

    def saved_blame(self, principle_id: str) -> tuple[SavedBlame, list[Revision]] | None:
        """The blame saved earlier and the principle's commits made since, whose parents are
        among them or the saved commit; None when nothing usable was saved."""

    def save_blame(self, principle_id: str, saved: SavedBlame) -> None:
        """Keep ``saved`` (failures are silent: it only costs time next time)."""


def text_digest(text: str) -> str:
    """A short fingerprint of a text. A match only sends blame to the full history, so a rare
    collision costs time, never a wrong answer: a checksum and the length are enough, and a
    cold blame takes one for each of its hundreds of texts."""
    try:
        data, kind = text.encode("latin-1"), "l"  # a plain copy for most French texts
    except UnicodeEncodeError:
        data, kind = text.encode("utf-8", "surrogatepass"), "u"
    return f"{kind}{len(data):x}-{zlib.crc32(data):08x}"


def _resume(
    source: ResumableBlameSource,
    principle_id: str,
    saved: SavedBlame,
    newer: Sequence[Revision],
) -> PrincipleBlame | None:
    """The blame from ``saved`` and the revisions since; None when the full history is needed
    (a branch that left before the saved commit, a revert to an older text)."""
    if not newer:
        return _principle_blame(principle_id, saved.version, saved.attributions, saved.revisions)
    known = {revision.sha for revision in newer} | {saved.commit}
    children = {parent for revision in newer for parent in revision.parents}
    if sum(revision.sha not in children for revision in newer) != 1 or any(
        not revision.parents or not known.issuperset(revision.parents) for revision in newer
    ):
        return None
    # Every newer revision descends from the saved commit, and the full history's older
    # revisions are its ancestors: graph order visits the newer ones in this same order.
    order = graph_order(newer)
    shas = [r.sha for r in order]
    bodies = dict(zip(shas, source.bodies(shas, principle_id), strict=True))
    saved_text = "\n".join(saved.version.lines)
    digests = {}
    for sha, body in bodies.items():
        if body is not None and body != saved_text:
            digests[sha] = text_digest(body)
            if digests[sha] in saved.texts:
                return None  # a revert: its owners are in the full history
    carried = _Carried(
        list(saved.attributions), {saved.commit: saved.version}, {saved_text: saved.version}
    )
    carried.run((revision, bodies[revision.sha]) for revision in order)
    final = carried.versions.get(order[-1].sha)
    revisions = saved.revisions + len(order)
    if final is None:
        return PrincipleBlame(principle_id, "", (), (), revisions)
    texts = saved.texts | frozenset(digests.values())
    source.save_blame(principle_id, carried.saved(order[-1].sha, texts, revisions))
    return _principle_blame(principle_id, final, carried.attributions, revisions)


@dataclass
class _Carried:
    """Versions attributed so far, by commit, and the origins their owners index."""

    attributions: list[Attribution]
    versions: dict[str, Version]
    by_text: dict[str, Version]
    """A revert finds its old owners."""

    def run(self, visits: Iterable[tuple[Revision, str | None]]) -> None:
        """Carry each revision's body (None: the principle does not exist there), in graph
        order."""
        versions, by_text, attributions = self.versions, self.by_text, self.attributions
        for revision, body in visits:
            if body is None:
                continue
            if body in by_text:
                versions[revision.sha] = by_text[body]
                continue
            parents = [versions[p] for p in revision.parents if p in versions]
            if len(parents) == 1:  # the usual step: the same result, found faster
                step = next_version(parents[0], body, len(attributions))
                if step is not None:
                    version, used = step
                    if used:
                        attributions.append(Attribution.of(revision))
                    versions[revision.sha] = by_text[body] = version
                    continue
            draft = draft_version(parents[0] if parents else None, body)
            for other in parents[1:]:
                if draft.has_new():
                    draft.fill(draft_version(other, body))
            if draft.has_new():
                attributions.append(Attribution.of(revision))
            versions[revision.sha] = by_text[body] = draft.finish(len(attributions) - 1)

    def saved(self, commit: str, texts: frozenset[str], revisions: int) -> SavedBlame:
        """The state at ``commit``, keeping only the origins its owners name (renumbered in
        the same order, so ties between origins fall the same way)."""
        version = self.versions[commit]
        used = sorted({owner for line in version.owners for owner in line})
        renumber = {old: new for new, old in enumerate(used)}
        owners = tuple(tuple(renumber[o] for o in line) for line in version.owners)
        return SavedBlame(
            commit,
            Version(version.lines, version.tokens, owners),
            tuple(self.attributions[owner] for owner in used),
            texts,
            revisions,
        )


def _principle_blame(
    principle_id: str, final: Version, attributions: Sequence[Attribution], revisions: int
) -> PrincipleBlame:
    flat_tokens, owners_flat = final.flat_tokens, final.flat_owners
    if NEW in owners_flat:
        # A line break between two empty lines has no line before it to belong to: it goes
        # with the nearest words before it (or after it, at the top).
        known = [owner for owner in owners_flat if owner != NEW]
        previous = known[0] if known else 0
        for index, owner in enumerate(owners_flat):
            if owner == NEW:
                owners_flat[index] = previous
            else:
                previous = owner
    return PrincipleBlame(
        principle_id,
        "\n".join(final.lines),
        _word_spans(flat_tokens, owners_flat, attributions),
        _sentence_spans(flat_tokens, owners_flat, attributions),
        revisions,
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
