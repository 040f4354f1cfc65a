"""Projector mode: the principle under discussion in large type, for the back of the room.

A full-screen window on the second screen when there is one (the facilitator keeps the normal
window on the laptop), else a full-screen window over it that F5 or Escape toggles. It follows
:class:`~charter_app.ui.workshop_mode.Discussion`: the principle selected in the main window,
its paragraphs numbered, the amendment under discussion as a word diff (insertions underlined,
deletions struck through: never colour alone), comment counts, and the show of hands, big.

Keys (a presenter remote sends Page Up / Page Down, and B or "." to blank the screen):

- Page Down, Right, Space: next principle; Page Up, Left, Backspace: previous; Down and Up
  scroll a principle too long for the screen, then move to the next or previous one;
- N or ]: next amendment on this principle; P or [: previous;
- digits then Enter: go to that paragraph (line); B or .: blank the screen (again: show it);
- Escape or F5: back to the facilitator's window.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendment_state import people_label
from charter_app.diffing import align_paragraphs, describe_changes, diff_words, render_html
from charter_app.i18n import _, ngettext
from charter_app.rendering import to_plain_paragraphs
from charter_app.ui.editor import set_accessible

INK, PAPER = "#000000", "#ffffff"
INSERTED = "#003f8a"
DELETED = "#7a0000"
LINES_PER_SCREEN = 20
"""Body text is sized so that about this many lines fill the screen's height."""
_INS = (
    f'<span style="text-decoration: underline; font-weight: 700; color: {INSERTED}; '
    'background-color: #e3eeff;">'
)
_DEL = f'<span style="text-decoration: line-through; color: {DELETED}; background-color: #fbe3e3;">'


def diff_markup(ops) -> str:
    """Qt rich text of a word diff, from :func:`charter_app.diffing.render_html`: ``<ins>`` and
    ``<del>`` become underlined and struck-through spans (Qt has no ``ins``/``del`` tags)."""
    html = render_html(ops)
    html = html.replace("<ins>", _INS).replace("</ins>", "</span>")
    html = html.replace("<del>", _DEL).replace("</del>", "</span>")
    return html.replace("\n", "<br/>")


def pixel_size_for(height: int) -> int:
    """Body text size for a screen ``height`` pixels tall: 20 lines a screen, 18 px at least."""
    return max(18, round(height / LINES_PER_SCREEN / 1.35))


SMALLEST_FIT = 0.7
"""A long principle's text shrinks to fit the screen, down to this share of the body size (28 px
on a 1080-line projector, still readable from the back of a room); beyond that it scrolls."""


def fitted_size(largest: int, smallest: int, fits) -> int:
    """The largest size in ``smallest..largest`` for which ``fits(size)``, else ``smallest``
    (``fits`` is monotonic: a smaller text never takes more room)."""
    if fits(largest):
        return largest
    low, high = smallest, largest - 1
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


class ProjectorWindow(QWidget):
    """What the room sees. Never edits anything: it only shows the discussion."""

    def __init__(self, discussion, feature=None) -> None:
        super().__init__(None, Qt.Window)
        self.discussion = discussion
        self.feature = feature
        self.shown_on = None
        self.separate = False
        self.blank = False
        self.line: int | None = None
        self._typed = ""
        self.body_size = pixel_size_for(1080)
        self.text_size = self.body_size
        """The principle text's size: the body size, or smaller so a long principle fits."""
        self._rows: list[tuple[str, str]] = []
        self.setObjectName("projector")
        self.setAutoFillBackground(True)
        palette = self.palette()
        for role in (QPalette.Window, QPalette.Base):
            palette.setColor(role, PAPER)
        for role in (QPalette.WindowText, QPalette.Text):
            palette.setColor(role, INK)
        self.setPalette(palette)

        self.heading = QLabel()
        self.heading.setObjectName("projectorHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.RichText)
        self.text = QTextBrowser()
        self.text.setObjectName("projectorText")
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.NoFrame)
        self.text.setFocusPolicy(Qt.NoFocus)
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.amendment_label = QLabel()
        self.amendment_label.setObjectName("projectorAmendment")
        self.amendment_label.setWordWrap(True)
        self.amendment_label.setTextFormat(Qt.RichText)
        self.amendment_label.hide()
        self.footer = QLabel()
        self.footer.setObjectName("projectorFooter")
        self.footer.setWordWrap(True)
        self.tally = QLabel()
        self.tally.setObjectName("projectorTally")
        self.tally.setWordWrap(True)
        self.tally.setAlignment(Qt.AlignCenter)
        self.more_label = QLabel()
        self.more_label.setObjectName("projectorFooter")
        self.more_label.setAlignment(Qt.AlignRight)
        self.more_label.hide()
        self.typed_label = QLabel()
        self.typed_label.setObjectName("projectorTyped")
        self.typed_label.hide()
        self.companion_qr = QLabel()
        self.companion_text = QLabel()
        self.companion_text.setObjectName("projectorFooter")
        self.companion_text.setWordWrap(True)
        self.companion_strip = QWidget()
        strip = QHBoxLayout(self.companion_strip)
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.companion_qr)
        strip.addWidget(self.companion_text, 1)
        self.companion_strip.hide()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.heading)
        layout.addWidget(self.amendment_label)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.more_label)
        layout.addWidget(self.tally)
        layout.addWidget(self.footer)
        layout.addWidget(self.typed_label)
        layout.addWidget(self.companion_strip)
        self.blank_page = QWidget()
        self.blank_page.setObjectName("projectorBlank")
        self.stack = QStackedWidget()
        self.stack.addWidget(page)
        self.stack.addWidget(self.blank_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self._typed_timer = QTimer(self, singleShot=True, interval=4000)
        self._typed_timer.timeout.connect(self._forget_typed)
        discussion.changed.connect(self.render)
        self.retranslate()
        self._apply_size()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Projector — Charter Studio"))
        set_accessible(
            self,
            _("Projector"),
            _("The principle under discussion in large type. Page Down: next principle; Page "
              "Up: previous; N and P: amendments; digits then Enter: go to a line; B: blank "
              "screen; Escape: back."),
        )  # fmt: skip
        set_accessible(self.text, _("Principle text"), _("Numbered paragraphs of the principle."))
        self.more_label.setText(_("▼ More below: arrow Down"))
        self.render()

    # -- placing ----------

    def present(self, screen, separate: bool) -> None:
        """Full screen on ``screen`` (``separate``: not the facilitator's screen)."""
        self.shown_on = screen
        self.separate = separate
        if self.isVisible() and self.windowHandle() is not None:
            self.windowHandle().setScreen(screen)
        elif self.windowHandle() is None:
            self.create()
            self.windowHandle().setScreen(screen)
        else:
            self.windowHandle().setScreen(screen)
        self.setGeometry(screen.geometry())
        self._apply_size(screen.geometry().height())
        self.render()
        self.showFullScreen()
        if not separate:
            self.raise_()
            self.activateWindow()

    def _apply_size(self, height: int | None = None) -> None:
        if height is not None:
            self.body_size = self.text_size = pixel_size_for(height)
        size = self.body_size
        family = "DejaVu Sans"
        self.setStyleSheet(
            f"QWidget#projector, QWidget#projectorBlank {{ background: {PAPER}; }}"
            f"QLabel, QTextBrowser {{ color: {INK}; background: {PAPER}; "
            f'font-family: "{family}"; }}'
            f"QLabel#projectorHeading {{ font-size: {round(size * 1.35)}px; font-weight: 700; "
            f"border-bottom: {max(2, size // 10)}px solid {INK}; padding-bottom: {size // 4}px; }}"
            f"QTextBrowser#projectorText {{ font-size: {self.text_size}px; }}"
            f"QLabel#projectorTally {{ font-size: {round(size * 1.3)}px; font-weight: 700; "
            f"border: {max(2, size // 10)}px solid {INK}; padding: {size // 4}px; }}"
            # Read from the back of the hall: nothing smaller than nine tenths of the text (the
            # keys the facilitator presses are not the room's business: they are in the window's
            # description and the Workshop menu).
            f"QLabel#projectorFooter, QLabel#projectorTyped {{ font-size: {round(size * 0.9)}px; }}"
            f"QLabel#projectorAmendment {{ font-size: {round(size * 0.9)}px; "
            f"background: #f2f2f2; padding: {size // 5}px; }}"
            f"QWidget#projectorBlank {{ background: #000000; }}"
        )
        margin = size // 2
        self.stack.widget(0).layout().setContentsMargins(margin, margin, margin, margin // 2)
        font = QFont(family)
        font.setPixelSize(self.text_size)
        self.text.document().setDefaultFont(font)

    def _fit_text(self) -> None:
        """Shrink the principle's text until it fits the screen (no further than
        :data:`SMALLEST_FIT` of the body size), or grow it back for a shorter one."""
        viewport = self.text.viewport()
        width, height = viewport.width(), viewport.height()
        if not self._rows or width <= 0 or height <= 0:
            return
        margin = self.text.document().documentMargin()

        def fits(size: int) -> bool:
            document = QTextDocument()
            font = QFont("DejaVu Sans")
            font.setPixelSize(size)
            document.setDefaultFont(font)
            document.setDocumentMargin(margin)
            document.setHtml(self._rows_html(self._rows, size))
            document.setTextWidth(width)
            return document.size().height() <= height

        smallest = max(18, round(self.body_size * SMALLEST_FIT))
        size = fitted_size(self.body_size, min(smallest, self.body_size), fits)
        if size != self.text_size:
            self.text_size = size
            self._apply_size()
            self.text.setHtml(self._rows_html(self._rows))
            if self.line is not None:
                self.text.scrollToAnchor(f"line-{self.line}")
        self._update_more()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        QTimer.singleShot(0, self, self._fit_text)

    # -- showing ----------

    def _render_companion(self) -> None:
        """While phones can join: the QR code, the short address and the session code."""
        banner = getattr(self.feature, "companion_banner", None)
        if banner is None:
            self.companion_strip.hide()
            return
        pixmap, address, code = banner
        side = max(120, self.body_size * 5)
        self.companion_qr.setPixmap(pixmap.scaled(side, side, Qt.KeepAspectRatio))
        text = _("Take part from your phone: scan the code, or go to {address} and type the "
                 "code {code}").format(address=address, code=code)  # fmt: skip
        self.companion_text.setText(text)
        set_accessible(self.companion_qr, _("QR code to join from a phone"), text)
        self.companion_strip.show()

    def render(self) -> None:
        self._render_companion()
        discussion = self.discussion
        charter = discussion.charter
        snapshot = discussion.snapshot
        principle = charter.principle(discussion.principle_id or "") if charter else None
        self.stack.setCurrentIndex(1 if self.blank else 0)
        if principle is None:
            self.heading.setText(charter.title if charter else _("Charter Studio"))
            self._rows = []
            self.text.setHtml(f"<p>{escape(_('Choose a principle in the main window.'))}</p>")
            self.amendment_label.hide()
            self.footer.setText("")
            self.tally.hide()
            return
        record = None
        if snapshot is not None and discussion.amendment_id:
            record = snapshot.ledger.get(discussion.amendment_id)
        on_principle = snapshot.amendments_on(principle.id) if snapshot else []
        title = principle.title
        old_text = "\n".join(to_plain_paragraphs(principle.body, markers=True))  # "• " kept
        if record is None:
            rows = [("equal", escape(p)) for p in old_text.split("\n") if p]
            self.amendment_label.hide()
            self.text.setAccessibleDescription(_("Numbered paragraphs of the principle."))
        else:
            new_title, body = snapshot.proposed(record)
            new_text = (
                old_text if body is None else "\n".join(to_plain_paragraphs(body, markers=True))
            )
            alignment = align_paragraphs(old_text, new_text)
            rows = [(row.kind, diff_markup(row.ops)) for row in alignment.rows]
            if new_title is not None and new_title != principle.title:
                title = diff_markup(diff_words(principle.title, new_title).ops)
            self._show_amendment(record, on_principle)
            changes = describe_changes(alignment.diff().ops)
            self.text.setAccessibleDescription(" ".join(changes) or _("No change to the text."))
        heading = _("Principle {number}. {title}").format(number=escape(principle.number),
                                                          title="{title}")  # fmt: skip
        plain_title = title if record is None else None
        self.heading.setText(heading.format(title=escape(plain_title) if plain_title else title))
        set_accessible(
            self.heading,
            _("Principle {number}. {title}").format(number=principle.number, title=principle.title),
            "",
        )
        self._rows = rows
        self.text.setHtml(self._rows_html(rows))
        if self.line is not None:
            self.text.scrollToAnchor(f"line-{self.line}")
        QTimer.singleShot(0, self, self._fit_text)
        comments = snapshot.comment_count(principle.id) if snapshot else 0
        self.footer.setText(
            " · ".join(
                (
                    ngettext("{count} comment", "{count} comments", comments).format(
                        count=comments
                    ),
                    ngettext(
                        "{count} amendment under discussion",
                        "{count} amendments under discussion",
                        len(on_principle),
                    ).format(count=len(on_principle)),
                )
            )
        )
        tally = snapshot.tally_of(record.id) if snapshot and record else None
        if tally is None:
            self.tally.hide()
        else:
            self.tally.setText(
                _("Show of hands on {number}: {for_} for · {against} against · {abstain} "
                  "abstain").format(number=tally.label, for_=tally.votes_for,
                                    against=tally.against, abstain=tally.abstain)
            )  # fmt: skip
            set_accessible(self.tally, self.tally.text(), "")
            self.tally.show()

    def _update_more(self) -> None:
        """Say "more below" when a long principle does not fit (arrow Down scrolls)."""
        bar = self.text.verticalScrollBar()
        more = bar.value() < bar.maximum()
        self.more_label.setVisible(more and not self.blank)

    def _rows_html(self, rows: list[tuple[str, str]], size: int | None = None) -> str:
        """One table row per paragraph: its number (old text's numbering; "+" for a paragraph
        an amendment adds) and the paragraph, with the diff marks when there are some."""
        gap = (size or self.text_size) // 3
        number = 0
        cells = []
        for kind, html in rows:
            if kind == "inserted":
                shown, anchor = "+", ""
            else:
                number += 1
                shown, anchor = str(number), f'<a name="line-{number}"></a>'
            mark = ' style="background-color: #fff3b0;"' if number == self.line and (
                kind != "inserted"
            ) else ""  # fmt: skip
            cells.append(
                f'<tr{mark}><td style="color: #333333; padding-right: {gap}px;" align="right">'
                f'{anchor}{shown}</td><td style="padding-bottom: {gap}px;">{html}</td></tr>'
            )
        return f'<table cellspacing="0" cellpadding="0" width="100%">{"".join(cells)}</table>'

    def _show_amendment(self, record, on_principle) -> None:
        position = [r.id for r in on_principle]
        where = (
            _("({index} of {count})").format(
                index=position.index(record.id) + 1, count=len(position)
            )
            if record.id in position
            else ""
        )
        legend = _("{inserted} added · {deleted} removed").format(
            inserted=f"{_INS}{escape(_('underlined'))}</span>",
            deleted=f"{_DEL}{escape(_('struck through'))}</span>",
        )
        heading = escape(_("Amendment {number}").format(number=people_label(record)))
        rationale = " ".join(record.amendment.rationale.split())
        if len(rationale) > 160:
            rationale = rationale[:159] + "…"
        why = escape(_("Why: {rationale}").format(rationale=rationale))
        self.amendment_label.setText(
            f"<b>{heading}</b> {escape(where)} — {legend}<br/><i>{why}</i>"
        )
        set_accessible(
            self.amendment_label,
            _("Amendment {number}").format(number=people_label(record)),
            _("Why: {rationale}").format(rationale=rationale),
        )
        self.amendment_label.show()

    # -- keys ----------

    def go_to_line(self, number: int) -> None:
        self.line = number
        self.render()

    def toggle_blank(self) -> None:
        self.blank = not self.blank
        self.render()

    def _forget_typed(self) -> None:
        self._typed = ""
        self.typed_label.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, text = event.key(), event.text()
        discussion = self.discussion
        if text.isdigit():
            self._typed += text
            self.typed_label.setText(_("Go to line {number}…").format(number=self._typed))
            self.typed_label.show()
            self._typed_timer.start()
            return
        if key in (Qt.Key_Return, Qt.Key_Enter) and self._typed:
            number = int(self._typed)
            self._forget_typed()
            self.go_to_line(number)
            return
        bar = self.text.verticalScrollBar()
        if key == Qt.Key_Down and bar.value() < bar.maximum():
            bar.setValue(bar.value() + bar.pageStep() * 2 // 3)  # the rest of a long principle
            self._update_more()
            return
        if key == Qt.Key_Up and bar.value() > bar.minimum():
            bar.setValue(bar.value() - bar.pageStep() * 2 // 3)
            self._update_more()
            return
        if key in (Qt.Key_PageDown, Qt.Key_Right, Qt.Key_Down, Qt.Key_Space):
            self.line = None
            discussion.step_principle(1)
        elif key in (Qt.Key_PageUp, Qt.Key_Left, Qt.Key_Up, Qt.Key_Backspace):
            self.line = None
            discussion.step_principle(-1)
        elif key in (Qt.Key_N, Qt.Key_BracketRight):
            discussion.step_amendment(1)
        elif key in (Qt.Key_P, Qt.Key_BracketLeft):
            discussion.step_amendment(-1)
        elif key in (Qt.Key_B, Qt.Key_Period):
            self.toggle_blank()
        elif key in (Qt.Key_Escape, Qt.Key_F5):
            if self._typed:
                self._forget_typed()
            elif self.feature is not None:
                self.feature.stop_projector()
            else:
                self.hide()
        else:
            super().keyPressEvent(event)
