"""markdown-it renderer that never writes raw HTML, images or unchecked attributes."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.common.utils import escapeHtml, unescapeAll
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from charter_app.i18n import _
from charter_app.rendering.links import inline_text, target_text
from charter_app.rendering.source_map import LINE_ATTRIBUTE

IMAGE_CLASS = "image-placeholder"
"""Class of the ``<span>`` standing for an image, which the preview never loads."""


class SafeHtmlRenderer(RendererHTML):
    """Renders raw HTML as text and images as a text placeholder; the rest as markdown-it does."""

    def html_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        # The parser runs with html=False, so these only appear if a plugin creates them.
        return "<p>" + escapeHtml(tokens[idx].content) + "</p>\n"

    def html_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return escapeHtml(tokens[idx].content)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        alt = inline_text(token.children or [])
        label = _("image: {alt}").format(alt=alt) if alt else _("image")
        text = f"[{label}]"
        target = target_text(str(token.attrGet("src") or ""), str(token.attrGet("title") or ""))
        if target:
            text += f" ({target})"
        return f'<span class="{IMAGE_CLASS}">{escapeHtml(text)}</span>'

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        # Unlike markdown-it, put the source line on <pre>, the block element; keep the language
        # class on <code>.
        token = tokens[idx]
        line = token.attrGet(LINE_ATTRIBUTE)
        line_attribute = f' {LINE_ATTRIBUTE}="{escapeHtml(str(line))}"' if line is not None else ""
        info = unescapeAll(token.info).strip()
        language = info.split(maxsplit=1)[0] if info else ""
        class_attribute = (
            f' class="{escapeHtml(options.langPrefix + language)}"' if language else ""
        )
        # Words after the language would vanish; keep them where a reader can find them.
        title_attribute = f' title="{escapeHtml(info)}"' if info != language else ""
        return (
            f"<pre{line_attribute}{title_attribute}><code{class_attribute}>"
            + escapeHtml(token.content)
            + "</code></pre>\n"
        )
