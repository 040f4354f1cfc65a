"""``charter export``, ``charter compare`` and ``charter checksum``: publish and check a text."""

from __future__ import annotations

import argparse
import sys

from charter_app.cli.common import open_repository
from charter_app.export import (
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
