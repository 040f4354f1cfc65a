"""The council: decisions on amendments, adoption of a selection in order, adopted versions.

A feature (``ui/features.py``): a Council menu and a dock. Every write is a use case of
:mod:`charter_app.application.council`, exactly as ``charter decide``, ``adopt-batch`` and
``adopt`` run it, through the window's operations (off the UI thread); a conflicting adoption
writes nothing and shows both texts; a batch is previewed ("what if") before its one commit.
Reading the amendments, checking signatures and previews run off the UI thread too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog

from charter_app.application import council
from charter_app.core.decisions import OUTCOME_LABELS, AdoptionConflictError, Outcome, make_decision
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui.council_batch_dialog import BatchDialog
from charter_app.ui.council_conflict_dialog import ConflictDialog
from charter_app.ui.council_dock import CouncilPanel
from charter_app.ui.council_version_dialog import AdoptVersionDialog
from charter_app.ui.council_work import (
    BatchPreview,
    CouncilState,
    PreviewedText,
    load_council,
    load_versions,
    next_version_name,
    preview_batch,
)
from charter_app.ui.side_by_side_view import make_diff_view
from charter_app.ui.workers import Worker
from charter_app.ui.workspaces import COUNCIL


class CouncilFeature:
    """Council menu and dock: decisions, adoptions in order, adopted versions."""

    MENU = "council"

    def __init__(self, window) -> None:
        self.window = window
        self.panel = CouncilPanel(window)
        window.workspaces.register(self.panel, COUNCIL, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.menu = window.feature_menu(self.MENU)
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setShortcut(QKeySequence("Ctrl+Alt+C"))
        self.decide_action = self._action("Ctrl+Alt+D", self.focus_decision)
        self.batch_action = self._action("Ctrl+Alt+B", self.open_batch)
        self.version_action = self._action("Ctrl+Alt+V", self.open_adopt_version)
        window.addAction(self.panel_action)
        for action in (self.panel_action, self.decide_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.batch_action)
        self.menu.addAction(self.version_action)
        self.dialog: QDialog | None = None
        self.loader = Worker(window, coalesce=True)
        self.loader.done.connect(self.panel.set_state)
        self.loader.failed.connect(self._load_failed)
        self.loader.busy_changed.connect(self._busy)
        self.versions_loader = Worker(window, coalesce=True)
        self.versions_loader.done.connect(self.panel.versions_model.set_versions)
        self.versions_loader.failed.connect(self._load_failed)
        self.versions_loader.busy_changed.connect(self._busy)
        window.operations.busy_changed.connect(self._busy)
        self.panel.decide_button.clicked.connect(self.record_decision)
        self.panel.batch_button.clicked.connect(self.open_batch)
        self.panel.version_button.clicked.connect(self.open_adopt_version)
        events = window.events
        events.opened.connect(lambda _doc: self.refresh())
        events.closed.connect(self._closed)
        events.saved.connect(lambda _sha: self.refresh())
        events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def _action(self, shortcut: str, slot) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("C&ouncil"))
        self.panel_action.setText(_("Council &panel"))
        self.decide_action.setText(_("&Record a decision…"))
        self.batch_action.setText(_("Adopt &several amendments, in order…"))
        self.version_action.setText(_("Adopt this &version…"))
        self.panel.retranslate()
        if self.window.document is not None:
            self.refresh()  # the rows' words (kinds, decisions, "draft") in the new language

    # -- state ----------

    @property
    def writable(self) -> bool:
        document = self.window.document
        return document is not None and not document.read_only

    def _update_actions(self) -> None:
        has = self.window.document is not None
        for action in (self.decide_action, self.batch_action, self.version_action):
            action.setEnabled(self.writable)
        self.panel_action.setEnabled(has)
        for widget in (self.panel.form_box, self.panel.batch_button, self.panel.version_button):
            widget.setEnabled(self.writable)

    def _busy(self, _busy: bool = False) -> None:
        busy = self.loader.busy or self.versions_loader.busy or self.window.operations.busy
        self.panel.busy_label.setText(_("Reading the amendments and versions…") if busy else "")

    @property
    def busy(self) -> bool:
        return self.loader.busy or self.versions_loader.busy or self.window.operations.busy

    def refresh(self) -> None:
        """Read the amendments and versions again, off the UI thread."""
        self._update_actions()
        document = self.window.document
        if document is None:
            return
        path = document.path
        self.loader.submit(lambda: load_council(path))
        self.versions_loader.submit(lambda: load_versions(path))

    def _closed(self) -> None:
        self.loader.cancel()
        self.versions_loader.cancel()
        self.panel.set_state(CouncilState((), False))
        self.panel.versions_model.set_versions([])
        self._update_actions()

    def _load_failed(self, error: object) -> None:
        self._show_error(error)

    def _show_error(self, error: object) -> None:
        self.window.show_error(error)

    def _author(self) -> str | None:
        return self.window.writer(
            _("Choose the person recording the council’s decisions, then try again.")
        )

    def _labels(self) -> dict[str, str]:
        return {row.id: row.label for row in self.panel.state.rows}

    def _refused(self, error: BaseException) -> None:
        """A write of the council failed: a conflict shows both texts, anything else the
        window's error dialog."""
        if isinstance(error, AdoptionConflictError):
            self.show_conflict(error)
        else:
            self._show_error(error)

    # -- decisions ----------

    def focus_decision(self) -> None:
        if self.window.document is None:
            return
        self.window.workspaces.open_dock(self.panel)
        self.panel.outcome_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def record_decision(self) -> None:
        """Record the decision of the form on the selected amendment (one commit)."""
        row = self.panel.selected_row()
        document = self.window.document
        if row is None or document is None or not self.writable:
            return
        author = self._author()
        if author is None:
            return
        outcome, votes, ref, when = self.panel.decision_values()
        try:
            decision = make_decision(outcome, votes, ref, when)
        except CharterError as error:
            self._show_error(error)
            return
        if not self.window.confirm_no_unsaved():
            return

        def landed(written) -> None:
            self.window.statusBar().showMessage(
                _("Amendment {number}: {outcome}.").format(
                    number=written.value.label,
                    outcome=_(OUTCOME_LABELS[decision.outcome])
                    + (f" {decision.votes}" if decision.votes else ""),
                ),
                8000,
            )

        amendment_id = row.id
        self.window.operations.run(
            lambda session: council.decide(session, author, amendment_id, decision),
            landed,
            _("Recording the decision…"),
            self._refused,
        )

    def show_conflict(self, error: AdoptionConflictError) -> None:
        dialog = ConflictDialog(error, self._labels(), self.window)
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        """Window-modal and non-blocking: the window keeps drawing, tests keep control."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    # -- adopting several ----------

    def open_batch(self) -> None:
        document = self.window.document
        if document is None or not self.writable:
            return
        author = self._author()
        if author is None or not self.window.confirm_no_unsaved():
            return
        open_rows = [row for row in self.panel.state.rows if row.open]
        if not open_rows:
            self.window.statusBar().showMessage(_("No registered amendment is waiting."), 6000)
        dialog = BatchDialog(document.path, open_rows, author, self.window)
        dialog.accepted.connect(lambda: self._adopt_batch(dialog))
        self._open(dialog)

    def _adopt_batch(self, dialog: BatchDialog) -> None:
        if self.window.document is None:
            return
        ref, when = dialog.values()
        try:
            decision = make_decision(Outcome.ADOPTED, None, ref, when)
        except CharterError as error:
            self._show_error(error)
            return
        selection = [(amendment_id, decision) for amendment_id in dialog.selection()]
        by = dialog.by

        def landed(written) -> None:
            self.window.statusBar().showMessage(
                _("Adopted {numbers} in one step.").format(
                    numbers=", ".join(written.value.adopted)
                ),
                8000,
            )

        self.window.operations.run(
            lambda session: council.adopt(session, by, selection),
            landed,
            _("Adopting the amendments…"),
            self._refused,
        )

    # -- adopted versions ----------

    def open_adopt_version(self) -> None:
        document = self.window.document
        if document is None or not self.writable:
            return
        if self._author() is None or not self.window.confirm_no_unsaved():
            return
        suggested = next_version_name(self.panel.versions_model.versions())
        dialog = AdoptVersionDialog(suggested, self.panel.state.signing, self.window)
        dialog.accepted.connect(lambda: self._adopt_version(dialog))
        self._open(dialog)

    def _adopt_version(self, dialog: AdoptVersionDialog) -> None:
        author = self.window.current_participant()
        if self.window.document is None or author is None:
            return
        name, ref, when, renumber, sign = dialog.values()
        label = _("Adopting version {name}…").format(name=name) + (
            " " + _("Your signing program may ask for your passphrase.") if sign else ""
        )

        def landed(written) -> None:
            self.window.statusBar().showMessage(
                _("Version {name} adopted.").format(name=written.value.name), 8000
            )

        self.window.operations.run(
            lambda session: council.adopt_version(
                session, author, name, ref, when, renumber=renumber, sign=sign
            ),
            landed,
            label,
        )


__all__ = [
    "AdoptVersionDialog",
    "BatchDialog",
    "BatchPreview",
    "ConflictDialog",
    "CouncilFeature",
    "CouncilPanel",
    "CouncilState",
    "PreviewedText",
    "load_council",
    "load_versions",
    "make_diff_view",
    "next_version_name",
    "preview_batch",
]
