"""``charter`` commands on comments and positions: comment, reply, comment-edit, retract,
resolve, reopen, hide, unhide, support (the listings, ``comments`` and ``supports``, are in
``comment_listing``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from charter_app.application import comments as use_cases
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.cli.common import (
    author_of,
    open_session,
    print_json,
    read_text_file,
    tell,
    written_json,
)
from charter_app.core.events import Event
from charter_app.core.supports import Position
from charter_app.i18n import _


def _text(args: argparse.Namespace) -> str:
    if args.file:
        return read_text_file(args.file)
    return str(args.text or "")


def _run(args: argparse.Namespace, write: Callable[[Session, str], Written[Event]]) -> int:
    """Open the charter, write one event as the ``--as`` participant, say what was recorded."""
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = write(session, author)
    tell(written)
    event = written.value
    if args.json:
        print_json(written_json(written, id=event.id, type=event.type, workshop=event.workshop))
    else:
        print(_("Recorded {id}.").format(id=event.id))
    return 0


def _message(args: argparse.Namespace) -> Any:
    return getattr(args, "message", None)


def cmd_comment(args: argparse.Namespace) -> int:
    text = _text(args)
    return _run(
        args,
        lambda session, author: use_cases.comment(
            session,
            author,
            args.target,
            text,
            quote=args.quote,
            before=args.before,
            after=args.after,
            message=_message(args),
        ),  # fmt: skip
    )


def cmd_reply(args: argparse.Namespace) -> int:
    text = _text(args)
    return _run(
        args,
        lambda session, author: use_cases.reply(
            session, author, args.comment, text, _message(args)
        ),
    )


def cmd_comment_edit(args: argparse.Namespace) -> int:
    text = _text(args)
    return _run(
        args,
        lambda session, author: use_cases.edit_comment(
            session, author, args.comment, text, _message(args)
        ),
    )


def cmd_retract(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda session, author: use_cases.retract_comment(
            session, author, args.comment, _message(args)
        ),
    )


def cmd_resolve(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda session, author: use_cases.set_resolved(
            session, author, args.comment, True, _message(args)
        ),
    )


def cmd_reopen(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda session, author: use_cases.set_resolved(
            session, author, args.comment, False, _message(args)
        ),
    )


def cmd_hide(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda session, author: use_cases.set_hidden(
            session, author, args.comment, True, args.reason, _message(args)
        ),
    )


def cmd_unhide(args: argparse.Namespace) -> int:
    return _run(
        args,
        lambda session, author: use_cases.set_hidden(
            session, author, args.comment, False, message=_message(args)
        ),
    )


def cmd_support(args: argparse.Namespace) -> int:
    position = (
        Position.OPPOSE if args.oppose else Position.NEUTRAL if args.neutral else Position.SUPPORT
    )
    return _run(
        args,
        lambda session, author: use_cases.take_position(
            session, author, args.target, position, _message(args)
        ),
    )
