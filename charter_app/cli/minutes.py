"""``charter minutes W-1``: a workshop's minutes as HTML, PDF or ODT."""

from __future__ import annotations

import argparse

from charter_app.cli.common import Registrar, open_repository
from charter_app.cli.export import language_flag, stop_on_names
from charter_app.export import NAMES_MODES
from charter_app.export.minutes import MINUTES_FORMATS, export_minutes, names_in_minutes
from charter_app.i18n import _


def cmd_minutes(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        found = names_in_minutes(repository, args.workshop, args.names, args.language)
        stop_on_names(found, args.yes)
        path = export_minutes(
            repository, args.workshop, args.format, args.output, args.names, args.language
        )
    print(_("Minutes written to {path}.").format(path=path))
    return 0


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "minutes", cmd_minutes, _("write a workshop's minutes (HTML, PDF, ODT)")
    )
    sub.add_argument("workshop", metavar="W-N")
    sub.add_argument("--format", choices=MINUTES_FORMATS, required=True)
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        default="names",
        help=_("show contributors by name, by role only, or not at all"),
    )
    sub.add_argument(
        "--yes",
        action="store_true",
        help=_("export even if free texts name participants an export hiding names would show"),
    )
    language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))
