"""Comments and their threads, folded from immutable events; passages re-anchored after edits.

A comment is about a whole principle, a passage of one (a quote selector, see
``charter_app.diffing.anchoring``) or an amendment. Replies, edits, retractions, resolving,
reopening and moderation are new events whose ``target`` names an earlier one: nothing recorded
is ever rewritten, so two laptops merge their comments with plain git. :func:`fold_comments`
turns the events into :class:`Thread` and :class:`CommentView` values; the ``new_*`` functions
check a request and return the event to record (the caller commits it with
``CharterRepository.record``).

This module gathers the public names of the modules that implement it: ``comment_threads``
(the values), ``comment_fold`` (events to threads), ``comment_requests`` (the ``new_*``
event builders) and ``comment_passages`` (quoting passages, anchoring threads).
"""

from __future__ import annotations

from charter_app.core.comment_fold import fold_comments, latest, passage_of
from charter_app.core.comment_passages import anchor_threads, passage_for_quote, passage_for_range
from charter_app.core.comment_requests import (
    FACILITATOR_ROLES,
    MAX_COMMENT_CHARS,
    is_facilitator,
    new_comment,
    new_edit,
    new_moderation,
    new_redaction,
    new_reply,
    new_resolution,
    new_retraction,
)
from charter_app.core.comment_threads import (
    COMMENT,
    EDIT,
    EVENT_TYPES,
    HIDE,
    MIN_ID_PREFIX,
    REOPEN,
    REPLY,
    RESOLVE,
    RETRACT,
    UNHIDE,
    About,
    CommentBoard,
    CommentView,
    Ignored,
    IgnoredReason,
    Passage,
    Thread,
)

__all__ = [
    "COMMENT",
    "EDIT",
    "EVENT_TYPES",
    "HIDE",
    "MIN_ID_PREFIX",
    "REOPEN",
    "REPLY",
    "RESOLVE",
    "RETRACT",
    "UNHIDE",
    "About",
    "CommentBoard",
    "CommentView",
    "Ignored",
    "IgnoredReason",
    "Passage",
    "Thread",
    "fold_comments",
    "latest",
    "passage_of",
    "FACILITATOR_ROLES",
    "MAX_COMMENT_CHARS",
    "is_facilitator",
    "new_comment",
    "new_edit",
    "new_moderation",
    "new_redaction",
    "new_reply",
    "new_resolution",
    "new_retraction",
    "anchor_threads",
    "passage_for_quote",
    "passage_for_range",
]
