"""Every question the app asks a person, behind one object (tests script the answers)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from charter_app.i18n import _


class CloseChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Interaction:
    """Dialogs shown by the main window; subclass or replace attributes to script them."""

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        from charter_app.ui.error_dialog import show_error

        show_error(parent, error)

    def ask_unsaved(self, parent: QWidget | None, title: str) -> CloseChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("“{title}” has changes that are not saved yet.").format(title=title))
        box.setInformativeText(_("Save them now, discard them, or go back to the charter?"))
        save = box.addButton(_("&Save"), QMessageBox.AcceptRole)
        discard = box.addButton(_("&Discard changes"), QMessageBox.DestructiveRole)
        cancel = box.addButton(_("&Cancel"), QMessageBox.RejectRole)
        for button, name in ((save, _("Save")), (discard, _("Discard")), (cancel, _("Cancel"))):
            button.setAccessibleName(name)
            button.setAccessibleDescription(box.text())
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return CloseChoice.SAVE
        if clicked is discard:
            return CloseChoice.DISCARD
        return CloseChoice.CANCEL

    def offer_recovery(self, parent: QWidget | None, entries: Sequence, journal) -> list:
        from charter_app.ui.recovery_dialog import offer_recovery

        return offer_recovery(parent, entries, journal)

    def confirm_names(self, parent: QWidget | None, found: Sequence) -> bool:
        """Export anyway, though free texts name registered participants (``found``: the
        export's ``NameFound`` list)?"""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(_("Names in the texts"))
        box.setText(
            _(
                "This export hides who wrote what, but these texts name registered "
                "participants and would still show them:"
            )
        )
        box.setInformativeText(
            "\n".join(f"• {f.name} — {f.where}: {f.excerpt}" for f in found[:12])
            + ("\n…" if len(found) > 12 else "")
        )
        export = box.addButton(_("&Export anyway"), QMessageBox.AcceptRole)
        cancel = box.addButton(_("&Cancel"), QMessageBox.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is export

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, text: str = ""
    ) -> str | None:
        """A line of text typed by the person; None when cancelled."""
        value, accepted = QInputDialog.getText(parent, title, label, text=text)
        return value if accepted else None

    def ask_choice(
        self, parent: QWidget | None, title: str, label: str, choices: Sequence[str], current: int
    ) -> int | None:
        """The index of the choice picked in a list; None when cancelled."""
        if not choices:
            return None
        value, accepted = QInputDialog.getItem(parent, title, label, list(choices), current, False)
        return list(choices).index(value) if accepted and value in choices else None

    def confirm_link(self, parent: QWidget | None, url: str) -> bool:
        answer = QMessageBox.question(
            parent,
            _("Open a link"),
            _("Open this address in your web browser?\n\n{url}").format(url=url),
            QMessageBox.Open | QMessageBox.Cancel,
            QMessageBox.Cancel,
        )
        return answer == QMessageBox.Open

    def ask_repair(self, parent: QWidget | None, problem: str, question: str) -> bool:
        """Whether to set aside the files that cannot be read (``problem`` says which)."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Warning)
        box.setWindowTitle(_("Files that cannot be read"))
        box.setText(problem)
        box.setInformativeText(question)
        repair = box.addButton(_("&Set aside and continue"), QMessageBox.AcceptRole)
        cancel = box.addButton(_("&Cancel"), QMessageBox.RejectRole)
        for button, name in ((repair, _("Set aside and continue")), (cancel, _("Cancel"))):
            button.setAccessibleName(name)
            button.setAccessibleDescription(question)
        box.setDefaultButton(repair)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is repair

    def confirm_erasure(self, parent: QWidget | None, text: str, details: str) -> bool:
        """Whether to erase a participant: ``text`` says who and what happens, ``details``
        what stays and what remains to do. Cancel is the default."""
        return _confirm_for_good(
            parent, _("Erase a participant"), text, details, _("&Erase for good")
        )

    def confirm_rewrite(self, parent: QWidget | None, text: str, details: str) -> bool:
        """Whether to rewrite the charter's history without the participants' names (while
        no version is adopted). Cancel is the default."""
        return _confirm_for_good(
            parent, _("Rewrite the history"), text, details, _("&Rewrite for good")
        )

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        """A message to read, with an OK button."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Information)
        box.setWindowTitle(title)
        box.setText(text)
        box.setAccessibleName(title)
        box.setAccessibleDescription(text)
        box.exec()


def _confirm_for_good(
    parent: QWidget | None, title: str, text: str, details: str, action: str
) -> bool:
    """A warning that cannot be undone, with ``action`` and Cancel (the default)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(details)
    confirm = box.addButton(action, QMessageBox.DestructiveRole)
    cancel = box.addButton(_("&Cancel"), QMessageBox.RejectRole)
    for button in (confirm, cancel):
        button.setAccessibleName(button.text().replace("&", ""))
        button.setAccessibleDescription(text)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is confirm
