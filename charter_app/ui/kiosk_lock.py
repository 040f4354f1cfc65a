"""The quick-capture lock: the facilitator's PIN, and the only way out of the kiosk."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from charter_app.errors import ValidationError
from charter_app.i18n import _

MIN_PIN, MAX_PIN = 4, 12


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and MIN_PIN <= len(pin) <= MAX_PIN


def ask_pin(parent: QWidget) -> str | None:
    """The facilitator chooses the PIN that will end quick capture."""
    pin, ok = QInputDialog.getText(
        parent,
        _("Quick capture"),
        _("Choose a PIN of {least} to {most} digits: you will need it to leave quick capture.")
        .format(least=MIN_PIN, most=MAX_PIN),
        QLineEdit.Password,
    )  # fmt: skip
    if not ok:
        return None
    if not valid_pin(pin):
        parent.context.interaction.show_error(
            parent,
            ValidationError(
                _("The PIN must be {least} to {most} digits.").format(least=MIN_PIN, most=MAX_PIN),
                _("Start quick capture again and type digits only."),
            ),
        )
        return None
    return pin


class KioskLockMixin:
    """Part of :class:`~charter_app.ui.kiosk.KioskWindow`: Escape and Alt+F4 are refused;
    leaving needs the PIN."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key_Escape:
            self._say(_("Only the facilitator can leave quick capture."))
            event.accept()
            return
        super().keyPressEvent(event)  # type: ignore[misc]  # QWidget's, after the mixins

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._may_close:
            event.accept()
            return
        event.ignore()  # Alt+F4 or the window manager: only the facilitator leaves
        self._say(_("Only the facilitator can leave quick capture."))

    def _ask_leave(self) -> None:
        for widget in (self.pin_label, self.pin_edit, self.confirm_leave_button):
            widget.show()
        self.pin_edit.clear()
        self.pin_edit.setFocus()

    def leave(self, pin: str) -> bool:
        if pin != self._pin:
            self.pin_edit.clear()
            self._say(_("Wrong PIN: quick capture goes on."), error=True)
            return False
        self.write_journal()  # the half-typed text stays offered for next time
        self.journal_timer.stop()
        self._may_close = True
        self.close()
        self.left.emit()
        return True
