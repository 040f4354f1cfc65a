"""Comments and their threads, folded from immutable events; passages re-anchored after edits.

A comment is about a whole principle, a passage of one (a quote selector, see
``charter_app.diffing.anchoring``) or an amendment. Replies, edits, retractions, resolving,
reopening and moderation are new events whose ``target`` names an earlier one: nothing recorded
is ever rewritten, so two laptops merge their comments with plain git. :func:`fold_comments`
turns the events into :class:`Thread` and :class:`CommentView` values; the ``new_*`` functions
check a request and return the event to record (the caller commits it with
``CharterRepository.record``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from charter_app.core.events import Event
from charter_app.core.model import Charter, Principle, Role
from charter_app.diffing.anchoring import (
    ORPHANED,
    Anchor,
    Selector,
    TextChange,
    locate_quote,
    make_selector,
    reanchor,
)
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _, ngettext

COMMENT = "comment"
REPLY = "reply"
EDIT = "edit"
RETRACT = "retract"
RESOLVE = "resolve"
REOPEN = "reopen"
HIDE = "hide"
UNHIDE = "unhide"
EVENT_TYPES = (COMMENT, REPLY, EDIT, RETRACT, RESOLVE, REOPEN, HIDE, UNHIDE)

About = Literal["principle", "amendment"]

FACILITATOR_ROLES = frozenset({Role.STAFF})
"""Who may hide a comment (and read hidden ones): the staff who run the workshops."""
MAX_COMMENT_CHARS = 20_000
MIN_ID_PREFIX = 4
"""Hex digits of a comment id a person must type at least."""

IgnoredReason = Literal["unknown-target", "not-the-author", "no-text"]


@dataclass(frozen=True)
class Passage:
    """The words a comment is about, as they read when it was written."""

    selector: Selector
    commit: str
    """The commit whose principle text the positions count in; "" when not known."""


@dataclass(frozen=True)
class CommentView:
    """One comment or reply as it stands after every later event."""

    id: str
    author: str
    at: datetime
    thread_id: str
    """Id of the thread's first comment (its own id for a first comment)."""
    in_reply_to: str | None
    """The comment or reply this one answers; None for a thread's first comment."""
    text: str
    """The current text: the author's latest edit."""
    original_text: str
    edits: int = 0
    edited_at: datetime | None = None
    retracted: bool = False
    """Withdrawn by its author: listed, its text not shown."""
    hidden: bool = False
    """Hidden by a facilitator: listed with the reason, text shown to facilitators only."""
    hidden_reason: str = ""
    hidden_by: str = ""
    workshop: str | None = None
    text_event: str = ""
    """Id of the event the current text comes from (the comment, or its latest edit)."""
    moderation_event: str = ""
    """Id of the latest hide/unhide event; "" when never moderated."""

    def shown_text(self, facilitator: bool = False) -> str | None:
        """The text a reader may see; None when it is retracted, or hidden from this reader."""
        if self.retracted or (self.hidden and not facilitator):
            return None
        return self.text


@dataclass(frozen=True)
class Thread:
    """A first comment and its replies, in order."""

    root: CommentView
    about: About
    target: str
    """The principle id, or the amendment id."""
    passage: Passage | None
    """The quoted passage; None for a comment on a whole principle or an amendment."""
    replies: tuple[CommentView, ...] = ()
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: datetime | None = None
    resolution_event: str = ""
    """Id of the latest resolve/reopen event; "" when never resolved."""

    @property
    def id(self) -> str:
        return self.root.id


@dataclass(frozen=True)
class Ignored:
    """An event the fold could not apply; kept and shown, never silently dropped."""

    event: Event
    reason: IgnoredReason


@dataclass(frozen=True)
class CommentBoard:
    """Every thread of a charter, oldest first, and the comments by id."""

    threads: tuple[Thread, ...] = ()
    ignored: tuple[Ignored, ...] = ()
    _by_id: Mapping[str, CommentView] = field(default_factory=dict, repr=False)
    _threads: Mapping[str, Thread] = field(default_factory=dict, repr=False)

    def get(self, comment_id: str) -> CommentView | None:
        return self._by_id.get(comment_id)

    def thread(self, comment_id: str) -> Thread | None:
        """The thread holding ``comment_id`` (a first comment or a reply)."""
        comment = self._by_id.get(comment_id)
        return None if comment is None else self._threads.get(comment.thread_id)

    def threads_on(self, target: str) -> list[Thread]:
        return [thread for thread in self.threads if thread.target == target]

    def find(self, reference: str) -> CommentView:
        """The comment ``reference`` names: its id or a unique prefix (``e-`` optional)."""
        wanted = reference.strip().lower()
        if not wanted.startswith("e-"):
            wanted = "e-" + wanted
        exact = self._by_id.get(wanted)
        if exact is not None:
            return exact
        if len(wanted) - 2 >= MIN_ID_PREFIX:
            matches = [cid for cid in self._by_id if cid.startswith(wanted)]
            if len(matches) == 1:
                return self._by_id[matches[0]]
            if matches:
                raise ValidationError(
                    ngettext(
                        "“{reference}” could be {count} comment.",
                        "“{reference}” could be {count} comments.",
                        len(matches),
                    ).format(reference=reference, count=len(matches)),
                    _("Type more characters of the comment id."),
                )
        raise NotFoundError(
            _("There is no comment “{reference}”.").format(reference=reference),
            _("List the comments with “charter comments” to see their ids."),
        )


# -- folding events --------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A comment being folded (mutable while the fold runs)."""

    event: Event
    text: str
    thread_id: str = ""
    in_reply_to: str | None = None
    edits: int = 0
    edited_at: datetime | None = None
    retracted: bool = False
    hidden: bool = False
    hidden_reason: str = ""
    hidden_by: str = ""
    resolved: bool = False
    resolved_by: str = ""
    resolved_at: datetime | None = None
    resolution_event: str = ""
    text_event: str = ""
    moderation_event: str = ""

    def view(self) -> CommentView:
        return CommentView(
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
    selector = Selector(quote, str(data.get("prefix", "")), str(data.get("suffix", "")), start, end)
    return Passage(selector, str(data.get("commit", "")))


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
    author, and a retraction is final; hiding, unhiding, resolving and reopening count from
    anyone (the app lets only facilitators hide, and authors or facilitators resolve); among
    competing edits, resolutions or moderations :func:`latest` decides; replies may answer
    replies and belong to the first comment's thread.
    """
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
            Thread(
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
        elif event.type in (EDIT, RETRACT) and event.by != draft.event.by:
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


# -- checking a request and making its event ------------------------------------------------------


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise ValidationError(
            _("A comment cannot be empty."), _("Write what you want to say with --text.")
        )
    if len(text) > MAX_COMMENT_CHARS:
        raise ValidationError(
            _("This comment is {count} characters long; the limit is {limit}.").format(
                count=len(text), limit=MAX_COMMENT_CHARS
            ),
            _("Shorten it, or split it into several comments."),
        )
    return text


def _participant(charter: Charter, author: str) -> None:
    if charter.participant(author) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=author),
            _("Choose who is writing, or add a participant first."),
        )


def is_facilitator(charter: Charter, participant_id: str) -> bool:
    participant = charter.participant(participant_id)
    return participant is not None and participant.role in FACILITATOR_ROLES


def passage_for_quote(
    principle: Principle, quote: str, before: str = "", after: str = ""
) -> Selector:
    """The passage of ``principle``'s text that ``quote`` names, with ``before``/``after``
    context to choose between copies; a translated ValidationError when it is absent or
    ambiguous. Typographic variants (’ and ', « » and ") are accepted."""
    search = locate_quote(principle.body, quote, before, after)
    if search.selector is not None:
        return search.selector
    if not quote.strip():
        raise ValidationError(_("The quoted passage is empty."), _("Give the words to comment on."))
    if search.occurrences == 0:
        raise ValidationError(
            _("The principle {number} does not contain “{quote}”.").format(
                number=principle.number, quote=quote
            ),
            _("Copy the words exactly as the text writes them (show it with “charter principle "
              "show {id}”).").format(id=principle.id),
        )  # fmt: skip
    if search.matching == 0:
        raise ValidationError(
            _(
                "“{quote}” appears in the principle {number}, but not with the context given."
            ).format(quote=quote, number=principle.number),
            _("Check the words given with --before and --after."),
        )
    raise ValidationError(
        ngettext(
            "“{quote}” appears {count} time in the principle {number}.",
            "“{quote}” appears {count} times in the principle {number}.",
            search.matching,
        ).format(quote=quote, count=search.matching, number=principle.number),
        _("Quote more words, or give the words just before (--before) or after (--after) it."),
    )


def passage_for_range(principle: Principle, start: int, end: int) -> Selector:
    """The passage ``principle.body[start:end]`` (a selection in an editor)."""
    if not 0 <= start < end <= len(principle.body) or not principle.body[start:end].strip():
        raise ValidationError(
            _("The selected passage is empty or outside the principle {number}.").format(
                number=principle.number
            ),
            _("Select some words of the principle's text."),
        )
    return make_selector(principle.body, start, end)


def new_comment(
    charter: Charter,
    author: str,
    target: str,
    text: str,
    *,
    about: About = "principle",
    passage: Selector | None = None,
    commit: str = "",
    label: str = "",
    workshop: str | None = None,
) -> Event:
    """A comment on principle ``target`` (optionally on ``passage`` of its text, taken from the
    text at ``commit``), or on amendment ``target`` (``about="amendment"``, its stable id; the
    caller checks it exists; ``label`` is its citable number, for readers of the file)."""
    _participant(charter, author)
    clean = _clean_text(text)
    data: dict[str, Any] = {"about": about, "target": target}
    if about == "principle":
        principle = charter.principle(target)
        if principle is None:
            raise NotFoundError(
                _("There is no principle “{id}” in this charter.").format(id=target),
                _("List the principles with “charter principle list”."),
            )
        if passage is not None:
            if principle.body[passage.start : passage.end] != passage.quote:
                raise ValidationError(
                    _("The passage no longer matches the principle's text."),
                    _("Select the words again."),
                )
            data["passage"] = {
                "quote": passage.quote,
                "prefix": passage.prefix,
                "suffix": passage.suffix,
                "start": passage.start,
                "end": passage.end,
                "commit": commit,
            }
    elif passage is not None:
        raise ValidationError(_("Only a principle's text can be quoted."))
    if label:
        data["label"] = label
    data["text"] = clean
    return Event.create(COMMENT, author, workshop, **data)


def new_reply(
    charter: Charter,
    board: CommentBoard,
    author: str,
    reference: str,
    text: str,
    workshop: str | None = None,
) -> Event:
    """A reply to the comment or reply ``reference`` (id or unique prefix)."""
    _participant(charter, author)
    clean = _clean_text(text)
    comment = board.find(reference)
    return Event.create(REPLY, author, workshop, target=comment.id, text=clean)


def new_edit(
    charter: Charter, board: CommentBoard, author: str, reference: str, text: str
) -> Event:
    """A new text for the author's own comment."""
    _participant(charter, author)
    clean = _clean_text(text)
    comment = _own_live_comment(board, author, reference)
    if clean == comment.text:
        raise ValidationError(_("The comment already reads like this; nothing was recorded."))
    return Event.create(
        EDIT, author, None, target=comment.id, previous=comment.text_event, text=clean
    )


def new_retraction(charter: Charter, board: CommentBoard, author: str, reference: str) -> Event:
    """The author withdraws their own comment (it stays listed, its text no longer shown)."""
    _participant(charter, author)
    comment = _own_live_comment(board, author, reference)
    return Event.create(RETRACT, author, None, target=comment.id)


def _own_live_comment(board: CommentBoard, author: str, reference: str) -> CommentView:
    comment = board.find(reference)
    if comment.author != author:
        raise ValidationError(
            _("Only the author of a comment can edit or retract it."),
            _("Reply to it instead, or ask a facilitator to hide it."),
        )
    if comment.retracted:
        raise ValidationError(_("This comment was retracted; it cannot change any more."))
    return comment


def new_resolution(
    charter: Charter, board: CommentBoard, author: str, reference: str, resolved: bool = True
) -> Event:
    """Resolve (or reopen) the thread holding ``reference``: its author or a facilitator."""
    _participant(charter, author)
    thread = board.thread(board.find(reference).id)
    assert thread is not None
    if author != thread.root.author and not is_facilitator(charter, author):
        raise ValidationError(
            _("Only the author of the first comment or a facilitator can resolve or reopen it.")
        )
    if thread.resolved == resolved:
        raise ValidationError(
            _("This thread is already resolved.") if resolved else _("This thread is open.")
        )
    return Event.create(
        RESOLVE if resolved else REOPEN,
        author,
        None,
        target=thread.id,
        previous=thread.resolution_event or None,
    )


def new_moderation(
    charter: Charter,
    board: CommentBoard,
    author: str,
    reference: str,
    reason: str = "",
    hidden: bool = True,
) -> Event:
    """A facilitator hides a comment (with a reason readers see) or shows it again."""
    _participant(charter, author)
    if not is_facilitator(charter, author):
        raise ValidationError(
            _("Only a facilitator (a participant with the role “staff”) can hide comments.")
        )
    comment = board.find(reference)
    if hidden:
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError(
                _("Say why the comment is hidden."), _("Give a reason with --reason.")
            )
        return Event.create(
            HIDE,
            author,
            None,
            target=comment.id,
            previous=comment.moderation_event or None,
            reason=reason,
        )
    if not comment.hidden:
        raise ValidationError(_("This comment is not hidden."))
    return Event.create(UNHIDE, author, None, target=comment.id, previous=comment.moderation_event)


# -- anchoring threads in the current text ---------------------------------------------------------


def anchor_threads(
    threads: Iterable[Thread],
    charter: Charter,
    text_at: Callable[[str, str], str | None],
) -> dict[str, Anchor | None]:
    """Where each thread about a principle stands in ``charter`` (the current text).

    ``text_at(principle_id, commit)`` gives the principle's text at the commit a passage was
    quoted from (None if unknown). Value None: a whole-principle comment whose principle still
    exists; :data:`ORPHANED` when its principle is gone. One diff is computed per pair of texts.
    """
    changes: dict[tuple[str | None, str], TextChange] = {}
    anchors: dict[str, Anchor | None] = {}
    for thread in threads:
        if thread.about != "principle":
            continue
        principle = charter.principle(thread.target)
        if principle is None:
            anchors[thread.id] = ORPHANED
            continue
        if thread.passage is None:
            anchors[thread.id] = None
            continue
        old = text_at(thread.target, thread.passage.commit) if thread.passage.commit else None
        key = (old, principle.body)
        change = changes.get(key)
        if change is None:
            change = changes[key] = TextChange(old, principle.body)
        anchors[thread.id] = reanchor(thread.passage.selector, change)
    return anchors
