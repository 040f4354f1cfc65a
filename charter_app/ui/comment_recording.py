"""Recording what a person does on comments: comment, reply, edit, retract, resolve, support."""

from __future__ import annotations

from charter_app.application import comments as use_cases
from charter_app.core import comments as core
from charter_app.core.supports import Position
from charter_app.diffing.anchoring import TextChange, locate_quote, make_selector, reanchor
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.ui.comment_models import comment_body
from charter_app.ui.passage_highlight import from_qt


class CommentRecording:
    """The actions of ``CommentsFeature`` that commit one event at once.

    A mixin: ``CommentsFeature`` sets ``window`` and ``prompts``, and gives ``viewer``,
    ``current_entry``, ``current_comment`` and ``reload``.
    """

    # -- recording ----------

    def _author(self) -> str | None:
        return self.window.writer()

    def _author_name(self, author: str) -> str:
        return self.viewer().names.get(author, author)

    def _error(self, error: BaseException) -> None:
        self.window.context.interaction.show_error(self.window, error)

    def _write(self, work) -> bool:
        """Record one event through the application layer, off the UI thread; the window
        refreshes from what changed and shows any error."""
        return self.window.operations.run(work)

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
        self._write(
            lambda session: use_cases.comment_on_principle(
                session, author, principle_id, text, passage=selector
            )
        )

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

    def _on_comment(self, ask, write) -> None:
        """For the selected comment: ``ask(comment, author)`` what the person wants (None:
        they declined), then record ``write(session, author, comment, answer)``."""
        document, comment = self.window.document, self.current_comment()
        if document is None or document.read_only or comment is None:
            return
        author = self._author()
        if author is None:
            return
        answer = ask(comment, author)
        if answer is None:
            return
        self._write(lambda session: write(session, author, comment, answer))

    def reply(self) -> None:
        def ask(comment, author):
            intro = _("Reply to {who}: “{text}”").format(
                who=self._author_name(comment.author), text=comment_body(comment, self.viewer())
            )
            return self.prompts.write(_("Reply"), intro, self._author_name(author))

        self._on_comment(
            ask,
            lambda session, author, comment, text: use_cases.reply(
                session, author, comment.id, text
            ),
        )

    def edit_own(self) -> None:
        def ask(comment, author):
            return self.prompts.write(
                _("Edit my comment"),
                _("The earlier text stays in the history."),
                self._author_name(author),
                comment.text,
            )

        self._on_comment(
            ask,
            lambda session, author, comment, text: use_cases.edit_comment(
                session, author, comment.id, text
            ),
        )

    def retract_own(self) -> None:
        def ask(_comment, _author):
            question = _(
                "Retract your comment? It stays listed, but its text is no longer shown. "
                "This cannot be undone."
            )
            return True if self.prompts.confirm(_("Retract my comment"), question) else None

        self._on_comment(
            ask,
            lambda session, author, comment, _yes: use_cases.retract_comment(
                session, author, comment.id
            ),
        )

    def toggle_resolved(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        resolve = not entry.thread.resolved
        thread_id = entry.thread.id
        self._on_comment(
            lambda _comment, _author: resolve,
            lambda session, author, _comment, resolved: use_cases.set_resolved(
                session, author, thread_id, resolved
            ),
        )

    def toggle_hidden(self) -> None:
        comment = self.current_comment()
        if comment is None:
            return
        if comment.hidden:
            self._on_comment(
                lambda _comment, _author: "",
                lambda session, author, c, _reason: use_cases.set_hidden(
                    session, author, c.id, False
                ),
            )
            return

        def ask(_comment, author):
            return self.prompts.write(
                _("Hide the comment"),
                _("Readers will see that it is hidden, and why."),
                self._author_name(author),
            )

        self._on_comment(
            ask,
            lambda session, author, c, reason: use_cases.set_hidden(
                session, author, c.id, True, reason
            ),
        )

    def take_position(self, position: Position) -> None:
        self._on_comment(
            lambda _comment, _author: position,
            lambda session, author, comment, chosen: use_cases.take_position(
                session, author, comment.id, chosen
            ),
        )
