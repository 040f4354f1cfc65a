"""The ``charter`` command line: the same operations as the app, for scripts, tests and councils.

The parser (:mod:`charter_app.cli.parser`) knows every subcommand without importing what it runs;
each handler's module is imported when its command runs. Handlers write only through the
application layer (:mod:`charter_app.application`).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence

from charter_app import __version__
from charter_app.errors import CharterError
from charter_app.i18n import _

LICENCE = "GPL-3.0-or-later"
"""The licence of Charter Studio (pyproject.toml's ``license``; Help > About shows it too)."""


def version_text() -> str:
    """``charter --version``: the version (charter_app.__version__) and the licence, one line."""
    return _("charter {version} (Charter Studio), licence {licence}").format(
        version=__version__, licence=LICENCE
    )


def _handler(name: str) -> Callable[..., int]:
    module_name, _colon, function = name.partition(":")
    module = importlib.import_module(f"charter_app.cli.{module_name}")
    handler: Callable[..., int] = getattr(module, function)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    from charter_app.cli.parser import build_parser

    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(version_text(), words)
    args = parser.parse_args(words)
    try:
        return _handler(args.handler)(args)
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
