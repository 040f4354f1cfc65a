"""``charter principle add|edit|move``: the writes of one principle's text or place.

Apart from :mod:`charter_app.cli.charter_commands` so that a one-principle edit loads only the
use cases it runs (the charter's creation, its participants and sections are not imported):
the command is a whole process that a script may run hundreds of times.
"""

from __future__ import annotations

import argparse

from charter_app.application import principles
from charter_app.cli.common import (
    author_of,
    open_session,
    principle_json,
    print_json,
    read_text_file,
    report_saved,
    report_written,
    tell,
    written_json,
)
from charter_app.errors import ValidationError
from charter_app.i18n import _


def cmd_principle_add(args: argparse.Namespace) -> int:
    body = read_text_file(args.body_file) if args.body_file else ""
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = principles.add_principle(
            session, author, args.title, body, args.after, args.message, args.section
        )
    tell(written)
    if args.json:
        print_json(written_json(written, principle=principle_json(written.value)))
        return 0
    report_saved(written.commit)
    print(written.value.id)
    return 0


def cmd_principle_edit(args: argparse.Namespace) -> int:
    body = read_text_file(args.body_file) if args.body_file else None
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = principles.edit_principle(
            session, author, args.id, title=args.title, body=body, message=args.message
        )
    return report_written(args, written)


def cmd_principle_move(args: argparse.Namespace) -> int:
    after = None if args.first else args.after
    if after is None and not args.first and not args.section:
        raise ValidationError(_("Say where to move it: --after ID, --section ID or --first."))
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = principles.move_principle(
            session, author, args.id, after, args.message, args.section
        )
    return report_written(args, written)
