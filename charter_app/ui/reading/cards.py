"""Cards in the margin: a comment thread or an amendment, beside the words it is about.

A card shows the words people read (who, what, where it stands) and offers only the actions
this reader may take: one or two buttons, the rest in a "More" menu, never a row of greyed
buttons. It is one stop of the Tab order, named for a screen reader ("Comment by…") with the
whole thread as its description.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _
from charter_app.ui.accessible import set_accessible
from charter_app.ui.reading.notes import Action, CommentNote, SuggestionNote, shorten


def _label(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if name:
        label.setObjectName(name)
    return label


class Card(QFrame):
    """One card; ``acted`` carries (the action's key, the card's thread or amendment id)."""

    acted = Signal(str, str)
    focused = Signal(object)
    """This card took the keyboard focus (the view shows its passage)."""

    def __init__(self, key: str, actions: tuple[Action, ...], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("marginCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setProperty("current", False)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 6, 8, 6)
        self.layout_.setSpacing(3)
        self.buttons: dict[str, QPushButton] = {}
        self.menu_actions: dict[str, QAction] = {}
        self._actions = actions

    def add_actions(self) -> None:
        primary = [a for a in self._actions if a.primary]
        others = [a for a in self._actions if not a.primary]
        if not primary and not others:
            return
        row = QHBoxLayout()
        row.setSpacing(4)
        for action in primary:
            button = QPushButton(action.label)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, k=action.key: self.acted.emit(k, self.key))
            set_accessible(button, action.label.replace("&", ""), "")
            self.buttons[action.key] = button
            row.addWidget(button)
        if others:
            more = QToolButton()
            more.setText(_("More…"))
            more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(more)
            for action in others:
                item = menu.addAction(action.label)
                item.triggered.connect(lambda _c=False, k=action.key: self.acted.emit(k, self.key))
                self.menu_actions[action.key] = item
            more.setMenu(menu)
            set_accessible(more, _("More actions"), ", ".join(a.label for a in others))
            self.more_button = more
            row.addWidget(more)
        row.addStretch(1)
        self.layout_.addLayout(row)

    def set_current(self, current: bool) -> None:
        if self.property("current") != current:
            self.setProperty("current", current)
            self.style().unpolish(self)
            self.style().polish(self)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.focused.emit(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter acts on the card's first button (reply, show in the text...).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.buttons:
            next(iter(self.buttons.values())).click()
            return
        super().keyPressEvent(event)


class CommentCard(Card):
    def __init__(self, note: CommentNote, parent: QWidget | None = None) -> None:
        super().__init__(note.thread_id, note.actions, parent)
        self.note = note
        self.setProperty("resolved", note.resolved)
        self.heading = _label(note.heading, "cardHeading")
        self.layout_.addWidget(self.heading)
        if note.state:
            self.layout_.addWidget(_label(note.state, "cardState"))
        if note.about:
            self.layout_.addWidget(_label(note.about, "cardAbout"))
        self.text = _label(shorten(note.text), "cardText")
        self.layout_.addWidget(self.text)
        if note.replies:
            shown = [shorten(reply, 160) for reply in note.replies[:2]]
            if len(note.replies) > 2:
                shown.append(_("… and {count} more replies").format(count=len(note.replies) - 2))
            self.layout_.addWidget(_label("\n".join(f"↳ {r}" for r in shown), "cardReplies"))
        if note.positions:
            self.layout_.addWidget(_label(note.positions, "cardPositions"))
        self.add_actions()
        set_accessible(self, note.accessible_name, note.accessible_text)


class SuggestionCard(Card):
    def __init__(self, note: SuggestionNote, shown: bool, parent: QWidget | None = None) -> None:
        actions = tuple(
            a for a in note.actions if not (a.key == "show" and shown)
            and not (a.key == "hide-inline" and not shown)
        )  # fmt: skip
        super().__init__(note.amendment_id, actions, parent)
        self.note = note
        self.shown = shown
        self.setProperty("suggestion", True)
        self.heading = _label(note.heading, "cardHeading")
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(_label(note.state, "cardState"))
        if note.rationale:
            why = _("Why: {reason}").format(reason=shorten(note.rationale, 240))
            self.layout_.addWidget(_label(why, "cardText"))
        if note.positions:
            self.layout_.addWidget(_label(note.positions, "cardPositions"))
        if shown:
            self.layout_.addWidget(
                _label(_("Shown in the text: added words underlined, removed ones struck out."),
                       "cardState")
            )  # fmt: skip
        self.add_actions()
        set_accessible(self, note.accessible_name, note.accessible_text)
