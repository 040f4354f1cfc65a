"""``charter section`` (titled parts grouping principles) and ``charter numbering`` (how
numbers behave), and the outline that ``principle list`` prints."""

from __future__ import annotations

import argparse

from charter_app.application import sections
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    print_json,
    report_saved,
    report_written,
    tell,
    written_json,
)
from charter_app.core.model import STATUS_LABELS, Charter
from charter_app.core.outline import outline
from charter_app.i18n import _


def print_outline(charter: Charter) -> None:
    """Each principle (number, title, status, id), under its section's title."""
    for entry in outline(charter):
        indent = "  " * entry.depth
        if entry.section is not None:
            print(f"{indent}§ {entry.section.title}  ({entry.section.id})")
            continue
        principle = entry.principle
        assert principle is not None
        status = _(STATUS_LABELS[principle.status])
        print(f"{indent}{principle.number:>8}  {principle.title}  [{status}]  ({principle.id})")


def cmd_section_list(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load(getattr(args, "at", None))
    counts = {s.id: sum(p.section == s.id for p in charter.principles) for s in charter.sections}
    if getattr(args, "json", False):
        print_json(
            [
                {"id": s.id, "title": s.title, "level": s.level, "principles": counts[s.id]}
                for s in charter.sections
            ]
        )
        return 0
    if not charter.sections:
        print(_("This charter has no sections."))
    for section in charter.sections:
        indent = "  " * (section.level - 1)
        print(f"{indent}{section.title}  ({section.id}, {counts[section.id]})")
    return 0


def cmd_section_add(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = sections.add_section(
            session, author, args.title, args.after, args.level, args.message
        )
    tell(written)
    section = written.value
    if args.json:
        print_json(
            written_json(
                written, section={"id": section.id, "title": section.title, "level": section.level}
            )
        )
        return 0
    report_saved(written.commit)
    print(section.id)
    return 0


def cmd_section_edit(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = sections.edit_section(
            session, author, args.id, args.title, args.level, args.message
        )
    return report_written(args, written)


def cmd_section_remove(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = sections.remove_section(session, author, args.id, args.message)
    return report_written(args, written)


def cmd_numbering(args: argparse.Namespace) -> int:
    if args.mode is None and args.insertions is None:
        with open_repository(args) as repository:
            charter = repository.load()
        if args.json:
            print_json(
                {"numbering": charter.numbering.value, "insertions": charter.insertions.value}
            )
            return 0
        print(_("Numbering: {mode}; insertions: {style}").format(
            mode=charter.numbering.value, style=charter.insertions.value
        ))  # fmt: skip
        return 0
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = sections.set_numbering(session, author, args.mode, args.insertions, args.message)
    return report_written(args, written)
