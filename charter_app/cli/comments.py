"""``charter`` commands on comments and supports: comment, reply, edit, retract, resolve, hide,
support (the listing, ``comments`` and ``supports``, is in ``comment_listing``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from charter_app.cli.comment_listing import STATE_LABELS, cmd_comments, cmd_supports
from charter_app.cli.comment_lookup import (
    amendment_named,
    comment_board,
    is_amendment_reference,
    principle_named,
)
from charter_app.cli.common import Registrar, author_of, open_repository, read_text_file
from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import Charter, Principle
from charter_app.core.supports import POSITION_LABELS, Position, fold_supports, new_support
from charter_app.core.workshops import tag_with_running_workshop
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import N_, _
from charter_app.storage.repository import CharterRepository

__all__ = [
    "STATE_LABELS",
    "cmd_comment",
    "cmd_comment_edit",
    "cmd_comments",
    "cmd_hide",
    "cmd_reopen",
    "cmd_reply",
    "cmd_resolve",
    "cmd_retract",
    "cmd_support",
    "cmd_supports",
    "cmd_unhide",
    "register",
]


def _text(args: argparse.Namespace) -> str:
    if args.file:
        return read_text_file(args.file)
    return str(args.text or "")


def _record(
    repository: CharterRepository,
    event: Event,
    author: str,
    message: str,
    trailers: list[tuple[str, str]] | None = None,
) -> None:
    event = tag_with_running_workshop(event, repository.events())
    repository.record([event], author, message, [*(trailers or []), ("Charter-Event", event.id)])
    print(_("Recorded {id}.").format(id=event.id))


def _committed_text_matches(repository: CharterRepository, principle: Principle) -> str:
    """HEAD's id when the principle's committed text is the working tree's, else ""."""
    head = repository.git.head()
    if head is None:
        return ""
    committed = repository.principle_at(principle.id, head)
    return head if committed is not None and committed.body == principle.body else ""


# -- writing ---------------------------------------------------------------------------------------


def cmd_comment(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        text = _text(args)
        if is_amendment_reference(args.target):
            if args.quote:
                raise ValidationError(
                    _("Only a principle's text can be quoted."),
                    _("Comment on the amendment without --quote."),
                )
            amendment_id, label = amendment_named(repository, args.target)
            event = core.new_comment(
                charter, author, amendment_id, text, about="amendment", label=label
            )
            message = _("Comment on amendment {label}").format(label=label)
            trailers = [("Charter-Amendment", label)]
        else:
            principle = principle_named(charter, args.target)
            if principle is None:
                raise NotFoundError(
                    _("There is no principle “{id}” in this charter.").format(id=args.target),
                    _("List the principles with “charter principle list”."),
                )
            selector = commit = None
            if args.quote is not None:
                selector = core.passage_for_quote(principle, args.quote, args.before, args.after)
                commit = _committed_text_matches(repository, principle)
            event = core.new_comment(
                charter, author, principle.id, text, passage=selector, commit=commit or ""
            )
            message = _("Comment on principle {number}").format(number=principle.number)
            trailers = [("Charter-Principle", principle.id)]
        _record(repository, event, author, args.message or message, trailers)
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        _events, board = comment_board(repository)
        event = core.new_reply(charter, board, author, args.comment, _text(args))
        message = _("Reply to comment {id}").format(id=event.data["target"][:10])
        _record(repository, event, author, args.message or message)
    return 0


def _simple(
    make: Callable[[Charter, core.CommentBoard, str, argparse.Namespace], Event],
    message: str,
) -> Callable[[argparse.Namespace], int]:
    """A command that turns one comment reference into one event."""

    def handler(args: argparse.Namespace) -> int:
        with open_repository(args) as repository:
            charter = repository.load()
            author = author_of(args, charter)
            _events, board = comment_board(repository)
            event = make(charter, board, author, args)
            text = _(message).format(id=str(event.data["target"])[:10])
            _record(repository, event, author, args.message or text)
        return 0

    return handler


cmd_comment_edit = _simple(
    lambda charter, board, author, args: core.new_edit(
        charter, board, author, args.comment, _text(args)
    ),
    N_("Edit comment {id}"),
)
cmd_retract = _simple(
    lambda charter, board, author, args: core.new_retraction(charter, board, author, args.comment),
    N_("Retract comment {id}"),
)
cmd_resolve = _simple(
    lambda charter, board, author, args: core.new_resolution(
        charter, board, author, args.comment, True
    ),
    N_("Resolve comment {id}"),
)
cmd_reopen = _simple(
    lambda charter, board, author, args: core.new_resolution(
        charter, board, author, args.comment, False
    ),
    N_("Reopen comment {id}"),
)
cmd_hide = _simple(
    lambda charter, board, author, args: core.new_moderation(
        charter, board, author, args.comment, args.reason, True
    ),
    N_("Hide comment {id}"),
)
cmd_unhide = _simple(
    lambda charter, board, author, args: core.new_moderation(
        charter, board, author, args.comment, "", False
    ),
    N_("Show comment {id} again"),
)


def cmd_support(args: argparse.Namespace) -> int:
    position = (
        Position.OPPOSE if args.oppose else Position.NEUTRAL if args.neutral else Position.SUPPORT
    )
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        if is_amendment_reference(args.target):
            amendment_id, label = amendment_named(repository, args.target)
            tally = fold_supports(repository.events(), charter.participants).get(amendment_id)
            event = new_support(
                charter, author, amendment_id, position, about="amendment", current=tally
            )
            message = _("Position on amendment {label}: {position}").format(
                label=label, position=_(POSITION_LABELS[position])
            )
            trailers = [("Charter-Amendment", label)]
        else:
            events, board = comment_board(repository)
            target = board.find(args.target).id
            tally = fold_supports(events, charter.participants).get(target)
            event = new_support(
                charter, author, target, position, about="comment", board=board, current=tally
            )
            message = _("Position on comment {id}: {position}").format(
                id=str(event.data["target"])[:10], position=_(POSITION_LABELS[position])
            )
            trailers = []
        _record(repository, event, author, args.message or message, trailers)
    return 0


# -- registering -----------------------------------------------------------------------------------


def _text_flags(sub: Any, required: bool = True) -> None:
    group = sub.add_mutually_exclusive_group(required=required)
    group.add_argument("--text", help=_("the comment's text"))
    group.add_argument(
        "--file", metavar=_("PATH"), help=_("read the text from a file (- for stdin)")
    )


def _comment_argument(sub: Any) -> None:
    sub.add_argument("comment", metavar=_("COMMENT"), help=_("comment id (or a unique prefix)"))


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "comment", cmd_comment, _("comment on a principle, a passage of it, or an amendment")
    )
    sub.add_argument(
        "target", metavar="ID", help=_("principle id or number, or amendment number (A-3)")
    )
    sub.add_argument("--quote", help=_("the exact words commented on (must be unique)"))
    sub.add_argument(
        "--before", default="", help=_("words just before the quote, to choose between copies")
    )
    sub.add_argument(
        "--after", default="", help=_("words just after the quote, to choose between copies")
    )
    _text_flags(sub)
    registrar.writer_flags(sub)

    sub = registrar.command("reply", cmd_reply, _("reply to a comment"))
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)

    sub = registrar.command("comment-edit", cmd_comment_edit, _("change the text of your comment"))
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)

    for name, handler, help_text in (
        ("retract", cmd_retract, _("withdraw your comment (it stays listed, without its text)")),
        ("resolve", cmd_resolve, _("mark a comment thread as resolved")),
        ("reopen", cmd_reopen, _("reopen a resolved comment thread")),
        ("unhide", cmd_unhide, _("show a hidden comment again (facilitators)")),
    ):
        sub = registrar.command(name, handler, help_text)
        _comment_argument(sub)
        registrar.writer_flags(sub)

    sub = registrar.command("hide", cmd_hide, _("hide a comment, with a reason (facilitators)"))
    _comment_argument(sub)
    sub.add_argument("--reason", required=True, help=_("why it is hidden (shown to readers)"))
    registrar.writer_flags(sub)

    sub = registrar.command(
        "comments", cmd_comments, _("list comment threads, anchored in the current text")
    )
    sub.add_argument("--principle", metavar="ID", help=_("only comments on this principle"))
    sub.add_argument("--open", action="store_true", help=_("only threads not resolved"))
    registrar.json_flag(sub)
    registrar.writer_flags(sub, message=False)

    sub = registrar.command(
        "support", cmd_support, _("take a position on an amendment or a comment (latest counts)")
    )
    sub.add_argument("target", metavar=_("TARGET"), help=_("amendment number (A-3) or comment id"))
    position = sub.add_mutually_exclusive_group()
    position.add_argument("--oppose", action="store_true", help=_("oppose instead of support"))
    position.add_argument("--neutral", action="store_true", help=_("a neutral position"))
    registrar.writer_flags(sub)

    sub = registrar.command("supports", cmd_supports, _("positions taken, by position and role"))
    sub.add_argument("target", nargs="?", metavar=_("TARGET"), help=_("one amendment or comment"))
    registrar.json_flag(sub)
