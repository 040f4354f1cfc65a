"""The participants of the charter, and the right to be forgotten: *Edit > Participants…*.

A list of everyone registered (an erased participant shows as “Removed participant” with the
role and the day), the way to add someone, and **Erase…**: after a confirmation saying what
happens (the name and organisation leave this charter and every copy at its next exchange; the
contributions stay, shown as a removed participant), the erasure runs off the UI thread as
:func:`charter_app.application.participants.erase_participant`, written by the facilitator
chosen in “Who is writing?”.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from charter_app.core.comment_requests import is_facilitator
from charter_app.core.model import ROLE_LABELS, Charter, Participant
from charter_app.core.participants import REMOVED
from charter_app.i18n import _, ngettext
from charter_app.ui.editor import set_accessible

_COLUMNS = 4


def erasure_question(participant: Participant) -> tuple[str, str]:
    """What the confirmation says: who is erased, then what happens and what remains."""
    text = _("Erase {name} ({role}) from the charter?").format(
        name=participant.name, role=_(ROLE_LABELS[participant.role])
    )
    details = _(
        "Their name and organisation are erased from this charter and from every earlier list "
        "of participants kept here, for good; the other laptops and the server forget them at "
        "their next exchange with this one. Their comments, amendments and votes stay, shown "
        "as “Removed participant” with their role. USB exports made before today still hold "
        "the name: delete them. This cannot be undone."
    )
    return text, details


class ParticipantsDialog(QDialog):
    """Everyone registered, with Add… and Erase…; see the module docstring."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(_("Participants"))
        self.intro = QLabel(
            _(
                "Contributions carry an anonymous id; only this list holds the names. Erasing "
                "someone removes their name everywhere and keeps what they wrote."
            )
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, _COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [_("Name or pseudonym"), _("Role"), _("Organisation"), _("Status")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)  # the organisation takes what is left
        header.setStretchLastSection(False)
        self.table.setWordWrap(False)
        self.add_button = QPushButton(_("&Add…"))
        self.erase_button = QPushButton(_("&Erase…"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("inlineMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.erase_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_accessible(self.table, _("Participants"), _("Everyone registered in the charter."))
        set_accessible(
            self.erase_button,
            _("Erase"),
            _("Erase the selected participant's name everywhere; their contributions stay."),
        )
        set_accessible(self.add_button, _("Add a participant"), "")
        self.add_button.clicked.connect(self._add)
        self.erase_button.clicked.connect(self.erase_selected)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        window.events.written.connect(self._written)
        self.resize(760, 440)
        self.refresh()

    # -- showing ----------

    def charter(self) -> Charter | None:
        document = self.window_.document
        return document.saved_charter if document is not None else None

    def refresh(self) -> None:
        charter = self.charter()
        people = charter.participants if charter is not None else ()
        self.table.setRowCount(len(people))
        for row, participant in enumerate(people):
            status = (
                _("erased on {day}").format(day=participant.erased)
                if participant.is_erased
                else _("registered {day}").format(day=participant.registered)
                if participant.registered
                else ""
            )
            cells = (
                _(REMOVED) if participant.is_erased else participant.name,
                _(ROLE_LABELS[participant.role]),
                participant.organisation,
                status,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # a long organisation is cut off on a small screen
                item.setData(Qt.UserRole, participant.id)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected(self) -> Participant | None:
        charter = self.charter()
        rows = self.table.selectionModel().selectedRows()
        if charter is None or not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return charter.participant(str(item.data(Qt.UserRole))) if item else None

    def select(self, participant_id: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.UserRole) == participant_id:
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        document = self.window_.document
        writable = document is not None and not document.read_only
        chosen = self.selected()
        self.add_button.setEnabled(writable)
        self.erase_button.setEnabled(writable and chosen is not None and not chosen.is_erased)

    def _written(self, written: Any) -> None:
        if written.changed.participants:
            self.refresh()

    # -- acting ----------

    def _add(self) -> None:
        self.window_.add_participant()
        self.refresh()

    def erase_selected(self) -> None:
        """Ask, then erase the selected participant as the facilitator writing."""
        participant, charter = self.selected(), self.charter()
        if participant is None or charter is None or participant.is_erased:
            return
        author = self.window_.writer(_("Choose a facilitator in “Who is writing?”."))
        if author is None:
            return
        if not is_facilitator(charter, author):
            self.message.setText(
                _(
                    "Only a facilitator (a participant with the role staff) can erase a "
                    "participant: choose one in “Who is writing?”."
                )
            )
            return
        text, details = erasure_question(participant)
        if not self.window_.context.interaction.confirm_erasure(self, text, details):
            return
        from charter_app.application.participants import erase_participant

        participant_id = participant.id
        self.window_.operations.run(
            lambda session: erase_participant(session, author, participant_id),
            self._erased,
            _("Erasing the participant…"),
        )

    def _erased(self, written: Any) -> None:
        erasure = written.value
        lines = [
            _("Erased: their contributions now show as “Removed participant”."),
            *written.notices,
        ]
        if erasure.mentions:
            lines.append(
                ngettext(
                    "See Edit > Personal data to redact the text that names them.",
                    "See Edit > Personal data to redact the texts that name them.",
                    len(erasure.mentions),
                )
            )
        self.message.setText("\n".join(lines))
        self.refresh()
