"""A standalone HTML page for a rendered Markdown text: no scripts, no external resources."""

from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml

from charter_app.rendering.render import render

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
"""Nothing may be loaded or run; only the page's own ``<style>`` applies."""

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")

_STYLE = """\
body { max-width: 42em; margin: 2em auto; padding: 0 1em; font-family: sans-serif;
       line-height: 1.5; }
table { border-collapse: collapse; }
th, td { border: 1px solid; padding: 0.2em 0.5em; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.image-placeholder { font-style: italic; }
"""


def render_document(title: str, markdown: str, lang: str) -> str:
    """A complete HTML page showing ``markdown``, with ``title`` (escaped) as its title.

    ``lang`` is a BCP 47 language tag such as ``"fr"`` or ``"fr-BE"``; anything else raises
    ``ValueError``. The page carries a Content-Security-Policy forbidding every resource but its
    inline style, so even a browser that ignored our escaping would load and run nothing.
    """
    if not _LANGUAGE_TAG.fullmatch(lang):
        raise ValueError(f"not a language tag: {lang!r}")
    body = render(markdown).html
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n'
        "<head>\n"
        '<meta charset="utf-8" />\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}" />\n'
        '<meta name="referrer" content="no-referrer" />\n'
        f"<title>{escapeHtml(title)}</title>\n"
        f"<style>\n{_STYLE}</style>\n"
        "</head>\n"
        "<body>\n"
        f"<main>\n{body}</main>\n"
        "</body>\n"
        "</html>\n"
    )
