"""The public website of a charter: every adopted version, each principle on its own page with
its amendments, decisions, votes and workshops, participation by role, and how to check it all.

:func:`publish_site` gathers the site's content from the repository
(:mod:`~charter_app.export.site.gather`, the same data as the exports), renders it with
autoescaped Jinja2 templates shipped in ``templates/`` (:mod:`~charter_app.export.site.pages`),
adds every version's downloads and the search index, and writes the folder all at once. Static
files only: no script is needed to read, nothing is loaded from elsewhere, and it works opened
straight from a USB stick. The same charter and options always give the same bytes.
"""

from __future__ import annotations

from charter_app.export.site.model import SiteOptions
from charter_app.export.site.publish import Published, build_files, publish_site

__all__ = ["Published", "SiteOptions", "build_files", "publish_site"]
