"""The accept and Cancel buttons of the council's dialogs."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from charter_app.i18n import _
from charter_app.ui.editor import set_accessible


def buttons(ok_text: str, ok_description: str) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    set_accessible(ok, ok_text.replace("&", ""), ok_description)
    set_accessible(cancel, _("Cancel"), _("Close without recording anything."))
    return box, ok, cancel
