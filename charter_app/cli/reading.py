"""``charter`` commands that only read the charter: its principles and its history.

Apart from the commands that write, so that a listing loads no more than the storage layer
(the application layer, its locks and its recovery are for writing)."""

from __future__ import annotations

import argparse

from charter_app.cli.common import (
    open_repository,
    principle_json,
    print_json,
    print_json_list,
    revision_fields_json,
)
from charter_app.core import operations
from charter_app.core.participants import names_by_id
from charter_app.i18n import _


def cmd_principle_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load(args.at)
    if args.json:
        print_json_list([principle_json(p) for p in charter.principles])
        return 0
    from charter_app.cli.sections import print_outline  # the application layer: text only

    print_outline(charter)
    return 0


def cmd_principle_show(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load(args.at)
    principle = charter.principle(args.id)
    if principle is None:
        operations.edit_principle(charter, args.id)  # raises the translated NotFoundError
        return 1
    if args.json:
        print_json(principle_json(principle, with_body=True))
        return 0
    print(_("Principle {number}: {title}").format(number=principle.number, title=principle.title))
    print()
    print(principle.body)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    # Only the history is read (and, for the listing, the participants' names): not the
    # charter, which a JSON listing of 10,000 commits never used.
    with open_repository(args) as repository:
        if args.json:  # printed as git gives them: no date parsed, no record made
            commits = repository.history_fields(args.principle)
            print_json_list([revision_fields_json(commit) for commit in commits])
            return 0
        revisions = repository.history(args.principle)
        names = names_by_id(repository.participants())
    for revision in revisions:
        who = names.get(revision.author, revision.author)
        when = revision.authored_at.strftime("%Y-%m-%d %H:%M")
        print(f"{revision.short_sha}  {when}  {who}  {revision.subject}")
        if args.trailers:
            for key, value in revision.trailers:
                print(f"          {key}: {value}")
    return 0
