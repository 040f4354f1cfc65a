"""Offer back the text a crashed session left in the recovery journal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from charter_app.diffing import describe_changes, diff_words, render_html
from charter_app.i18n import _, ngettext
from charter_app.storage.journal import Journal, JournalEntry

# Insertions underlined, deletions struck through: colour is only a second cue.
_DIFF_STYLE = (
    "ins { text-decoration: underline; background-color: #d8f3dc; color: #08351a; }"
    "del { text-decoration: line-through; background-color: #fde2e1; color: #5c0b0b; }"
)
_MAX_SPOKEN_CHANGES = 20


def entry_label(key: str) -> str:
    """A readable name for a journal key when the caller gives none."""
    parts = key.split(":")
    if len(parts) == 3 and parts[0] == "principle":
        if parts[2] == "title":
            return _("Principle {id}: title").format(id=parts[1])
        if parts[2] == "body":
            return _("Principle {id}: text").format(id=parts[1])
    if key == "charter:preamble":
        return _("Preamble")
    return key


@dataclass
class RecoveryDecision:
    """What the person chose: texts to put back into the editors, texts to forget."""

    restore: list[JournalEntry] = field(default_factory=list)
    discard: list[JournalEntry] = field(default_factory=list)
    """Empty when the dialog was closed without deciding: the journal keeps everything."""


class RecoveryDialog(QDialog):
    """Lists recovered texts with their difference from the saved version; Restore or Discard."""

    def __init__(
        self,
        parent: QWidget | None,
        entries: Sequence[JournalEntry],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.entries = list(entries)
        self.decision = RecoveryDecision()
        self.checkboxes: dict[str, QCheckBox] = {}
        labels = labels or {}

        self.setWindowTitle(_("Recover unsaved text"))
        self.setModal(True)
        self.setAccessibleName(_("Recover unsaved text"))

        heading = QLabel(_("Unsaved text was found from a session that ended unexpectedly."))
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        explanation = QLabel(
            _(
                "Tick the texts you want to put back into the editor, then choose Restore. "
                "Underlined words were added and struck-through words removed since the last "
                "saved version."
            )
        )
        explanation.setWordWrap(True)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleDescription(heading.text() + " " + explanation.text())

        list_widget = QWidget()
        list_layout = QVBoxLayout(list_widget)
        for entry in self.entries:
            list_layout.addWidget(self._entry_widget(entry, labels.get(entry.key)))
        list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(list_widget)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(_("Recovered texts"))

        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(_("&Restore"))
        self.restore_button.setAccessibleName(_("Restore"))
        self.restore_button.setAccessibleDescription(
            _("Put the ticked texts back into the editor; the others are discarded.")
        )
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton(_("&Discard all"))
        self.discard_button.setAccessibleName(_("Discard all"))
        self.discard_button.setAccessibleDescription(
            _("Forget every recovered text; you will be asked to confirm.")
        )
        self.later_button = QPushButton(_("Decide &later"))
        self.later_button.setAccessibleName(_("Decide later"))
        self.later_button.setAccessibleDescription(
            _("Close this window and keep the recovered texts; they are offered again next time.")
        )
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._on_restore)
        self.discard_button.clicked.connect(self._on_discard)
        self.later_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Start on the first text, not on a button: the list is what must be read first.
        first = next(iter(self.checkboxes.values()), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _entry_widget(self, entry: JournalEntry, label: str | None) -> QWidget:
        name = label or entry_label(entry.key)
        when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(box)

        # "&&": a name such as "R&D" must not turn into a keyboard shortcut.
        checkbox = QCheckBox(
            _("{name} (typed at {time})").format(name=name.replace("&", "&&"), time=when)
        )
        checkbox.setChecked(True)
        checkbox.setAccessibleName(_("Restore {name}").format(name=name))
        checkbox.setAccessibleDescription(
            _("Ticked texts are put back into the editor when you choose Restore.")
        )
        checkbox.toggled.connect(self._update_buttons)
        self.checkboxes[entry.key] = checkbox
        layout.addWidget(checkbox)

        diff = diff_words(entry.saved_text, entry.text)
        viewer = QTextBrowser()
        viewer.setOpenLinks(False)
        viewer.setTabChangesFocus(True)
        viewer.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        viewer.document().setDefaultStyleSheet(_DIFF_STYLE)
        viewer.setHtml(f'<div style="white-space: pre-wrap">{render_html(diff.ops)}</div>')
        viewer.setMinimumHeight(120)
        viewer.setAccessibleName(_("Changes in {name} since the last save").format(name=name))
        changes = describe_changes(diff.ops)
        spoken = "\n".join(changes[:_MAX_SPOKEN_CHANGES])
        if len(changes) > _MAX_SPOKEN_CHANGES:
            more = len(changes) - _MAX_SPOKEN_CHANGES
            spoken += "\n" + ngettext(
                "and {count} more change", "and {count} more changes", more
            ).format(count=more)
        viewer.setAccessibleDescription(spoken)
        layout.addWidget(viewer)
        if diff.notice:
            notice = QLabel(diff.notice)
            notice.setWordWrap(True)
            notice.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(notice)
        return box

    def selected(self) -> list[JournalEntry]:
        """Entries whose box is ticked, in the order shown."""
        return [entry for entry in self.entries if self.checkboxes[entry.key].isChecked()]

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.selected()))

    def _on_restore(self) -> None:
        chosen = self.selected()
        chosen_keys = {entry.key for entry in chosen}
        dropped = [entry for entry in self.entries if entry.key not in chosen_keys]
        if dropped and not self.confirm_loss(
            ngettext(
                "{count} text you did not tick will be discarded and cannot be recovered.",
                "{count} texts you did not tick will be discarded and cannot be recovered.",
                len(dropped),
            ).format(count=len(dropped))
        ):
            return
        self.decision = RecoveryDecision(restore=chosen, discard=dropped)
        self.accept()

    def _on_discard(self) -> None:
        count = len(self.entries)
        if not self.confirm_loss(
            ngettext(
                "Discard the recovered text? It cannot be recovered afterwards.",
                "Discard the {count} recovered texts? They cannot be recovered afterwards.",
                count,
            ).format(count=count)
        ):
            return
        self.decision = RecoveryDecision(restore=[], discard=list(self.entries))
        self.accept()

    def confirm_loss(self, question: str) -> bool:
        """Ask before text is thrown away; "No" is the default, so Enter keeps the text."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Discard text?"))
        box.setText(question)
        box.setAccessibleName(_("Discard text?"))
        box.setAccessibleDescription(question)
        discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setAccessibleName(_("Discard"))
        keep = box.addButton(_("Keep the text"), QMessageBox.ButtonRole.RejectRole)
        keep.setAccessibleName(_("Keep the text"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard


def choose_recovery(
    parent: QWidget | None,
    entries: Sequence[JournalEntry],
    labels: Mapping[str, str] | None = None,
) -> RecoveryDecision:
    """Show the dialog (modal) and return what the person decided."""
    if not entries:
        return RecoveryDecision()
    dialog = RecoveryDialog(parent, entries, labels)
    try:
        dialog.exec()
        return dialog.decision
    finally:
        dialog.deleteLater()


def offer_recovery(
    parent: QWidget | None,
    entries: Sequence[JournalEntry],
    journal: Journal | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[JournalEntry]:
    """Ask which recovered texts to restore; returns them (empty when none or closed).

    With ``journal``, entries the person chose to discard are removed from it; restored ones
    stay until the editor saves them, so a second crash still finds them.
    """
    decision = choose_recovery(parent, entries, labels)
    if journal is not None:
        for entry in decision.discard:
            journal.discard(entry.key)
    return decision.restore
