"""``charter section`` (titled parts grouping principles) and ``charter numbering`` (how
numbers behave), and the outline that ``principle list`` prints."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from charter_app.cli.common import Registrar, author_of, open_repository, print_json, report_saved
from charter_app.core import operations, sections
from charter_app.core.model import (
    MAX_SECTION_LEVEL,
    STATUS_LABELS,
    Charter,
    InsertionStyle,
    NumberingMode,
)
from charter_app.core.outline import outline
from charter_app.i18n import _

Operation = Callable[[Charter], tuple[Charter, operations.Change]]


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


def _write(args: argparse.Namespace, change_of: Operation) -> None:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        charter, change = change_of(charter)
        report_saved(repository.save(charter, change, author, args.message))


def cmd_section_add(args: argparse.Namespace) -> int:
    added: list[str] = []

    def add(charter: Charter) -> tuple[Charter, operations.Change]:
        new, change, section = sections.add_section(charter, args.title, args.after, args.level)
        added.append(section.id)
        return new, change

    _write(args, add)
    print(added[0])
    return 0


def cmd_section_edit(args: argparse.Namespace) -> int:
    _write(args, lambda c: sections.edit_section(c, args.id, title=args.title, level=args.level))
    return 0


def cmd_section_remove(args: argparse.Namespace) -> int:
    _write(args, lambda c: sections.remove_section(c, args.id))
    return 0


def cmd_numbering(args: argparse.Namespace) -> int:
    if args.mode is None and args.insertions is None:
        with open_repository(args) as repository:
            charter = repository.load()
        print(_("Numbering: {mode}; insertions: {style}").format(
            mode=charter.numbering.value, style=charter.insertions.value
        ))  # fmt: skip
        return 0
    _write(args, lambda c: operations.set_numbering(c, args.mode, args.insertions))
    return 0


def register(registrar: Registrar) -> None:
    section = registrar.command(
        "section", cmd_section_list, _("list, add, rename or remove sections")
    )
    actions = section.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub = registrar.command("list", cmd_section_list, _("list the sections"), actions)
    sub.add_argument("--at", metavar="REV", help=_("as at a revision, tag or commit"))
    registrar.json_flag(sub)
    levels = list(range(1, MAX_SECTION_LEVEL + 1))
    sub = registrar.command("add", cmd_section_add, _("add an empty section"), actions)
    sub.add_argument("--title", required=True)
    sub.add_argument("--after", metavar="ID", help=_("after this section (default: last)"))
    sub.add_argument("--level", type=int, choices=levels, default=1,
                     help=_("1: a part; 2: inside a part; 3: below"))  # fmt: skip
    registrar.writer_flags(sub)
    sub = registrar.command("edit", cmd_section_edit, _("rename a section or change its level"),
                            actions)  # fmt: skip
    sub.add_argument("id", metavar="ID")
    sub.add_argument("--title")
    sub.add_argument("--level", type=int, choices=levels)
    registrar.writer_flags(sub)
    sub = registrar.command(
        "remove", cmd_section_remove, _("remove a section (its principles join the one before)"),
        actions,
    )  # fmt: skip
    sub.add_argument("id", metavar="ID")
    registrar.writer_flags(sub)

    sub = registrar.command(
        "numbering", cmd_numbering, _("show or choose how principle numbers behave")
    )
    sub.add_argument(
        "mode",
        nargs="?",
        choices=[m.value for m in NumberingMode],
        help=_(
            "sequential: numbers follow the order until a version is adopted; "
            "stable: numbers are kept and change only by “principle renumber”"
        ),
    )
    sub.add_argument(
        "--insertions",
        choices=[s.value for s in InsertionStyle],
        help=_("how an inserted principle is numbered: “3 bis” or “3-1”"),
    )
    registrar.writer_flags(sub)  # fmt: skip
