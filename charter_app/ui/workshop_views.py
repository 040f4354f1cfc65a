"""The workshop views opened from the menu: projector, kiosk, dots, participation, minutes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QInputDialog

from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.ui.responsive import give_room_when_shown
from charter_app.ui.workshop_minutes_dialog import MinutesDialog

if TYPE_CHECKING:
    from charter_app.ui.dots_view import DotsPanel
    from charter_app.ui.kiosk import KioskWindow
    from charter_app.ui.participation_view import ParticipationPanel
    from charter_app.ui.projector import ProjectorWindow


class WorkshopViewsMixin:
    """Part of :class:`~charter_app.ui.workshop_mode.WorkshopFeature`: opening and closing the
    projector, quick capture, the dots and participation panels, and writing the minutes."""

    projector: ProjectorWindow | None
    kiosk: KioskWindow | None
    dots_panel: DotsPanel | None
    participation_panel: ParticipationPanel | None

    # -- projector ----------

    def toggle_projector(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.stop_projector()
        else:
            self.start_projector()

    def start_projector(self):
        from charter_app.ui.projector import ProjectorWindow

        if self.window.document is None:
            return None
        if self.discussion.snapshot is None:
            self.refresh()
        if self.projector is None:
            self.projector = ProjectorWindow(self.discussion, self)
        own = self.window.screen()
        others = [screen for screen in QGuiApplication.screens() if screen is not own]
        self.projector.present(others[0] if others else own, separate=bool(others))
        return self.projector

    def stop_projector(self) -> None:
        if self.projector is not None:
            self.projector.hide()
        self.window.activateWindow()

    def _screen_removed(self, screen) -> None:
        """A projector unplugged mid-session: show the picture again where it can be seen,
        or close it; the discussion (principle, amendment, tallies) is kept as it was."""
        projector = self.projector
        if projector is None or not projector.isVisible() or projector.shown_on is not screen:
            return
        own = self.window.screen()
        others = [s for s in QGuiApplication.screens() if s is not screen and s is not own]
        if others:
            projector.present(others[0], separate=True)
            return
        projector.hide()
        self.window.show()
        self.window.activateWindow()
        self.window.statusBar().showMessage(
            _("The projector was unplugged: projector mode is closed, nothing was lost. Press F5 "
              "to show it again."),
            15000,
        )  # fmt: skip

    def ask_line(self) -> None:
        if self.projector is None or not self.projector.isVisible():
            self.start_projector()
        number, ok = QInputDialog.getInt(
            self.window, _("Go to line"), _("Paragraph (line) number:"), 1, 1, 10_000
        )
        if ok and self.projector is not None:
            self.projector.go_to_line(number)

    # -- kiosk, dots, participation, minutes ----------

    def ask_kiosk(self) -> None:
        from charter_app.ui.kiosk import ask_pin

        if self.window.document is None or not self.window.confirm_no_unsaved():
            return
        pin = ask_pin(self.window)
        if pin:
            self.start_kiosk(pin)

    def start_kiosk(self, pin: str):
        from charter_app.ui.kiosk import KioskWindow

        document = self.window.document
        if document is None or document.read_only:
            return None
        self.kiosk = KioskWindow(self, pin)
        self.kiosk.left.connect(self._kiosk_left)
        self.window.hide()
        self.kiosk.start()
        return self.kiosk

    def _kiosk_left(self) -> None:
        kiosk, self.kiosk = self.kiosk, None
        self.window.show()
        self.window.activateWindow()
        # What the kiosk recorded has already landed in the window (``window.land``).
        self.refresh()
        if kiosk is not None:
            kiosk.deleteLater()

    def toggle_dots(self) -> None:
        from charter_app.ui.dots_view import DotsPanel

        if self.dots_panel is None:
            self.dots_panel = DotsPanel(self)
            self.window.addDockWidget(Qt.RightDockWidgetArea, self.dots_panel)
            give_room_when_shown(self.window, self.dots_panel)
        self.dots_panel.setVisible(not self.dots_panel.isVisible())
        if self.dots_panel.isVisible():
            self.dots_panel.refresh()
            self.dots_panel.raise_()

    def toggle_participation(self) -> None:
        from charter_app.ui.participation_view import ParticipationPanel

        if self.participation_panel is None:
            self.participation_panel = ParticipationPanel(self)
            self.window.addDockWidget(Qt.BottomDockWidgetArea, self.participation_panel)
        self.participation_panel.setVisible(not self.participation_panel.isVisible())
        if self.participation_panel.isVisible():
            self.participation_panel.refresh()

    def ask_minutes(self) -> None:
        snapshot = self.discussion.snapshot
        if snapshot is None:
            return
        if not snapshot.register.workshops:
            self._show_error(
                ValidationError(
                    _("No workshop yet: there are no minutes to write."),
                    _("Start a workshop first (Ctrl+Shift+W)."),
                )
            )
            return
        dialog = MinutesDialog(snapshot.register, self.window)
        if dialog.exec() == QDialog.Accepted:
            self.export_minutes(*dialog.values())

    def export_minutes(
        self, reference: str, format: str, names: str, path: Path, confirmed: bool = False
    ) -> None:
        """Write the minutes off the UI thread; the status bar says when it is done. Minutes
        hiding names first look for names in their free texts, and ask when some are found."""
        from charter_app.export.minutes import export_minutes, names_in_minutes
        from charter_app.storage.repository import opened

        document = self.window.document
        if document is None:
            return
        folder = document.path

        def work() -> object:
            with opened(folder) as repository:
                if not confirmed:
                    found = names_in_minutes(repository, reference, names)  # type: ignore[arg-type]
                    if found:
                        return (reference, format, names, path, found)
                return export_minutes(repository, reference, format, path, names)  # type: ignore[arg-type]

        self.window.statusBar().showMessage(_("Writing the minutes…"))
        self.minutes_worker.submit(work)

    def _minutes_written(self, path: object) -> None:
        if isinstance(path, tuple):  # names found in the free texts: ask before writing
            reference, format, names, out, found = path
            self.window.statusBar().clearMessage()
            if self.window.context.interaction.confirm_names(self.window, found):
                self.export_minutes(reference, format, names, out, confirmed=True)
            return
        self.window.statusBar().showMessage(
            _("Minutes written to {path}.").format(path=path), 10000
        )
