"""The margin beside the text: cards placed at the height of the words they are about.

The margin does not scroll on its own: when the text scrolls, re-wraps (a resize, a bigger
font) or is rebuilt, every card is placed again at the height of its passage, pushed down just
enough not to cover the card above it. A card whose passage is not on screen is hidden, so it
is neither painted nor in the Tab order (a hidden card is never "showing" to a screen reader).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from charter_app.ui.reading.cards import Card

GAP = 6
SIDE = 6


class Margin(QWidget):
    """Cards at given heights; :meth:`place` puts them where their passages are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingMargin")
        self.cards: list[Card] = []
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, 200)

    def set_cards(self, cards: Sequence[Card]) -> None:
        """Show ``cards``; the cards shown before and not among them are deleted."""
        staying = {id(card) for card in cards}
        for card in self.cards:
            if id(card) not in staying:
                card.hide()
                card.deleteLater()
        self.cards = list(cards)
        for card in self.cards:
            if card.parent() is not self:
                card.setParent(self)
                card.hide()

    def place(self, heights: Sequence[int | None], line: int) -> None:
        """Put card ``i`` at ``heights[i]`` (its passage's top in the text's viewport; None:
        not in the text now), lower if the card above needs the room; ``line`` is the height
        of a line of text (a passage just above the top still shows its card)."""
        width = max(self.width() - 2 * SIDE, 40)
        order = sorted(
            range(len(self.cards)),
            key=lambda i: (heights[i] is None, heights[i] or 0, i),
        )
        free = GAP
        for index in order:
            card, top = self.cards[index], heights[index]
            if top is None or top < -line:
                card.hide()
                continue
            layout = card.layout()
            height = (
                layout.totalHeightForWidth(width)
                if layout is not None and layout.hasHeightForWidth()
                else card.sizeHint().height()
            )
            top = max(top, free)
            if top + min(height, 3 * line) > self.height():
                card.hide()
                continue
            card.setGeometry(SIDE, top, width, height)
            card.show()
            free = top + height + GAP

    def shown_cards(self) -> list[Card]:
        return [card for card in self.cards if card.isVisible()]
