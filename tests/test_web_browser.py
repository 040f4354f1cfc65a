"""End to end, as in the room: the app opens the workshop to phones, a phone (Debian's chromium
at 360x640) reads the QR code shown in the window (decoded by zbar), joins, selects a passage and
comments on it, proposes a wording, supports an amendment and places a dot; then the command
line's JSON, the comments dock and the projector show it all. axe-core finds no violation on any
page, every page weighs under 60 KB, and the pages read at 200 % zoom without sideways
scrolling."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import io
import json
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By

from charter_app.cli import main as cli
from charter_app.ui.comments_panel import CommentsFeature
from charter_app.ui.workshop_mode import WorkshopFeature
from tests import tools, web_browser
from tests.test_ui_companion import (
    PRINCIPLE,
    SOPHIE,
    app_home,
    charter_path,
    feature,
    interaction,
    opened,
    window,
)

__all__ = ["app_home", "charter_path", "interaction", "window"]
PAGE_BUDGET = 60 * 1024
QUOTE = "une mobilité réduite"


@pytest.fixture(autouse=True)
def needs_a_browser() -> None:
    web_browser.require()
    tools.require("zbarimg", "apt-get install zbar-tools")


def decoded_qr(widget, folder) -> str:
    picture = folder / "qr.png"
    widget.grab().save(str(picture))
    found = subprocess.run(["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True,
                           text=True, check=True)  # fmt: skip
    return found.stdout.strip()


def settle(qtbot, driver, text: str, timeout: float = 15) -> None:
    """Wait (keeping the window alive) until the phone's page shows ``text``."""
    limit = time.monotonic() + timeout
    while text not in driver.page_source:
        assert time.monotonic() < limit, f"the phone never showed {text!r}"
        qtbot.wait(50)


def accessible(driver, where: str) -> None:
    """No axe-core violation, and within the weight budget (the page and what it loaded)."""
    assert web_browser.transferred_bytes(driver) <= PAGE_BUDGET, where
    violations = web_browser.axe_violations(driver)
    assert not violations, f"{where}: {web_browser.describe(violations)}"


def cli_json(path, *args: str):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["-C", str(path), *args, "--json"]) == 0
    return json.loads(out.getvalue())


def test_a_phone_takes_part_from_the_qr_code_to_the_projector(qtbot, window, tmp_path):
    wording = tmp_path / "wording.md"
    wording.write_text("Un texte plus court.\n", encoding="utf-8")
    assert cli(["-C", str(window.document.path), "amend", PRINCIPLE, "--body-file",
                str(wording), "--rationale", "Plus court", "--as", SOPHIE]) == 0  # fmt: skip
    companion, _phone = opened(qtbot, window)
    qr = companion.panel.qr
    qtbot.waitUntil(
        lambda: qr.isVisible() and qr.pixmap() is not None and not qr.pixmap().isNull(),
        timeout=5000,
    )
    link = decoded_qr(qr, tmp_path)
    assert link == companion.server.link
    comments = feature(window, CommentsFeature)
    window.select_principle(PRINCIPLE)
    qtbot.waitUntil(lambda: comments.data is not None and not comments.busy, timeout=10_000)
    before = comments.panel.model.rowCount()

    base = link.split("/s/")[0]
    with web_browser.browser() as phone:
        phone.get(base + "/")  # the address typed by hand: the short code's form
        assert 0 < web_browser.transferred_bytes(phone) <= PAGE_BUDGET  # style and script too
        accessible(phone, "home")
        phone.get(base + "/nowhere")
        accessible(phone, "a page that does not exist")
        phone.get(link)  # the QR code's link: straight to the join form
        assert "Join the workshop" in phone.page_source
        accessible(phone, "join")
        phone.find_element(By.ID, "name").send_keys("Nadia B.")
        phone.find_element(By.CSS_SELECTOR, "label[for=role-association]").click()
        phone.find_element(By.CSS_SELECTOR, "form[action='/join'] button").click()
        settle(qtbot, phone, "You take part as Nadia B.")
        accessible(phone, "charter")

        phone.find_element(By.CSS_SELECTOR, f"a[href='/p/{PRINCIPLE}']").click()
        settle(qtbot, phone, "Propose a new wording")
        accessible(phone, "principle")
        web_browser.select_words(phone, "#line-1 p", QUOTE)
        bar = phone.find_element(By.ID, "selection-bar")
        qtbot.waitUntil(bar.is_displayed, timeout=5000)
        bar.find_element(By.CSS_SELECTOR, "[data-go=comment]").click()
        assert phone.find_element(By.ID, "comment-quote").get_attribute("value") == QUOTE
        phone.find_element(By.ID, "comment-text").send_keys("Et les personnes âgées ?")
        phone.find_element(By.CSS_SELECTOR, "#comment button[type=submit]").click()
        settle(qtbot, phone, "Et les personnes âgées ?")
        assert "Recorded" in phone.find_element(By.ID, "sent").text

        proposal = phone.find_element(By.ID, "propose-text")
        proposal.clear()
        proposal.send_keys("Tout service public numérique est accessible à toutes et à tous.")
        phone.find_element(By.ID, "propose-rationale").send_keys("Plus simple à lire.")
        phone.find_element(By.CSS_SELECTOR, "#propose button[type=submit]").click()
        settle(qtbot, phone, "Recorded")

        phone.get(base + "/a/A-1")
        settle(qtbot, phone, "Your position")
        accessible(phone, "amendment")
        assert phone.find_elements(By.CSS_SELECTOR, ".diff del")
        phone.find_element(By.CSS_SELECTOR, "label[for=position-support]").click()
        phone.find_element(By.CSS_SELECTOR, "form[action='/send/position'] button").click()
        settle(qtbot, phone, "Support: 1")

        companion.panel.dots.setChecked(True)
        phone.get(base + f"/p/{PRINCIPLE}")
        settle(qtbot, phone, "Place a dot here")
        phone.find_element(By.CSS_SELECTOR, "form[action='/send/dots'] button[value='1']").click()
        settle(qtbot, phone, "You have 4 of 5 dots left.")

        phone.get(base + "/mine")
        settle(qtbot, phone, "My contributions")
        accessible(phone, "my contributions")
        assert phone.page_source.count("Recorded") >= 4
        assert not [e for e in web_browser.console_errors(phone) if "Content Security" in e]

        # 200 % zoom on the same phone: 180 CSS pixels wide, nothing scrolls sideways.
        phone.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": 180, "height": 320, "deviceScaleFactor": 2, "mobile": True})  # fmt: skip
        for path in ("/read", f"/p/{PRINCIPLE}", "/a/A-1"):
            phone.get(base + path)
            # (headless chromium may count its scroll bar's gutter in scrollWidth: what matters
            # is that no element of the page is wider than the screen)
            _gutter, sticking_out = web_browser.sideways(phone)
            assert not sticking_out, f"{path} is wider than the screen at 200 %: {sticking_out}"

    nadia = next(iter(companion.companion.phones.values())).participant
    threads = cli_json(window.document.path, "comments")["threads"]
    comment = next(t for t in threads if t["author"] == nadia)
    assert comment["target"] == PRINCIPLE and comment["passage"]["quote"] == QUOTE
    amendments = cli_json(window.document.path, "amendments")
    proposed = next(a for a in amendments if a["author"] == nadia)
    assert proposed["workshop"] == "W-1" and proposed["rationale"] == "Plus simple à lire."
    events = window.document.repository.events()
    mine = [e for e in events if e.by == nadia]
    assert {e.type for e in mine} >= {"comment", "support", "dot"}
    assert all(e.workshop == "W-1" for e in mine)

    qtbot.waitUntil(lambda: comments.panel.model.rowCount() == before + 1, timeout=2000)
    workshop = feature(window, WorkshopFeature)
    workshop.start_projector()
    qtbot.waitUntil(lambda: "1 comment" in workshop.projector.footer.text(), timeout=5000)
    assert "2 amendments under discussion" in workshop.projector.footer.text()
