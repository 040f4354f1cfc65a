"""The ``charter`` command line: the same operations as the app, for scripts, tests and councils."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from charter_app import __version__
from charter_app.cli import (
    amendments,
    charter_commands,
    comments,
    council,
    export,
    importing,
    minutes,
    sections,
    sync,
    workshop,
)
from charter_app.cli.common import Handler, Registrar
from charter_app.errors import CharterError
from charter_app.i18n import _

# Each topic module adds its subcommands with ``register(registrar)``.
TOPICS = [
    charter_commands,
    sections,
    amendments,
    comments,
    council,
    workshop,
    minutes,
    export,
    importing,
    sync,
]


LICENCE = "GPL-3.0-or-later"
"""The licence of Charter Studio (pyproject.toml's ``license``; Help > About shows it too)."""


def version_text() -> str:
    """``charter --version``: the version (charter_app.__version__) and the licence, one line."""
    return _("charter {version} (Charter Studio), licence {licence}").format(
        version=__version__, licence=LICENCE
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="charter",
        description=_("Write, amend and adopt a local digital charter, stored in git."),
    )
    parser.add_argument("--version", action="version", version=version_text())
    parser.add_argument(
        "-C", dest="directory", default=".", metavar="DIR",
        help=_("run as if started in DIR (the charter folder)"),
    )  # fmt: skip
    parser.add_argument("--debug", action="store_true", help=_("show tracebacks on errors"))
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), required=True)
    registrar = Registrar(commands)
    for topic in TOPICS:
        topic.register(registrar)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except CharterError as error:
        if args.debug:
            raise
        print(_("error: {message}").format(message=error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``charter history | head``): not an error, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
