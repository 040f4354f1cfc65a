"""``charter`` commands on the charter itself: init, info, check, principles, people, history."""

from __future__ import annotations

import argparse

from charter_app.cli.common import (
    Registrar,
    author_of,
    open_repository,
    principle_json,
    print_json,
    print_json_list,
    read_text_file,
    report_saved,
    revision_json,
)
from charter_app.core import operations
from charter_app.core.model import ROLE_LABELS, STATUS_LABELS, Role
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.storage.templates import create_from_template, default_example, template_names


def cmd_init(args: argparse.Namespace) -> int:
    template = args.template or ("blank" if args.title else default_example())
    with create_from_template(args.dir, template, args.title, args.language) as repository:
        charter = repository.load()
    print(
        ngettext(
            "Created the charter “{title}” in {path} ({count} principle).",
            "Created the charter “{title}” in {path} ({count} principles).",
            len(charter.principles),
        ).format(title=charter.title, path=args.dir, count=len(charter.principles))
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        history = repository.history()
        tags = repository.tags()
    versions = [tag.name for tag in tags]
    info: dict[str, object] = {
        "title": charter.title,
        "territory": charter.territory,
        "language": charter.language,
        "format": charter.format,
        "principles": len(charter.principles),
        "participants": len(charter.participants),
        "commits": len(history),
        "versions": versions,
        "path": str(repository.path),
    }
    if args.json:
        print_json(info)
        return 0
    print(charter.title)
    if charter.territory:
        print(_("Territory: {territory}").format(territory=charter.territory))
    print(_("Principles: {count}").format(count=info["principles"]))
    print(_("Participants: {count}").format(count=info["participants"]))
    print(_("Commits: {count}").format(count=info["commits"]))
    print(_("Adopted versions: {names}").format(names=", ".join(versions) or "-"))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        problems = repository.check()
    if args.json:
        print_json([{"message": p.message, "hint": p.hint} for p in problems])
    else:
        for problem in problems:
            print(str(problem))
        if not problems:
            print(_("Everything is in order."))
    return 1 if problems else 0


def cmd_principle_add(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        body = read_text_file(args.body_file) if args.body_file else ""
        charter, change, principle = operations.add_principle(
            charter, args.title, body, args.after, repository.stable_numbers
        )
        report_saved(repository.save(charter, change, author, args.message))
    print(principle.id)
    return 0


def cmd_principle_edit(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        body = read_text_file(args.body_file) if args.body_file else None
        charter, change = operations.edit_principle(charter, args.id, title=args.title, body=body)
        report_saved(repository.save(charter, change, author, args.message))
    return 0


def cmd_principle_move(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        after = None if args.first else args.after
        if after is None and not args.first:
            raise ValidationError(_("Say where to move it: --after ID, or --first."))
        charter, change = operations.move_principle(
            charter, args.id, after, repository.stable_numbers
        )
        report_saved(repository.save(charter, change, author, args.message))
    return 0


def cmd_principle_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load(args.at)
    if args.json:
        print_json_list([principle_json(p) for p in charter.principles])
        return 0
    for principle in charter.principles:
        status = _(STATUS_LABELS[principle.status])
        print(f"{principle.number:>8}  {principle.title}  [{status}]  ({principle.id})")
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


def cmd_participant_add(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        charter, change, participant = operations.add_participant(
            charter, args.name, args.role, args.organisation or ""
        )
        repository.save(charter, change, participant.id)
    print(participant.id)
    return 0


def cmd_participant_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
    if args.json:
        print_json(
            [
                {"id": p.id, "name": p.name, "role": p.role.value, "organisation": p.organisation}
                for p in charter.participants
            ]
        )
        return 0
    for participant in charter.participants:
        role = _(ROLE_LABELS[participant.role])
        organisation = f" — {participant.organisation}" if participant.organisation else ""
        print(f"{participant.id}  {participant.name}  ({role}){organisation}")
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    # Only the history is read (and, for the listing, the participants' names): not the
    # charter, which a JSON listing of 10,000 commits never used.
    with open_repository(args) as repository:
        revisions = repository.history(args.principle)
        participants = () if args.json else repository.participants()
    if args.json:
        print_json_list([revision_json(r) for r in revisions])
        return 0
    names = {p.id: p.name for p in participants}
    for revision in revisions:
        who = names.get(revision.author, revision.author)
        when = revision.authored_at.strftime("%Y-%m-%d %H:%M")
        print(f"{revision.short_sha}  {when}  {who}  {revision.subject}")
        if args.trailers:
            for key, value in revision.trailers:
                print(f"          {key}: {value}")
    return 0


def register(registrar: Registrar) -> None:

    sub = registrar.command("init", cmd_init, _("create a new charter in DIR"))
    sub.add_argument("dir", metavar="DIR")
    sub.add_argument("--title", help=_("the charter's title"))
    sub.add_argument("--language", choices=["fr", "en"])
    sub.add_argument("--template", choices=template_names(), help=_("start from a template"))

    registrar.json_flag(registrar.command("info", cmd_info, _("summary of the charter")))
    registrar.json_flag(
        registrar.command("check", cmd_check, _("validate every file and list every problem"))
    )

    principle = registrar.command("principle", cmd_principle_list, _("add, edit, move, list, show"))
    actions = principle.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command("add", cmd_principle_add, _("add a principle"), actions)
    sub.add_argument("--title", required=True)
    sub.add_argument("--body-file", metavar="FILE", help=_("Markdown text ('-' for stdin)"))
    sub.add_argument("--after", metavar="ID", help=_("insert after this principle"))
    registrar.writer_flags(sub)
    sub = registrar.command(
        "edit", cmd_principle_edit, _("change a principle's title or text"), actions
    )
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--title")
    sub.add_argument("--body-file", metavar="FILE", help=_("Markdown text ('-' for stdin)"))
    registrar.writer_flags(sub)
    sub = registrar.command("move", cmd_principle_move, _("move a principle"), actions)
    sub.add_argument("id", metavar="ID")
    where = sub.add_mutually_exclusive_group(required=True)
    where.add_argument("--after", metavar="ID")
    where.add_argument("--first", action="store_true", help=_("move to the first place"))
    registrar.writer_flags(sub)
    sub = registrar.command("list", cmd_principle_list, _("list the principles"), actions)
    sub.add_argument("--at", metavar="REV", help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)
    sub = registrar.command("show", cmd_principle_show, _("show a principle's text"), actions)
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--at", metavar="REV", help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)

    participant = registrar.command(
        "participant", cmd_participant_list, _("add or list participants")
    )
    actions = participant.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command("add", cmd_participant_add, _("register a participant"), actions)
    sub.add_argument("name", metavar="NAME", help=_("name or pseudonym"))
    sub.add_argument("--role", required=True, choices=[role.value for role in Role])
    sub.add_argument("--organisation", metavar="ORG")
    registrar.json_flag(
        registrar.command("list", cmd_participant_list, _("list participants"), actions)
    )

    for name in ("history", "log"):
        sub = registrar.command(name, cmd_history, _("who changed what, when (newest first)"))
        sub.add_argument("--principle", metavar="ID")
        sub.add_argument("--trailers", action="store_true", default=name == "log")
        registrar.json_flag(sub)
