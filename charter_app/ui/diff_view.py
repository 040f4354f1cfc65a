"""A side-by-side diff people can read: aligned paragraphs, marks that never rely on colour.

:class:`DiffView` shows two texts paragraph by paragraph (``charter_app.diffing.align_paragraphs``)
in two synchronised columns, or in one column. Insertions are underlined and deletions struck
through as well as coloured; a plain-text list of the changes (``describe_changes``) sits under
the columns for screen readers. Long texts are compared off the UI thread. Reused by the
amendments panel, the "Compare versions" dialog and any feature that compares two texts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_app.diffing import (
    DEFAULT_BUDGET_S,
    AlignedRow,
    Alignment,
    DiffOptions,
    align_paragraphs,
    describe_changes,
)
from charter_app.i18n import _, ngettext
from charter_app.ui.diff_document import (
    PARAGRAPH_GAP,
    ChangeStop,
    change_stops,
    fill_document,
    shown_rows,
    style,
)
from charter_app.ui.editor import set_accessible
from charter_app.ui.flow import flow
from charter_app.ui.workers import Worker

LONG_TEXT_CHARS = 20_000
"""Texts longer than this (both together) are compared off the UI thread."""


class _Column(QTextBrowser):
    """A read-only column a keyboard user can move a cursor through."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard | Qt.LinksAccessibleByKeyboard
        )


class DiffView(QWidget):
    """Two texts compared: side by side (synchronised) or in one column, with a text equivalent.

    Public API: :meth:`set_texts`; :attr:`shown` is emitted once the comparison is on screen.
    """

    shown = Signal()
    """The comparison asked for last is on screen (computed here or off the UI thread)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffView")
        self.options = DiffOptions()
        self.budget_s: float | None = DEFAULT_BUDGET_S
        """Seconds a comparison may take before changed paragraphs are shown replaced whole."""
        self.alignment: Alignment | None = None
        self.rows: list[AlignedRow] = []
        self.stops: list[ChangeStop] = []
        self.current_stop = -1
        self._texts: tuple[str, str] = ("", "")
        self._labels: tuple[str, str] = ("", "")
        self._message = ""
        self._computed: tuple[str, str, DiffOptions, float | None] | None = None
        """The texts and settings compared last (the same again is not compared again)."""
        self._syncing = False
        self.worker = Worker(self)
        self.worker.done.connect(self._show)
        self.worker.failed.connect(self._failed)
        self._build()
        self._connect()
        self.retranslate()

    # -- construction ----------

    def _build(self) -> None:
        self.old_legend = QLabel()
        self.new_legend = QLabel()
        for legend in (self.old_legend, self.new_legend):
            legend.setTextFormat(Qt.RichText)
            legend.setWordWrap(True)
        legends = QHBoxLayout()
        legends.addWidget(self.old_legend, 1)
        legends.addWidget(self.new_legend, 1)

        self.previous_button = QPushButton()
        self.next_button = QPushButton()
        self.position_label = QLabel()
        self.inline_box = QCheckBox()
        self.case_box = QCheckBox()
        self.typography_box = QCheckBox()
        # Navigation, then the options: on one line when the panel is wide enough.
        # Wrapped like words when the panel is narrow: no button or box is ever cut.
        tools = flow(
            self.previous_button,
            self.next_button,
            self.position_label,
            self.inline_box,
            self.case_box,
            self.typography_box,
        )

        self.notice = QLabel()
        self.notice.setObjectName("banner")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.old_column = _Column("diffOld")
        self.new_column = _Column("diffNew")
        self.inline_column = _Column("diffInline")
        self.columns = QSplitter(Qt.Horizontal)
        self.columns.addWidget(self.old_column)
        self.columns.addWidget(self.new_column)
        self.columns.setChildrenCollapsible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.columns)
        self.stack.addWidget(self.inline_column)

        self.changes_label = QLabel()
        self.changes_text = QPlainTextEdit()
        self.changes_text.setObjectName("diffChangesText")
        self.changes_text.setReadOnly(True)
        self.changes_text.setTabChangesFocus(True)
        self.changes_text.setTextInteractionFlags(
            Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard
        )
        self.changes_label.setBuddy(self.changes_text)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.changes_label)
        lower_layout.addWidget(self.changes_text, 1)
        self.split = QSplitter(Qt.Vertical)
        self.split.addWidget(self.stack)
        self.split.addWidget(lower)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setChildrenCollapsible(False)
        # The list of changes starts a few lines high: the columns are what most people read.
        lines = self.changes_text.fontMetrics().lineSpacing()
        self.changes_text.setMinimumHeight(2 * lines + 8)
        for column in (self.old_column, self.new_column, self.inline_column):
            column.setMinimumHeight(4 * lines)
        self.split.setSizes([12 * lines, 3 * lines])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(legends)
        layout.addWidget(tools)
        layout.addWidget(self.notice)
        layout.addWidget(self.split, 1)

    def _connect(self) -> None:
        self.next_button.clicked.connect(self.next_change)
        self.previous_button.clicked.connect(self.previous_change)
        self.inline_box.toggled.connect(self.set_inline)
        self.case_box.toggled.connect(self._options_changed)
        self.typography_box.toggled.connect(self._options_changed)
        for key, slot in (("F7", self.next_change), ("Shift+F7", self.previous_change)):
            shortcut = QShortcut(QKeySequence(key), self, slot)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        old_bar = self.old_column.verticalScrollBar()
        new_bar = self.new_column.verticalScrollBar()
        old_bar.valueChanged.connect(lambda _v: self._sync(self.old_column, self.new_column))
        new_bar.valueChanged.connect(lambda _v: self._sync(self.new_column, self.old_column))
        self._equalise_timer = QTimer(self, singleShot=True, interval=0)
        self._equalise_timer.timeout.connect(self._equalise)
        for column in (self.old_column, self.new_column):
            column.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self._equalise_timer.start()
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        # Short, so they fit a narrow panel at any text size; their names say "change".
        self.previous_button.setText(_("◀ &Previous"))
        self.next_button.setText(_("&Next ▶"))
        self.previous_button.setAccessibleName(_("Previous change"))
        self.next_button.setAccessibleName(_("Next change"))
        self.previous_button.setToolTip(_("Previous change"))
        self.next_button.setToolTip(_("Next change"))
        self.inline_box.setText(_("&Single column"))
        self.case_box.setText(_("Ignore &case"))
        self.typography_box.setText(_("Ignore t&ypography"))
        self.changes_label.setText(_("Changes as &text (for screen readers):"))
        for widget, name, description in (
            (
                self.previous_button,
                _("Previous change"),
                _("Go to the previous change (Shift+F7)."),
            ),
            (self.next_button, _("Next change"), _("Go to the next change (F7).")),
            (
                self.inline_box,
                _("Single column"),
                _("Show deletions and insertions in one column instead of side by side."),
            ),
            (
                self.case_box,
                _("Ignore case"),
                _("Compare capital and small letters as equal."),
            ),
            (
                self.typography_box,
                _("Ignore typography"),
                _("Compare apostrophes, quotation marks, spaces and dashes as equal."),
            ),
            (
                self.changes_text,
                _("Changes as text"),
                _("Every change in words: what was deleted and what was inserted."),
            ),
        ):
            set_accessible(widget, name, description)
        self._update_legends()
        self._update_position()
        if self.alignment is not None:
            self._fill_changes_text()
        else:
            self._name_columns()

    # -- public API ----------

    def set_texts(self, old: str, new: str, old_label: str, new_label: str) -> None:
        """Compare ``old`` (named ``old_label``) with ``new``; long texts off the UI thread."""
        asked = (old, new, self.options, self.budget_s)
        if asked == self._computed and (old_label, new_label) == self._labels and not self.busy:
            return  # shown already: the reader keeps their place in the changes
        self._texts = (old, new)
        self._labels = (old_label, new_label)
        self._message = ""
        self._update_legends()
        self._compute()

    def show_message(self, message: str, old_label: str = "", new_label: str = "") -> None:
        """No comparison (e.g. an amendment that cannot be merged): say why instead."""
        self.worker.cancel()
        self._texts = ("", "")
        self._labels = (old_label, new_label)
        self._message = message
        self._computed = None
        self._update_legends()
        self._show(Alignment(()))

    @property
    def busy(self) -> bool:
        return self.worker.busy

    @property
    def inline(self) -> bool:
        return self.stack.currentWidget() is self.inline_column

    def set_inline(self, inline: bool) -> None:
        self.inline_box.setChecked(inline)
        self.stack.setCurrentWidget(self.inline_column if inline else self.columns)
        self._update_legends()
        if 0 <= self.current_stop < len(self.stops):
            self._go_to(self.current_stop)

    def set_options(self, options: DiffOptions) -> None:
        self.case_box.setChecked(options.ignore_case)
        self.typography_box.setChecked(options.ignore_typography)
        self._options_changed()

    def changes_as_text(self) -> str:
        return self.changes_text.toPlainText()

    def primary_column(self) -> QTextBrowser:
        """The column the change cursor is shown in: the new text, or the single column."""
        return self.inline_column if self.inline else self.new_column

    # -- computing ----------

    def _options_changed(self) -> None:
        self.options = DiffOptions(self.case_box.isChecked(), self.typography_box.isChecked())
        self._compute()

    def _compute(self) -> None:
        old, new = self._texts
        options, budget = self.options, self.budget_s
        self._computed = (old, new, options, budget)
        if len(old) + len(new) > LONG_TEXT_CHARS:
            self.position_label.setText(_("Comparing…"))
            self.worker.submit(lambda: align_paragraphs(old, new, options, budget))
        else:
            self.worker.cancel()
            self._show(align_paragraphs(old, new, options, budget))

    def _failed(self, error: object) -> None:
        self.show_message(_("The comparison failed: {error}").format(error=error))

    def _show(self, alignment: Alignment) -> None:
        self.alignment = alignment
        self.rows = shown_rows(alignment)
        self.stops = change_stops(self.rows)
        self.current_stop = -1
        fill_document(self.old_column.document(), self.rows, "old")
        fill_document(self.new_column.document(), self.rows, "new")
        fill_document(self.inline_column.document(), self.rows, "inline")
        notice = self._message or alignment.notice
        self.notice.setText(f"⚠ {notice}" if notice else "")
        self.notice.setVisible(bool(notice))
        set_accessible(self.notice, _("Notice"), notice)
        self._fill_changes_text()
        self._update_position()
        self._equalise()
        for column in (self.old_column, self.new_column, self.inline_column):
            column.verticalScrollBar().setValue(0)
        self.shown.emit()

    def _fill_changes_text(self) -> None:
        lines = []
        for index, row in enumerate(self.rows):
            if row.kind != "equal":
                lines.append(
                    _("Paragraph {number}: {changes}").format(
                        number=index + 1, changes=" ".join(describe_changes(row.ops))
                    )
                )
        if self._message:
            lines.insert(0, self._message)
        elif not lines:
            lines.append(_("No difference."))
        if self.alignment is not None and self.alignment.notice:
            lines.append(self.alignment.notice)
        self.changes_text.setPlainText("\n".join(lines))
        summary = ngettext("{count} change.", "{count} changes.", len(self.stops)).format(
            count=len(self.stops)
        )
        self._name_columns(summary)

    def _name_columns(self, summary: str = "") -> None:
        """The columns' names: what each shows, never blank (before anything is compared, only
        "Before", "After", "Changes")."""
        old_label, new_label = self._labels
        if not (old_label and new_label):
            for column, name in (
                (self.old_column, _("Before")),
                (self.new_column, _("After")),
                (self.inline_column, _("Changes")),
            ):
                set_accessible(column, name, summary)
            return
        set_accessible(
            self.old_column,
            _("Before: {label}").format(label=old_label),
            _("Deleted passages are struck through. {summary}").format(summary=summary),
        )
        set_accessible(
            self.new_column,
            _("After: {label}").format(label=new_label),
            _("Inserted passages are underlined. {summary}").format(summary=summary),
        )
        set_accessible(
            self.inline_column,
            _("Changes from {old} to {new}").format(old=old_label, new=new_label),
            _("Deleted passages are struck through, inserted ones underlined. {summary}").format(
                summary=summary
            ),
        )

    # -- legends and position ----------

    def _update_legends(self) -> None:
        old_label, new_label = (html.escape(label) for label in self._labels)
        deleted = f'<span style="{style("delete")}">{html.escape(_("struck through"))}</span>'
        inserted = f'<span style="{style("insert")}">{html.escape(_("underlined"))}</span>'
        old_text = _("Before: <b>{label}</b> — deletions {marked}").format(
            label=old_label, marked=deleted
        )
        new_text = _("After: <b>{label}</b> — insertions {marked}").format(
            label=new_label, marked=inserted
        )
        self.old_legend.setText(old_text)
        self.new_legend.setText(new_text)
        self.old_legend.setAccessibleName(
            _("Before: {label}, deletions struck through").format(label=self._labels[0])
        )
        self.new_legend.setAccessibleName(
            _("After: {label}, insertions underlined").format(label=self._labels[1])
        )

    def _update_position(self) -> None:
        total = len(self.stops)
        if not total:
            text = spoken = _("No change") if self.alignment is not None else ""
        elif self.current_stop < 0:
            text = spoken = ngettext("{count} change", "{count} changes", total).format(count=total)
        else:
            # Short on screen (it must not widen the view); whole for screen readers.
            text = _("Change {index} of {count}").format(index=self.current_stop + 1, count=total)
            spoken = _("Change {index} of {count}: {description}").format(
                index=self.current_stop + 1,
                count=total,
                description=self.stops[self.current_stop].description,
            )
        self.position_label.setText(text)
        self.position_label.setAccessibleName(spoken)
        self.position_label.setToolTip(spoken)
        self.next_button.setEnabled(self.current_stop < total - 1)
        self.previous_button.setEnabled(self.current_stop > 0)

    # -- moving between changes ----------

    def next_change(self) -> None:
        if self.current_stop < len(self.stops) - 1:
            self._go_to(self.current_stop + 1)

    def previous_change(self) -> None:
        if self.current_stop > 0:
            self._go_to(self.current_stop - 1)

    def _go_to(self, index: int) -> None:
        self.current_stop = index
        stop = self.stops[index]
        placements = (
            (self.old_column, stop.old_offset, stop.old_length),
            (self.new_column, stop.new_offset, stop.new_length),
            (self.inline_column, stop.inline_offset, stop.inline_length),
        )
        for column, offset, length in placements:
            block = column.document().findBlockByNumber(stop.row)
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + offset)
            cursor.setPosition(block.position() + offset + length, QTextCursor.KeepAnchor)
            column.setTextCursor(cursor)
        self.primary_column().ensureCursorVisible()
        if self.inline:
            pass
        elif stop.new_length == 0:  # a pure deletion: show it where it is, on the old side
            self.old_column.ensureCursorVisible()
        self._update_position()

    # -- synchronised scrolling ----------

    def _sync(self, source: QTextBrowser, target: QTextBrowser) -> None:
        """Scroll ``target`` to the row (and the same fraction of it) shown at ``source``'s top."""
        if self._syncing or not self.rows:
            return
        self._syncing = True
        try:
            row, fraction = _row_at(source, source.verticalScrollBar().value())
            block = target.document().findBlockByNumber(row)
            rect = target.document().documentLayout().blockBoundingRect(block)
            target.verticalScrollBar().setValue(round(rect.top() + fraction * rect.height()))
        finally:
            self._syncing = False

    def _equalise(self) -> None:
        """Give each row the same height in both columns, so paragraphs sit side by side."""
        if not self.rows:
            return
        old_doc, new_doc = self.old_column.document(), self.new_column.document()
        heights = []
        for document in (old_doc, new_doc):
            layout = document.documentLayout()
            own = []
            block = document.begin()
            while block.isValid():
                own.append(layout.blockBoundingRect(block).height())  # margins excluded
                block = block.next()
            heights.append(own)
        for document, own, other in ((old_doc, *heights), (new_doc, *reversed(heights))):
            cursor = QTextCursor(document)
            cursor.beginEditBlock()
            block = document.begin()
            for mine, theirs in zip(own, other, strict=False):
                wanted = PARAGRAPH_GAP + max(0.0, theirs - mine)
                fmt = block.blockFormat()
                if abs(fmt.bottomMargin() - wanted) > 0.5:
                    fmt.setBottomMargin(wanted)
                    cursor.setPosition(block.position())
                    cursor.setBlockFormat(fmt)
                block = block.next()
            cursor.endEditBlock()
        self._sync(self.new_column, self.old_column)


def _row_at(column: QTextBrowser, y: int) -> tuple[int, float]:
    """The block at height ``y`` of ``column``'s document, and how far into it (0 to 1)."""
    document = column.document()
    layout = document.documentLayout()
    low, high = 0, document.blockCount() - 1
    while low < high:  # the last block whose top is at or above y
        middle = (low + high + 1) // 2
        if layout.blockBoundingRect(document.findBlockByNumber(middle)).top() <= y:
            low = middle
        else:
            high = middle - 1
    rect = layout.blockBoundingRect(document.findBlockByNumber(low))
    fraction = (y - rect.top()) / rect.height() if rect.height() > 0 else 0.0
    return low, min(max(fraction, 0.0), 1.0)
