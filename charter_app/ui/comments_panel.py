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
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import Role
from charter_app.core.supports import POSITION_LABELS, Position, fold_supports, new_support
from charter_app.core.workshops import tag_with_running_workshop
from charter_app.diffing.anchoring import TextChange, locate_quote, make_selector, reanchor
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.ui.comment_models import (
    STATE_HELP,
    STATUS_FILTERS,
    CommentData,
    ThreadEntry,
    ThreadFilter,
    ThreadTreeModel,
    Viewer,
    anchor_entries,
    by_role_text,
    comment_body,
    load_comment_data,
    passage_line,
    repository_text_at,
    role_label,
    thread_heading,
    totals_text,
)
from charter_app.ui.editor import set_accessible
from charter_app.ui.passage_highlight import PassageHighlighter, from_qt, to_qt
from charter_app.ui.workers import Worker

# Ctrl+Alt+M (a word processor's "new comment") is taken by the CriticMarkup export and
# Ctrl+Shift+M by the workshop minutes; tests check that no other action shares these keys.
COMMENT_KEYS = ("Ctrl+Shift+C",)
NEXT_KEY, PREVIOUS_KEY, PANEL_KEY = "F8", "Shift+F8", "Ctrl+Shift+O"
ANCHOR_DELAY_MS = 300
"""Pause after typing before the passages are placed again in the edited text."""


# -- dialogs ---------------------------------------------------------------------------------------


class CommentDialog(QDialog):
    """Write a comment, a reply, an edit or a reason: the text is required."""

    def __init__(self, parent, title: str, intro: str, author: str, initial: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.author = QLabel(_("Who is writing? {name}").format(name=author))
        self.author.setTextFormat(Qt.TextFormat.PlainText)
        self.text_label = QLabel(_("&Text (required)"))
        self.text_edit = QPlainTextEdit(initial)
        self.text_edit.setTabChangesFocus(True)
        self.text_label.setBuddy(self.text_edit)
        set_accessible(self.text_edit, _("Text"), f"{intro} {self.author.text()}")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Record"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("&Cancel"))
        set_accessible(self.ok_button, _("Record"), _("Record it now (a commit)."))
        set_accessible(cancel, _("Cancel"), _("Close without recording anything."))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text_edit.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.author, self.text_label, self.text_edit, self.buttons):
            layout.addWidget(widget)
        self._check()
        self.resize(520, 320)

    def _check(self) -> None:
        self.ok_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText()


class CommentPrompts:
    """The questions this feature asks; tests replace it so no modal dialog stays open."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def write(self, title: str, intro: str, author: str, initial: str = "") -> str | None:
        dialog = CommentDialog(self.parent, title, intro, author, initial)
        return dialog.text() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            title,
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


# -- the dock --------------------------------------------------------------------------------------


class CommentsPanel(QDockWidget):
    """Threads of the selected principle, filters, details and the actions on a thread."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        body = QWidget()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label, self.author_label, self.role_label = QLabel(), QLabel(), QLabel()
        self.status_combo, self.author_combo, self.role_combo = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        for label, combo in (
            (self.status_label, self.status_combo),
            (self.author_label, self.author_combo),
            (self.role_label, self.role_combo),
        ):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        # Two rows of filters, so the threads keep the height on a 768-pixel projector.
        filters = QGridLayout()
        filters.addWidget(self.status_label, 0, 0)
        filters.addWidget(self.status_combo, 0, 1, 1, 3)
        filters.addWidget(self.author_label, 1, 0)
        filters.addWidget(self.author_combo, 1, 1)
        filters.addWidget(self.role_label, 1, 2)
        filters.addWidget(self.role_combo, 1, 3)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        self.model = ThreadTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("commentThreads")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.viewport().installEventFilter(self)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(self.details.fontMetrics().height() * 6)
        self.tree.setMinimumHeight(self.tree.fontMetrics().height() * 8)
        self.reply_button, self.edit_button, self.retract_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.resolve_button, self.hide_button = QPushButton(), QPushButton()
        self.support_buttons = {position: QPushButton() for position in Position}
        rows = QGridLayout()
        for column, button in enumerate((self.reply_button, self.edit_button, self.retract_button)):
            rows.addWidget(button, 0, column)
        rows.addWidget(self.resolve_button, 1, 0)
        rows.addWidget(self.hide_button, 1, 1, 1, 2)
        for column, button in enumerate(self.support_buttons.values()):
            rows.addWidget(button, 2, column)
        self.busy_label = QLabel()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.details, 1)
        layout.addLayout(rows)
        layout.addWidget(self.busy_label)
        self.setWidget(body)
        self.retranslate()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.tree.viewport():
            # Wrapped rows change height with the width; Qt does not measure them again itself.
            QTimer.singleShot(0, self.tree.doItemsLayout)
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Comments"))
        self.status_label.setText(_("&Show:"))
        self.author_label.setText(_("&By:"))
        self.role_label.setText(_("&Role:"))
        current = self.status_combo.currentData() or "all"
        self.status_combo.clear()
        for key, label in STATUS_FILTERS:
            self.status_combo.addItem(_(label), key)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current)))
        current_role = self.role_combo.currentData() or ""
        self.role_combo.clear()
        self.role_combo.addItem(_("Any role"), "")
        for role in Role:
            self.role_combo.addItem(role_label(role.value), role.value)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(current_role)))
        self.reply_button.setText(_("Reply…"))
        self.edit_button.setText(_("Edit mine…"))
        self.retract_button.setText(_("Retract mine"))
        self.support_buttons[Position.SUPPORT].setText(_("Support"))
        self.support_buttons[Position.OPPOSE].setText(_("Oppose"))
        self.support_buttons[Position.NEUTRAL].setText(_("Neutral"))
        named = (
            (self.status_combo, _("Show threads"), _("All, open, resolved or orphaned threads.")),
            (
                self.author_combo,
                _("Threads by"),
                _("Only threads where this participant wrote the comment or a reply."),
            ),
            (
                self.role_combo,
                _("Threads by role"),
                _("Only threads where someone with this role wrote."),
            ),
            (
                self.tree,
                _("Comment threads"),
                _(
                    "Threads of the selected principle with their replies; F8 and Shift+F8 go "
                    "to the next and previous comment; the Menu key lists the actions."
                ),
            ),
            (
                self.details,
                _("Thread details"),
                _("The selected thread: passage, state and positions by role."),
            ),
            (self.reply_button, _("Reply"), _("Answer the selected comment.")),
            (self.edit_button, _("Edit my comment"), _("Change the text of your own comment.")),
            (
                self.retract_button,
                _("Retract my comment"),
                _("Withdraw your own comment: it stays listed, its text is no longer shown."),
            ),
            (
                self.resolve_button,
                _("Resolve or reopen"),
                _("Mark the thread resolved, or open it again (its author or a facilitator)."),
            ),
            (
                self.hide_button,
                _("Hide or show"),
                _("A facilitator hides a comment with a reason, or shows it again."),
            ),
        )
        for widget, name, description in named:
            set_accessible(widget, name, description)
        set_accessible(self.tree.header(), _("Threads"), _("One column: the threads."))
        for position, button in self.support_buttons.items():
            set_accessible(
                button,
                button.text(),
                _("Take this position on the selected comment: {position}.").format(
                    position=_(POSITION_LABELS[position])
                ),
            )


# -- the feature -----------------------------------------------------------------------------------


class CommentsFeature:
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
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        # A tab beside the history: threads need the column's height to be read.
        window.tabifyDockWidget(window.history, self.panel)
        self._name_dock_tabs()
        self.highlighter = PassageHighlighter(
            window.principle_editor.body_edit, self.describe, window.principle_editor.body_edit
        )
        self.loader = Worker(window)
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
            action.triggered.connect(slot)
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
        self._name_dock_tabs()
        self._update_actions()
        self._show_entries()

    def _name_dock_tabs(self) -> None:
        """Name the tab bars the main window makes for tabbed docks (ours beside the history)."""
        for bar in self.window.findChildren(QTabBar):
            if bar.parentWidget() is self.window:
                set_accessible(
                    bar,
                    _("Panels"),
                    _("Tabs of the panels sharing this place; arrow keys choose one."),
                )

    # -- following the window ----------

    def _opened(self, document) -> None:
        document.changed.connect(self._document_changed)
        self._texts = {}
        self.reload()

    def _document_changed(self, change) -> None:
        if change.meta and change.participants:
            # ``window.reload_from_disk`` after another feature committed (an amendment
            # adopted, a sync): comments and amendments may have changed too.
            self.reload()
        else:
            self.anchor_timer.start()  # typing: place the passages again after a pause

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

    # -- the dock's contents ----------

    def viewer(self) -> Viewer:
        document = self.window.document
        if document is None:
            return Viewer()
        charter = document.charter
        me = self.window.current_participant()
        return Viewer(
            {p.id: p.name for p in charter.participants},
            {p.id: p.role.value for p in charter.participants},
            bool(me) and core.is_facilitator(charter, me),
        )

    def _filter(self, viewer: Viewer) -> ThreadFilter:
        panel = self.panel
        return ThreadFilter(
            panel.status_combo.currentData() or "all",
            panel.author_combo.currentData() or "",
            panel.role_combo.currentData() or "",
            viewer.roles,
        )

    def _show_entries(self) -> None:
        panel, viewer = self.panel, self.viewer()
        self._fill_authors(viewer)
        shown = [e for e in self.entries if self._filter(viewer).accepts(e)]
        current = self.current_entry()
        panel.model.set_entries(shown, viewer, self.data.tallies if self.data else {})
        panel.tree.expandAll()
        if current is not None:
            index = panel.model.index_of_thread(current.thread.id)
            if index.isValid():
                panel.tree.setCurrentIndex(index)
        principle = self._principle()
        if principle is None:
            panel.heading.setText(_("Select a principle to read its comments."))
        else:
            panel.heading.setText(
                _("Principle {number}: {shown} of {total} threads shown").format(
                    number=principle.number, shown=len(shown), total=len(self.entries)
                )
            )
        self._current_changed()

    def _fill_authors(self, viewer: Viewer) -> None:
        combo = self.panel.author_combo
        wanted = combo.currentData() or ""
        people = sorted(
            {person for entry in self.entries for person in entry.people},
            key=lambda pid: viewer.names.get(pid, pid).casefold(),
        )
        items = [("", _("Anyone"))] + [(pid, viewer.names.get(pid, pid)) for pid in people]
        if [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())] == items:
            return
        combo.clear()
        for pid, name in items:
            combo.addItem(name, pid)
        combo.setCurrentIndex(max(0, combo.findData(wanted)))

    def _principle(self):
        document, principle_id = self.window.document, self.window.selected_principle_id
        if document is None or principle_id is None:
            return None
        return document.charter.principle(principle_id)

    def current_entry(self) -> ThreadEntry | None:
        return self.panel.model.entry(self.panel.tree.currentIndex())

    def current_comment(self) -> core.CommentView | None:
        return self.panel.model.comment(self.panel.tree.currentIndex())

    def _current_changed(self) -> None:
        entry, comment = self.current_entry(), self.current_comment()
        self.highlighter.current_thread = entry.thread.id if entry else None
        self.highlighter.refresh()
        self.panel.details.setPlainText(
            self.describe(entry, comment)
            if entry
            else _("Select a thread to read it whole, with the positions taken by role.")
        )
        self._update_actions()

    def describe(self, entry: ThreadEntry, comment: core.CommentView | None = None) -> str:
        """The thread in words: heading, passage and its state, the comments, positions."""
        viewer = self.viewer()
        tallies = self.data.tallies if self.data else {}
        comment = comment or entry.thread.root
        lines = [thread_heading(entry, viewer), passage_line(entry)]
        if entry.anchor is not None:
            lines.append(_(STATE_HELP[entry.anchor.state]))
        lines.append(
            f"{viewer.who(entry.thread.root.author)}: {comment_body(entry.thread.root, viewer)}"
        )
        for reply in entry.thread.replies:
            lines.append(f"  ↳ {viewer.who(reply.author)}: {comment_body(reply, viewer)}")
        tally = tallies.get(comment.id)
        lines.append(_("Positions — {totals}").format(totals=totals_text(tally)))
        lines.append(_("By role — {roles}").format(roles=by_role_text(tally)))
        return "\n".join(lines)

    def _update_actions(self) -> None:
        window = self.window
        document = window.document
        writable = document is not None and not document.read_only
        me = window.current_participant()
        self.comment_action.setEnabled(writable and window.selected_principle_id is not None)
        has_entries = bool(self.panel.model.rowCount())
        self.next_action.setEnabled(has_entries)
        self.previous_action.setEnabled(has_entries)
        entry, comment = self.current_entry(), self.current_comment()
        live = comment is not None and not comment.retracted
        can_write = writable and bool(me) and comment is not None
        facilitator = self.viewer().facilitator
        own = can_write and comment.author == me and live  # type: ignore[union-attr]
        self.reply_action.setEnabled(can_write and live)
        self.edit_action.setEnabled(own)
        self.retract_action.setEnabled(own)
        resolved = entry is not None and entry.thread.resolved
        self.resolve_action.setText(_("Reopen the thread") if resolved else _("Resolve the thread"))
        self.resolve_action.setEnabled(
            can_write and (facilitator or (entry is not None and entry.thread.root.author == me))
        )
        hidden = comment is not None and comment.hidden
        self.hide_action.setText(_("Show the comment again") if hidden else _("Hide the comment…"))
        self.hide_action.setEnabled(can_write and facilitator)
        for action in self.position_actions.values():
            action.setEnabled(can_write and live)
        panel = self.panel
        for action, button in (
            (self.reply_action, panel.reply_button),
            (self.edit_action, panel.edit_button),
            (self.retract_action, panel.retract_button),
            (self.resolve_action, panel.resolve_button),
            (self.hide_action, panel.hide_button),
        ):
            button.setEnabled(action.isEnabled())
        panel.resolve_button.setText(self.resolve_action.text())
        panel.hide_button.setText(self.hide_action.text())
        for position, action in self.position_actions.items():
            panel.support_buttons[position].setEnabled(action.isEnabled())

    # -- moving between comments ----------

    def focus_panel(self) -> None:
        self.panel.show()
        self.panel.raise_()
        self.panel.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.panel.tree.currentIndex().isValid() and self.panel.model.rowCount():
            self.panel.tree.setCurrentIndex(self.panel.model.index(0, 0))

    def go_to_comment(self, step: int) -> None:
        """Select the next (+1) or previous (-1) thread and put the editor on its passage."""
        model, tree = self.panel.model, self.panel.tree
        count = model.rowCount()
        if not count:
            self.window.statusBar().showMessage(_("No comments on this principle."), 4000)
            return
        current = tree.currentIndex()
        if current.isValid() and current.parent().isValid():
            current = current.parent()
        row = (current.row() + step) % count if current.isValid() else self._row_after_cursor(step)
        index = model.index(row, 0)
        tree.setCurrentIndex(index)
        tree.scrollTo(index)
        self._go_to_entry(model.entry(index), focus=False)

    def _row_after_cursor(self, step: int) -> int:
        body = self.window.principle_editor.body_edit
        position = body.textCursor().position()
        entries = self.panel.model.entries()
        text = body.text()
        starts = [
            to_qt(text, e.anchor.start) if e.anchor and e.anchor.start is not None else None
            for e in entries
        ]
        if step > 0:
            return next((r for r, s in enumerate(starts) if s is not None and s > position), 0)
        before = [r for r, s in enumerate(starts) if s is not None and s < position]
        return before[-1] if before else len(entries) - 1

    def _go_to_entry(self, entry: ThreadEntry | None, focus: bool = True) -> None:
        if entry is None:
            return
        anchor = entry.anchor
        status = f"{thread_heading(entry, self.viewer())} — {passage_line(entry)}"
        self.window.statusBar().showMessage(status, 8000)
        if anchor is None or not anchor.found or anchor.start is None or anchor.end is None:
            return
        body = self.window.principle_editor.body_edit
        text = body.text()
        cursor = body.textCursor()
        self._following_cursor = True
        try:
            cursor.setPosition(to_qt(text, anchor.start))
            cursor.setPosition(to_qt(text, anchor.end), QTextCursor.MoveMode.KeepAnchor)
            body.setTextCursor(cursor)
            body.ensureCursorVisible()
        finally:
            self._following_cursor = False
        if focus:
            body.setFocus(Qt.FocusReason.OtherFocusReason)

    def _editor_cursor_moved(self) -> None:
        """The cursor entered a commented passage: select its thread in the dock."""
        if self._following_cursor or not self.entries:
            return
        position = self.window.principle_editor.body_edit.textCursor().position()
        inside = self.highlighter.threads_at(position)
        current = self.current_entry()
        if not inside or (current is not None and current in inside):
            return
        index = self.panel.model.index_of_thread(inside[0].thread.id)
        if index.isValid():
            self.panel.tree.setCurrentIndex(index)

    # -- recording ----------

    def _author(self) -> str | None:
        author = self.window.current_participant()
        if author is None:
            self._error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Add a participant (Ctrl+Shift+P), then try again."),
                )
            )
        return author

    def _author_name(self, author: str) -> str:
        return self.viewer().names.get(author, author)

    def _error(self, error: BaseException) -> None:
        self.window.context.interaction.show_error(self.window, error)

    def _record(
        self, event: Event, author: str, message: str, trailers: list[tuple[str, str]] | None = None
    ) -> bool:
        """Commit ``event`` now, tagged with the running workshop; errors reach the person."""
        document = self.window.document
        assert document is not None
        repository = document.repository
        try:
            event = tag_with_running_workshop(event, repository.events())
            repository.record(
                [event], author, message, [*(trailers or []), ("Charter-Event", event.id)]
            )
        except CharterError as error:
            self._error(error)
            return False
        self.window.statusBar().showMessage(_("Recorded: {message}").format(message=message), 6000)
        self.reload()
        return True

    def _board(self) -> core.CommentBoard:
        """The comments as on disk now (sync may have brought new ones): like the CLI."""
        return core.fold_comments(self.window.document.repository.events())

    def _selection(self) -> tuple[str, int, int] | None:
        """("editor", start, end) in Python indexes of the editor's text, ("preview", 0, 0)
        with the quote in the preview, or None when nothing is selected."""
        window = self.window
        body, preview = window.principle_editor.body_edit, window.preview
        editor_cursor, preview_cursor = body.textCursor(), preview.textCursor()
        if preview.hasFocus() and preview_cursor.hasSelection():
            return ("preview", 0, 0)
        if editor_cursor.hasSelection():
            text = body.text()
            return (
                "editor",
                from_qt(text, editor_cursor.selectionStart()),
                from_qt(text, editor_cursor.selectionEnd()),
            )
        if preview_cursor.hasSelection():
            return ("preview", 0, 0)
        return None

    def comment_selection(self) -> None:
        """Comment on the selected words (editor or preview), or on the whole principle."""
        window, document = self.window, self.window.document
        principle_id = window.selected_principle_id
        if document is None or document.read_only or principle_id is None:
            return
        author = self._author()
        if author is None:
            return
        try:
            placed = self._passage_in_saved_text(principle_id)
        except CharterError as error:
            self._error(error)
            return
        if placed is None:
            return  # the person chose not to save
        selector, note = placed
        saved = window.document.saved_charter
        principle = saved.principle(principle_id)
        assert principle is not None
        if selector is None:
            intro = _("On the whole principle {number}.").format(number=principle.number)
        else:
            intro = _("On the passage “{quote}” of principle {number}.").format(
                quote=selector.quote, number=principle.number
            )
        text = self.prompts.write(
            _("Comment"), f"{intro} {note}".strip(), self._author_name(author)
        )
        if text is None:
            return
        try:
            commit = self._commit_of(principle) if selector is not None else ""
            event = core.new_comment(
                saved, author, principle_id, text, passage=selector, commit=commit
            )
        except CharterError as error:
            self._error(error)
            return
        message = _("Comment on principle {number}").format(number=principle.number)
        self._record(event, author, message, [("Charter-Principle", principle_id)])

    def _commit_of(self, principle) -> str:
        """HEAD's id when the principle's committed text is the saved one, else ""."""
        repository = self.window.document.repository
        head = repository.git.head()
        if head is None:
            return ""
        committed = repository.principle_at(principle.id, head)
        return head if committed is not None and committed.body == principle.body else ""

    def _passage_in_saved_text(self, principle_id: str):
        """(selector in the saved text or None for the whole principle, a note), or None when
        the person declined to save words that exist only in the editor."""
        window, document = self.window, self.window.document
        selection = self._selection()
        if selection is None:
            return None, ""
        working = document.charter.principle(principle_id)
        saved = document.saved_charter.principle(principle_id)
        source, start, end = selection
        if source == "preview":
            quote = window.preview.textCursor().selectedText()
            quote = quote.replace("\u2029", "\n").replace("\u2028", "\n").strip()
            body = saved.body if saved is not None else ""
            search = locate_quote(body, quote)
            if search.selector is None:
                raise ValidationError(
                    _("These words could not be found in the saved text of the principle."),
                    _("Select the words in the editor instead, or select fewer words."),
                )
            return core.passage_for_range(saved, search.selector.start, search.selector.end), ""
        if saved is not None and working is not None and saved.body == working.body:
            return core.passage_for_range(saved, start, end), ""
        if working is not None and saved is not None:
            selector = make_selector(working.body, start, end)
            anchor = reanchor(selector, TextChange(working.body, saved.body))
            if anchor.found and anchor.quote_now == selector.quote and anchor.start is not None:
                note = _(
                    "Your edits are not saved yet: the comment is anchored in the saved "
                    "text, where these words also appear."
                )
                return core.passage_for_range(saved, anchor.start, anchor.end), note
        question = _(
            "A comment is recorded at once, on the saved text, and the selected words are "
            "not saved yet. Save your changes now, then comment?"
        )
        if not self.prompts.confirm(_("Save before commenting?"), question):
            return None
        if not window.confirm_no_unsaved():
            return None
        saved = window.document.saved_charter.principle(principle_id)
        if saved is None:
            return None
        return core.passage_for_range(saved, start, end), ""

    def _on_comment(self, make, message: str) -> None:
        """Build one event about the selected comment with ``make(charter, board, author,
        comment)`` and record it with ``message`` (formatted with the comment's short id)."""
        document, comment = self.window.document, self.current_comment()
        if document is None or document.read_only or comment is None:
            return
        author = self._author()
        if author is None:
            return
        try:
            event = make(document.saved_charter, self._board(), author, comment)
        except CharterError as error:
            self._error(error)
            return
        if event is not None:
            self._record(event, author, message.format(id=comment.id[:10]))

    def reply(self) -> None:
        def make(charter, board, author, comment):
            intro = _("Reply to {who}: “{text}”").format(
                who=self._author_name(comment.author), text=comment_body(comment, self.viewer())
            )
            text = self.prompts.write(_("Reply"), intro, self._author_name(author))
            return (
                None if text is None else core.new_reply(charter, board, author, comment.id, text)
            )

        self._on_comment(make, _("Reply to comment {id}"))

    def edit_own(self) -> None:
        def make(charter, board, author, comment):
            text = self.prompts.write(
                _("Edit my comment"),
                _("The earlier text stays in the history."),
                self._author_name(author),
                comment.text,
            )
            return None if text is None else core.new_edit(charter, board, author, comment.id, text)

        self._on_comment(make, _("Edit comment {id}"))

    def retract_own(self) -> None:
        def make(charter, board, author, comment):
            question = _(
                "Retract your comment? It stays listed, but its text is no longer shown. "
                "This cannot be undone."
            )
            if not self.prompts.confirm(_("Retract my comment"), question):
                return None
            return core.new_retraction(charter, board, author, comment.id)

        self._on_comment(make, _("Retract comment {id}"))

    def toggle_resolved(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        resolve = not entry.thread.resolved
        self._on_comment(
            lambda charter, board, author, comment: core.new_resolution(
                charter, board, author, entry.thread.id, resolve
            ),
            _("Resolve comment {id}") if resolve else _("Reopen comment {id}"),
        )

    def toggle_hidden(self) -> None:
        comment = self.current_comment()
        if comment is None:
            return
        if comment.hidden:
            self._on_comment(
                lambda charter, board, author, c: core.new_moderation(
                    charter, board, author, c.id, "", False
                ),
                _("Show comment {id} again"),
            )
            return

        def make(charter, board, author, c):
            reason = self.prompts.write(
                _("Hide the comment"),
                _("Readers will see that it is hidden, and why."),
                self._author_name(author),
            )
            if reason is None:
                return None
            return core.new_moderation(charter, board, author, c.id, reason, True)

        self._on_comment(make, _("Hide comment {id}"))

    def take_position(self, position: Position) -> None:
        def make(charter, board, author, comment):
            # Fresh from disk, so the new event names the position it replaces.
            events = self.window.document.repository.events()
            tallies = fold_supports(events, charter.participants)
            return new_support(
                charter,
                author,
                comment.id,
                position,
                about="comment",
                board=board,
                current=tallies.get(comment.id),
            )

        label = _(POSITION_LABELS[position])
        self._on_comment(
            make, _("Position on comment {id}: {position}").replace("{position}", label)
        )
