"""The preview shows every word of hostile Markdown and loads nothing; rendering never blocks."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time

import pytest
from PySide6.QtCore import QUrl

from charter_app.ui.preview import PreviewPane, SafeTextBrowser, anchored_html

HOSTILE = (
    "Avant <img src=file:///etc/passwd> après\n\n"
    "<script>alert('x')</script> suite\n\n"
    "<title>Titre volé</title> fin\n\n"
    "[cliquez](javascript:alert(1)) et ![photo](file:///etc/shadow)\n\n"
    '<a href="http://evil.example/">lien brut</a>\n\n'
    '<img src="http://tracker.example/pixel.png">\n'
)


@pytest.fixture
def preview(qtbot):
    pane = PreviewPane()
    qtbot.addWidget(pane)
    pane.resize(500, 400)
    pane.show()
    return pane


def test_hostile_markdown_shows_the_words_and_loads_nothing(qtbot, preview):
    preview.show_text_now(HOSTILE)
    shown = preview.toPlainText()
    for words in ("Avant", "après", "alert", "suite", "Titre volé", "fin", "cliquez", "lien brut"):
        assert words in shown
    assert "/etc/passwd" in shown  # the image is shown as text, never fetched
    assert preview.resource_requests == []
    html = preview.toHtml()
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert preview.resource_requests == []


def test_load_resource_override_records_and_returns_nothing(qtbot):
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    # Qt itself asks for the image when given raw HTML: the override must refuse it.
    browser.setHtml('<p>x</p><img src="file:///etc/passwd"><link rel="stylesheet" href="a.css">')
    browser.show()
    qtbot.waitExposed(browser)
    browser.grab()  # paint, which is when images are requested
    assert any("etc/passwd" in url for _kind, url in browser.resource_requests)
    browser.setSource(QUrl("file:///etc/passwd"))
    assert "x" in browser.toPlainText()


def test_unsafe_link_is_not_opened_and_safe_link_asks_first(qtbot, preview):
    asked = []
    preview.confirm_link = lambda url: asked.append(url) or False
    preview.open_link(QUrl("https://example.org/charte"))
    assert asked == ["https://example.org/charte"]
    refused = []
    preview.link_refused.connect(refused.append)
    preview.anchorClicked.emit(QUrl("javascript:alert(1)"))  # refused, never asked
    assert asked == ["https://example.org/charte"]
    assert refused == ["javascript:alert(1)"]


def test_anchors_follow_source_lines():
    html = anchored_html('<p data-line="3">x</p><ul data-line="5"><li data-line="5">y</li></ul>')
    assert '<a name="line-3">' in html and '<a name="line-5">' in html


def test_fifty_thousand_brackets_never_block_typing(qtbot, preview):
    text = "[" * 50_000
    started = time.perf_counter()
    for size in range(1000, 50_001, 1000):
        preview.request(text[:size])  # typing: each request returns at once
    assert time.perf_counter() - started < 0.1
    qtbot.waitUntil(lambda: preview.current_text == text, timeout=20_000)
    assert preview.toPlainText().count("[") == 50_000
    assert preview.resource_requests == []


def test_latest_request_wins(qtbot, preview):
    preview.request("premier")
    preview.request("second")
    preview.request("dernier")
    qtbot.waitUntil(lambda: preview.current_text == "dernier", timeout=5000)
    assert "dernier" in preview.toPlainText()


def test_scroll_follows_the_editor_line(qtbot, preview):
    text = "\n\n".join(f"Paragraphe {i} " + "mot " * 60 for i in range(80))
    preview.show_text_now(text)
    bar = preview.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the layout runs in the event loop
    assert bar.value() == 0
    preview.follow_line(120)
    assert bar.value() > 0
    near_end = bar.value()
    preview.follow_line(2)
    assert bar.value() < near_end
