"""``charter export``, ``charter compare`` and ``charter checksum``: publish and check a text."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from charter_app.cli.common import open_repository
from charter_app.errors import ValidationError
from charter_app.export import (
    ExportOptions,
    NameFound,
    checksum,
    compare_charter,
    export_charter,
    names_in_export,
)
from charter_app.export.build import load_source
from charter_app.i18n import _


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
