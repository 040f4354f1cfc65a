"""F6 goes from area to area of the window, as in a web browser or a word processor.

The areas are, in order: the workspace tabs, the toolbar, the areas of the central page (the
reading view's bar, text and margin; the writing page's list, editor and preview), each dock
shown, then the status bar's own controls. F6 puts the keyboard in the next one, Shift+F6 in
the previous one, and the area is announced by name, so someone who cannot see the screen
knows where they landed. Only areas that are shown count: a hidden dock is never a stop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from charter_app.i18n import _
from charter_app.ui.announce import announce

NEXT_KEY, PREVIOUS_KEY = "F6", "Shift+F6"


def focusable(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.window() is widget.window()
    )


def first_focusable(area: QWidget) -> QWidget | None:
    """``area`` itself when it takes the focus, else the first widget inside it that does, in
    the Tab order."""
    if focusable(area) and not isinstance(area, QDockWidget):
        return area
    widget = area.nextInFocusChain()
    seen = 0
    while widget is not None and widget is not area and seen < 5000:
        if area.isAncestorOf(widget) and focusable(widget):
            return widget
        widget = widget.nextInFocusChain()
        seen += 1
    return None


class Regions(QObject):
    """The F6 areas of a main window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.next_action = QAction(window)
        self.next_action.setShortcut(QKeySequence(NEXT_KEY))
        self.next_action.triggered.connect(lambda: self.step(1))
        self.previous_action = QAction(window)
        self.previous_action.setShortcut(QKeySequence(PREVIOUS_KEY))
        self.previous_action.triggered.connect(lambda: self.step(-1))
        for action in (self.next_action, self.previous_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)

    def retranslate(self) -> None:
        self.next_action.setText(_("Next &area"))
        self.previous_action.setText(_("Pre&vious area"))

    def regions(self) -> list[QWidget]:
        """The areas shown now, in F6 order (only those holding something to focus)."""
        window = self.window
        found: list[QWidget] = []
        candidates: list[QWidget] = [window.workspaces.bar, window.toolbar]
        candidates += window.workspaces.bars.get(window.workspaces.current, [])
        docks = [d for d in window.findChildren(QDockWidget) if d.isVisible()]

        def docks_in(*areas: Qt.DockWidgetArea) -> list[QWidget]:
            found = [d for d in docks if window.dockWidgetArea(d) in areas]
            return sorted(found, key=lambda d: (d.y(), d.x()))

        candidates += docks_in(Qt.DockWidgetArea.LeftDockWidgetArea)
        candidates += docks_in(Qt.DockWidgetArea.TopDockWidgetArea)
        page = window.stack.currentWidget() if window.stack.isVisible() else None
        if page is not None:
            candidates += getattr(page, "regions", lambda: [page])()
        candidates += docks_in(Qt.DockWidgetArea.RightDockWidgetArea)
        candidates += docks_in(Qt.DockWidgetArea.BottomDockWidgetArea)
        candidates.append(window.statusBar())
        for candidate in candidates:
            if candidate.isVisible() and first_focusable(candidate) is not None:
                found.append(candidate)
        return found

    def name_of(self, region: QWidget) -> str:
        if isinstance(region, QDockWidget):
            return region.windowTitle()
        return region.accessibleName() or region.windowTitle()

    def current(self) -> QWidget | None:
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        for region in self.regions():
            if region is focus or region.isAncestorOf(focus):
                return region
        return None

    def step(self, direction: int) -> QWidget | None:
        regions = self.regions()
        if not regions:
            return None
        here = self.current()
        index = regions.index(here) if here in regions else (-1 if direction > 0 else 0)
        target = regions[(index + direction) % len(regions)]
        self.focus_region(target)
        return target

    def focus_region(self, region: QWidget) -> None:
        target = first_focusable(region)
        if target is None:
            return
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        name = self.name_of(region)
        if name:
            announce(target, name)
