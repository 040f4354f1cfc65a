"""``charter export``, ``charter compare`` and ``charter checksum``: publish and check a text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from charter_app.cli.common import Registrar, open_repository
from charter_app.errors import ValidationError
from charter_app.export import (
    COMPARISON_FORMATS,
    EXPORT_FORMATS,
    NAMES_MODES,
    ExportOptions,
    NameFound,
    checksum,
    compare_charter,
    export_charter,
    names_in_export,
)
from charter_app.export.build import load_source
from charter_app.i18n import SUPPORTED_LANGUAGES, _


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{100 * done // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)


def stop_on_names(found: Sequence[NameFound], confirmed: bool) -> None:
    """List the registered names an anonymous export would still publish; without
    ``confirmed`` (``--yes``) stop before writing anything."""
    if not found:
        return
    print(
        _("These texts name registered participants; an export hiding names still shows them:"),
        file=sys.stderr,
    )
    for finding in found:
        print(f"  - {finding.name} [{finding.where}]: {finding.excerpt}", file=sys.stderr)
    if not confirmed:
        raise ValidationError(
            _("Nothing was exported: some texts name participants."),
            _("Edit those texts, or export anyway with --yes."),
        )


def cmd_export(args: argparse.Namespace) -> int:
    if args.names is not None and not args.provenance:
        raise ValidationError(
            _("--names only changes the provenance appendix, where contributors are named."),
            _("Add --provenance, or leave out --names: the text itself names nobody."),
        )
    options = ExportOptions(args.version, args.names or "names", args.provenance, args.language)
    with open_repository(args) as repository:
        stop_on_names(names_in_export(repository, options), args.yes)
        path = export_charter(repository, args.format, args.output, options, _progress)
    print(_("Exported to {path}.").format(path=path))
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        path = compare_charter(
            repository, args.old, args.new, args.format, args.output, _progress,
            language=args.language,
        )  # fmt: skip
    print(_("Comparison table written to {path}.").format(path=path))
    return 0


def cmd_checksum(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        source = load_source(repository, args.version)
    print(checksum(source.charter))
    return 0


def language_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--language",
        choices=SUPPORTED_LANGUAGES,
        help=_("language of the fixed wording (default: the charter's language)"),
    )


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "export", cmd_export, _("export the charter (HTML, PDF, ODT, DOCX, MD)")
    )
    sub.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    sub.add_argument(
        "--version", metavar=_("TAG"), help=_("an adopted version (default: last saved text)")
    )
    sub.add_argument(
        "--provenance",
        action="store_true",
        help=_("add the appendix: amendments, decisions, votes, workshops"),
    )
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        help=_(
            "in the provenance appendix, show contributors by name (default), by role only, "
            "or not at all"
        ),
    )
    sub.add_argument(
        "--yes",
        action="store_true",
        help=_("export even if free texts name participants an export hiding names would show"),
    )
    language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command("compare", cmd_compare, _("write the comparison table of two versions"))
    sub.add_argument("old", metavar=_("OLD"), help=_("the text in force (tag or revision)"))
    sub.add_argument("new", metavar=_("NEW"), nargs="?", help=_("default: the last saved text"))
    sub.add_argument("--format", choices=COMPARISON_FORMATS, required=True)
    language_flag(sub)
    sub.add_argument("-o", "--output", required=True, metavar=_("FILE"))

    sub = registrar.command("checksum", cmd_checksum, _("print the SHA-256 an export states"))
    sub.add_argument("--version", metavar=_("TAG"), help=_("default: last saved text"))
