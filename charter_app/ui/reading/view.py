"""The reading view: the charter as people read it, comments and suggestions beside it.

A bar of actions on what is selected (comment, propose a new wording, edit the source), the
text with paragraph numbers, and the margin with a card per comment thread and amendment. The
view only shows and asks: ``acted`` tells the reading feature what a person chose, and the
feature records it through the application layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendments import AmendmentKind
from charter_app.core.model import Charter, Principle
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.flow import flow
from charter_app.ui.reading.blocks import Block, Suggestion, build_blocks, principle_blocks
from charter_app.ui.reading.cards import Card, CommentCard, SuggestionCard
from charter_app.ui.reading.margin import Margin
from charter_app.ui.reading.notes import CommentNote, SuggestionNote
from charter_app.ui.reading.text import ReadingText, SourceRange

PLACE_DELAY_MS = 0


@dataclass(frozen=True)
class Annotations:
    """What the margin shows, and the suggestions that can be shown in the text."""

    comments: tuple[CommentNote, ...] = ()
    suggestions: tuple[SuggestionNote, ...] = ()
    texts: dict[str, Suggestion] = field(default_factory=dict)
    """Amendment id -> how it would change the text (only those that can be shown)."""
    writable: bool = False


class ReadingView(QWidget):
    """Text, margin and the bar of actions on a selection."""

    acted = Signal(str, str)
    """(action, thread or amendment id) chosen on a card."""
    comment_requested = Signal(object)
    """A comment on the selected passage (:class:`SourceRange`) or, None, on the principle."""
    proposal_requested = Signal(object)
    """A new wording for the selected passage (:class:`SourceRange`) or the whole principle."""
    edit_requested = Signal(object)
    """Open the source of this principle (id) in the Write workspace, at this body index."""
    principle_entered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingView")
        self.charter: Charter | None = None
        self.annotations = Annotations()
        self.shown: dict[str, str] = {}
        """Principle id -> the amendment shown in its text (the reader's choice)."""
        self.hidden_suggestions: set[str] = set()
        """Principles whose text the reader wants without any suggestion."""
        self.current_card: str | None = None
        self._principle_blocks: dict[tuple[Principle, Suggestion | None], list[Block]] = {}
        """Each principle's blocks as last shown: a write that changed one principle (or only
        the comments) rebuilds only what changed."""
        self._cards_made_for: tuple[object, ...] | None = None

        self.comment_button = QPushButton()
        self.propose_button = QPushButton()
        self.edit_button = QPushButton()
        self.suggestions_box = QCheckBox()
        self.suggestions_box.setChecked(True)
        self.where_label = QLabel()
        self.where_label.setObjectName("readingWhere")
        self.where_label.setWordWrap(True)  # a hint: on a narrow screen, on two lines
        self.where_label.setSizePolicy(
            QSizePolicy.Policy.Ignored, QSizePolicy.Policy.MinimumExpanding
        )
        for button in (self.comment_button, self.propose_button, self.edit_button):
            button.setAutoDefault(False)
        # The buttons wrap like words on a narrow window; the hint has a line of its own.
        bar = QVBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(2)
        bar.addWidget(
            flow(self.comment_button, self.propose_button, self.edit_button, self.suggestions_box)
        )
        bar.addWidget(self.where_label)
        self.bar = QWidget()
        self.bar.setObjectName("readingBar")
        self.bar.setLayout(bar)

        self.text = ReadingText()
        self.margin = Margin()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.text)
        self.splitter.addWidget(self.margin)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.splitter, 1)

        self._place_timer = QTimer(self, singleShot=True, interval=PLACE_DELAY_MS)
        self._place_timer.timeout.connect(self.place_cards)
        self.text.layout_changed.connect(self._place_timer.start)
        self.text.selectionChanged.connect(self._update_bar)
        self.text.principle_entered.connect(self._principle_entered)
        self.comment_button.clicked.connect(self._comment)
        self.propose_button.clicked.connect(self._propose)
        self.edit_button.clicked.connect(self._edit)
        self.suggestions_box.toggled.connect(lambda _on: self.refresh_text())
        self.next_shortcut = QShortcut(QKeySequence("Ctrl+Down"), self.text)
        self.next_shortcut.activated.connect(lambda: self.step_principle(1))
        self.previous_shortcut = QShortcut(QKeySequence("Ctrl+Up"), self.text)
        self.previous_shortcut.activated.connect(lambda: self.step_principle(-1))
        self.retranslate()

    # -- texts ----------

    def retranslate(self) -> None:
        self._principle_blocks.clear()  # headings of proposed principles are in words
        self._cards_made_for = None
        self.suggestions_box.setText(_("Show &suggestions in the text"))
        self.edit_button.setText(_("Edit the te&xt"))
        set_accessible(
            self.text,
            _("The charter"),
            _("The charter as it is read, with its paragraph numbers. Select words to comment "
              "on them or propose a new wording; Ctrl+Down and Ctrl+Up go from principle to "
              "principle; Enter opens the link the cursor is on."),
        )  # fmt: skip
        set_accessible(
            self.margin,
            _("Comments and suggestions"),
            _("A card for each comment thread and amendment, beside the words it is about."),
        )
        set_accessible(
            self.suggestions_box,
            _("Show suggestions in the text"),
            _("Amendments waiting for the council shown in the text: added words underlined, "
              "removed words struck out."),
        )  # fmt: skip
        set_accessible(
            self.edit_button,
            _("Edit the text"),
            _("Open this principle's text in the Write workspace."),
        )
        self._update_bar()

    def _update_bar(self) -> None:
        selection = self.text.source_selection()
        principle = self._principle()
        if selection is not None:
            comment, propose = _("&Comment on the selection…"), _("&Propose new wording…")
            where = _("Selected: “{words}”").format(words=self._selected_words())
        elif principle is not None:
            comment = _("&Comment on principle {number}…").format(number=principle.number)
            propose = _("&Propose new wording for principle {number}…").format(
                number=principle.number
            )
            where = _("Select words to comment on them or to propose new wording.")
        else:
            comment, propose = _("&Comment…"), _("&Propose new wording…")
            where = _("Place the cursor in a principle, or select words in it.")
        self.comment_button.setText(comment)
        self.propose_button.setText(propose)
        self.where_label.setText(where)
        self.where_label.setToolTip(where)
        writable = self.annotations.writable
        for button in (self.comment_button, self.propose_button):
            button.setEnabled(writable and principle is not None)
            button.setVisible(writable)
        self.edit_button.setVisible(writable)
        self.edit_button.setEnabled(principle is not None)
        set_accessible(self.comment_button, comment.replace("&", ""), where)
        set_accessible(self.propose_button, propose.replace("&", ""), where)

    def _selected_words(self) -> str:
        words = " ".join(self.text.textCursor().selectedText().split())
        return words if len(words) <= 60 else words[:57] + "…"

    def _principle(self):
        if self.charter is None:
            return None
        principle_id = self.text.current_principle()
        return self.charter.principle(principle_id) if principle_id else None

    # -- content ----------

    def show_charter(self, charter: Charter | None) -> None:
        """Show ``charter`` (None: nothing), keeping the reader's place."""
        self.charter = charter
        self.refresh_text()

    def set_annotations(self, annotations: Annotations) -> None:
        self.annotations = annotations
        self.refresh_text()

    def shown_suggestions(self) -> list[Suggestion]:
        """The amendments shown in the text: per principle, the reader's choice, else the
        first one that can be shown."""
        if not self.suggestions_box.isChecked():
            return []
        texts = self.annotations.texts
        chosen: dict[str, Suggestion] = {}
        for note in self.annotations.suggestions:
            suggestion = texts.get(note.amendment_id)
            if suggestion is None or note.principle in self.hidden_suggestions:
                continue
            wanted = self.shown.get(note.principle)
            if wanted == note.amendment_id or (wanted is None and note.principle not in chosen):
                chosen[note.principle] = suggestion
        return list(chosen.values())

    def refresh_text(self) -> None:
        """Show the charter and the margin again: only what changed is rebuilt (a room of
        phones commenting changes the margin many times a minute, the text seldom)."""
        blocks = self._blocks()
        if blocks != self.text.blocks:
            self.text.show_blocks(blocks)
        self._make_cards()
        self._update_bar()

    def _blocks(self) -> list[Block]:
        if self.charter is None:
            self._principle_blocks = {}
            return []
        suggestions = self.shown_suggestions()
        if any(s.kind is AmendmentKind.INSERT for s in suggestions):
            return build_blocks(self.charter, suggestions)  # seldom: built whole
        changes = {s.target: s for s in suggestions}
        known, self._principle_blocks = self._principle_blocks, {}
        for principle in self.charter.principles:
            key = (principle, changes.get(principle.id))
            made = known.get(key)
            self._principle_blocks[key] = made or principle_blocks(*key)
        return build_blocks(self.charter, suggestions, self._principle_blocks)

    def show_in_text(self, amendment_id: str, shown: bool) -> None:
        note = next((n for n in self.annotations.suggestions if n.amendment_id == amendment_id),
                    None)  # fmt: skip
        if note is None:
            return
        if shown:
            self.shown[note.principle] = amendment_id
            self.hidden_suggestions.discard(note.principle)
            self.suggestions_box.setChecked(True)
        else:
            self.shown.pop(note.principle, None)
            self.hidden_suggestions.add(note.principle)
        self.current_card = amendment_id
        self.refresh_text()
        self.focus_card(amendment_id)

    # -- cards ----------

    def _make_cards(self) -> None:
        """One card per comment thread and amendment; a card whose words did not change is
        kept as it is (with the focus, if it has it)."""
        shown = {s.amendment_id for s in self.shown_suggestions()}
        made_for = (self.annotations, self.text.version, frozenset(shown))
        if made_for == self._cards_made_for:
            return
        self._cards_made_for = made_for
        kept = {(type(card), card.key): card for card in self.margin.cards}
        cards: list[tuple[int, Card]] = []
        for note in self.annotations.comments:
            card = kept.get((CommentCard, note.thread_id))
            if card is None or card.note != note:  # type: ignore[attr-defined]
                card = self._connect(CommentCard(note))
            cards.append((self._order_of(note.principle, note.start), card))
        for suggestion in self.annotations.suggestions:
            is_shown = suggestion.amendment_id in shown
            card = kept.get((SuggestionCard, suggestion.amendment_id))
            if card is None or (card.note, card.shown) != (suggestion, is_shown):  # type: ignore[attr-defined]
                card = self._connect(SuggestionCard(suggestion, is_shown))
            cards.append((self._order_of(suggestion.principle, None), card))
        cards.sort(key=lambda item: item[0])
        made = [card for _order, card in cards]
        self.margin.set_cards(made)
        self._set_tab_order(made)
        self.place_cards()

    def _connect(self, card: Card) -> Card:
        card.acted.connect(self.acted)
        card.focused.connect(self._card_focused)
        return card

    def _order_of(self, principle: str, start: int | None) -> int:
        if start is not None:
            found = self.text.document_range(principle, start, start + 1)
            if found is not None:
                return found[0]
        position = self.text.heading_position(principle)
        return position if position is not None else 1 << 30

    def _set_tab_order(self, cards: Sequence[Card]) -> None:
        previous: QWidget = self.text
        for card in cards:
            QWidget.setTabOrder(previous, card)
            previous = card
            for child in card.findChildren(QWidget):
                if child.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    QWidget.setTabOrder(previous, child)
                    previous = child

    def card_height(self, card: Card) -> int | None:
        """The height in the text's viewport of the words ``card`` is about."""
        if isinstance(card, CommentCard):
            note = card.note
            position = None
            if note.start is not None and note.end is not None:
                found = self.text.document_range(note.principle, note.start, note.end)
                position = found[0] if found is not None else None
            if position is None:
                position = self.text.heading_position(note.principle)
        else:
            position = self._changed_position(card.key)
            if position is None:
                position = self.text.heading_position(card.note.principle)  # type: ignore[attr-defined]
        if position is None:
            return None
        return self.text.y_of(position) + self._text_offset()

    def _changed_position(self, amendment_id: str) -> int | None:
        document = self.text.document()
        for index, block in enumerate(self.text.blocks):
            if block.suggestion != amendment_id:
                continue
            letter = 0
            for segment in block.segments:
                if segment.change:
                    qblock = document.findBlockByNumber(index)
                    return qblock.position() + letter
                letter += len(segment.text)
        return None

    def _text_offset(self) -> int:
        """Where the text's viewport starts, in the margin's coordinates."""
        viewport = self.text.viewport()
        return viewport.mapTo(self.splitter, viewport.rect().topLeft()).y() - self.margin.y()

    def place_cards(self) -> None:
        line = self.text.fontMetrics().height()
        self.margin.place([self.card_height(card) for card in self.margin.cards], line)
        for card in self.margin.cards:
            card.set_current(card.key == self.current_card)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_timer.start()

    def _card_focused(self, card: Card) -> None:
        self.current_card = card.key
        for other in self.margin.cards:
            other.set_current(other is card)

    def card(self, key: str) -> Card | None:
        return next((card for card in self.margin.cards if card.key == key), None)

    def focus_card(self, key: str) -> Card | None:
        """Bring the card ``key`` (and its passage) into view and give it the focus."""
        card = self.card(key)
        if card is None:
            return None
        self.current_card = key
        if isinstance(card, CommentCard) and card.note.start is not None:
            found = self.text.document_range(card.note.principle, card.note.start, card.note.end
                                             or card.note.start)  # fmt: skip
            if found is not None:
                self.text.select_range(*found)
        else:
            principle = card.note.principle  # type: ignore[attr-defined]
            self.text.scroll_to_principle(principle, focus=False)
        self.place_cards()
        if not card.isVisible():
            self.text.scroll_to_principle(card.note.principle, focus=False)  # type: ignore[attr-defined]
            self.place_cards()
        card.setFocus(Qt.FocusReason.OtherFocusReason)
        return card

    # -- actions ----------

    def _comment(self) -> None:
        self.comment_requested.emit(self._selection_or_principle())

    def _propose(self) -> None:
        self.proposal_requested.emit(self._selection_or_principle())

    def _selection_or_principle(self) -> SourceRange | str | None:
        selection = self.text.source_selection()
        if selection is not None:
            return selection
        return self.text.current_principle()

    def _edit(self) -> None:
        principle = self.text.current_principle()
        if principle is not None:
            self.edit_requested.emit(principle)

    def _principle_entered(self, principle: str | None) -> None:
        self._update_bar()
        self.principle_entered.emit(principle)

    def step_principle(self, step: int) -> None:
        self.text.step_principle(step)

    def go_to_principle(self, principle: str) -> None:
        if principle != self.text.current_principle():
            self.text.scroll_to_principle(principle)
