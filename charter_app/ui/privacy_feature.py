"""The participants and their personal data in the app: *Edit > Participants…* (add, erase) and
*Edit > Personal data…* (the privacy report, redaction, the retention rule, whom to ask), after
*Add participant…*. The dialogs are :mod:`charter_app.ui.participants_dialog` and
:mod:`charter_app.ui.privacy_dialog`; one of each per window, kept while it is open."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from charter_app.i18n import _


class PrivacyFeature:
    """Two actions in the Edit menu, and the dialogs they open."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.participants_action = QAction(window)
        # Ctrl+Alt+P publishes: N for the names the list holds, Y for privacy.
        self.participants_action.setShortcut(QKeySequence("Ctrl+Alt+J"))
        self.participants_action.triggered.connect(self.show_participants)
        self.privacy_action = QAction(window)
        self.privacy_action.setShortcut(QKeySequence("Ctrl+Alt+Y"))
        self.privacy_action.triggered.connect(self.show_privacy)
        window.edit_menu.addAction(self.participants_action)
        window.edit_menu.addAction(self.privacy_action)
        self.participants_dialog: Any = None
        self.privacy_dialog: Any = None
        window.events.opened.connect(lambda _document: self._update())
        window.events.closed.connect(self._closed)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.participants_action.setText(_("Partici&pants…"))
        self.privacy_action.setText(_("Personal &data…"))
        self.participants_action.setToolTip(_("Everyone registered; erase someone on request."))
        self.privacy_action.setToolTip(
            _("What personal data the charter holds, the retention rule, whom to ask.")
        )

    def _update(self) -> None:
        opened = self.window.document is not None
        self.participants_action.setEnabled(opened)
        self.privacy_action.setEnabled(opened)

    def _closed(self) -> None:
        for dialog in (self.participants_dialog, self.privacy_dialog):
            if dialog is not None:
                dialog.close()
        self.participants_dialog = self.privacy_dialog = None
        self._update()

    def show_participants(self) -> None:
        if self.window.document is None:
            return
        from charter_app.ui.participants_dialog import ParticipantsDialog

        if self.participants_dialog is None:
            self.participants_dialog = ParticipantsDialog(self.window)
        self.participants_dialog.refresh()
        self.participants_dialog.show()
        self.participants_dialog.raise_()

    def show_privacy(self) -> None:
        if self.window.document is None:
            return
        from charter_app.ui.privacy_dialog import PrivacyDialog

        if self.privacy_dialog is None:
            self.privacy_dialog = PrivacyDialog(self.window)
        else:
            self.privacy_dialog.refresh()
        self.privacy_dialog.show()
        self.privacy_dialog.raise_()
