"""The live preview: safe HTML from the renderer, in a browser that never loads anything."""

from __future__ import annotations

import re
from collections import OrderedDict

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from charter_app.i18n import _
from charter_app.ui.workers import Worker

DEBOUNCE_MS = 150
SYNC_RENDER_LIMIT = 20_000
"""Texts shorter than this render at once when switching principle (a few ms); longer ones never
block: they render in the worker."""

_BLOCK_WITH_LINE = re.compile(
    r'<(p|h[1-6]|li|pre|blockquote|td|th)\b([^>]*?)data-line="(\d+)"([^>]*)>'
)


def anchored_html(html: str) -> str:
    """Add ``<a name="line-N">`` inside each block that knows its source line.

    QTextDocument drops unknown attributes such as ``data-line``; named anchors survive, so
    :meth:`QTextBrowser.scrollToAnchor` can follow the editor.
    """
    return _BLOCK_WITH_LINE.sub(
        lambda m: f'<{m[1]}{m[2]}data-line="{m[3]}"{m[4]}><a name="line-{m[3]}"></a>', html
    )


def _render(text: str):
    # Imported here: markdown-it is only needed once a principle is shown (faster start-up).
    from charter_app.rendering import render

    rendered = render(text)
    return text, rendered, anchored_html(rendered.html)


class SafeTextBrowser(QTextBrowser):
    """A QTextBrowser that loads no resource at all (no file, no URL, no image).

    Every request is recorded in :attr:`resource_requests` so tests can prove nothing loaded.
    A link is opened by :meth:`open_link` only: a web or e-mail address, in the person's own
    browser, after they said yes.
    """

    link_refused = Signal(str)
    """A link that is not a web or e-mail address (never opened)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.confirm_link = self._confirm_link
        self.resource_requests: list[tuple[int, str]] = []
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.document().setMetaInformation(QTextDocument.DocumentUrl, "")

    def loadResource(self, resource_type: int, url: QUrl | str) -> object:
        self.resource_requests.append((int(resource_type), QUrl(url).toString()))
        return None

    def setSource(self, url, resource_type=None) -> None:  # never navigate anywhere
        self.resource_requests.append((-1, QUrl(url).toString()))

    # -- links ----------

    def _confirm_link(self, url: str) -> bool:
        from charter_app.ui.interaction import Interaction

        return Interaction().confirm_link(self, url)

    def open_link(self, url: QUrl) -> None:
        from charter_app.rendering import is_safe_external_url

        text = url.toString()
        if not is_safe_external_url(text):
            self.link_refused.emit(text)
            return
        if self.confirm_link(text):
            QDesktopServices.openUrl(QUrl(text))


class PreviewPane(SafeTextBrowser):
    """Renders Markdown off the UI thread, debounced, newest text wins; follows the editor."""

    rendered = Signal(object)
    """Emitted with the :class:`~charter_app.rendering.Rendered` now shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = Worker(self, coalesce=True)
        self._worker.done.connect(self._show_result)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_render)
        self._pending_text: str | None = None
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self.current_text: str | None = None
        self.current = None
        self._follow_line = 0
        self.anchorClicked.connect(self.open_link)

    @property
    def busy(self) -> bool:
        return self._timer.isActive() or self._worker.busy

    def show_text_now(self, text: str) -> None:
        """Show ``text`` as soon as possible: at once when short or cached, else in the worker."""
        self._timer.stop()
        self._worker.cancel()
        if text in self._cache or len(text) <= SYNC_RENDER_LIMIT:
            self._show_result(self._cached_render(text))
        else:
            self._pending_text = text
            self._start_render()

    def request(self, text: str) -> None:
        """The text changed while typing: render it after a short pause."""
        self._pending_text = text
        self._timer.start()

    def clear_preview(self) -> None:
        self._timer.stop()
        self._worker.cancel()
        self.current_text = None
        self.current = None
        self.clear()

    def _cached_render(self, text: str):
        result = self._cache.get(text)
        if result is None:
            result = _render(text)
            self._remember(result)
        return result

    def _remember(self, result) -> None:
        self._cache[result[0]] = result
        self._cache.move_to_end(result[0])
        while len(self._cache) > 64:
            self._cache.popitem(last=False)

    def _start_render(self) -> None:
        text, self._pending_text = self._pending_text, None
        if text is None:
            return
        if text in self._cache:
            self._show_result(self._cache[text])
            return
        self._worker.submit(lambda: _render(text))

    def _show_result(self, result) -> None:
        text, rendered, html = result
        self._remember(result)
        if text == self.current_text:
            return
        bar = self.verticalScrollBar()
        position = bar.value()
        self.current_text, self.current = text, rendered
        if rendered.degraded:
            html = (
                "<p><b>"
                + _("This text is shown as plain text: it is too complex to preview.")
                + "</b></p>"
                + html
            )
        self.setHtml(html)
        bar.setValue(position)
        self.rendered.emit(rendered)

    # -- following the editor ----------

    def follow_line(self, line: int) -> None:
        """Scroll so the block rendered from source ``line`` (0-based) is at the top."""
        if self.current is None:
            return
        from charter_app.rendering import block_at_line

        block = block_at_line(self.current.source_map, line)
        if block is None:
            self.verticalScrollBar().setValue(0)
            return
        self._follow_line = block.start_line
        self.document().documentLayout().documentSize()  # finish the lazy layout first
        self.scrollToAnchor(f"line-{block.start_line}")
