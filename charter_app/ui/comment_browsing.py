"""Reading the threads in the comments dock: filters, details, enabled actions, moving around."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from charter_app.core import comments as core
from charter_app.core.participants import names_by_id
from charter_app.i18n import _
from charter_app.ui.comment_models import (
    STATE_HELP,
    ThreadEntry,
    ThreadFilter,
    Viewer,
    by_role_text,
    comment_body,
    passage_line,
    thread_heading,
    totals_text,
)
from charter_app.ui.passage_highlight import to_qt


class CommentBrowsing:
    """What ``CommentsFeature`` shows in its dock and how one moves between comments.

    A mixin: ``CommentsFeature`` sets ``window``, ``panel``, ``data``, ``entries``,
    ``highlighter``, the actions and ``_following_cursor`` before any of this runs.
    """

    # -- the dock's contents ----------

    def viewer(self) -> Viewer:
        document = self.window.document
        if document is None:
            return Viewer()
        charter = document.charter
        me = self.window.current_participant()
        return Viewer(
            names_by_id(charter),
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
                _("Principle {number} — threads shown: {shown} of {total}").format(
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
