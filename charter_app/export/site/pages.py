"""The site's pages, from Jinja2 templates shipped inside the package (``templates/``).

Autoescaping is on for every template: a title, a name or a rationale reaches the page escaped.
The only markup that is not the templates' own comes from the export's HTML writer
(:func:`charter_app.export.html_writer.blocks_html`, which escapes every word and keeps only
safe links) and the minutes' bar charts (escaped SVG), through the ``blocks`` and ``svg``
filters. Every address is relative, so the site works from any folder, server or USB stick.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from charter_app import __version__
from charter_app.core.outline import outline
from charter_app.export.blocks import Block, Heading
from charter_app.export.html_writer import blocks_html
from charter_app.export.minutes import Chart, svg_bar_chart
from charter_app.export.site.downloads import FORMAT_LABELS, size_text
from charter_app.export.site.model import PrinciplePage, Site, VersionView
from charter_app.export.site.principles import context, make_all
from charter_app.export.site.search import search_index
from charter_app.i18n import _, current_language, ngettext, number

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


def _blocks(value: Sequence[Block], prefix: str = "", deeper: int = 0) -> Markup:
    """Export blocks as HTML; ``prefix`` keeps heading anchors unique on a page of many,
    ``deeper`` moves headings down as many levels (a principle standing in a section)."""
    if prefix or deeper:
        value = [
            replace(b, anchor=prefix + b.anchor if b.anchor else "", level=min(6, b.level + deeper))
            if isinstance(b, Heading)
            else b
            for b in value
        ]
    return Markup(blocks_html(value))  # noqa: S704 - the export writer escapes every word


def _svg(chart: Chart) -> Markup:
    return Markup(svg_bar_chart(chart))  # noqa: S704 - every label is escaped by the chart


@functools.cache
def environment() -> jinja2.Environment:
    """The templates, autoescaped, strict about undefined names; compiled once per process
    (translations are looked up when a page is rendered, in its language)."""
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
        "renumbered": lambda n: ngettext(
            "{count} principle renumbered", "{count} principles renumbered", n
        ).format(count=n),
        "unchanged": lambda n: ngettext(
            "{count} principle unchanged", "{count} principles unchanged", n
        ).format(count=n),
    }


class Renderer:
    """The templates with what every page shares: the site, its menu, the labels."""

    def __init__(self, site: Site, menu: Sequence[tuple[str, str]]) -> None:
        self.env = environment()
        self.common: dict[str, Any] = {
            "site": site,
            "lang": site.language,
            "menu": menu,
            "status_counts": _status_counts(),
            "change_labels": {
                "new": _("new"),
                "changed": _("changed"),
                "renumbered": _("renumbered"),
            },
        }

    def render(self, path: str, template: str, **values: Any) -> bytes:
        """The page at ``path`` (from the site's root): its links are relative to it."""
        root = "../" * path.count("/")
        html = self.env.get_template(template).render(**self.common, root=root, here=path, **values)
        return html.encode("utf-8")


@dataclass(frozen=True)
class Group:
    """Principles listed together under the section headings that open them."""

    headings: tuple[tuple[str, int], ...]
    """(section title, heading level) of each section that starts here, outermost first."""
    pages: tuple[PrinciplePage, ...]


def groups_of(version: VersionView, level: int) -> list[Group]:
    """``version``'s principle pages in the charter's outline: its sections become headings
    from ``level`` down (one group when it has no section)."""
    by_id = {page.principle.id: page for page in version.principles}
    groups: list[Group] = []
    headings: list[tuple[str, int]] = []
    for entry in outline(version.charter):
        if entry.section is not None:
            headings.append((entry.section.title, min(6, level + entry.depth)))
        elif entry.principle is not None and entry.principle.id in by_id:
            page = by_id[entry.principle.id]
            if headings or not groups:
                groups.append(Group(tuple(headings), (page,)))
                headings = []
            else:
                groups[-1] = Group(groups[-1].headings, (*groups[-1].pages, page))
    return groups


def menu_of(site: Site) -> list[tuple[str, str]]:
    menu = [
        ("index.html", _("Home")),
        (f"{site.latest.key}/index.html", _("The charter")),
        ("participation.html", _("Participation")),
        ("provenance.html", _("Check the text")),
    ]
    if site.options.search:
        menu.append(("search.html", _("Search")))
    return menu


def render_pages(site: Site, files: Files, step: Callable[[], None]) -> Site:
    """Every page of ``site`` into ``files`` (path from the site's root -> bytes); the site
    with its principle pages made."""
    menu = menu_of(site)
    contexts = [context(site, version, current_language(), menu) for version in site.versions]
    made = make_all(site.versions, contexts, step)
    versions = []
    for version, pages in zip(site.versions, made, strict=True):
        for page, html in pages:
            files[f"{version.key}/principles/{page.principle.id}.html"] = html
        versions.append(replace(version, principles=tuple(page for page, _html in pages)))
    site = replace(site, versions=tuple(versions))
    renderer = Renderer(site, menu)
    files["index.html"] = renderer.render("index.html", "home.html")
    files["participation.html"] = renderer.render(
        "participation.html", "participation.html", participation=site.participation
    )
    files["provenance.html"] = renderer.render("provenance.html", "provenance.html")
    for version in site.versions:
        for name, template, level in (
            ("index.html", "version.html", 3),
            ("print.html", "print.html", 2),
        ):
            path = f"{version.key}/{name}"
            groups = groups_of(version, level)
            files[path] = renderer.render(path, template, version=version, groups=groups)
    if site.options.search:
        latest = site.latest
        files["search.html"] = renderer.render("search.html", "search.html", version=latest)
        addresses = {p.principle.id: f"{latest.key}/principles/{p.principle.id}.html"
                     for p in latest.principles}  # fmt: skip
        files["search-index.js"] = search_index(latest, addresses).encode("utf-8")
    for name in STATIC:
        if name != "search.js" or site.options.search:
            files[name] = (TEMPLATES / name).read_bytes()
    return site
