"""Exchanging the charter between laptops: USB stick export and import, sync with the server.

A feature (``ui/features.py``): a "Sync" menu. Everything runs off the UI thread with a
progress bar, on a repository of its own (as ``charter_app/cli/sync.py`` does); the storage
verifies what comes in (quarantine, checksums, accepted addresses) and the dialogs say what
happened, or why it was refused, in plain words. After anything that changed the charter the
window reloads; conflicts open the conflict view (:mod:`charter_app.ui.conflict_view`).

File choosers are attributes of :class:`SyncFeature` (``choose_save_path``, ``choose_open_path``)
so tests and scripted sessions replace them and no modal dialog is ever left open.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.errors import CharterError
from charter_app.i18n import _, ngettext
from charter_app.ui.editor import set_accessible
from charter_app.ui.sync_messages import describe_refusal, describe_result
from charter_app.ui.workers import Worker

BUNDLE_FILTER = "*.bundle"


def _in_repository(path: Path, function: Callable[[Any], Any]) -> Callable[[], Any]:
    def job() -> Any:
        from charter_app.storage.repository import CharterRepository

        with CharterRepository.open(path) as repository:
            return function(repository)

    return job


class _TaskDialog(QDialog):
    """A dialog (not modal) with a progress bar and a selectable result text."""

    def __init__(self, feature: SyncFeature) -> None:
        super().__init__(feature.window)
        self.feature = feature
        self.setModal(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(
            Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard
        )
        self.result_label.setFocusPolicy(Qt.StrongFocus)
        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.progress, 1)
        self.buttons.addWidget(self.close_button)
        self.buttons.addWidget(self.run_button)
        self.worker = Worker(self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)

    _writing = False

    @property
    def busy(self) -> bool:
        return self.worker.busy or self._writing

    def start(self, job: Callable[[], Any], message: str) -> None:
        self.progress.show()
        self.run_button.setEnabled(False)
        self.result_label.setText(message)
        self.worker.submit(job)

    def start_write(self, work: Callable[[Any], Any], message: str) -> None:
        """Run a write (a use case of the application layer) through the window's operations:
        the window takes in what it changed, this dialog says what happened."""
        self.progress.show()
        self.run_button.setEnabled(False)
        self.result_label.setText(message)
        self._writing = True
        self.feature.window.operations.run(
            work, lambda written: self._write_done(written.value), failed=self._write_failed
        )

    def _write_done(self, result: Any) -> None:
        self._writing = False
        self._done(result)

    def _write_failed(self, error: BaseException) -> None:
        self._writing = False
        self._failed(error)

    def _finish(self) -> None:
        self.progress.hide()
        self.run_button.setEnabled(True)

    def _done(self, result: Any) -> None:
        self._finish()

    def _failed(self, error: object) -> None:
        self._finish()
        assert isinstance(error, BaseException)
        self.result_label.setText(_("Refused: {reason}").format(reason=describe_refusal(error)))
        self.feature.window.context.interaction.show_error(self, error)


class ExportDialog(_TaskDialog):
    """Export for a USB stick: everything, or only what a named laptop has not received."""

    def __init__(self, feature: SyncFeature) -> None:
        super().__init__(feature)
        settings = feature.window.context.settings
        from charter_app.storage.bundles import laptop_name

        self.full_radio = QRadioButton()
        self.new_radio = QRadioButton()
        self.group = QButtonGroup(self)
        self.group.addButton(self.full_radio)
        self.group.addButton(self.new_radio)
        self.full_radio.setChecked(True)
        self.destination_edit = QLineEdit(str(settings.value("sync/destination", "") or ""))
        self.sender_edit = QLineEdit(str(settings.value("sync/laptop", "") or laptop_name()))
        self.file_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.sender_label, self.file_label = QLabel(), QLabel()
        self.sender_label.setBuddy(self.sender_edit)
        self.file_label.setBuddy(self.file_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        new_row = QHBoxLayout()
        new_row.addWidget(self.new_radio)
        new_row.addWidget(self.destination_edit, 1)
        form = QFormLayout()
        form.addRow(self.sender_label, self.sender_edit)
        form.addRow(self.file_label, file_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.full_radio)
        layout.addLayout(new_row)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addLayout(self.buttons)
        self.destination_edit.textEdited.connect(lambda _t: self.new_radio.setChecked(True))
        self.browse_button.clicked.connect(self.browse)
        self.run_button.clicked.connect(self.export)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export for a USB stick"))
        self.full_radio.setText(_("&Everything (the other laptop may have nothing yet)"))
        self.new_radio.setText(_("Only what is &new for the laptop named:"))
        self.sender_label.setText(_("This &laptop’s name:"))
        self.file_label.setText(_("Export &file:"))
        self.browse_button.setText(_("&Choose…"))
        self.run_button.setText(_("E&xport"))
        self.close_button.setText(_("Close"))
        named = (
            (self.full_radio, _("Everything"), _("Export the whole history of the charter.")),
            (
                self.new_radio,
                _("Only what is new"),
                _("Export only what the named laptop has not received yet."),
            ),
            (
                self.destination_edit,
                _("Other laptop’s name"),
                _("The laptop the export is for, e.g. salle-2."),
            ),
            (
                self.sender_edit,
                _("This laptop’s name"),
                _("Tells the other laptop who the export comes from."),
            ),
            (
                self.file_edit,
                _("Export file"),
                _("Where to write the export; its checksum is written beside it."),
            ),
            (self.browse_button, _("Choose the file"), _("Choose where to write the export.")),
            (self.run_button, _("Export"), _("Write the export and its checksum now.")),
            (self.close_button, _("Close"), _("Close this window.")),
            (self.result_label, _("What happened"), _("The result of the export.")),
        )
        for widget, name, description in named:
            set_accessible(widget, name, description)

    def browse(self) -> None:
        suggested = self.file_edit.text() or str(
            Path.home() / f"{self.sender_edit.text() or 'charter'}.bundle"
        )
        chosen = self.feature.choose_save_path(self, _("Export for a USB stick"), suggested)
        if chosen:
            self.file_edit.setText(chosen)

    def export(self) -> None:
        document = self.feature.window.document
        if document is None or self.busy:
            return
        if not self.file_edit.text().strip():
            self.browse()
        target = self.file_edit.text().strip()
        if not target:
            return
        for_name = self.destination_edit.text().strip() if self.new_radio.isChecked() else None
        sender = self.sender_edit.text().strip() or None
        settings = self.feature.window.context.settings
        if sender:
            settings.setValue("sync/laptop", sender)
        if for_name:
            settings.setValue("sync/destination", for_name)
        from charter_app.storage.bundles import export_bundle

        job = _in_repository(
            document.path,
            lambda r: export_bundle(r, target, for_name=for_name, sender=sender),
        )
        self.start(job, _("Writing the export…"))

    def _done(self, export: Any) -> None:
        super()._done(export)
        self.export_result = export
        text = ngettext(
            "Wrote {path} ({count} change) and its checksum {checksum}.",
            "Wrote {path} ({count} changes) and its checksum {checksum}.",
            export.commits,
        ).format(path=export.path, count=export.commits, checksum=export.checksum_path.name)
        text += " " + _("Copy both files to the USB stick.")
        self.result_label.setText(text)
        self.feature.window.statusBar().showMessage(text, 10000)


class ServerDialog(_TaskDialog):
    """Sync with the authority's git server or a shared folder (address and user name
    remembered; the password or token only while the app runs, never written anywhere)."""

    def __init__(self, feature: SyncFeature) -> None:
        super().__init__(feature)
        settings = feature.window.context.settings
        self.url_label = QLabel()
        self.url_edit = QLineEdit(str(settings.value("sync/server", "") or ""))
        self.url_label.setBuddy(self.url_edit)
        self.user_label = QLabel()
        self.user_edit = QLineEdit(str(settings.value("sync/user", "") or ""))
        self.user_label.setBuddy(self.user_edit)
        self.password_label = QLabel()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.Password)
        self.password_label.setBuddy(self.password_edit)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.url_label, self.url_edit)
        form.addRow(self.user_label, self.user_edit)
        form.addRow(self.password_label, self.password_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.help_label)
        layout.addWidget(self.result_label)
        layout.addLayout(self.buttons)
        self.run_button.clicked.connect(self.sync_now)
        self.retranslate()
        self.resize(620, self.sizeHint().height())

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sync with the server"))
        self.url_label.setText(_("Server &address:"))
        self.url_edit.setPlaceholderText(_("https://…, ssh://… or a shared folder"))
        self.user_label.setText(_("&User name:"))
        self.user_edit.setPlaceholderText(_("only if the https server asks for one"))
        self.password_label.setText(_("Pass&word or token:"))
        self.help_label.setText(
            _(
                "The authority’s git server (https or ssh address) or a shared folder. Other "
                "kinds of address are refused. An https server may ask for a user name and a "
                "password or personal access token: the password is kept only until the app "
                "closes, never saved; ssh uses this computer’s keys."
            )
        )
        self.run_button.setText(_("&Sync now"))
        self.close_button.setText(_("Close"))
        named = (
            (
                self.url_edit,
                _("Server address"),
                _("https or ssh address of the server, or a shared folder; remembered."),
            ),
            (
                self.user_edit,
                _("User name"),
                _("Your user name on the https server, if it asks for one; remembered."),
            ),
            (
                self.password_edit,
                _("Password or token"),
                _("Your password or personal access token; kept until the app closes."),
            ),
            (
                self.run_button,
                _("Sync now"),
                _("Receive the server’s changes, merge them, and send this laptop’s."),
            ),
            (self.close_button, _("Close"), _("Close this window.")),
            (self.result_label, _("What happened"), _("The result of the sync.")),
        )
        for widget, name, description in named:
            set_accessible(widget, name, description)

    def sync_now(self) -> None:
        window = self.feature.window
        document = window.document
        url = self.url_edit.text().strip()
        if document is None or self.busy or not url:
            return
        if not window.confirm_no_unsaved():
            return
        user = self.user_edit.text().strip()
        window.context.settings.setValue("sync/server", url)
        window.context.settings.setValue("sync/user", user)
        author = window.current_participant()
        from charter_app.application import sync as use_cases
        from charter_app.storage.remotes import Credentials

        try:
            credentials = Credentials(user, self.password_edit.text()) if user else None
        except CharterError as error:
            self._failed(error)
            return
        self.start_write(
            lambda session: use_cases.sync(session, author, url, credentials),
            _("Syncing with {address}…").format(address=url),
        )

    def _done(self, result: Any) -> None:
        super()._done(result)
        self.result_label.setText(describe_result(result))
        self.feature.after_exchange(result)

    def _failed(self, error: object) -> None:
        from charter_app.storage.remotes import SignInError

        if not isinstance(error, SignInError):
            super()._failed(error)
            return
        # Not an error box: the answer is in this window, where the password goes.
        self._finish()
        self.result_label.setText(describe_refusal(error))
        field = self.user_edit if not self.user_edit.text().strip() else self.password_edit
        field.setFocus()
        field.selectAll()
        self.feature.window.statusBar().showMessage(error.message, 15000)


class SyncFeature:
    """The Sync menu: USB stick export and import, server sync, conflicts waiting."""

    MENU = "sync"

    def __init__(self, window: Any) -> None:
        self.window = window
        self.menu = window.feature_menu(self.MENU)
        self.export_dialog: ExportDialog | None = None
        self.server_dialog: ServerDialog | None = None
        self.conflict_view: Any = None
        self.last_result: Any = None
        self.last_message = ""
        self.export_action = self._action("Ctrl+Alt+E", self.show_export)
        self.import_action = self._action("Ctrl+Alt+U", self.import_from_usb)
        self.server_action = self._action("Ctrl+Alt+S", self.show_server)
        self.menu.addSeparator()
        self.conflicts_action = self._action("Ctrl+Alt+R", self.show_conflicts)
        self.conflicts_worker = Worker(window)
        self.conflicts_worker.done.connect(self._conflicts_loaded)
        self.conflicts_worker.failed.connect(self._import_failed)
        window.events.opened.connect(lambda _document: self._opened())
        window.events.closed.connect(self._closed)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    # Replaceable: tests and scripted sessions answer without a modal dialog.
    def choose_save_path(self, parent: QWidget, title: str, suggested: str) -> str:
        return QFileDialog.getSaveFileName(parent, title, suggested, BUNDLE_FILTER)[0]

    def choose_open_path(self, parent: QWidget, title: str) -> str:
        return QFileDialog.getOpenFileName(parent, title, "", BUNDLE_FILTER)[0]

    def _action(self, shortcut: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("S&ync"))
        self.export_action.setText(_("&Export for a USB stick…"))
        self.import_action.setText(_("&Import from a USB stick…"))
        self.server_action.setText(_("&Sync with the server…"))
        self.conflicts_action.setText(_("Resolve sync &conflicts…"))
        for dialog in (self.export_dialog, self.server_dialog, self.conflict_view):
            if dialog is not None:
                dialog.retranslate()

    @property
    def busy(self) -> bool:
        dialogs = (self.export_dialog, self.server_dialog, self.conflict_view)
        return (
            self._importing
            or self.conflicts_worker.busy
            or any(d is not None and d.busy for d in dialogs)
        )

    def _update_actions(self) -> None:
        document = self.window.document
        has = document is not None
        writable = has and not document.read_only
        self.export_action.setEnabled(has)
        for action in (self.import_action, self.server_action, self.conflicts_action):
            action.setEnabled(writable)

    def _opened(self) -> None:
        self._update_actions()
        # A sync left waiting for its conflicts (another day, another session) is offered again.
        document = self.window.document
        if document is not None and not document.read_only:
            self._load_conflicts(quiet=True)

    def _closed(self) -> None:
        for dialog in (self.export_dialog, self.server_dialog, self.conflict_view):
            if dialog is not None:
                dialog.close()
        self.conflict_view = None
        self._update_actions()

    # -- export ----------

    def show_export(self) -> ExportDialog | None:
        if self.window.document is None:
            return None
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(self)
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    # -- import ----------

    def import_from_usb(self, path: str | None = None) -> bool:
        """Choose an export and import it off the UI thread; False if nothing was started."""
        window = self.window
        document = window.document
        if document is None or document.read_only or self._importing:
            return False
        chosen = path or self.choose_open_path(window, _("Import from a USB stick"))
        if not chosen:
            return False
        if not window.confirm_no_unsaved():
            return False
        from charter_app.application import sync as use_cases

        author = window.current_participant()
        self._importing = True
        window.operations.run(
            lambda session: use_cases.import_bundle(session, author, chosen),
            lambda written: self._imported(written.value),
            _("Checking and importing {name}…").format(name=Path(chosen).name),
            self._import_failed,
        )
        return True

    _importing = False

    def _imported(self, result: Any) -> None:
        self._importing = False
        self.after_exchange(result)

    def _import_failed(self, error: object) -> None:
        self._importing = False
        assert isinstance(error, BaseException)
        self.last_message = _("Refused: {reason}").format(reason=describe_refusal(error))
        self.window.statusBar().showMessage(self.last_message, 15000)
        self.window.context.interaction.show_error(self.window, error)

    # -- server ----------

    def show_server(self) -> ServerDialog | None:
        if self.window.document is None:
            return None
        if self.server_dialog is None:
            self.server_dialog = ServerDialog(self)
        self.server_dialog.show()
        self.server_dialog.raise_()
        return self.server_dialog

    # -- after an exchange ----------

    def after_exchange(self, result: Any) -> None:
        """Reload what changed, say what happened, open the conflicts if any."""
        self.last_result = result
        self.last_message = describe_result(result)
        self.window.statusBar().showMessage(self.last_message, 15000)
        if result.conflicts:
            self.show_conflict_view(result.conflicts)

    # -- conflicts ----------

    def show_conflicts(self) -> None:
        self._load_conflicts(quiet=False)

    def _load_conflicts(self, quiet: bool) -> None:
        document = self.window.document
        if document is None:
            return
        from charter_app.storage.sync import pending_conflicts

        self._quiet = quiet
        self.conflicts_worker.submit(_in_repository(document.path, pending_conflicts))

    def _conflicts_loaded(self, conflicts: tuple) -> None:
        if conflicts:
            self.show_conflict_view(conflicts)
        elif not self._quiet:
            self.window.statusBar().showMessage(_("No conflict is waiting."), 6000)

    def show_conflict_view(self, conflicts: tuple) -> Any:
        from charter_app.ui.conflict_view import ConflictView

        if self.conflict_view is None:
            self.conflict_view = ConflictView(self.window, conflicts)
            self.conflict_view.resolved.connect(self._resolved)
            self.conflict_view.abandoned.connect(self._abandoned)
        else:
            self.conflict_view.set_conflicts(conflicts)
        self.conflict_view.show()
        self.conflict_view.raise_()
        return self.conflict_view

    def _resolved(self, result: Any) -> None:
        if result.conflicts:
            return
        self.last_result = result
        self.last_message = _("Every conflict is resolved: the sync is saved.")
        self.window.statusBar().showMessage(self.last_message, 10000)

    def _abandoned(self) -> None:
        self.last_message = _("The sync waiting for a resolution was abandoned; nothing changed.")
        self.window.statusBar().showMessage(self.last_message, 10000)
