"""Workspaces by task: what the window shows for reading, writing, a workshop, the council, history.

Eight panes at once fit no laptop. A workspace shows one task's panes: its central page (the
reading view, the writing page, or none) and its docks; every other dock is hidden, so it is
neither painted, nor in the Tab order, nor "showing" to a screen reader. Features register
their docks with the workspace they belong to (:meth:`Workspaces.register`); a dock a person
opens from a menu shows in the workspace they are in. How a person arranged a workspace (dock
sizes, panels shown) is kept for the session and saved with the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QTabBar, QToolBar, QWidget

from charter_app.i18n import N_, _
from charter_app.ui.accessible import set_accessible
from charter_app.ui.responsive import LastUnderWhenNarrow
from charter_app.ui.screen_fit import available

READ, WRITE, WORKSHOP, COUNCIL, HISTORY = "read", "write", "workshop", "council", "history"

Area = Qt.DockWidgetArea


@dataclass(frozen=True)
class Workspace:
    key: str
    label: str
    """Untranslated (``N_``); the tab shows it translated."""
    description: str
    shortcut: str
    central: str | None
    """"read", "write", or None: the docks take the whole window."""
    docks: tuple[tuple[str, Area], ...]
    """The docks shown when the workspace is first opened, and where."""


WORKSPACES: tuple[Workspace, ...] = (
    Workspace(
        READ, N_("Read and discuss"),
        N_("The charter as it is read, comments and suggestions in the margin."),
        "Ctrl+1", "read", (),
    ),
    Workspace(
        WRITE, N_("Write"),
        N_("The list of principles, the text being written and its preview."),
        "Ctrl+2", "write", (("commentsDock", Area.RightDockWidgetArea),),
    ),
    Workspace(
        WORKSHOP, N_("Workshop"),
        N_("The text for the room, shows of hands, priorities and the projector."),
        "Ctrl+3", "read", (("tallyPanel", Area.RightDockWidgetArea),),
    ),
    Workspace(
        COUNCIL, N_("Council"),
        N_("Amendments, their comparison, the council's decisions and versions."),
        "Ctrl+4", None,
        (("councilPanel", Area.LeftDockWidgetArea), ("amendmentsDock", Area.RightDockWidgetArea)),
    ),
    Workspace(
        HISTORY, N_("History"),
        N_("Who changed what and when, and the text at any moment."),
        "Ctrl+5", None,
        (("historyBrowserDock", Area.RightDockWidgetArea),),
    ),
)  # fmt: skip
BY_KEY = {workspace.key: workspace for workspace in WORKSPACES}
SHARES = {
    COUNCIL: {"councilPanel": 0.45, "amendmentsDock": 0.55},
    WRITE: {"commentsDock": 0.26},
    WORKSHOP: {"tallyPanel": 0.3},
}
"""The share of the window's width each dock takes when its workspace first opens."""
KEEP_ON_SCREEN_MS = 80


class Workspaces(QObject):
    """The window's workspaces: a tab bar, one action each (Ctrl+1...), the docks they show."""

    changed = Signal(str)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.current = READ
        self.previous = READ
        """The workspace before this one (Escape in the history goes back there)."""
        self.active = False
        """False on the welcome screen: no workspace, no dock."""
        self.docks: dict[str, QDockWidget] = {}
        self.bars: dict[str, list[QToolBar]] = {}
        """Workspace -> toolbars of its own (the workshop's actions), shown only there."""
        self.homes: dict[str, str] = {}
        """Dock name -> the workspace it belongs to (shown there when asked for)."""
        self.states: dict[str, QByteArray] = {}
        self.shown: dict[str, set[str]] = {w.key: {n for n, _a in w.docks} for w in WORKSPACES}
        """Workspace -> the docks shown in it (its defaults, then the person's choices)."""
        self._applying = False
        self.narrow_write: LastUnderWhenNarrow | None = None
        """The writing page's preview goes under the editor when the page is narrow."""
        self.stacked: set[str] = set()
        """Workspaces whose docks share the window as tabs for lack of room."""
        self.bar = QTabBar()
        self.bar.setObjectName("workspaceBar")
        self.bar.setExpanding(False)
        self.bar.setDrawBase(False)
        self.bar.setUsesScrollButtons(False)
        self.actions: dict[str, QAction] = {}
        for workspace in WORKSPACES:
            self.bar.addTab("")
            action = QAction(window)
            action.setShortcut(QKeySequence(workspace.shortcut))
            action.setCheckable(True)
            action.triggered.connect(lambda _c=False, k=workspace.key: self.show(k))
            window.addAction(action)
            self.actions[workspace.key] = action
        self.bar.currentChanged.connect(self._tab_chosen)

    # -- texts ----------

    def retranslate(self) -> None:
        for index, workspace in enumerate(WORKSPACES):
            label = _(workspace.label)
            shortcut = QKeySequence(workspace.shortcut).toString(QKeySequence.NativeText)
            self.bar.setTabText(index, label)
            self.bar.setTabToolTip(index, f"{_(workspace.description)} ({shortcut})")
            self.actions[workspace.key].setText(label)
            self.actions[workspace.key].setToolTip(f"{label} ({shortcut})")
        set_accessible(
            self.bar,
            _("Workspaces"),
            _("Each task in its own workspace: Ctrl+1 to Ctrl+5, F6 to go from area to area."),
        )

    # -- docks ----------

    def register(self, dock: QDockWidget, home: str, area: Area | None = None) -> None:
        """A feature's dock, shown in workspace ``home`` (and wherever a person opens it)."""
        name = dock.objectName()
        self.docks[name] = dock
        self.homes[name] = home
        # Placed by the workspaces: no floating, no moving; the menus show and hide it. Its
        # title bar is a plain heading (the standard one has buttons the keyboard never
        # reaches).
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        title = QLabel(dock.windowTitle())
        title.setObjectName("dockTitle")
        title.setContentsMargins(6, 4, 6, 2)
        dock.windowTitleChanged.connect(title.setText)
        dock.setTitleBarWidget(title)
        if self.window.dockWidgetArea(dock) == Area.NoDockWidgetArea:
            self.window.addDockWidget(area or Area.RightDockWidgetArea, dock)
        dock.toggleViewAction().triggered.connect(lambda checked, n=name: self._toggled(n, checked))
        self._apply_dock(name, self._default_area(name))
        shown = self.active and name in self.shown[self.current]
        self.window.update_dock_visibility(dock, shown)
        if shown and self.current not in self.states:
            QTimer.singleShot(0, self, lambda: self._share_width(BY_KEY[self.current]))

    def register_bar(self, bar: QToolBar, workspace: str) -> None:
        """A toolbar of workspace ``workspace``'s own, under the window's toolbar."""
        bar.setMovable(False)
        self.window.addToolBarBreak()
        self.window.addToolBar(bar)
        self.bars.setdefault(workspace, []).append(bar)
        bar.setVisible(self.active and self.current == workspace)

    def open_dock(self, dock: QDockWidget) -> None:
        """Show ``dock`` where the person is, or switch to its workspace when it belongs to
        one that shows no central page (the council's, history's)."""
        name = dock.objectName()
        home = self.homes.get(name)
        if (
            home is not None
            and name not in self.shown[self.current]
            and (BY_KEY[home].central is None or BY_KEY[self.current].central is None)
        ):
            self.shown[home].add(name)
            self.show(home)
        else:
            self.shown[self.current].add(name)
            self.window.update_dock_visibility(dock, self.active)
        dock.raise_()

    def _toggled(self, name: str, checked: bool) -> None:
        if self._applying:
            return
        if checked:
            self.shown[self.current].add(name)
        else:
            self.shown[self.current].discard(name)

    def _default_area(self, name: str) -> Area | None:
        for placed, area in BY_KEY[self.current].docks:
            if placed == name:
                return area
        return None

    def _apply_dock(self, name: str, area: Area | None) -> None:
        dock = self.docks[name]
        if area is not None and self.window.dockWidgetArea(dock) != area:
            self.window.addDockWidget(area, dock)

    # -- switching ----------

    def _tab_chosen(self, index: int) -> None:
        if not self._applying and 0 <= index < len(WORKSPACES):
            self.show(WORKSPACES[index].key)

    def show(self, key: str) -> None:
        """Switch to workspace ``key`` (kept for the next charter on the welcome screen)."""
        if key not in BY_KEY:
            return
        if self.active and key != self.current:
            self.states[self.current] = self.window.saveState()
        if key != self.current:
            self.previous = self.current
        self.current = key
        if self.active:
            self.apply()
        self.changed.emit(key)

    def back(self) -> None:
        """Back to the workspace shown before this one."""
        self.show(self.previous if self.previous != self.current else READ)

    def activate(self, active: bool) -> None:
        """A charter is open (True) or the welcome screen shows (False)."""
        if active == self.active:
            return
        if not active:
            self.states[self.current] = self.window.saveState()
        self.active = active
        self.apply()

    def apply(self) -> None:
        workspace = BY_KEY[self.current]
        width = self.window.width()
        self._applying = True
        try:
            self.bar.setVisible(self.active)
            self.bar.setCurrentIndex(WORKSPACES.index(workspace))
            for key, action in self.actions.items():
                action.setChecked(key == workspace.key)
                action.setEnabled(self.active)
            self.window.show_central(workspace.central if self.active else "welcome")
            if workspace.central == WRITE and self.narrow_write is None:
                splitter = getattr(self.window, "splitter", None)
                if splitter is not None and splitter.count() >= 3:  # list, editor, preview
                    self.narrow_write = LastUnderWhenNarrow(splitter)
            state = self.states.get(workspace.key)
            if self.active and state is not None:
                self.window.restoreState(state)
            for name, dock in self.docks.items():
                wanted = self.active and name in self.shown[workspace.key]
                if wanted and state is None:
                    self._apply_dock(name, self._default_area(name))
                self.window.update_dock_visibility(dock, wanted)
            if self.active:
                self._stack_when_narrow(workspace, width)  # before Qt widens the window
                # Once the docks are laid out: before that Qt keeps their first sizes.
                QTimer.singleShot(
                    0, self, lambda w=workspace, s=state is None: self._lay_out(w, width, s)
                )
            for key, bars in self.bars.items():
                for bar in bars:
                    bar.setVisible(self.active and key == workspace.key)
            # After the docks' layout has run (it grows the window in a later pass).
            QTimer.singleShot(KEEP_ON_SCREEN_MS, self, lambda: self._keep_on_screen(width))
        finally:
            self._applying = False

    def keep_on_screen(self, width: int) -> None:
        """Bring the window back to ``width`` (its width before what just changed: words, text
        size) once that is laid out, if it widened the window past the screen's edge."""
        if self.active:  # larger text: side-by-side docks may have to share as tabs
            QTimer.singleShot(0, self, lambda: self._stack_when_narrow(BY_KEY[self.current], width))
        QTimer.singleShot(KEEP_ON_SCREEN_MS, self, lambda: self._keep_on_screen(width))

    def _lay_out(self, workspace: Workspace, width: int, share: bool) -> None:
        if workspace.key != self.current or not self.active:
            return
        self._stack_when_narrow(workspace, width)
        if share:
            self._share_width(workspace)
        window = self.window
        if window.width() > width and not (window.isMaximized() or window.isFullScreen()):
            # Qt widened the window for the docks' first sizes: back to the width it had, or
            # as little more as the docks need.
            window.resize(max(width, window.minimumSizeHint().width()), window.height())

    def _stack_when_narrow(self, workspace: Workspace, width: int) -> None:
        """Side-by-side docks whose words need more than the window's ``width`` (150 % text on
        a small screen) share it as tabs, the first in front; side by side again once there is
        room. Tabs a person made stay as they are."""
        if workspace.key != self.current or not self.active:
            return
        names = [
            n for n, _a in workspace.docks if n in self.docks and n in self.shown[self.current]
        ]
        docks = [self.docks[n] for n in names]
        if len(docks) < 2:
            return
        separator = self.window.style().pixelMetric(
            self.window.style().PixelMetric.PM_DockWidgetSeparatorExtent
        )
        need = sum(_wanted(d) for d in docks) + separator * (len(docks) + 1)
        page = self.window.centralWidget()
        if workspace.central is not None and page is not None:
            need += page.minimumSizeHint().width()
        first = docks[0]
        together = set(self.window.tabifiedDockWidgets(first))
        if need > width:  # the window's width before the docks widened it
            for dock in docks[1:]:
                if dock not in together:
                    self.window.tabifyDockWidget(first, dock)
            first.raise_()
            self.stacked.add(workspace.key)
        elif workspace.key in self.stacked:
            self.stacked.discard(workspace.key)
            for name, dock in zip(names, docks, strict=True):
                self.window.addDockWidget(
                    self._default_area(name) or Area.RightDockWidgetArea, dock
                )
                self.window.update_dock_visibility(dock, True)
            self._share_width(workspace)

    def _keep_on_screen(self, width: int) -> None:
        """Back within the screen (at ``width``, the window's before, when that fits): Qt widens
        the window for docks that need more room, and never gives the room back when the next
        workspace needs less."""
        window = self.window
        if window.isMaximized() or window.isFullScreen():
            return
        room = available(window)
        if window.frameGeometry().right() <= room.right() or window.width() <= width:
            return
        extra = window.frameGeometry().width() - window.width()
        wanted = min(width, room.right() - window.frameGeometry().left() - extra + 1)
        window.resize(max(wanted, window.minimumSizeHint().width()), window.height())

    def _share_width(self, workspace: Workspace) -> None:
        shares = SHARES.get(workspace.key, {})
        docks = [self.docks[n] for n in shares if n in self.docks and self.docks[n].isVisible()]
        if not docks:
            return
        width = self.window.width()
        # Its share, or the width its words need when more (never sideways scrolling)...
        sizes = [max(int(width * shares[d.objectName()]), _wanted(d)) for d in docks]
        # ...within the window: asked for more, Qt makes the window wider than the screen.
        separator = self.window.style().pixelMetric(
            self.window.style().PixelMetric.PM_DockWidgetSeparatorExtent
        )
        page = self.window.centralWidget()
        room = width - separator * (len(docks) + 1)
        if workspace.central is not None and page is not None:
            room -= page.minimumSizeHint().width()
        extra = sum(sizes) - room
        if extra > 0:
            spare = [size - _wanted(d) for size, d in zip(sizes, docks, strict=True)]
            total = sum(spare) or 1
            sizes = [size - extra * s // total for size, s in zip(sizes, spare, strict=True)]
        self.window.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)


def _wanted(dock: QDockWidget) -> int:
    """The narrowest ``dock`` can be without cutting its words (its scroll area asks for its
    contents' minimum: ``responsive.DockScroll``)."""
    return dock.minimumSizeHint().width()


def page_of(window, central: str | None) -> QWidget | None:
    """The central page a workspace shows."""
    name = {"read": "reading", "write": "write_page", "welcome": "welcome"}.get(central or "")
    return getattr(window, name) if name else None  # the page asked for only (built on demand)
