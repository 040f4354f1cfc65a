"""``charter minutes W-1``: a workshop's minutes as HTML, PDF or ODT."""

from __future__ import annotations

import argparse

from charter_app.cli.common import open_repository
from charter_app.export.minutes import export_minutes
from charter_app.i18n import _


def cmd_minutes(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        path = export_minutes(repository, args.workshop, args.format, args.output, args.names)
    print(_("Minutes written to {path}.").format(path=path))
    return 0
