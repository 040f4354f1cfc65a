"""Core rule: keep links to safe external URLs, turn every other link into visible text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from charter_app.rendering.urls import is_safe_external_url, readable_url

LINK_REL = "noopener noreferrer nofollow"


@dataclass(frozen=True)
class _OpenLink:
    """A link whose closing token is still ahead."""

    safe: bool
    """Whether the ``<a>`` tag is kept."""
    href: str
    """The target, as markdown-it normalised it."""
    title: str
    """The optional title, shown as text when the link is refused."""
    automatic: bool
    """An autolink (``<http://...>``): its text is already the URL."""
    content_start: int
    """Index in the rewritten children where the link's text begins."""


def neutralise_links(state: StateCore) -> None:
    """Rewrite the links of every inline token (a markdown-it core rule)."""
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _rewrite(token.children)


def _rewrite_images(children: list[Token]) -> None:
    # An image's alt text is Markdown too, and may hold links.
    for token in children:
        if token.type == "image" and token.children:
            token.children = _rewrite(token.children)


def target_text(href: str, title: str) -> str:
    """``href`` and ``title`` as readable text, e.g. ``javascript:x "title"``."""
    url = readable_url(href)
    return f'{url} "{title}"' if title else url


def _rewrite(children: list[Token]) -> list[Token]:
    rewritten: list[Token] = []
    open_links: list[_OpenLink] = []
    for token in children:
        if token.type == "link_open":
            href = str(token.attrGet("href") or "")
            safe = is_safe_external_url(href)
            if safe:
                token.attrSet("rel", LINK_REL)
                rewritten.append(token)
            open_links.append(
                _OpenLink(
                    safe=safe,
                    href=href,
                    title=str(token.attrGet("title") or ""),
                    automatic=token.info == "auto",
                    content_start=len(rewritten),
                )
            )
        elif token.type == "link_close" and open_links:
            rewritten.extend(_close(open_links.pop(), token, len(rewritten)))
        else:
            rewritten.append(token)
    _rewrite_images(rewritten)
    return rewritten


def _close(link: _OpenLink, close: Token, content_end: int) -> list[Token]:
    if link.safe:
        if content_end == link.content_start:  # "[](https://...)": show where it leads
            return [_text(readable_url(link.href), close.level + 1), close]
        return [close]
    if link.automatic or not (link.href or link.title):
        return []
    return [_text(f" ({target_text(link.href, link.title)})", close.level)]


def inline_text(children: Sequence[Token]) -> str:
    """The text of rewritten inline tokens, safe link targets in parentheses (image alt text)."""
    parts: list[str] = []
    targets: list[str] = []
    for token in children:
        if token.type in ("text", "code_inline", "html_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(inline_text(token.children or []))
        elif token.type == "link_open":
            targets.append(readable_url(str(token.attrGet("href") or "")))
        elif token.type == "link_close" and targets:
            target = targets.pop()
            if target not in parts[-1:]:
                parts.append(f" ({target})")
    return "".join(parts)


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0, content=content)
    token.level = level
    return token
