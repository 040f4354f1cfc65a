"""The main window's recovery journal and instance lock: nothing lost, one writer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui import commands
from charter_app.ui.window_base import WindowMixinBase

if TYPE_CHECKING:
    from charter_app.storage.instance_lock import InstanceLock
    from charter_app.storage.journal import Journal


class WindowJournalMixin(WindowMixinBase):
    """Journals the unsaved text of ``MainWindow``, offers it back, and locks the charter."""

    _journaled: set[str]
    lock: InstanceLock | None
    journal: Journal | None

    # -- instance lock and recovery ----------

    def _acquire_lock(self, path: Path) -> tuple[bool, str]:
        from charter_app.storage.instance_lock import InstanceLock

        lock = InstanceLock(path)
        try:
            lock.acquire()
        except CharterError as error:  # LockedError, or a recovery folder we cannot write
            return True, f"{error.message} {error.hint}".strip()
        self.lock = lock
        return False, ""

    def _open_journal(self, path: Path) -> None:
        from charter_app.storage.journal import Journal

        self.journal = Journal(path)
        self._journaled = set()
        try:
            entries = self.journal.pending()
        except CharterError as error:
            self._show_error(error)
            return
        if entries:
            QTimer.singleShot(0, self, lambda: self._offer_recovery(entries))

    def _offer_recovery(self, entries: list) -> None:
        if self.document is None or self.journal is None:
            return
        chosen = self.context.interaction.offer_recovery(self, entries, self.journal)
        for entry in chosen:
            try:
                self._restore_entry(entry.key, entry.text)
            except CharterError as error:
                self._show_error(error)
        if chosen:
            self.statusBar().showMessage(
                _("Recovered text restored as unsaved changes: check it, then save."), 10000
            )

    def _restore_entry(self, key: str, text: str) -> None:
        assert self.document is not None
        parts = key.split(":")
        if parts[0] == "principle" and len(parts) == 3 and parts[2] in ("body", "title"):
            principle_id, field = parts[1], parts[2]
            if self.document.charter.principle(principle_id) is None:
                return
            self._push(commands.EditPrincipleCommand(self.document, principle_id, field, text))
            self.select_principle(principle_id)
        elif (
            parts[0] == "charter"
            and len(parts) == 2
            and parts[1]
            in (
                "preamble",
                "title",
                "territory",
            )
        ):
            field = "charter-title" if parts[1] == "title" else parts[1]
            self._push(commands.EditCharterCommand(self.document, field, text))
            self.select_principle(None)

    # -- recovery journal ----------

    def _journal_texts(self) -> dict[str, tuple[str, str]]:
        """key -> (text in the editor, saved text) for every text that differs."""
        assert self.document is not None
        saved, working = self.document.saved_charter, self.document.charter
        texts: dict[str, tuple[str, str]] = {}
        if working.preamble != saved.preamble:
            texts["charter:preamble"] = (working.preamble, saved.preamble)
        if working.title != saved.title:
            texts["charter:title"] = (working.title, saved.title)
        if working.territory != saved.territory:
            texts["charter:territory"] = (working.territory, saved.territory)
        saved_by_id = {p.id: p for p in saved.principles}
        for principle in working.principles:
            before = saved_by_id.get(principle.id)
            if before is principle:
                continue
            if before is None or before.body != principle.body:
                texts[f"principle:{principle.id}:body"] = (
                    principle.body,
                    before.body if before else "",
                )
            if before is None or before.title != principle.title:
                texts[f"principle:{principle.id}:title"] = (
                    principle.title,
                    before.title if before else "",
                )
        return texts

    def write_journal(self) -> None:
        """Keep unsaved text outside the repository, so a crash loses nothing."""
        if self.document is None or self.journal is None or self.document.read_only:
            self.journal_timer.stop()
            return
        texts = self._journal_texts()
        try:
            for key in self._journaled - texts.keys():
                self.journal.discard(key)
            for key, (text, saved_text) in texts.items():
                self.journal.save(key, text, saved_text)
        except CharterError as error:
            self.journal_timer.stop()
            self.statusBar().showMessage(error.message, 10000)
            return
        self._journaled = set(texts)
        if not texts:
            self.journal_timer.stop()

    def _clear_journal(self) -> None:
        self.journal_timer.stop()
        self._journaled = set()
        if self.journal is not None:
            try:
                self.journal.clear()
            except CharterError as error:
                self.statusBar().showMessage(error.message, 10000)
