"""is_safe_external_url: the one rule for links the app may open in a browser."""

from __future__ import annotations

import pytest

from charter_app.rendering import is_safe_external_url

SAFE = [
    "https://example.org",
    "http://example.org/a?b=1#c",
    "HTTPS://EXAMPLE.ORG",
    "https://ville.example.fr/écoles",
    "https://xn--cole-9oa.example/",
    "mailto:mairie@example.fr",
    "MAILTO:mairie@example.fr?subject=charte",
]
UNSAFE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",  # leading space: browsers strip it
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/png;base64,AAAA",  # markdown-it's own rule lets this one through
    "file:///etc/passwd",
    "vbscript:msgbox",
    "ftp://example.org",
    "//evil.example",  # protocol-relative
    "/principes/p-1.md",
    "principes/p-1.md",
    "#p1",
    "",
    "https:",
    "https://",
    "https:/example.org",
    "https:example.org",
    "http://[::1",  # unparsable
    "https://exa mple.org",
    "https://example.org\n",
    "mailto:",
]


@pytest.mark.parametrize("url", SAFE)
def test_safe(url: str) -> None:
    assert is_safe_external_url(url)


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe(url: str) -> None:
    assert not is_safe_external_url(url)
