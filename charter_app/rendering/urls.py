"""Which link targets the preview may turn into clickable links, and how to show the others."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it.common.normalize_url import normalizeLinkText

_SAFE_SCHEME = re.compile(r"(?:https?|mailto):", re.IGNORECASE)
# Whitespace and control characters: browsers silently drop some of them ("java\tscript:"),
# so a URL holding any is refused rather than guessed at.
_UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f]")


def is_safe_external_url(url: str) -> bool:
    """Whether ``url`` is an absolute http, https or mailto URL that may be opened in a browser.

    Everything else is refused: ``javascript:``, ``data:``, ``file:``, ``vbscript:``, any other
    scheme, relative and protocol-relative (``//host``) URLs, and URLs holding whitespace or
    control characters.
    """
    if not _SAFE_SCHEME.match(url) or _UNSAFE_CHARACTER.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    if parts.scheme.lower() == "mailto":
        return bool(parts.path)
    return url[len(parts.scheme) + 1 :].startswith("//") and bool(parts.hostname)


def readable_url(href: str) -> str:
    """``href`` as the participant typed it (markdown-it percent-encodes link targets)."""
    return normalizeLinkText(href)
