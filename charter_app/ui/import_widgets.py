"""Pieces the import dialogs share: first words, the report list, the OK and Cancel buttons."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialogButtonBox, QListWidget, QListWidgetItem

from charter_app.i18n import _
from charter_app.importing.blocks import Issue
from charter_app.ui.editor import set_accessible

FIRST_WORDS = 12


def first_words(text: str, count: int = FIRST_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def report_list(report: Sequence[Issue]) -> QListWidget:
    widget = QListWidget()
    widget.setWordWrap(True)
    for issue in report:
        where = f" [{issue.where}]" if issue.where else ""
        item = QListWidgetItem(f"⚠ {issue.message}{where}")
        if issue.detail:
            item.setToolTip(issue.detail[:2000])
        widget.addItem(item)
    if not report:
        widget.addItem(_("Everything in the document could be represented."))
    return widget


def dialog_buttons(ok_text: str, ok_description: str):
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    set_accessible(ok, ok_text.replace("&", "").replace("…", ""), ok_description)
    set_accessible(cancel, _("Cancel"), _("Close; nothing is written."))
    ok.setDefault(True)
    return box, ok, cancel
