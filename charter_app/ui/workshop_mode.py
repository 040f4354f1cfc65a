"""Workshop mode: start and end a workshop, show it on a projector, take shows of hands,
hand the laptop round (quick capture), dot voting, the participation picture and the minutes.

A feature (``ui/features.py``): a "Workshop" menu, a permanent "Workshop W-3 running" text in
the status bar, and panels. Everything is recorded through the core (``core/workshops.py``,
``core/dots.py``...) as ``charter workshop``, ``charter tally`` and ``charter dots`` do; this
module only gathers what the person typed and shows the result. The snapshot, the discussion,
the start and minutes dialogs, the show-of-hands panel and the views opened from the menu
(``workshop_*.py``), the projector, the kiosk, the dots and participation panels and the
readability badge live in their own modules.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from charter_app.application import workshops as use_cases
from charter_app.core import workshops as core
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.responsive import give_room_when_shown
from charter_app.ui.workers import Worker
from charter_app.ui.workshop_discussion import Discussion
from charter_app.ui.workshop_minutes_dialog import MinutesDialog
from charter_app.ui.workshop_snapshot import Snapshot, read_snapshot
from charter_app.ui.workshop_start_dialog import StartValues, StartWorkshopDialog
from charter_app.ui.workshop_tally import TallyPanel, tally_text
from charter_app.ui.workshop_views import WorkshopViewsMixin

__all__ = [
    "MENU",
    "Discussion",
    "MinutesDialog",
    "Snapshot",
    "StartValues",
    "StartWorkshopDialog",
    "TallyPanel",
    "WorkshopFeature",
    "read_snapshot",
    "tally_text",
]

MENU = "workshop"


class WorkshopFeature(WorkshopViewsMixin):
    """The Workshop menu, the running-workshop indicator, and every workshop view."""

    def __init__(self, window) -> None:
        self.window = window
        self.discussion = Discussion(window)
        self.menu = window.feature_menu(MENU)
        self.indicator = QLabel()
        self.indicator.setObjectName("workshopIndicator")
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)
        self.projector = None
        self.companion_banner = None
        """(QR pixmap, address, code) while phones can join: the projector shows them."""
        self.kiosk = None
        self.dots_panel = None
        self.participation_panel = None
        self.minutes_worker = Worker(window)
        self.minutes_worker.done.connect(self._minutes_written)
        self.minutes_worker.failed.connect(self._show_error)

        def action(shortcut: str | None, slot) -> QAction:
            made = QAction(window)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(slot)
            window.addAction(made)
            self.menu.addAction(made)
            return made

        self.start_action = action("Ctrl+Shift+W", self.ask_start)
        self.end_action = action("Ctrl+Shift+F", self.ask_end)
        self.menu.addSeparator()
        self.projector_action = action("F5", self.toggle_projector)
        self.goto_action = action("Ctrl+G", self.ask_line)
        self.next_amendment_action = action("Ctrl+]", lambda: self.discussion.step_amendment(1))
        self.previous_amendment_action = action(
            "Ctrl+[", lambda: self.discussion.step_amendment(-1)
        )
        self.tally = TallyPanel(self)
        window.addDockWidget(Qt.RightDockWidgetArea, self.tally)
        give_room_when_shown(window, self.tally, share=0.4)
        self.tally.hide()
        self.tally_action = self.tally.toggleViewAction()
        self.tally_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        window.addAction(self.tally_action)
        self.menu.addAction(self.tally_action)
        self.menu.addSeparator()
        self.kiosk_action = action("Ctrl+Shift+K", self.ask_kiosk)
        self.dots_action = action("Ctrl+Shift+D", self.toggle_dots)
        self.participation_action = action("Ctrl+Shift+I", self.toggle_participation)
        self.menu.addSeparator()
        self.minutes_action = action("Ctrl+Shift+M", self.ask_minutes)
        self._install_readability()

        window.events.opened.connect(lambda _document: self.refresh())
        window.events.closed.connect(self._closed)
        window.events.saved.connect(lambda _sha: self.refresh(wait=False))
        window.events.selected.connect(lambda _id: self.discussion.principle_changed())
        window.events.retranslate.connect(self.retranslate)
        self.discussion.changed.connect(self._update)
        app = QGuiApplication.instance()
        app.screenRemoved.connect(self._screen_removed)
        self.retranslate()

    def _install_readability(self) -> None:
        from charter_app.ui.readability_badge import ReadabilityBadge

        self.readability = ReadabilityBadge(self.window)

    # -- texts ----------

    def retranslate(self) -> None:
        self.menu.setTitle(_("W&orkshop"))
        texts = {
            self.start_action: _("&Start a workshop…"),
            self.end_action: _("&End the workshop"),
            self.projector_action: _("&Projector mode"),
            self.goto_action: _("&Go to line on the projector…"),
            self.next_amendment_action: _("&Next amendment"),
            self.previous_amendment_action: _("Pre&vious amendment"),
            self.tally_action: _("Show of &hands panel"),
            self.kiosk_action: _("&Quick capture (kiosk)…"),
            self.dots_action: _("P&riorities (dot voting)"),
            self.participation_action: _("Partic&ipation picture"),
            self.minutes_action: _("Export the &minutes…"),
        }
        for item, text in texts.items():
            item.setText(text)
            shortcut = item.shortcut().toString(QKeySequence.NativeText)
            item.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        self.tally.retranslate()
        for panel in (self.dots_panel, self.participation_panel, self.projector, self.kiosk):
            if panel is not None:
                panel.retranslate()
        self._update()

    # -- state ----------

    def refresh(self, wait: bool = True) -> None:
        """Read the workshop's data again (at once by default; after a write off the UI
        thread, see ``__init__``)."""
        try:
            self.discussion.refresh(wait)
        except CharterError as error:
            self._show_error(error)

    def _closed(self) -> None:
        self.discussion.reader.cancel()
        self.discussion.snapshot = None
        self.discussion.amendment_id = None
        if self.projector is not None:
            self.projector.hide()
        self._update()

    def running(self) -> core.Workshop | None:
        snapshot = self.discussion.snapshot
        return snapshot.register.current() if snapshot else None

    def _update(self) -> None:
        workshop = self.running()
        if workshop is None:
            self.indicator.hide()
            self.indicator.setText("")
        else:
            text = _("Workshop {number} running").format(number=workshop.label)
            self.indicator.setText(text)
            self.indicator.setToolTip(f"{workshop.display} — {workshop.title}")
            set_accessible(self.indicator, text, workshop.title)
            self.indicator.show()
        document = self.window.document
        writable = document is not None and not document.read_only
        self.start_action.setEnabled(writable and workshop is None)
        self.end_action.setEnabled(writable and workshop is not None)
        self.kiosk_action.setEnabled(writable)
        for item in (self.projector_action, self.goto_action, self.dots_action,
                     self.participation_action, self.minutes_action,
                     self.next_amendment_action, self.previous_amendment_action):  # fmt: skip
            item.setEnabled(document is not None)

    def _show_error(self, error: object) -> None:
        self.window.show_error(error)

    def _author(self) -> str | None:
        return self.window.writer()

    def _write(self, work):
        """Run a workshop use case through the window's operations; its result or None."""
        written = self.window.operations.run_now(work)
        if written is not None:
            self.refresh()
        return written

    # -- start and end ----------

    def ask_start(self) -> None:
        document = self.window.document
        author = self._author()
        if document is None or author is None:
            return
        dialog = StartWorkshopDialog(document.saved_charter, author, self.window)
        if dialog.exec() == QDialog.Accepted:
            self.start_workshop(dialog.values())

    def start_workshop(self, values: StartValues) -> bool:
        document = self.window.document
        author = self._author()
        if document is None or author is None:
            return False
        written = self._write(
            lambda session: use_cases.start_workshop(
                session,
                author,
                values.title,
                day=values.day,
                place=values.place,
                attendance=values.attendance,
                participants=values.participants,
                dots=values.dots,
            )  # fmt: skip
        )
        if written is None:
            return False
        self.window.statusBar().showMessage(
            _("Workshop {number} started: everything captured now is tagged with it.").format(
                number=written.value.label
            ),
            8000,
        )
        return True

    def ask_end(self) -> None:
        workshop = self.running()
        if workshop is None:
            return
        answer = QMessageBox.question(
            self.window,
            _("End the workshop"),
            _("End workshop {number} “{title}” now?").format(
                number=workshop.label, title=workshop.title
            ),
        )
        if answer == QMessageBox.Yes:
            self.end_workshop()

    def end_workshop(self) -> bool:
        author = self._author()
        if self.window.document is None or author is None:
            return False
        written = self._write(lambda session: use_cases.end_workshop(session, author))
        if written is None:
            return False
        self.window.statusBar().showMessage(
            _("Workshop {number} ended.").format(number=written.value.workshop), 8000
        )
        return True

    # -- show of hands ----------

    def record_tally(self, amendment_id: str | None, votes_for: int, against: int,
                     abstain: int) -> bool:  # fmt: skip
        author = self._author()
        if author is None or not amendment_id:
            return False
        self.discussion.amendment_id = amendment_id
        written = self._write(
            lambda session: use_cases.record_tally(
                session, author, amendment_id, votes_for, against, abstain
            )
        )
        return written is not None
