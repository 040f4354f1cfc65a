"""``charter publish -o SITE``: the charter's public website, as static files to host anywhere.

Its arguments are in :mod:`charter_app.cli.parser`. It only reads the charter.
"""

from __future__ import annotations

import argparse
import sys

from charter_app.cli.common import open_repository
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
