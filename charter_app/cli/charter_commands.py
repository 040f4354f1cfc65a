"""``charter`` commands on the charter itself: init, info, check, principles, people, history."""

from __future__ import annotations

import argparse

from charter_app.application import charters, participants, sections
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    print_json,
    report_written,
    tell,
    written_json,
)
from charter_app.core.model import ROLE_LABELS, Participant
from charter_app.core.participants import REMOVED, shown_name
from charter_app.i18n import _, ngettext
from charter_app.storage.templates import default_example


def cmd_init(args: argparse.Namespace) -> int:
    template = args.template or ("blank" if args.title else default_example())
    with charters.create_from_template(
        args.dir,
        template,
        args.title,
        args.language,
        args.numbering,
        story=not args.without_story,
    ) as session:
        charter = session.repository.load()
    if args.json:
        print_json({"path": str(args.dir), "title": charter.title,
                    "principles": len(charter.principles)})  # fmt: skip
        return 0
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
        "numbering": charter.numbering.value,
        "insertions": charter.insertions.value,
        "sections": len(charter.sections),
        "principles": len(charter.principles),
        "participants": len(charter.active_participants),
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


def cmd_principle_renumber(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = sections.renumber(session, author, args.message)
    return report_written(args, written)


def cmd_participant_add(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        written = participants.register_participant(
            session, args.name, args.role, args.organisation or ""
        )
    tell(written)
    if args.json:
        print_json(written_json(written, participant=_participant_json(written.value)))
        return 0
    print(written.value.id)
    return 0


def _participant_json(participant: Participant) -> dict[str, str]:
    return {
        "id": participant.id,
        "name": shown_name(participant),
        "role": participant.role.value,
        "organisation": participant.organisation,
        "registered": participant.registered,
        "erased": participant.erased,
    }


def cmd_participant_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
    if args.json:
        print_json([_participant_json(p) for p in charter.participants])
        return 0
    for participant in charter.participants:
        role = _(ROLE_LABELS[participant.role])
        if participant.is_erased:
            erased = _("erased on {day}").format(day=participant.erased)
            print(f"{participant.id}  {_(REMOVED)}  ({role}, {erased})")
            continue
        organisation = f" — {participant.organisation}" if participant.organisation else ""
        print(f"{participant.id}  {participant.name}  ({role}){organisation}")
    return 0
