"""``charter minutes W-1``: a workshop's minutes as HTML, PDF or ODT."""

from __future__ import annotations

import argparse

from charter_app.cli.common import open_repository
from charter_app.cli.export import stop_on_names
from charter_app.export.minutes import export_minutes, names_in_minutes
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
