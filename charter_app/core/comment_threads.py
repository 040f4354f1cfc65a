"""What a folded comment looks like: the event types, a comment, a thread and the board."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from charter_app.core.events import Event
from charter_app.diffing.anchoring import Selector
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
REDACTION = "personal-data"
"""The ``redaction`` field of an edit by which a facilitator takes names out of a comment."""

About = Literal["principle", "amendment"]

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
