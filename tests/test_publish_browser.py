"""The public site in a real Chromium and through the validators: zero axe-core violations and
a valid page (Nu HTML checker) everywhere, the link check, a phone's 360 px, paper, reading
without JavaScript, and the optional search working from ``file://`` under the site's own
Content-Security-Policy.

The sites: the bundled example with its story, and the Contributor Covenant's releases from the
shared corpus (``tests/site_charters.py``), each built once for the module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from charter_app.export.site import SiteOptions, publish_site
from charter_app.storage.repository import CharterRepository
from tests.browser import axe_violations, broken_links, chromium, nu_messages, page  # noqa: F401
from tests.site_charters import covenant_charter, storied_charter

NU_FILE_ORIGIN = "violates Content Security Policy (meta tag): external"
"""The Nu checker reads ``'self'`` of a page opened as a file as excluding files in a parent
folder, and so warns about the site's own style sheet; browsers load it (checked below)."""


@pytest.fixture(scope="module", params=["example", "corpus"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(request.param)
    if request.param == "example":
        charter = storied_charter(root)
        options = SiteOptions(names="roles", drafts=True)
    else:
        charter = covenant_charter(root)
        options = SiteOptions(names="none", downloads=False)
    out = root / "site"
    with CharterRepository.open(charter) as repository:
        publish_site(repository, out, options)
    return out


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.fixture
def axe_tab(chromium: Any) -> Iterator[Any]:  # noqa: F811 - the fixture imported above
    """A tab whose pages accept axe-core's injected script despite their security policy."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_no_axe_violation_on_any_page(site: Path, axe_tab: Any) -> None:
    found = {}
    for path in pages_of(site):
        axe_tab.goto(path.as_uri())
        violations = axe_violations(axe_tab)
        if violations:
            found[path.relative_to(site).as_posix()] = violations
    assert found == {}


def test_every_page_is_valid_html(site: Path) -> None:
    assert nu_messages(site, ignore=[NU_FILE_ORIGIN]) == []


def test_every_link_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_every_page_has_its_style_and_no_error(site: Path, page: Any) -> None:  # noqa: F811
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in pages_of(site):
        if "/downloads/" in path.as_posix():
            continue
        page.goto(path.as_uri())
        # The style sheet applied under the page's own policy: the skip link is moved away.
        assert page.evaluate("getComputedStyle(document.querySelector('.skip')).position") == (
            "absolute"
        ), path
    assert errors == []
    assert [url for url in requests if not url.startswith(site.as_uri())] == []


@pytest.mark.parametrize(
    "pick",
    [
        "index.html",
        "participation.html",
        "provenance.html",
        "search.html",
        "version",
        "principle",
        "print",
    ],
)
def test_readable_on_a_phone(site: Path, chromium: Any, pick: str) -> None:  # noqa: F811
    latest = sorted(p.parent for p in site.glob("v*/index.html"))[-1]
    path = {
        "version": latest / "index.html",
        "print": latest / "print.html",
        "principle": max((latest / "principles").glob("*.html"), key=lambda p: p.stat().st_size),
    }.get(pick, site / pick)
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    try:
        tab = context.new_page()
        tab.goto(path.as_uri())
        # Nothing wider than the screen: long words wrap, wide tables scroll in their own box.
        assert tab.evaluate("document.documentElement.scrollWidth") <= 360, path
        font = tab.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font >= 16
    finally:
        context.close()


def test_printed_on_paper(site: Path, page: Any, tmp_path: Path) -> None:  # noqa: F811
    latest = sorted(p.parent for p in site.glob("v*/index.html"))[-1]
    page.goto((latest / "print.html").as_uri())
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "[...document.querySelectorAll('.site-nav, .breadcrumb, footer.site, .skip')]"
        ".every(e => getComputedStyle(e).display === 'none')"
    )
    assert hidden
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


def test_read_without_javascript_and_search_with_it(site: Path, chromium: Any) -> None:  # noqa: F811
    plain = chromium.new_context(java_script_enabled=False)
    try:
        tab = plain.new_page()
        tab.goto((site / "search.html").as_uri())
        assert tab.is_hidden("#search-form")  # no box that cannot work
        listed = tab.locator("#search-results li")
        total = listed.count()
        assert total >= 5 and listed.first.is_visible()  # the whole list instead
    finally:
        plain.close()
    context = chromium.new_context()
    try:
        tab = context.new_page()
        tab.goto((site / "search.html").as_uri())
        titles = [t.split(". ", 1)[1] for t in tab.locator("#search-results li").all_inner_texts()]
        title = next(t for t in titles if "<" not in t)
        word = max(re.findall(r"\w{4,}", title), key=len)
        everything = tab.inner_text("#search-status")
        tab.fill("#search-input", word.upper())  # any case, any accents
        visible = tab.locator("#search-results li:visible")
        assert 1 <= visible.count() < total
        assert any(title in text for text in visible.all_inner_texts())
        assert tab.inner_text("#search-status") != everything
        tab.fill("#search-input", "zzzqqq")
        assert visible.count() == 0
        tab.fill("#search-input", "")
        assert visible.count() == total
    finally:
        context.close()
