"""``charter`` commands for workshops: start, end, list, show; tally, dots, readability and
participation."""

from __future__ import annotations

import argparse
from typing import Any

from charter_app.application import workshops as use_cases
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    print_json,
    tell,
    written_json,
)
from charter_app.core import dots as dots_core
from charter_app.core import workshops as core
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.core.participation import Participation, Table, participation
from charter_app.core.readability import Readability, charter_readability
from charter_app.errors import NotFoundError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook, read_amendments
from charter_app.storage.repository import CharterRepository


def _workshop_json(workshop: core.Workshop) -> dict[str, Any]:
    return {
        "id": workshop.id,
        "number": workshop.label,
        "display": workshop.display,
        "previous_numbers": [core.format_number(n) for n in workshop.previous_numbers],
        "title": workshop.title,
        "date": workshop.date,
        "place": workshop.place,
        "facilitator": workshop.facilitator,
        "attendance": {role.value: workshop.attendance.get(role.value, 0) for role in Role},
        "attendance_total": workshop.attendance_total,
        "participants": list(workshop.participants),
        "dots": workshop.dots,
        "started_at": workshop.started_at.isoformat(),
        "ended_at": workshop.ended_at.isoformat() if workshop.ended_at else None,
        "running": workshop.running,
    }


def _amendment_labels(repository: CharterRepository) -> dict[str, str]:
    return {r.id: r.label for r in AmendmentBook(repository).ledger().records}


def _target_labels(charter: Charter, repository: CharterRepository) -> dict[str, str]:
    labels = {p.id: f"{p.number}. {p.title}" for p in charter.principles}
    return labels | _amendment_labels(repository)


# -- workshop start / end / list / show -----------------------------------------------------------


def cmd_start(args: argparse.Namespace) -> int:
    participants = [p.strip() for p in (args.participants or "").split(",") if p.strip()]
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.start_workshop(
            session,
            author,
            args.title,
            day=args.date,
            place=args.place or "",
            attendance=core.parse_attendance(args.attendance or ""),
            participants=participants,
            dots=args.dots,
            message=args.message,
        )
    tell(written)
    workshop = written.value
    if args.json:
        print_json(_workshop_json(workshop))
    else:
        print(_("Workshop {number} started.").format(number=workshop.label))
    return 0


def cmd_end(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.end_workshop(session, author, args.workshop, args.message)
    tell(written)
    if args.json:
        print_json(written_json(written, workshop=written.value.workshop))
    else:
        print(_("Workshop {number} ended.").format(number=written.value.workshop))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        register = core.fold_workshops(repository.events())
    if args.json:
        print_json([_workshop_json(w) for w in register.workshops])
        return 0
    for workshop in register.workshops:
        state = _("running") if workshop.running else _("ended")
        print(f"{workshop.display:<8} {workshop.date}  {workshop.title}  ({state})")
    if not register.workshops:
        print(_("No workshop yet."))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        events = repository.events()
        register = core.fold_workshops(events)
        workshop = register.find(args.reference)
        labels = _target_labels(charter, repository)
        picture = participation(charter, events, read_amendments(repository.path), register)
    captured = [c for c in picture.contributions if c.workshop == workshop.id]
    by_kind: dict[str, dict[str, int]] = {}
    for item in captured:
        by_kind.setdefault(item.kind, {})
        by_kind[item.kind][item.role] = by_kind[item.kind].get(item.role, 0) + 1
    results = dots_core.dot_results(events, register, charter.participants, labels, workshop)
    data = _workshop_json(workshop) | {
        "contributions": {kind: sum(c.values()) for kind, c in by_kind.items()},
        "contributions_by_role": by_kind,
        "tallies": [
            {
                "amendment": t.amendment,
                "number": labels.get(t.amendment, t.label),
                "for": t.votes_for,
                "against": t.against,
                "abstain": t.abstain,
                "by": t.by,
            }
            for t in register.tallies_of(workshop.id)
        ],
        "dots": _dots_json(results),
        "dots_per_participant": workshop.dots,
    }
    if args.json:
        print_json(data)
        return 0
    state = _("running") if workshop.running else _("ended")
    print(f"{workshop.display} — {workshop.title} ({state})")
    print(_("Date: {date}  Place: {place}").format(date=workshop.date, place=workshop.place or "-"))
    counts = ", ".join(
        f"{_(ROLE_LABELS[role])}: {workshop.attendance.get(role.value, 0)}" for role in Role
    )
    print(
        _("Attendance: {total} ({counts})").format(total=workshop.attendance_total, counts=counts)
    )
    print(_("Contributions captured: {count}").format(count=len(captured)))
    for tally in data["tallies"]:
        print(
            _("Show of hands on {number}: {for_} for, {against} against, {abstain} abstain").format(
                number=tally["number"],
                for_=tally["for"],
                against=tally["against"],
                abstain=tally["abstain"],
            )
        )
    for label, count in results.chart():
        print(_("Dots: {count}  {target}").format(count=count, target=label))
    return 0


# -- tally ---------------------------------------------------------------------------------------


def cmd_tally(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.record_tally(
            session, author, args.amendment, args.votes_for, args.against, args.abstain,
            args.message,
        )  # fmt: skip
    tell(written)
    if args.json:
        print_json(written_json(written, id=written.value.id))
    else:
        print(_("Recorded {id}.").format(id=written.value.id))
    return 0


# -- dots ------------------------------------------------------------------------------------------


def _dots_json(results: dots_core.DotResults) -> dict[str, Any]:
    return {
        "budget": results.budget,
        "participants": results.participants,
        "rows": [
            {
                "target": row.target,
                "about": row.about,
                "label": row.label,
                "dots": row.dots,
                "voters": row.voters,
                "by_role": dict(row.by_role),
            }
            for row in results.rows
        ],
        "ignored": [e.id for e in results.ignored],
    }


def cmd_dots_place(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.place_dots(session, author, args.target, args.count, args.message)
    tell(written)
    left, budget = written.value
    if args.json:
        print_json(written_json(written, left=left, budget=budget))
    else:
        print(_("{left} of {budget} dots left.").format(left=left, budget=budget))
    return 0


def cmd_dots_results(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        events = repository.events()
        register = core.fold_workshops(events)
        workshop = register.find(args.workshop) if args.workshop else register.current()
        labels = _target_labels(charter, repository)
    results = dots_core.dot_results(
        events, register, charter.participants, labels, workshop, all_sessions=args.all
    )
    if args.json:
        print_json(_dots_json(results))
        return 0
    headers, rows = results.table()
    _print_table(Table(_("Dots"), tuple(headers), tuple(tuple(r) for r in rows)))
    return 0


# -- readability and participation ----------------------------------------------------------------


def _readability_json(result: Readability) -> dict[str, Any]:
    return {
        "language": result.language,
        "score": result.score,
        "level": result.level.value,
        "level_label": result.level_label,
        "sentences": result.sentences,
        "words": result.words,
        "mean_sentence_words": result.mean_sentence_words,
        "longest_sentence_words": result.longest_sentence_words,
        "longest_sentence": result.longest_sentence,
        "long_words": result.long_words,
        "passives": list(result.passives),
        "reasons": list(result.reasons),
    }


def cmd_readability(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
    results = charter_readability(charter)
    if args.id:
        wanted = " ".join(args.id.split())
        results = [r for r in results if wanted in (r.principle, r.number)]
        if not results:
            raise NotFoundError(
                _("There is no principle “{id}” in this charter.").format(id=args.id),
                _("List the principles with “charter principle list”."),
            )
    if args.json:
        print_json(
            [
                {"id": r.principle, "number": r.number, "title": r.title}
                | _readability_json(r.readability)
                for r in results
            ]
        )
        return 0
    for item in results:
        result = item.readability
        print(f"{item.number}. {item.title} — {result.level_label} ({result.score:g})")
        for reason in result.reasons:
            print(f"    {reason}")
    return 0


def _participation_json(picture: Participation) -> dict[str, Any]:
    return {
        "by_role": picture.by_role(),
        "people_by_role": picture.people_by_role(),
        "by_principle": picture.by_principle(),
        "by_workshop": {
            picture.workshop_labels.get(key, ""): counts
            for key, counts in picture.by_workshop().items()
        },
        "by_day": [{"day": day.isoformat(), **counts} for day, counts in picture.by_day()],
        "resident_share": round(picture.resident_share(), 3),
        "total": len(picture.contributions),
    }


def _print_table(table: Table) -> None:
    print(table.caption)
    widths = [
        max(len(str(cell)) for cell in column)
        for column in zip(table.headers, *table.rows, strict=True)
    ]
    for row in (table.headers, *table.rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
    print()


def cmd_participation(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        events = repository.events()
        register = core.fold_workshops(events)
        picture = participation(charter, events, read_amendments(repository.path), register)
    if args.json:
        print_json(_participation_json(picture))
        return 0
    for table in picture.tables():
        _print_table(table)
    return 0
