"""A row of widget groups that stacks them when the window is too narrow for one line.

Facilitators' laptops are often 1280 or 1366 pixels wide, with docks beside the editor: a
toolbar or a filter bar laid out on one line must not force the window wider than the screen.
:class:`ResponsiveRow` asks only for the width of its widest group; when it is given less than
all the groups need side by side, it puts them one under the other (the order, and so the
keyboard's tab order, stays the same).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QCheckBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QWidget,
)


class ResponsiveRow(QWidget):
    """Groups side by side when they fit, else one under the other."""

    def __init__(self, groups: Sequence[QLayout], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[QWidget] = []
        self._box = QBoxLayout(QBoxLayout.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        for index, group in enumerate(groups):
            holder = QWidget()
            group.setContentsMargins(0, 0, 0, 0)
            holder.setLayout(group)
            self._groups.append(holder)
            self._box.addWidget(holder, 1 if index == 0 else 0)

    @property
    def stacked(self) -> bool:
        return self._box.direction() == QBoxLayout.TopToBottom

    def _side_by_side_width(self) -> int:
        spacing = self._box.spacing() * max(len(self._groups) - 1, 0)
        return sum(group.sizeHint().width() for group in self._groups) + spacing

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        width = max((group.minimumSizeHint().width() for group in self._groups), default=0)
        return QSize(width, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._side_by_side_width(), super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange(event.size().width())

    def _arrange(self, width: int) -> None:
        direction = (
            QBoxLayout.LeftToRight
            if width >= self._side_by_side_width()
            else QBoxLayout.TopToBottom
        )
        if direction != self._box.direction():
            self._box.setDirection(direction)
            self.updateGeometry()


def hbox(*widgets: QWidget, stretch_after: bool = False) -> QHBoxLayout:
    """A horizontal layout of ``widgets`` (and a stretch after them if asked)."""
    layout = QHBoxLayout()
    for widget in widgets:
        layout.addWidget(widget)
    if stretch_after:
        layout.addStretch(1)
    return layout


WINDOW_SHARE = 0.45
"""The most of the screen's width a dock asks for (the window must stay within the screen); of
the window's when the window is already wider than its screen."""


class DockScroll(QScrollArea):
    """A dock's scroll area: it asks for the width its contents need, so a dock is not narrower
    than its words (they would be cut or scroll sideways), up to :data:`WINDOW_SHARE` of the
    window's width."""

    def __init__(self, body: QWidget) -> None:
        super().__init__()
        self.setObjectName("dockScroll")
        self.setFrameShape(QFrame.NoFrame)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.NoFocus)
        # Sideways only past a share of the window (150 % text on a small screen): the window
        # must stay within the screen (see minimumSizeHint).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setWidget(body)
        body.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        body = self.widget()
        hint = super().minimumSizeHint()
        if body is None:
            return hint
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        wanted = body.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        window = self.window()
        screen = window.screen()
        width = window.width()
        if screen is not None and window.width() <= screen.availableGeometry().width():
            width = screen.availableGeometry().width()  # not the window's: it grows with docks
        most = int(width * WINDOW_SHARE) if window is not self else wanted
        # Sideways scrolling only when the contents ask for more than the dock may take.
        policy = Qt.ScrollBarAsNeeded if wanted > most else Qt.ScrollBarAlwaysOff
        if self.horizontalScrollBarPolicy() != policy:
            self.setHorizontalScrollBarPolicy(policy)
        return QSize(min(wanted, most), hint.height())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.widget() and event.type() == event.Type.LayoutRequest:
            self.updateGeometry()  # its contents' minimum may have changed (words, text size)
        return super().eventFilter(watched, event)


def scrolling(body: QWidget) -> QScrollArea:
    """``body`` in a frameless scroll area, for a dock: on a short screen the dock shrinks and
    its contents scroll, instead of making the window taller than the screen."""
    return DockScroll(body)


def box_with_note(box: QCheckBox, note: str) -> QWidget:
    """``box`` (short words) and ``note`` after it, which wraps when narrow: a check box's own
    words never wrap, and with 150 % text a long one made its dialog wider than the screen."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(note)
    label.setWordWrap(True)
    label.setTextFormat(Qt.PlainText)
    layout.addWidget(box, 0, Qt.AlignTop)
    layout.addWidget(label, 1)
    return row


def give_room_when_shown(window: QMainWindow, dock: QDockWidget, share: float = 0.6) -> None:
    """The first time ``dock`` is shown, let it take ``share`` of the window's height and the
    width its contents ask for (up to 40% of the window): its contents scroll
    (:func:`scrolling`), so without this Qt could leave it a sliver beside the docks already
    there. Later the dock keeps the size the user gave it."""

    def shown(visible: bool) -> None:
        if not visible or dock.isFloating():
            return
        dock.visibilityChanged.disconnect(shown)
        contents = dock.widget()
        inner = contents.widget() if isinstance(contents, QScrollArea) else contents
        wanted = inner.sizeHint() if inner is not None else contents.sizeHint()
        height = max(round(window.height() * share), dock.minimumSizeHint().height())
        width = min(wanted.width() + 24, round(window.width() * 0.4))
        area = window.dockWidgetArea(dock)
        if area in (Qt.LeftDockWidgetArea, Qt.RightDockWidgetArea):
            window.resizeDocks([dock], [height], Qt.Vertical)
            window.resizeDocks([dock], [max(width, dock.width())], Qt.Horizontal)
        else:
            window.resizeDocks([dock], [min(height, wanted.height() + 24)], Qt.Vertical)

    dock.visibilityChanged.connect(shown)


class LastUnderWhenNarrow(QObject):
    """A side-by-side splitter whose last pane goes under the one before it when the splitter
    is narrower than ``characters`` average characters a pane: with 150 % text on a small
    screen, three panes side by side leave each too narrow to hold a word. Side by side again
    once there is room (with a margin, so it does not flip back and forth)."""

    def __init__(self, splitter: QSplitter, characters: int = 30) -> None:
        super().__init__(splitter)
        self.splitter, self.characters = splitter, characters
        self.last = splitter.widget(splitter.count() - 1)
        self.before = splitter.widget(splitter.count() - 2)
        self.panes = splitter.count()
        """How many panes side by side."""
        self.column = QSplitter(Qt.Vertical)
        self.column.setChildrenCollapsible(False)
        splitter.addWidget(self.column)  # always the splitter's, hidden while side by side
        self.column.hide()
        self.stacked = False
        # Moved once the event that asked is over (never while Qt restyles or lays out).
        self.timer = QTimer(self, singleShot=True, interval=0)
        self.timer.timeout.connect(self.fit)
        splitter.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Resize, QEvent.FontChange, QEvent.StyleChange):
            self.timer.start()
        return False

    def _needed(self) -> int:
        # The application's font: the text size a person chose (a widget's own may lag).
        average = QFontMetrics(QApplication.font()).averageCharWidth()
        return self.panes * self.characters * average

    def fit(self) -> None:
        width, needed = self.splitter.width(), self._needed()
        if not self.stacked and width < needed:
            index = self.splitter.indexOf(self.before)
            self.column.addWidget(self.before)
            self.column.addWidget(self.last)
            self.splitter.insertWidget(index, self.column)
            self.column.show()
            self.stacked = True
            shown = self.splitter.count()  # the same width for each, then the same height
            self.splitter.setSizes([width // shown] * shown)
            self.column.setSizes([self.column.height() // 2] * 2)
        elif self.stacked and width > needed * 11 // 10:
            index = self.splitter.indexOf(self.column)
            self.splitter.insertWidget(index, self.before)
            self.splitter.insertWidget(index + 1, self.last)
            self.column.hide()
            self.stacked = False
