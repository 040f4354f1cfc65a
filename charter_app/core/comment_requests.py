"""Checking a request about comments and making the event to record (comment, reply, edit...)."""

from __future__ import annotations

import unicodedata
from typing import Any

from charter_app.core.comment_threads import (
    COMMENT,
    EDIT,
    HIDE,
    REDACTION,
    REOPEN,
    REPLY,
    RESOLVE,
    RETRACT,
    UNHIDE,
    About,
    CommentBoard,
    CommentView,
)
from charter_app.core.events import Event
from charter_app.core.model import Charter, Role
from charter_app.diffing.anchoring import Selector
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _

FACILITATOR_ROLES = frozenset({Role.STAFF})
"""Who may hide a comment (and read hidden ones): the staff who run the workshops."""
MAX_COMMENT_CHARS = 20_000


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
    if charter.active_participant(author) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=author),
            _("Choose who is writing, or add a participant first."),
        )


def is_facilitator(charter: Charter, participant_id: str) -> bool:
    participant = charter.active_participant(participant_id)
    return participant is not None and participant.role in FACILITATOR_ROLES


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


def new_redaction(
    charter: Charter, board: CommentBoard, author: str, reference: str, text: str
) -> Event:
    """A facilitator replaces a comment's text to take personal data out (a name): an edit
    event marked as a redaction, which counts although the facilitator is not the author."""
    _participant(charter, author)
    if not is_facilitator(charter, author):
        raise ValidationError(
            _("Only a facilitator (a participant with the role “staff”) can redact comments."),
            _("Ask a facilitator, or the comment's author, to change it."),
        )
    clean = _clean_text(text)
    comment = board.find(reference)
    if clean == comment.text:
        raise ValidationError(_("The comment already reads like this; nothing was recorded."))
    return Event.create(
        EDIT,
        author,
        None,
        target=comment.id,
        previous=comment.text_event,
        text=clean,
        redaction=REDACTION,
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
