"""Folding comment events into threads: replies, edits, retractions, resolving, moderation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from charter_app.core.comment_threads import (
    COMMENT,
    EDIT,
    EVENT_TYPES,
    HIDE,
    REDACTION,
    REPLY,
    RESOLVE,
    RETRACT,
    UNHIDE,
    About,
    CommentBoard,
    CommentView,
    Ignored,
    Passage,
    Thread,
)
from charter_app.core.events import Event
from charter_app.core.records import build
from charter_app.diffing.anchoring import Selector
from charter_app.diffing.nogc import cyclic_gc_paused


class _Draft:
    """A comment being folded (mutable while the fold runs). A plain class whose defaults live
    on the class: most comments are never edited, hidden or resolved, and setting sixteen
    fields on each of 20,000 drafts was a large part of the fold."""

    thread_id = ""
    in_reply_to: str | None = None
    edits = 0
    edited_at: datetime | None = None
    retracted = False
    hidden = False
    hidden_reason = ""
    hidden_by = ""
    resolved = False
    resolved_by = ""
    resolved_at: datetime | None = None
    resolution_event = ""
    text_event = ""
    moderation_event = ""

    def __init__(self, event: Event, text: str) -> None:
        self.event = event
        self.text = text

    def view(self) -> CommentView:
        return build(
            CommentView,
            id=self.event.id,
            author=self.event.by,
            at=self.event.at,
            thread_id=self.thread_id,
            in_reply_to=self.in_reply_to,
            text=self.text,
            original_text=str(self.event.data.get("text", "")),
            edits=self.edits,
            edited_at=self.edited_at,
            retracted=self.retracted,
            hidden=self.hidden,
            hidden_reason=self.hidden_reason,
            hidden_by=self.hidden_by,
            workshop=self.event.workshop,
            text_event=self.text_event or self.event.id,
            moderation_event=self.moderation_event,
        )


def passage_of(event: Event) -> Passage | None:
    """The passage a comment event quotes, or None (whole principle, or a damaged field)."""
    data = event.data.get("passage")
    if not isinstance(data, dict):  # event files hold plain dicts; dict is the fast check
        return None
    try:
        quote, start, end = str(data["quote"]), int(data["start"]), int(data["end"])
    except (KeyError, ValueError, TypeError):
        return None
    if not quote or end - start != len(quote) or start < 0:
        return None
    selector = build(
        Selector,
        quote=quote,
        prefix=str(data.get("prefix", "")),
        suffix=str(data.get("suffix", "")),
        start=start,
        end=end,
    )
    return build(Passage, selector=selector, commit=str(data.get("commit", "")))


def latest(events: Iterable[Event]) -> Event | None:
    """The event that counts among competing ones (edits of one comment, one person's supports
    on one target...): each names the one it replaces in ``previous``, so a replaced event never
    wins even when both carry the same second; among events nobody replaced (made offline on two
    laptops), the latest ``at`` wins, then the greater id."""
    candidates = list(events)
    replaced = {str(e.get("previous", "")) for e in candidates}
    live = [e for e in candidates if e.id not in replaced] or candidates
    return max(live, key=lambda event: (event.at, event.id), default=None)


def fold_comments(events: Iterable[Event]) -> CommentBoard:
    """Threads from ``events`` (any order; the result does not depend on it).

    Rules, the same on every laptop: an edit or a retraction counts only from the comment's
    author (or, for an edit marked as a redaction of personal data, from anyone: the app lets
    only facilitators write one), and a retraction is final; hiding, unhiding, resolving and
    reopening count from anyone (the app lets only facilitators hide, and authors or
    facilitators resolve); among competing edits, resolutions or moderations :func:`latest`
    decides; replies may answer replies and belong to the first comment's thread.
    """
    global _last_fold
    given = tuple(events)
    last = _last_fold
    # The same events as the last fold (the same objects, or equal ones): its board again. A
    # window or the phone companion folds the unchanged events of a charter over and over.
    if last is not None and last[0] == given:
        return last[1]
    # The fold makes no reference cycles; the collector walking every live event each time a
    # batch of records is made was a quarter of the fold.
    with cyclic_gc_paused():
        board = _fold(given)
    _last_fold = (given, board)
    return board


_last_fold: tuple[tuple[Event, ...], CommentBoard] | None = None
"""The events of the last fold and its board (records are immutable: shared safely)."""


def _fold(events: Iterable[Event]) -> CommentBoard:
    ordered = sorted(
        (e for e in events if e.type in EVENT_TYPES), key=lambda event: (event.at, event.id)
    )
    drafts: dict[str, _Draft] = {}
    ignored: list[Ignored] = []
    for event in ordered:
        if event.type in (COMMENT, REPLY):
            text = event.data.get("text")
            if not isinstance(text, str) or not text.strip():
                ignored.append(Ignored(event, "no-text"))
                continue
            drafts[event.id] = _Draft(event, text)
    roots = {cid: d for cid, d in drafts.items() if d.event.type == COMMENT}
    for draft in roots.values():
        draft.thread_id = draft.event.id
    for cid, draft in list(drafts.items()):
        if draft.event.type != REPLY:
            continue
        draft.in_reply_to = str(draft.event.get("target", ""))
        root = _root_of(cid, drafts)
        if root is None:
            ignored.append(Ignored(draft.event, "unknown-target"))
            del drafts[cid]
        else:
            draft.thread_id = root
    _apply_changes(ordered, drafts, ignored)
    views = {cid: draft.view() for cid, draft in drafts.items()}
    replies: dict[str, list[CommentView]] = {}
    for cid, draft in drafts.items():
        if draft.event.type == REPLY:
            replies.setdefault(draft.thread_id, []).append(views[cid])
    threads: list[Thread] = []
    for cid, draft in roots.items():
        data = draft.event.data
        about: About = "amendment" if data.get("about") == "amendment" else "principle"
        threads.append(
            build(
                Thread,
                root=views[cid],
                about=about,
                target=str(data.get("target", "")),
                passage=passage_of(draft.event) if about == "principle" else None,
                replies=tuple(replies.get(cid, ())),
                resolved=draft.resolved,
                resolved_by=draft.resolved_by,
                resolved_at=draft.resolved_at,
                resolution_event=draft.resolution_event,
            )
        )
    ignored.sort(key=lambda item: (item.event.at, item.event.id))
    return CommentBoard(
        tuple(threads), tuple(ignored), views, {thread.id: thread for thread in threads}
    )


def _root_of(comment_id: str, drafts: Mapping[str, _Draft]) -> str | None:
    """The first comment a reply chain leads to; None for a dangling or circular chain."""
    seen: set[str] = set()
    current = comment_id
    while current not in seen:
        seen.add(current)
        draft = drafts.get(current)
        if draft is None:
            return None
        if draft.event.type == COMMENT:
            return current
        current = str(draft.event.get("target", ""))
    return None


def _apply_changes(
    ordered: list[Event], drafts: Mapping[str, _Draft], ignored: list[Ignored]
) -> None:
    """Edits, retractions, moderation and resolution, grouped by what they compete for."""
    edits: dict[str, list[Event]] = {}
    moderations: dict[str, list[Event]] = {}
    resolutions: dict[str, list[Event]] = {}
    for event in ordered:
        if event.type in (COMMENT, REPLY):
            continue
        draft = drafts.get(str(event.get("target", "")))
        if draft is None:
            ignored.append(Ignored(event, "unknown-target"))
        elif (
            event.type in (EDIT, RETRACT)
            and event.by != draft.event.by
            and not (event.type == EDIT and event.get("redaction") == REDACTION)
        ):
            ignored.append(Ignored(event, "not-the-author"))
        elif event.type == RETRACT:
            draft.retracted = True
        elif event.type == EDIT:
            text = event.get("text")
            if isinstance(text, str) and text.strip():
                edits.setdefault(draft.event.id, []).append(event)
            else:
                ignored.append(Ignored(event, "no-text"))
        elif event.type in (HIDE, UNHIDE):
            moderations.setdefault(draft.event.id, []).append(event)
        else:
            resolutions.setdefault(draft.thread_id, []).append(event)
    for comment_id, group in edits.items():
        draft = drafts[comment_id]
        winner = latest(group)
        assert winner is not None
        draft.text, draft.edits, draft.edited_at = str(winner.get("text")), len(group), winner.at
        draft.text_event = winner.id
    for comment_id, group in moderations.items():
        draft = drafts[comment_id]
        winner = latest(group)
        assert winner is not None
        draft.hidden = winner.type == HIDE
        draft.hidden_reason = str(winner.get("reason", "")) if draft.hidden else ""
        draft.hidden_by = winner.by if draft.hidden else ""
        draft.moderation_event = winner.id
    for thread_id, group in resolutions.items():
        draft = drafts[thread_id]
        winner = latest(group)
        assert winner is not None
        draft.resolved = winner.type == RESOLVE
        draft.resolved_by = winner.by if draft.resolved else ""
        draft.resolved_at = winner.at if draft.resolved else None
        draft.resolution_event = winner.id
