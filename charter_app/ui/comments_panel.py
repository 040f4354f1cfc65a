"""Comments anchored to the text: comment a selection, read and answer threads, take positions.

A feature (``ui/features.py``). It adds the Comments menu and a dock listing the threads of the
selected principle (filters, reply, edit, retract, resolve, hide, positions), marks commented
passages in the editor (``passage_highlight``), and shows counts in the principle list. Every
action builds an event with ``charter_app.core.comments`` / ``core.supports`` and commits it at
once with ``CharterRepository.record`` (tagged with the running workshop), as the CLI does.

Unsaved edits: a comment is recorded at once (a commit), so it is anchored in the *saved*
text. When the selected words read the same in the saved text (the diff maps them there), the
selection is mapped onto it and the comment is recorded without saving; when they are new,
unsaved words, the person is asked to save first (``window.confirm_no_unsaved``).

The dialogs are in ``comment_dialogs``, the dock in ``comments_dock``; what the dock shows
and the moves between comments in ``comment_browsing``; the recording actions in
``comment_recording``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence

from charter_app.core.supports import POSITION_LABELS, Position
from charter_app.i18n import _
from charter_app.ui.comment_browsing import CommentBrowsing
from charter_app.ui.comment_dialogs import CommentDialog, CommentPrompts
from charter_app.ui.comment_models import (
    CommentData,
    ThreadEntry,
    anchor_entries,
    load_comment_data,
    repository_text_at,
)
from charter_app.ui.comment_recording import CommentRecording
from charter_app.ui.comments_dock import CommentsPanel
from charter_app.ui.passage_highlight import PassageHighlighter
from charter_app.ui.workers import Worker
from charter_app.ui.workspaces import WRITE

# Ctrl+Alt+M (a word processor's "new comment") is taken by the CriticMarkup export and
# Ctrl+Shift+M by the workshop minutes; tests check that no other action shares these keys.
COMMENT_KEYS = ("Ctrl+Shift+C",)
NEXT_KEY, PREVIOUS_KEY, PANEL_KEY = "F8", "Shift+F8", "Ctrl+Shift+O"
ANCHOR_DELAY_MS = 300
"""Pause after typing before the passages are placed again in the edited text."""

__all__ = ["CommentDialog", "CommentPrompts", "CommentsFeature", "CommentsPanel"]


class CommentsFeature(CommentBrowsing, CommentRecording):
    """Comments menu, comments dock, passage marks in the editor, counts in the list."""

    MENU = "comments"

    def __init__(self, window) -> None:
        self.window = window
        self.prompts = CommentPrompts(window)
        self.data: CommentData | None = None
        self.entries: list[ThreadEntry] = []
        """Threads of the selected principle placed in its current text (unfiltered)."""
        self._texts: dict[tuple[str, str], str | None] = {}
        self._anchored_for: tuple[str, str] | None = None
        self._following_cursor = False
        self.panel = CommentsPanel(window)
        window.workspaces.register(self.panel, WRITE, Qt.DockWidgetArea.RightDockWidgetArea)
        self.highlighter = PassageHighlighter(
            window.principle_editor.body_edit, self.describe, window.principle_editor.body_edit
        )
        self.loader = Worker(window, coalesce=True)
        self.loader.done.connect(self._data_loaded)
        self.loader.failed.connect(self._failed)
        self.anchorer = Worker(window, coalesce=True)
        self.anchorer.done.connect(self._anchored)
        self.anchorer.failed.connect(self._failed)
        self.anchor_timer = QTimer(window, singleShot=True, interval=ANCHOR_DELAY_MS)
        self.anchor_timer.timeout.connect(self._place_passages)
        self._build_actions()
        self._connect()
        self.retranslate()
        self._update_actions()

    # -- construction ----------

    def _action(self, keys, slot) -> QAction:
        action = QAction(self.window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.menu = self.window.feature_menu(self.MENU)
        self.comment_action = self._action(COMMENT_KEYS, self.comment_selection)
        self.next_action = self._action((NEXT_KEY,), lambda: self.go_to_comment(+1))
        self.previous_action = self._action((PREVIOUS_KEY,), lambda: self.go_to_comment(-1))
        self.panel_action = self._action((PANEL_KEY,), self.focus_panel)
        self.reply_action = QAction(self.window)
        self.edit_action = QAction(self.window)
        self.retract_action = QAction(self.window)
        self.resolve_action = QAction(self.window)
        self.hide_action = QAction(self.window)
        self.position_actions = {position: QAction(self.window) for position in Position}
        for action in (self.comment_action, self.next_action, self.previous_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.panel_action)
        panel = self.panel
        pairs = (
            (self.reply_action, panel.reply_button, self.reply),
            (self.edit_action, panel.edit_button, self.edit_own),
            (self.retract_action, panel.retract_button, self.retract_own),
            (self.resolve_action, panel.resolve_button, self.toggle_resolved),
            (self.hide_action, panel.hide_button, self.toggle_hidden),
        )
        for action, button, slot in pairs:
            action.triggered.connect(lambda _checked=False, act=slot: act())
            button.clicked.connect(action.trigger)
            panel.tree.addAction(action)
        for position, action in self.position_actions.items():
            action.triggered.connect(lambda _c=False, p=position: self.take_position(p))
            panel.support_buttons[position].clicked.connect(action.trigger)
            panel.tree.addAction(action)

    def _connect(self) -> None:
        events = self.window.events
        events.opened.connect(self._opened)
        events.closed.connect(self._closed)
        events.selected.connect(self._selected)
        events.saved.connect(lambda _sha: self.reload())
        events.retranslate.connect(self.retranslate)
        panel = self.panel
        for combo in (panel.status_combo, panel.author_combo, panel.role_combo):
            combo.activated.connect(lambda _row: self._show_entries())
        panel.tree.selectionModel().currentChanged.connect(lambda *_a: self._current_changed())
        panel.tree.activated.connect(lambda index: self._go_to_entry(self.panel.model.entry(index)))
        self.window.who_combo.currentIndexChanged.connect(lambda _row: self._show_entries())
        body = self.window.principle_editor.body_edit
        body.cursorPositionChanged.connect(self._editor_cursor_moved)

    def retranslate(self) -> None:
        self.menu.setTitle(_("Co&mments"))
        texts = {
            self.comment_action: _("&Comment on the selection…"),
            self.next_action: _("&Next comment"),
            self.previous_action: _("&Previous comment"),
            self.panel_action: _("Go to the comments &panel"),
            self.reply_action: _("Reply…"),
            self.edit_action: _("Edit my comment…"),
            self.retract_action: _("Retract my comment"),
            self.hide_action: _("Hide or show the comment…"),
        }
        for action, text in texts.items():
            action.setText(text)
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '')} ({keys})" if keys else "")
        for position, action in self.position_actions.items():
            action.setText(_("Position: {position}").format(position=_(POSITION_LABELS[position])))
        self.panel.retranslate()
        self.highlighter.retranslate()
        self._update_actions()
        self._show_entries()

    # -- following the window ----------

    def _opened(self, document) -> None:
        document.changed.connect(self._document_changed)
        self._texts = {}
        self.reload()

    def _document_changed(self, _change) -> None:
        # Typing: place the passages again after a pause. A write (here or elsewhere) reloads
        # the comments through ``events.saved``.
        self.anchor_timer.start()

    def _closed(self) -> None:
        self.loader.cancel()
        self.anchorer.cancel()
        self.anchor_timer.stop()
        self.data, self.entries, self._anchored_for = None, [], None
        self.highlighter.clear()
        self.window.model.set_counts({})
        self._show_entries()

    def _selected(self, _principle_id) -> None:
        self.entries, self._anchored_for = [], None
        self.highlighter.clear()
        self._show_entries()
        self._place_passages()

    @property
    def busy(self) -> bool:
        return self.loader.busy or self.anchorer.busy or self.anchor_timer.isActive()

    def reload(self) -> None:
        """Read the comments again (after opening, saving, recording), off the UI thread."""
        document = self.window.document
        if document is None:
            return
        path, participants = document.path, document.saved_charter.participants
        self.panel.busy_label.setText(_("Reading the comments…"))
        self.loader.submit(lambda: load_comment_data(path, participants))

    def _data_loaded(self, data: CommentData) -> None:
        self.data = data
        self.panel.busy_label.setText("")
        self.window.model.set_counts(data.counts)
        self._fit_counts_column()
        self._anchored_for = None
        self._place_passages()

    def _failed(self, error: object) -> None:
        self.panel.busy_label.setText(_("The comments could not be read."))
        if isinstance(error, BaseException):
            self.window.context.interaction.show_error(self.window, error)

    def _fit_counts_column(self) -> None:
        from charter_app.ui.principle_model import COLUMNS, counts_text

        metrics = self.window.table.fontMetrics()
        width = max(
            metrics.horizontalAdvance(counts_text(888, 88)),
            metrics.horizontalAdvance(
                self.window.model.headerData(COLUMNS.index("counts"), Qt.Orientation.Horizontal)
            ),
        )
        self.window.table.setColumnWidth(COLUMNS.index("counts"), width + 20)

    # -- placing passages in the current text (off the UI thread) ----------

    def _place_passages(self) -> None:
        self.anchor_timer.stop()
        window, data = self.window, self.data
        principle_id = window.selected_principle_id
        if window.document is None or data is None or principle_id is None:
            return
        charter = window.document.charter
        principle = charter.principle(principle_id)
        if principle is None:
            return
        key = (principle_id, principle.body)
        if key == self._anchored_for:
            return
        threads = [t for t in data.board.threads_on(principle_id) if t.about == "principle"]
        path, known = window.document.path, dict(self._texts)

        def job():
            text_at, fetched, close = repository_text_at(path, known)
            try:
                return key, anchor_entries(threads, charter, text_at), fetched
            finally:
                close()

        self.anchorer.submit(job)

    def _anchored(self, result) -> None:
        key, entries, fetched = result
        self._texts.update(fetched)
        body = self.window.principle_editor.body_edit
        principle_id = self.window.selected_principle_id
        if key[0] != principle_id or body.text() != key[1]:
            self.anchor_timer.start()  # typed since: place them again in the newer text
            return
        self._anchored_for = key
        self.entries = entries
        self.highlighter.show_entries(entries, key[1])
        self._show_entries()
