"""Checking web pages as people and validators read them: a real Chromium, axe-core, the Nu HTML
checker and a link check. Shared by every test of pages we write (the public site, the phone
companion).

- :func:`chromium` (a session fixture) is Debian's Chromium driven by Playwright, never a
  browser Playwright downloads; :func:`page` gives a fresh tab. Import the fixtures into the test
  module: ``from tests.browser import chromium, page  # noqa: F401``.
- :func:`axe_violations` injects axe-core into a loaded page and returns what it finds (every rule
  but the experimental ones: WCAG 2.x A and AA, and best practices).
- :func:`nu_messages` runs the Nu HTML checker (Java) once over files, folders or URLs.
- :func:`broken_links` reads a built folder of pages and lists every link or resource that
  does not resolve inside it, anchors included, and every resource from elsewhere.

axe-core and the Nu checker come from npm (``tests/node/package.json``): ``.ci/run`` installs
them with ``npm ci --prefix tests/node``; run the same once on a new checkout. Java is Debian's
``default-jre-headless``.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests import tools

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "tests" / "node" / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("CHARTER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
EXTERNAL_LINKS = ("http://", "https://", "mailto:")
"""Addresses a link may point to outside the site (a reader follows them; nothing loads them)."""


def require(path: Path, what: str) -> Path:
    """``path``; when it is missing the test is skipped, or fails under ``.ci/run`` (see
    ``tests/tools.py``), saying how to install ``what``."""
    tools.require(
        path,
        f"{what}: apt-get install chromium default-jre-headless nodejs npm, "
        "then npm ci --prefix tests/node",
    )
    return path


# -- Chromium ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright for the whole test session."""
    require(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A new tab at 1280x900 in a context of its own (no cookies or storage shared)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def axe_violations(tab: Any, rules_off: Sequence[str] = ()) -> list[dict[str, Any]]:
    """axe-core's violations on the page loaded in ``tab``: each with its rule id, impact, help
    and the elements concerned. The tab's context needs ``bypass_csp=True`` when the page's
    Content-Security-Policy forbids injected scripts."""
    tab.add_script_tag(content=require(AXE, "axe-core").read_text(encoding="utf-8"))
    options = {"rules": {rule: {"enabled": False} for rule in rules_off}}
    result = tab.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]


# -- the Nu HTML checker ---------------------------------------------------------------------------


def nu_messages(*targets: Path | str, ignore: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Errors and warnings of the Nu HTML checker on ``targets`` (files, folders, URLs), each
    with its ``url``, ``type``, ``line`` and ``message``; messages containing one of ``ignore``
    are left out. Info messages are not returned."""
    java = tools.require("java", "apt-get install default-jre-headless")
    done = subprocess.run(
        [java, "-Xss8m", "-jar", str(require(VNU, "The Nu HTML checker")), "--format", "json",
         "--skip-non-html", *(str(t) for t in targets)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = json.loads(done.stderr or done.stdout)
    found = []
    for message in report["messages"]:
        kind = message["type"] if message.get("subType") != "warning" else "warning"
        if kind == "info" or any(text in message.get("message", "") for text in ignore):
            continue
        found.append(
            {
                "url": message.get("url", ""),
                "type": kind,
                "line": message.get("lastLine"),
                "message": message.get("message", ""),
            }
        )
    return found


# -- links ---------------------------------------------------------------------------------------


class _Links(HTMLParser):
    """Addresses a page points to, and the ids it holds."""

    RESOURCES = {("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
                 ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
                 ("object", "data"), ("form", "action")}  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        """(kind, address): kind is "link" (followed by a reader) or "resource" (loaded)."""
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (tag, name) in self.RESOURCES or name in ("srcset", "poster", "background"):
                self.links.append(("resource", value))
            elif name == "href":
                self.links.append(("link", value))


def _read(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(folder: Path) -> list[str]:
    """Every link or resource of the pages under ``folder`` that does not resolve: a missing
    file, a missing anchor, a path leaving the folder, a resource from elsewhere (nothing may
    be loaded from outside) or an address that is neither relative nor http(s)/mailto."""
    folder = folder.resolve()
    pages = {path: _read(path) for path in sorted(folder.rglob("*.html"))}
    problems = []
    for path, parsed in pages.items():
        where = path.relative_to(folder).as_posix()
        for kind, address in parsed.links:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc:
                if kind == "resource" or not address.startswith(EXTERNAL_LINKS):
                    problems.append(f"{where}: {kind} from elsewhere: {address}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(folder):
                problems.append(f"{where}: leaves the site: {address}")
            elif not target.is_file():
                problems.append(f"{where}: no such file: {address}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _read(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: no anchor #{parts.fragment} in {address}")
    return problems
