"""The main window's opening, creating and closing of charters."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.ui.document import CharterDocument
from charter_app.ui.interaction import CloseChoice
from charter_app.ui.loading import LoadedCharter, first_look, load_charter
from charter_app.ui.window_base import WindowMixinBase

if TYPE_CHECKING:
    from charter_app.storage.instance_lock import InstanceLock
    from charter_app.storage.journal import Journal

WELCOME, WORKSPACE = 0, 1
"""Pages of the window's central stack: the welcome screen, the writing page."""


class WindowOpeningMixin(WindowMixinBase):
    """Opens a charter in ``MainWindow`` off the UI thread, and closes it safely."""

    document: CharterDocument | None
    lock: InstanceLock | None
    journal: Journal | None
    _opening: Path | None = None
    _open_next: Callable[[], object] | None = None
    """Starts opening the charter asked for, once its first look is painted (None: started)."""
    """The folder being opened (None for the example), offered a repair if it fails."""

    # -- opening and closing ----------

    def _show_welcome(self) -> None:
        self.workspaces.activate(False)
        self._fill_recent()
        self._update_actions()

    def _fill_recent(self) -> None:
        recent = self.context.recent()
        self.welcome.set_recent(recent)
        self.recent_menu.clear()
        for folder in recent:
            action = self.recent_menu.addAction(folder)
            action.triggered.connect(lambda _checked=False, f=folder: self.open_charter(Path(f)))
        self.recent_menu.setEnabled(bool(recent))

    def choose_and_open(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Open a charter folder"))
        if folder:
            self.open_charter(Path(folder))

    def open_charter(self, path: Path | None, *, example: bool = False) -> None:
        """Open ``path`` (or the example copy) off the UI thread; the window stays responsive."""
        if not self.close_charter():
            return
        self.progress.show()
        self.statusBar().showMessage(_("Opening the charter…"))
        self.workspaces.activate(True)
        self._set_banner(_("Opening the charter…"))
        if self.write_page_built:
            self.splitter.setEnabled(False)
        self._opening = None if example or path is None else Path(path).expanduser().resolve()
        self._open_next = lambda: self.loader.submit(lambda: load_charter(path, example=example))
        if self.stack.currentWidget() is self.reading:
            # The reading view paints the text read from the folder first; the charter is
            # opened for writing (a write cut short finished, the session, the lock) after it.
            # Read here: a few small files, principles parsed before come from the cache, no
            # git, nothing written; the window's first paint then holds the text.
            try:
                charter = first_look(path, example=example)
            except Exception:  # noqa: BLE001 - the opening proper says what is wrong
                charter = None
            self._first_look_read(charter)
        else:
            self._open_for_writing()

    def _open_for_writing(self) -> None:
        """Start opening the charter asked for last (once, whatever the first look did)."""
        start, self._open_next = self._open_next, None
        if start is not None:
            self.ensure_write_page()  # the opened charter fills it
            self.splitter.setEnabled(False)
            start()

    def _first_look_read(self, charter: object) -> None:
        """The charter's text is in: paint it, then open the charter for writing."""
        if self._open_next is None or self.document is not None:
            return
        if charter is None or self.stack.currentWidget() is not self.reading:
            self._open_for_writing()
            return
        self.reading.show_charter(charter)
        self._after_next_paint(self._open_for_writing, self.reading.text.viewport())

    def new_charter(self) -> None:
        from charter_app.ui.dialogs import NewCharterDialog

        dialog = NewCharterDialog(self.context.language, self)
        if dialog.exec() != NewCharterDialog.Accepted:
            return
        self.create_charter(dialog.folder, dialog.template, dialog.title, dialog.language)

    def create_charter(self, folder: Path, template: str, title: str, language: str) -> None:
        """Create a charter (off the UI thread) and open it."""
        from charter_app.ui.loading import create_charter

        if not str(folder).strip() or folder == Path():
            self._show_error(
                ValidationError(
                    _("Choose a folder for the new charter."),
                    _("Type a folder path or use Browse…"),
                )
            )
            return
        if not self.close_charter():
            return
        self.progress.show()
        self.workspaces.activate(True)
        self._set_banner(_("Creating the charter…"))
        self.ensure_write_page()
        self.splitter.setEnabled(False)
        self._open_next = None  # a first look asked for earlier is answered by the new one
        self.loader.submit(lambda: create_charter(folder, template, title, language))

    def _load_failed(self, error: object) -> None:
        self.ensure_write_page()
        self.progress.hide()
        self.splitter.setEnabled(True)
        self._set_banner("")
        self.statusBar().clearMessage()
        self.reading.show_charter(None)  # the first look, if one was painted
        self._show_welcome()
        from charter_app.ui.repair_offer import offer_after_failed_open

        # A file that cannot be read: offer to set it aside and open the rest.
        if not offer_after_failed_open(self, self._opening, error):
            self._show_error(error)

    def _charter_loaded(self, loaded: LoadedCharter) -> None:
        self.ensure_write_page()
        self.progress.hide()
        self.splitter.setEnabled(True)
        self.statusBar().clearMessage()
        read_only, banner = self._acquire_lock(loaded.path)
        self.document = CharterDocument(
            loaded.session, loaded.charter, read_only=read_only, base=loaded.head
        )
        if not read_only:
            self.operations.attach(loaded.session)
        self.document.stable_numbers = loaded.stable_numbers
        self.document.changed.connect(self._document_changed)
        self.undo_stack.clear()
        self._set_banner(banner)
        self._message_touched = False
        self.message_edit.clear()
        self.model.read_only = read_only
        self.model.set_principles(loaded.charter.principles, loaded.charter.sections)
        self.charter_editor.set_read_only(read_only)
        self.principle_editor.set_read_only(read_only)
        self.context.remember(str(loaded.path))
        self._fill_recent()
        self._fill_participants()
        self.workspaces.activate(True)
        self.refresh_reading()
        first = loaded.charter.principles[0].id if loaded.charter.principles else None
        self._following_reading = True  # the reading view opens at the charter's title
        try:
            self.select_principle(first)
        finally:
            self._following_reading = False
        self._update_title()
        self._update_actions()
        if not read_only:
            self._open_journal(loaded.path)
        if loaded.notices:  # once-only news (names moved out, work recovered): read in full
            notices = "\n\n".join(loaded.notices)
            self.statusBar().showMessage(notices.replace("\n\n", " "), 15000)
            self._after_next_paint(
                lambda: self.context.interaction.inform(self, _("Charter opened"), notices)
            )
        # After the charter is painted: features load then, and read their own data (counts,
        # states...), so nobody waits for them to see the text.
        # The reading view's text is what a person waits for: the features wait for its paint.
        document = self.document
        reading = self.stack.currentWidget() is self.reading
        target = self.reading.text.viewport() if reading else None
        self._after_next_paint(lambda: self._announce_opened(document), target)

    def close_charter(self) -> bool:
        """Close the open charter after asking about unsaved changes; False if cancelled."""
        if self.document is None:
            return True
        if self.document.is_modified and not self.document.read_only:
            choice = self.context.interaction.ask_unsaved(self, self.document.charter.title)
            if choice is CloseChoice.CANCEL:
                return False
            if choice is CloseChoice.SAVE and not self.save():
                return False
            if choice is CloseChoice.DISCARD and self.journal is not None:
                self._clear_journal()
        self.operations.wait_until_idle()
        self.operations.detach()
        self.journal_timer.stop()
        self.write_journal()
        if self.lock is not None:
            self.lock.release()
            self.lock = None
        session = self.document.session
        self.document = None
        self.journal = None
        self.undo_stack.clear()
        self.model.set_principles([])
        self.principle_editor.show_principle(None)
        self.preview.clear_preview()
        self.reading.show_charter(None)
        self.history.show_history(None, None, None)
        self._set_banner("")
        with contextlib.suppress(Exception):  # closing must never keep anyone in a dead charter
            session.close()
        self._fill_participants()
        self._update_title()
        self._show_welcome()
        self.events.closed.emit()
        return True
