"""The reading view's margin and actions: a feature (``ui/features.py``) of the main window.

The window paints the charter's text first; this feature then reads the comments, positions
and amendments off the UI thread and puts a card beside each passage. What a person does there
is recorded through the application layer, by the same code as everywhere else: comments and
positions through the comments feature, new wordings through the amendments feature's filing,
the council's accept and decline through ``application.council.decide``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence

from charter_app.application import amendments as amendment_cases
from charter_app.application import comments as comment_cases
from charter_app.application import council
from charter_app.core.decisions import OUTCOME_LABELS, Outcome
from charter_app.core.supports import Position
from charter_app.i18n import _
from charter_app.ui.announce import announce
from charter_app.ui.reading.dialogs import DecisionDialog, PassageDialog
from charter_app.ui.reading.loading import ReadingData, load_reading, make_annotations, reader_of
from charter_app.ui.reading.notes import SuggestionNote
from charter_app.ui.reading.text import SourceRange
from charter_app.ui.reading.view import Annotations
from charter_app.ui.workers import Worker
from charter_app.ui.workspaces import COUNCIL

RELOAD_DELAY_MS = 600
"""Pause after typing before the margin is placed again in the edited text."""
COMMENT_KEYS = {"reply", "support", "oppose", "neutral", "edit", "retract", "resolve", "reopen",
                "hide", "unhide", "open"}  # fmt: skip
POSITIONS = {"support": Position.SUPPORT, "oppose": Position.OPPOSE, "neutral": Position.NEUTRAL}


class ReadingFeature:
    """Fills the reading view's margin and records what people do from it."""

    def __init__(self, window) -> None:
        self.window = window
        self.view = window.reading
        self.data: ReadingData | None = None
        self.dialog = None
        self.loader = Worker(window, coalesce=True)
        self.loader.done.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        self.stale = False
        self.reload_timer = QTimer(window, singleShot=True, interval=RELOAD_DELAY_MS)
        self.reload_timer.timeout.connect(self.reload)
        window.workspaces.changed.connect(self._workspace_changed)
        events = window.events
        events.opened.connect(lambda _document: self.reload())
        events.written.connect(lambda _written: self.reload())
        events.saved.connect(lambda _sha: self.reload())
        events.closed.connect(self._closed)
        events.retranslate.connect(self.retranslate)
        window.who_combo.currentIndexChanged.connect(lambda _row: self._show())
        self.view.acted.connect(self.act)
        self.view.comment_requested.connect(self.comment)
        self.view.proposal_requested.connect(self.propose)
        self.next_action = self._action("Ctrl+Alt+N", lambda: self.step_card(1))
        self.previous_action = self._action("Ctrl+Alt+Shift+N", lambda: self.step_card(-1))
        self._document = None
        self.retranslate()
        if window.document is not None:
            self.reload()

    def _action(self, keys: str, slot) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.window.view_menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.next_action.setText(_("Next &card in the margin"))
        self.previous_action.setText(_("Previous card in the &margin"))
        self._show()

    # -- loading ----------

    @property
    def busy(self) -> bool:
        return self.loader.busy

    def reload(self) -> None:
        """Read the margin's data again (when the reading view is shown; else when it next
        is)."""
        self.reload_timer.stop()
        document = self.window.document
        if document is None:
            return
        if document is not self._document:
            self._document = document
            document.changed.connect(lambda _change: self.reload_timer.start())
        if not self.window.reading.isVisible() and self.data is not None:
            self.stale = True
            return
        self.stale = False
        path, charter = document.path, document.charter
        self.loader.submit(lambda: load_reading(path, charter))

    def _workspace_changed(self, _key: str) -> None:
        if self.stale:
            self.reload()

    def _loaded(self, data: ReadingData) -> None:
        document = self.window.document
        if document is None:
            return
        self.data = data
        self._show()

    def _failed(self, error: object) -> None:
        self.window.statusBar().showMessage(
            _("The comments and amendments could not be read: {reason}").format(
                reason=getattr(error, "message", str(error))
            ),
            10000,
        )

    def _closed(self) -> None:
        self.loader.cancel()
        self.data = None
        self._document = None
        self.view.set_annotations(Annotations())

    def _show(self) -> None:
        document = self.window.document
        if document is None or self.data is None:
            return
        reader = reader_of(
            self.data.charter, self.window.current_participant(), not document.read_only
        )
        self.view.set_annotations(make_annotations(self.data, reader))

    # -- moving between cards ----------

    def step_card(self, step: int) -> None:
        cards = self.view.margin.cards
        if not cards:
            announce(self.view, _("No comment or suggestion in the margin."))
            return
        keys = [card.key for card in cards]
        current = self.view.current_card
        index = keys.index(current) + step if current in keys else (0 if step > 0 else -1)
        card = self.view.focus_card(keys[index % len(keys)])
        if card is not None:
            announce(card, f"{card.accessibleName()}. {card.accessibleDescription()}")

    # -- what people do ----------

    def _comments(self):
        from charter_app.ui.comments_panel import CommentsFeature

        return next((f for f in self.window.features if isinstance(f, CommentsFeature)), None)

    def _amendments(self):
        from charter_app.ui.amendments_panel import AmendmentsFeature

        return next((f for f in self.window.features if isinstance(f, AmendmentsFeature)), None)

    def comment(self, selection: SourceRange | str | None) -> None:
        comments = self._comments()
        if comments is None or selection is None:
            return
        if isinstance(selection, SourceRange):
            comments.comment_on(selection.principle, selection.start, selection.end)
        else:
            comments.comment_on(selection)

    def propose(self, selection: SourceRange | str | None) -> None:
        """A new wording for the selected words (or, without a selection, the principle)."""
        amendments, document = self._amendments(), self.window.document
        if amendments is None or document is None or document.read_only or selection is None:
            return
        principle_id = selection.principle if isinstance(selection, SourceRange) else selection
        if principle_id != self.window.selected_principle_id:
            self.window.select_principle(principle_id)
        if not isinstance(selection, SourceRange):
            self.dialog = amendments.propose()
            return
        saved = document.saved_charter.principle(principle_id)
        working = document.charter.principle(principle_id)
        if saved is None or working is None:
            return
        if saved.body != working.body and not self.window.confirm_no_unsaved():
            return  # an amendment is written on the saved text: it must hold these words
        saved = self.window.document.saved_charter.principle(principle_id)
        author = self.window.writer()
        if saved is None or author is None:
            return
        participant = self.window.document.charter.participant(author)
        name = participant.name if participant is not None else author
        dialog = PassageDialog(
            saved, selection.start, selection.end, author, name, amendments.file, self.window
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.dialog = dialog

    def act(self, key: str, target: str) -> None:
        if self.data is None:
            return
        if any(note.amendment_id == target for note in self.view.annotations.suggestions):
            self._on_amendment(key, target)
        elif key in COMMENT_KEYS:
            self._on_comment(key, target)

    def _on_comment(self, key: str, thread_id: str) -> None:
        comments = self._comments()
        assert self.data is not None
        thread = self.data.comments.board.thread(thread_id)
        if comments is None or thread is None:
            return
        root = thread.root
        if key == "open":
            self.window.select_principle(thread.target)
            comments.focus_panel()
            index = comments.panel.model.index_of_thread(thread.id)
            if index.isValid():
                comments.panel.tree.setCurrentIndex(index)
            return
        if key in POSITIONS:
            comments.take_position(POSITIONS[key], comment=root)
        elif key == "reply":
            comments.reply(comment=root)
        elif key == "edit":
            comments.edit_own(comment=root)
        elif key == "retract":
            comments.retract_own(comment=root)
        elif key in ("resolve", "reopen"):
            comments.toggle_resolved(thread=thread)
        elif key in ("hide", "unhide"):
            comments.toggle_hidden(comment=root)

    def _note(self, amendment_id: str) -> SuggestionNote | None:
        notes = self.view.annotations.suggestions
        return next((note for note in notes if note.amendment_id == amendment_id), None)

    def _on_amendment(self, key: str, amendment_id: str) -> None:
        note = self._note(amendment_id)
        if note is None:
            return
        if key in ("show", "hide-inline"):
            self.view.show_in_text(amendment_id, key == "show")
            announce(
                self.view.text,
                _("{label} is shown in the text.").format(label=note.label)
                if key == "show"
                else _("The text is shown without {label}.").format(label=note.label),
            )
            return
        if key == "open":
            self._open_in_council(amendment_id)
            return
        by = self.window.writer()
        if by is None:
            return
        if key in POSITIONS:
            position = POSITIONS[key]
            self.window.operations.run(
                lambda session: comment_cases.take_position(session, by, note.label, position)
            )
        elif key in ("accept", "decline"):
            self.decide(amendment_id, Outcome.ADOPTED if key == "accept" else Outcome.REJECTED)
        elif key == "register":
            self.window.operations.run(
                lambda session: amendment_cases.register_amendment(session, by, amendment_id)
            )
        elif key == "withdraw":
            self.window.operations.run(
                lambda session: amendment_cases.withdraw_amendment(session, by, amendment_id)
            )

    def decide(self, amendment_id: str, outcome: Outcome) -> DecisionDialog | None:
        """Ask for the vote and record the council's decision (one commit, as the council
        workspace's form and ``charter decide`` do)."""
        note = self._note(amendment_id)
        if note is None:
            return None
        dialog = DecisionDialog(note.label, outcome, self.window)
        self.dialog = dialog

        def record(_result: int) -> None:
            decision = dialog.decision
            dialog.deleteLater()
            if decision is None:
                return
            by = self.window.writer(
                _("Choose the person recording the council’s decisions, then try again.")
            )
            if by is None or not self.window.confirm_no_unsaved():
                return
            self.window.operations.run(
                lambda session: council.decide(session, by, amendment_id, decision),
                lambda written: self.window.statusBar().showMessage(
                    _("Amendment {number}: {outcome}.").format(
                        number=written.value.label, outcome=_(OUTCOME_LABELS[outcome])
                    ),
                    8000,
                ),
                _("Recording the decision…"),
            )

        dialog.finished.connect(record)
        dialog.open()
        return dialog

    def _open_in_council(self, amendment_id: str) -> None:
        self.window.workspaces.show(COUNCIL)
        from charter_app.ui.council_panel import CouncilFeature

        for feature in self.window.features:
            if isinstance(feature, CouncilFeature):
                feature.panel.select_amendment(amendment_id)
        self.window.events.amendment_chosen.emit(amendment_id)
