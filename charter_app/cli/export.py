"""``charter export``, ``charter compare`` and ``charter checksum``: publish and check a text."""

from __future__ import annotations

import argparse
import sys

from charter_app.cli.common import Registrar, open_repository
from charter_app.export import (
    COMPARISON_FORMATS,
    EXPORT_FORMATS,
    NAMES_MODES,
    ExportOptions,
    checksum,
    compare_charter,
    export_charter,
)
from charter_app.export.build import load_source
from charter_app.i18n import _


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{100 * done // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    options = ExportOptions(args.version, args.names, args.provenance)
    with open_repository(args) as repository:
        path = export_charter(repository, args.format, args.output, options, _progress)
    print(_("Exported to {path}.").format(path=path))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        path = compare_charter(repository, args.old, args.new, args.format, args.output, _progress)
    print(_("Comparison table written to {path}.").format(path=path))
    return 0


def cmd_checksum(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        source = load_source(repository, args.version)
    print(checksum(source.charter))
    return 0


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "export", cmd_export, _("export the charter (HTML, PDF, ODT, DOCX, MD)")
    )
    sub.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    sub.add_argument(
        "--version", metavar=_("TAG"), help=_("an adopted version (default: last saved text)")
    )
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        default="names",
        help=_("show contributors by name, by role only, or not at all"),
    )
    sub.add_argument(
        "--provenance",
        action="store_true",
        help=_("add the appendix: amendments, decisions, votes, workshops"),
    )
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command("compare", cmd_compare, _("write the comparison table of two versions"))
    sub.add_argument("old", metavar=_("OLD"), help=_("the text in force (tag or revision)"))
    sub.add_argument("new", metavar=_("NEW"), nargs="?", help=_("default: the last saved text"))
    sub.add_argument("--format", choices=COMPARISON_FORMATS, required=True)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command("checksum", cmd_checksum, _("print the SHA-256 an export states"))
    sub.add_argument("--version", metavar=_("TAG"), help=_("default: last saved text"))
