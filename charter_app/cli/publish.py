"""``charter publish -o SITE``: the charter's public website, as static files to host anywhere."""

from __future__ import annotations

import argparse
import sys

from charter_app.cli.common import Registrar, open_repository
from charter_app.export import NAMES_MODES
from charter_app.export.site import SiteOptions, publish_site
from charter_app.i18n import _, ngettext


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{100 * done // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)


def cmd_publish(args: argparse.Namespace) -> int:
    options = SiteOptions(
        names=args.names,
        drafts=args.drafts,
        downloads=not args.no_downloads,
        search=not args.no_search,
    )
    with open_repository(args) as repository:
        published = publish_site(repository, args.output, options, _progress)
    for warning in published.warnings:
        print(_("warning: {message}").format(message=warning), file=sys.stderr)
    pages = ngettext("{count} page", "{count} pages", published.pages).format(count=published.pages)
    print(
        _("Site written to {path}: {pages}, versions {versions}. Open index.html.").format(
            path=published.folder, pages=pages, versions=", ".join(published.versions)
        )
    )
    return 0


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "publish", cmd_publish, _("write the charter's public website (static files)")
    )
    sub.add_argument("-o", "--output", required=True, metavar=_("FOLDER"))
    sub.add_argument(
        "--names",
        choices=NAMES_MODES,
        default="roles",
        help=_("show contributors by name, by role only (default), or not at all"),
    )
    sub.add_argument(
        "--drafts",
        action="store_true",
        help=_("also publish the last saved text when it is not an adopted version"),
    )
    sub.add_argument(
        "--no-downloads",
        action="store_true",
        help=_("leave out the versions' files (PDF, ODT, DOCX, HTML, Markdown)"),
    )
    sub.add_argument("--no-search", action="store_true", help=_("leave out the search page"))
