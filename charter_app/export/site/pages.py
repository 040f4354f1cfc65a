"""The site's pages, from Jinja2 templates shipped inside the package (``templates/``).

Autoescaping is on for every template: a title, a name or a rationale reaches the page escaped.
The only markup that is not the templates' own comes from the export's HTML writer
(:func:`charter_app.export.html_writer.blocks_html`, which escapes every word and keeps only
safe links) and the minutes' bar charts (escaped SVG), through the ``blocks`` and ``svg``
filters. Every address is relative, so the site works from any folder, server or USB stick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from charter_app import __version__
from charter_app.export.blocks import Block, Heading
from charter_app.export.html_writer import blocks_html
from charter_app.export.minutes import Chart, svg_bar_chart
from charter_app.export.site.downloads import FORMAT_LABELS, size_text
from charter_app.export.site.model import Site, VersionView
from charter_app.export.site.search import search_index
from charter_app.i18n import _, ngettext, number

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = ("style.css", "search.js")
"""Files copied as they are."""

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self' file:; script-src 'self' file:; base-uri 'none'; "
    "form-action 'none'"
)
"""Only the site's own style sheet and (on the search page) its own scripts; nothing else is
loaded or sent."""

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "md": "text/markdown",
}

Files = dict[str, bytes]


def _blocks(value: Sequence[Block], prefix: str = "") -> Markup:
    """Export blocks as HTML; ``prefix`` keeps heading anchors unique on a page of many."""
    if prefix:
        value = [
            replace(b, anchor=prefix + b.anchor) if isinstance(b, Heading) and b.anchor else b
            for b in value
        ]
    return Markup(blocks_html(value))  # noqa: S704 - the export writer escapes every word


def _svg(chart: Chart) -> Markup:
    return Markup(svg_bar_chart(chart))  # noqa: S704 - every label is escaped by the chart


def environment() -> jinja2.Environment:
    """The templates, autoescaped, strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["blocks"] = _blocks
    env.filters["svg"] = _svg
    env.globals.update(
        _=_,
        ngettext=ngettext,
        number=number,
        size_text=size_text,
        format_labels=FORMAT_LABELS,
        media_types=MEDIA_TYPES,
        csp=CONTENT_SECURITY_POLICY,
        generator_version=__version__,
    )
    return env


def _status_counts() -> dict[str, Callable[[int], str]]:
    """How many principles changed, were added, deleted or kept, in words."""
    return {
        "changed": lambda n: ngettext(
            "{count} principle changed", "{count} principles changed", n
        ).format(count=n),
        "new": lambda n: ngettext("{count} new principle", "{count} new principles", n).format(
            count=n
        ),
        "deleted": lambda n: ngettext(
            "{count} principle deleted", "{count} principles deleted", n
        ).format(count=n),
        "unchanged": lambda n: ngettext(
            "{count} principle unchanged", "{count} principles unchanged", n
        ).format(count=n),
    }


def render_pages(site: Site, files: Files, step: Callable[[], None]) -> None:
    """Every page of ``site`` into ``files`` (path from the site's root -> bytes)."""
    env = environment()
    menu = [
        ("index.html", _("Home")),
        (f"{site.latest.key}/index.html", _("The charter")),
        ("participation.html", _("Participation")),
        ("provenance.html", _("Check the text")),
    ]
    if site.options.search:
        menu.append(("search.html", _("Search")))
    common: dict[str, Any] = {
        "site": site,
        "lang": site.language,
        "menu": menu,
        "status_counts": _status_counts(),
        "change_labels": {"new": _("new"), "changed": _("changed")},
    }

    def page(path: str, template: str, **values: Any) -> None:
        root = "../" * path.count("/")
        html = env.get_template(template).render(**common, root=root, here=path, **values)
        files[path] = html.encode("utf-8")

    page("index.html", "home.html")
    page("participation.html", "participation.html", participation=site.participation)
    page("provenance.html", "provenance.html")
    for version in site.versions:
        step()
        _version_pages(version, page)
    if site.options.search:
        latest = site.latest
        page("search.html", "search.html", version=latest)
        addresses = {p.principle.id: f"{latest.key}/principles/{p.principle.id}.html"
                     for p in latest.principles}  # fmt: skip
        files["search-index.js"] = search_index(latest, addresses).encode("utf-8")
    for name in STATIC:
        if name != "search.js" or site.options.search:
            files[name] = (TEMPLATES / name).read_bytes()


def _version_pages(version: VersionView, page: Callable[..., None]) -> None:
    page(f"{version.key}/index.html", "version.html", version=version)
    page(f"{version.key}/print.html", "print.html", version=version)
    principles = version.principles
    for index, item in enumerate(principles):
        before = principles[index - 1].principle if index > 0 else None
        after = principles[index + 1].principle if index + 1 < len(principles) else None
        page(
            f"{version.key}/principles/{item.principle.id}.html",
            "principle.html",
            version=version,
            page=item,
            before=before,
            after=after,
        )
