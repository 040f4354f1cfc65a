"""Amendments in the window: propose one, list and filter them, read each one's diff,
rationale and discussion, register or withdraw a draft, and compare any two versions.

Everything goes through ``AmendmentBook`` (storage) and the core, as the ``charter amend``,
``amendments``, ``register``, ``withdraw`` and ``diff`` commands do. The ledger, the computed
states and the comments are read off the UI thread, on a repository of their own
(``amendment_snapshot.py``); the dock lives in ``amendments_dock.py``, this module is the
feature: the menu, the actions and the writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from charter_app.core.amendment_state import REGISTER, WITHDRAW, AmendmentRecord, AmendmentStatus
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.ui.amendment_dialog import CompareVersionsDialog, Proposal, ProposeAmendmentDialog
from charter_app.ui.amendment_snapshot import Snapshot, load_snapshot
from charter_app.ui.amendment_texts import (
    BASE_TO_PROPOSED,
    CURRENT_TO_PROPOSED,
    diff_texts,
    thread_text,
)
from charter_app.ui.amendments_dock import FOLLOW_SELECTION, AmendmentsPanel

if TYPE_CHECKING:
    from charter_app.ui.main_window import MainWindow

__all__ = [
    "BASE_TO_PROPOSED",
    "CURRENT_TO_PROPOSED",
    "FOLLOW_SELECTION",
    "AmendmentsFeature",
    "AmendmentsPanel",
    "Snapshot",
    "diff_texts",
    "load_snapshot",
    "thread_text",
]


class AmendmentsFeature:
    """The Amendments menu, the amendments dock and their dialogs."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: ProposeAmendmentDialog | None = None
        self.compare_dialog: CompareVersionsDialog | None = None
        self.counts: dict[str, int] = {}
        self.panel = AmendmentsPanel(window)
        window.addDockWidget(Qt.BottomDockWidgetArea, self.panel)
        self.panel.hide()
        self.menu = window.feature_menu("amendments")
        self.propose_action = self._action("Ctrl+Shift+A", self.propose)
        self.panel_action = self._action("Ctrl+Alt+A", self.panel.focus_list)
        self.compare_action = self._action("Ctrl+Shift+R", self.compare_versions)
        self.register_action = self._action(None, lambda: self.change_status(REGISTER))
        self.withdraw_action = self._action(None, lambda: self.change_status(WITHDRAW))
        self.menu.addSeparator()
        self.menu.addAction(self.panel.toggleViewAction())
        self.panel.propose_button.clicked.connect(self.propose)
        self.panel.register_button.clicked.connect(self.register_action.trigger)
        self.panel.withdraw_button.clicked.connect(self.withdraw_action.trigger)
        self.panel.compare_button.clicked.connect(self.compare_versions)
        self.panel.counts_changed.connect(self._counts_changed)
        self.panel.table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.panel.loaded.connect(self._update_actions)
        events = window.events
        events.opened.connect(self._opened)
        events.closed.connect(self._closed)
        events.selected.connect(self.panel.set_selected_principle)
        events.saved.connect(lambda _sha: self.refresh())
        events.retranslate.connect(self.retranslate)
        self._update_actions()

    def _action(self, shortcut: str | None, slot) -> QAction:
        action = QAction(self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("A&mendments"))
        for action, text in (
            (self.propose_action, _("&Propose an amendment…")),
            (self.panel_action, _("Go to the &amendments")),
            (self.compare_action, _("&Compare versions…")),
            (self.register_action, _("&Register the selected draft")),
            (self.withdraw_action, _("&Withdraw the selected amendment")),
        ):
            action.setText(text)
            shortcut = action.shortcut().toString(QKeySequence.NativeText)
            plain = text.replace("&", "")
            action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)
        self.panel.toggleViewAction().setText(_("Amendments &panel"))
        self.panel.retranslate()

    # -- following the window ----------

    def _opened(self, document) -> None:
        first_time = self.panel.isHidden()
        self.panel.show()
        if first_time:
            # A third of the window: the text being written keeps most of the height.
            height = max(self.window.height() // 3, self.panel.minimumSizeHint().height())
            self.window.resizeDocks([self.panel], [height], Qt.Vertical)
        self.panel.set_selected_principle(self.window.selected_principle_id)
        self.refresh()
        self._update_actions()

    def _closed(self) -> None:
        self.panel.refresh(None)
        self.panel.hide()
        self._update_actions()

    def refresh(self) -> None:
        document = self.window.document
        self.panel.refresh(document.path if document is not None else None)

    def _counts_changed(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def _writable(self) -> bool:
        document = self.window.document
        return document is not None and not document.read_only

    def _update_actions(self, *_args: object) -> None:
        writable = self._writable()
        row = self.panel.current_row()
        self.propose_action.setEnabled(writable)
        self.panel.propose_button.setEnabled(writable)
        self.compare_action.setEnabled(self.window.document is not None)
        self.panel.compare_button.setEnabled(self.window.document is not None)
        draft = row is not None and row.record.status is AmendmentStatus.DRAFT
        open_ = row is not None and row.record.status in (
            AmendmentStatus.DRAFT,
            AmendmentStatus.REGISTERED,
        )
        self.register_action.setEnabled(writable and draft)
        self.withdraw_action.setEnabled(writable and open_)
        self.panel.register_button.setEnabled(writable and draft)
        self.panel.withdraw_button.setEnabled(writable and open_)

    def _show_error(self, error: object) -> None:
        self.window.show_error(error)

    # -- proposing ----------

    def propose(self) -> ProposeAmendmentDialog | None:
        """Open the dialog for the selected principle (non-blocking); returns it."""
        document = self.window.document
        if document is None or document.read_only:
            return None
        principle_id = self.window.selected_principle_id
        principle = document.saved_charter.principle(principle_id) if principle_id else None
        if principle is None:
            hint = (
                _("Save the new principle first (Ctrl+S), then propose an amendment to it.")
                if principle_id
                else _("Choose a principle in the list, then propose an amendment.")
            )
            self._show_error(ValidationError(_("No saved principle is selected."), hint))
            return None
        working = document.charter.principle(principle.id)
        dialog = ProposeAmendmentDialog(
            principle,
            document.saved_charter.participants,
            self.window.current_participant(),
            self.file,
            self.window,
            unsaved_note=working != principle,
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.dialog = dialog
        return dialog

    def file(self, proposal: Proposal) -> AmendmentRecord:
        """Write the amendment (a commit), as ``charter amend`` does; errors are raised for the
        dialog to show in place, with everything typed kept."""
        from charter_app.application.amendments import file_amendment

        document = self.window.document
        if document is None or document.read_only:
            raise ValidationError(_("This charter is open read-only."))
        if document.base is None:
            raise ValidationError(_("Save the charter once before proposing an amendment."))
        problems: list[BaseException] = []
        written = self.window.operations.run_now(
            lambda session: file_amendment(
                session,
                proposal.author,
                proposal.kind,
                proposal.target,
                rationale=proposal.rationale,
                title=proposal.title,
                body=proposal.body,
                draft=not proposal.register,
            ),
            failed=problems.append,
        )
        if written is None:
            raise problems[0] if problems else ValidationError(_("Nothing was recorded."))
        record = written.value
        message = (
            _("Amendment {number} registered.").format(number=record.label)
            if record.number is not None
            else _("Draft amendment {id} saved (not registered).").format(id=record.id)
        )
        self.window.statusBar().showMessage(message, 6000)
        self._after_write(record.id)
        return record

    def change_status(self, action: str) -> None:
        """Register or withdraw the selected amendment (as ``charter register/withdraw``)."""
        from charter_app.application.amendments import register_amendment, withdraw_amendment

        document = self.window.document
        row = self.panel.current_row()
        if document is None or document.read_only or row is None:
            return
        by = self.window.writer()
        if by is None:
            return
        workshop = self.panel.snapshot.workshop if self.panel.snapshot else None
        use_case = register_amendment if action == REGISTER else withdraw_amendment
        done = (
            _("Amendment {number} registered.")
            if action == REGISTER
            else _("Amendment {number} withdrawn.")
        )

        def landed(written) -> None:
            self.window.statusBar().showMessage(done.format(number=written.value.label), 6000)
            self._after_write(written.value.id)

        amendment_id = row.id
        self.window.operations.run(
            lambda session: use_case(session, by, amendment_id, workshop), landed
        )

    def _after_write(self, amendment_id: str) -> None:
        def select() -> None:
            self.panel.loaded.disconnect(select)
            if not self.panel.select_amendment(amendment_id):
                self.panel.principle_filter.setCurrentIndex(
                    self.panel.principle_filter.findData(None)
                )
                self.panel.select_amendment(amendment_id)

        self.panel.loaded.connect(select)
        self.panel.show()

    # -- comparing versions ----------

    def compare_versions(self) -> CompareVersionsDialog | None:
        document = self.window.document
        if document is None:
            return None
        dialog = CompareVersionsDialog(
            document.path,
            document.saved_charter,
            self.window.selected_principle_id,
            self._show_error,
            self.window,
        )
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        self.compare_dialog = dialog
        return dialog
