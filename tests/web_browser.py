"""A real browser for the tests: Debian's chromium driven by Selenium through chromium-driver,
headless, at a phone's viewport, with axe-core (from npm: ``npm ci --prefix tests/node``, as
.ci/run does) to check accessibility, and the bytes each page transferred.

The public site's checks (tests/browser.py) drive the same chromium through Playwright; this
module predates them and keeps Selenium for now (see docs/COMPANION.md). When chromium, its
driver or axe-core is missing, the tests that need them are skipped with the reason, except
under .ci/run, where that is an error (``tests/tools.py``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests import tools

AXE = Path(__file__).parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
PHONE = (360, 640)
"""The smallest common phone screen, in CSS pixels."""


def require() -> None:
    """Skip (fail under .ci/run: ``tests/tools.py``) unless chromium, chromium-driver and
    axe-core are installed."""
    tools.require(Path(CHROMIUM), "apt-get install chromium")
    tools.require(Path(DRIVER), "apt-get install chromium-driver")
    tools.require(AXE, "npm ci --prefix tests/node")


@contextmanager
def browser(size: tuple[int, int] = PHONE, zoom: float = 1.0) -> Iterator[Any]:
    """A headless chromium window of ``size`` CSS pixels (``zoom``: 2.0 for 200 %)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--disable-extensions", "--lang=en-GB",
        f"--window-size={int(size[0] * zoom)},{int(size[1] * zoom)}",
        f"--force-device-scale-factor={zoom}",
    ):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page shown (WCAG 2.0/2.1/2.2 A and AA rules)."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
        ".then(r => done(JSON.stringify(r.violations))).catch(e => done(JSON.stringify("
        "[{id: 'axe-error', help: String(e), nodes: []}])));"
    )
    return list(json.loads(result))


def describe(violations: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{v['id']}: {v.get('help', '')} ({len(v.get('nodes', []))} nodes: "
        + ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
        + ")"
        for v in violations
    )


def transferred_bytes(driver: Any) -> int:
    """What the page just loaded transferred: the document and every resource it loaded."""
    return int(
        driver.execute_script(
            "const nav = performance.getEntriesByType('navigation')[0];"
            "let total = nav ? nav.transferSize : 0;"
            "for (const r of performance.getEntriesByType('resource')) total += r.transferSize;"
            "return total;"
        )
    )


def console_errors(driver: Any) -> list[str]:
    """Errors the page logged (a CSP violation is one)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def select_words(driver: Any, css: str, words: str) -> None:
    """Select ``words`` inside the first element matching ``css``, as a finger would."""
    driver.execute_script(
        "const [css, words] = arguments;"
        "const node = document.querySelector(css).firstChild;"
        "const at = node.textContent.indexOf(words);"
        "const range = document.createRange();"
        "range.setStart(node, at); range.setEnd(node, at + words.length);"
        "const selection = window.getSelection();"
        "selection.removeAllRanges(); selection.addRange(range);",
        css,
        words,
    )


def sideways(driver: Any) -> tuple[int, list[str]]:
    """How far the page scrolls sideways, and the elements sticking out (tag.class#id)."""
    return tuple(  # type: ignore[return-value]
        driver.execute_script(
            "const e = document.scrollingElement, w = e.clientWidth, out = [];"
            "for (const n of document.querySelectorAll('body *')) {"
            "  const r = n.getBoundingClientRect();"
            "  if (r.right > w + 1) out.push(n.tagName + '.' + n.className + '#' + n.id);"
            "}"
            "return [e.scrollWidth - w, out.slice(0, 6)];"
        )
    )
