"""The preview's safety contract: allowed HTML only, every typed word visible, no hang."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.common.entities import entities
from markdown_it.common.normalize_url import normalizeLinkText

from charter_app import i18n
from charter_app.rendering import render

ALLOWED_TAGS = {
    *("p", "em", "strong", "del", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre"),
    *("table", "thead", "tbody", "tr", "th", "td", "hr", "br", "span", "div"),
    *("h1", "h2", "h3", "h4", "h5", "h6"),
}
# Checked independently of charter_app.rendering.urls, so a bug there cannot hide here.
SAFE_HREF = re.compile(r"(?:https?://[^/\s?#]|mailto:\S)", re.IGNORECASE)
ALLOWED_CLASS = re.compile(r"language-\S+|image-placeholder|unparsed-source")
ALIGN_STYLE = re.compile(r"text-align:(?:left|right|center)")
WORD = re.compile(r"[^\W\d_]+")
ENTITY_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")


class UnsafeHtmlError(AssertionError):
    """The rendered HTML holds something outside the allow-lists."""


class HtmlCheck(HTMLParser):
    """Parses rendered HTML, refusing anything outside the allow-lists; keeps text and targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.carried: list[str] = []  # words kept in attributes: link targets, titles, classes

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise UnsafeHtmlError(f"element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if not self._allowed(tag, name, value):
                raise UnsafeHtmlError(f"attribute {name}={value!r} on <{tag}>")
            if name in ("href", "title", "class"):
                self.carried.append(normalizeLinkText(unquote(value)) if name == "href" else value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    @staticmethod
    def _allowed(tag: str, name: str, value: str) -> bool:
        if name == "data-line":
            return value.isdigit()
        if name == "class":
            return bool(ALLOWED_CLASS.fullmatch(value))
        if tag == "a":
            return (name == "href" and bool(SAFE_HREF.match(value))) or (
                name == "rel" and value == "noopener noreferrer nofollow" or name == "title"
            )
        if tag == "ol" and name == "start":
            return value.isdigit()
        if tag in ("th", "td") and name == "style":
            return bool(ALIGN_STYLE.fullmatch(value))
        return tag == "pre" and name == "title"

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        raise UnsafeHtmlError(f"comment <!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        raise UnsafeHtmlError(f"declaration <!{decl}>")

    def handle_pi(self, data: str) -> None:
        raise UnsafeHtmlError(f"processing instruction <?{data}>")

    def unknown_decl(self, data: str) -> None:
        raise UnsafeHtmlError(f"declaration <![{data}]>")


def check_html(markdown: str, html: str) -> str:
    """Check ``html`` against the allow-lists and that it keeps every word of ``markdown``.

    Returns the text content. Entity references (``&amp;``) are not words: they become a
    character. Words may be carried by a link's target or title, or a code block's language.
    """
    check = HtmlCheck()
    check.feed(html)
    check.close()
    text = "".join(check.text)
    kept = text + "\n" + "\n".join(check.carried)
    typed = ENTITY_REFERENCE.sub(_drop_known_entity, markdown)
    missing = [word for word in WORD.findall(typed) if word not in kept]
    assert not missing, f"words lost: {missing}"
    return text


def _drop_known_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    return " " if name.startswith("#") or name in entities else match.group(0)


def assert_safe(markdown: str) -> str:
    """Render ``markdown`` and :func:`check_html` the result."""
    return check_html(markdown, render(markdown).html)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    previous = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


# The checker itself must be able to fail, or the tests below prove nothing.
@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<img src="file:///etc/passwd">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="//evil.example">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<p style="color:red">x</p>',
        '<td style="background:url(x)">x</td>',
        '<span class="anything">x</span>',
        "<!-- hidden -->",
        "<title>x</title>",
    ],
)
def test_checker_refuses(html: str) -> None:
    with pytest.raises(UnsafeHtmlError):
        HtmlCheck().feed(html)


def test_checker_notices_a_lost_word() -> None:
    with pytest.raises(AssertionError, match="words lost"):
        check_html("un deux trois", "<p>un deux</p>")


HOSTILE = [
    # (input, text the participant must still see)
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<title>x</title>", "<title>x</title>"),
    ("<img src=file:///etc/passwd>", "<img src=file:///etc/passwd>"),
    ('<a href="javascript:alert(1)">clic</a>', '<a href="javascript:alert(1)">clic</a>'),
    ("<style>*{display:none}</style>", "<style>*{display:none}</style>"),
    ("<!-- caché -->", "<!-- caché -->"),
    ("<![CDATA[x]]>", "<![CDATA[x]]>"),
    ("<?php echo 1 ?>", "<?php echo 1 ?>"),
    ("[clic](javascript:alert(1))", "clic (javascript:alert(1))"),
    ("[clic](JAVASCRIPT:alert(1))", "clic (JAVASCRIPT:alert(1))"),
    ("[clic](java&#115;cript:alert(1))", "clic (javascript:alert(1))"),
    ("[clic](data:text/html,<script>)", "clic"),
    ("[clic](vbscript:x)", "clic (vbscript:x)"),
    ("[clic](file:///etc/passwd)", "clic (file:///etc/passwd)"),
    ("[clic](//evil.example)", "clic (//evil.example)"),
    ("[clic](../secret.md)", "clic (../secret.md)"),
    ("<javascript:alert(1)>", "javascript:alert(1)"),
    ("<data:text/html,x>", "data:text/html,x"),
    ("![pwd](file:///etc/passwd)", "[image: pwd] (file:///etc/passwd)"),
    ('![x](https://e.org/x.png "t")', '[image: x] (https://e.org/x.png "t")'),
    ('[a](https://e.org "\\" onmouseover=\\"alert(1)")', "a"),
    ("`<script>`", "<script>"),
    ("```\n<script>\n```", "<script>"),
    ("&lt;script&gt;", "<script>"),
]


@pytest.mark.parametrize(("markdown", "visible"), HOSTILE)
def test_hostile_input_is_shown_as_text(markdown: str, visible: str) -> None:
    assert visible in assert_safe(markdown)


def test_safe_link_is_kept_with_rel() -> None:
    html = render("[site](https://example.org/a?b=1)").html
    assert '<a href="https://example.org/a?b=1" rel="noopener noreferrer nofollow">' in html


# Fuzzing: strings made of Markdown syntax, HTML snippets, URL schemes and words.
VOCABULARY = ["charte", "conseil", "école", "vote", "Égalité", "principe", "mairie", "nous"]
SYNTAX = list("*_[]()!<>#-+.:|~`\\&;=\"' \n\t") + ["\n\n", "    ", "> ", "- ", "1. ", "```", "---"]
SNIPPETS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
    "<!--",
    "-->",
    "<![CDATA[",
    "<?",
    "<style>",
    "<iframe>",
    "javascript:",
    "JavaScript:",
    "data:",
    "file:///",
    "vbscript:",
    "http://",
    "https://",
    "mailto:",
    "//",
    "&#106;",
    "&amp;",
]
SCHEMES = ["javascript:", "JavaScript:", "data:", "file:///", "vbscript:", "http://", "https://"]
SCHEMES += ["mailto:", "//", "", "#", "&#106;avascript:", " java\tscript:"]
WORDS = st.lists(st.sampled_from(VOCABULARY), min_size=0, max_size=3).map(" ".join)
LINKS = st.builds(
    "{}{}]({}{}{})".format,
    st.sampled_from(["[", "!["]),
    WORDS,
    st.sampled_from(SCHEMES),
    st.sampled_from(VOCABULARY),
    st.sampled_from(["", ' "titre"', " 'nous'", " (mairie)"]),
)
AUTOLINKS = st.builds("<{}{}>".format, st.sampled_from(SCHEMES), st.sampled_from(VOCABULARY))
REFERENCES = st.builds("\n[{}]: {}{}\n".format, WORDS, st.sampled_from(SCHEMES), WORDS)
TABLE_ROWS = st.lists(st.lists(WORDS, min_size=1, max_size=4).map("|".join), max_size=3)
TABLES = st.builds(
    lambda header, rows: (
        "\n"
        + header
        + "\n"
        + "|".join("-" * len(header.split("|")))
        + "\n"
        + "\n".join(rows)
        + "\n"
    ),
    st.lists(WORDS, min_size=1, max_size=3).map("|".join),
    TABLE_ROWS,
)
PIECES = st.sampled_from(VOCABULARY + SYNTAX + SNIPPETS) | st.text(max_size=3)
STRUCTURES = LINKS | AUTOLINKS | REFERENCES | TABLES
MARKDOWNISH = st.lists(PIECES | STRUCTURES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH)
def test_fuzzed_markdown_is_safe_and_keeps_every_word(markdown: str) -> None:
    assert_safe(markdown)


# Pathological input: each must come back promptly. The timeout only detects a hang.
PATHOLOGICAL = {
    "50,000 [": "[" * 50_000,
    "50,000 ![": "![" * 50_000,
    "10,000 nested >": ">" * 10_000 + " fond",
    "10,000 nested > lines": "\n".join("> " * depth + "fond" for depth in range(0, 10_000, 50)),
    "10,000 list levels": "- " * 10_000 + "fond",
    "10,000 ordered levels": "1. " * 10_000 + "fond",
    "indented list levels": "".join("  " * depth + "- fond\n" for depth in range(300)),
    "1 MB of *_": "*_" * 500_000,
    "1 MB of * then _": "*" * 500_000 + "_" * 500_000,
    "100,000 [a](": "[a](" * 100_000,
    "100,000 <": "<" * 100_000,
    "100,000 lines": "fond\n" * 100_000,
    "wide table": "a|" * 10_000 + "\n" + "-|" * 10_000 + "\n" + "b|" * 10_000,
}


def render_with_hang_guard(markdown: str) -> str:
    result: list[str] = []
    worker = threading.Thread(target=lambda: result.append(render(markdown).html), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive(), "render() did not return within 10 s"
    return result[0]


@pytest.mark.parametrize("markdown", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_renders_promptly_and_keeps_its_text(markdown: str) -> None:
    html = render_with_hang_guard(markdown)
    check = HtmlCheck()
    check.feed(html)
    text = "".join(check.text)
    if "fond" in markdown:
        assert text.count("fond") == markdown.count("fond")


def test_nesting_limit_falls_back_to_escaped_source() -> None:
    markdown = ">" * 10_000 + " <b>fond</b>\n\nfin"
    rendered = render(markdown)
    assert rendered.degraded
    assert '<pre class="unparsed-source" data-line="0">&gt;&gt;&gt;' in rendered.html
    assert "&lt;b&gt;fond&lt;/b&gt;</pre>" in rendered.html
    assert '<pre class="unparsed-source" data-line="2">fin</pre>' in rendered.html
    assert [(b.start_line, b.end_line) for b in rendered.source_map] == [(0, 1), (2, 3)]


def test_ordinary_nesting_is_not_degraded() -> None:
    markdown = "".join("  " * depth + "- niveau\n" for depth in range(8))
    rendered = render(markdown)
    assert not rendered.degraded
    assert rendered.html.count("<ul") == 8
