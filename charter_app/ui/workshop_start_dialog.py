"""The dialog that starts a workshop: title, date, place, attendance and dots per person."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charter_app.core import workshops as core
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.core.participants import shown_name
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible


@dataclass(frozen=True)
class StartValues:
    title: str
    day: str
    place: str
    attendance: dict[str, int]
    participants: tuple[str, ...]
    dots: int


class StartWorkshopDialog(QDialog):
    """Title, date, place, head count by role, who is present (optional), dots per person."""

    def __init__(self, charter: Charter, facilitator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Start a workshop"))
        self.setAccessibleName(_("Start a workshop"))
        person = charter.participant(facilitator)
        self.title_edit = QLineEdit()
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.place_edit = QLineEdit()
        self.facilitator_label = QLabel(shown_name(person) if person else facilitator)
        self.dots_spin = QSpinBox()
        self.dots_spin.setRange(1, core.MAX_DOTS)
        self.dots_spin.setValue(core.DEFAULT_DOTS)
        form = QFormLayout()
        for label, widget, name, description in (
            (_("&Title"), self.title_edit, _("Workshop title"), _("A short title, required.")),
            (_("&Date"), self.date_edit, _("Date"), _("The day the workshop is held.")),
            (_("&Place"), self.place_edit, _("Place"), _("Where it is held (optional).")),
            (
                _("D&ots per person"),
                self.dots_spin,
                _("Dots per person"),
                _("How many dots each participant may place on priorities."),
            ),
        ):
            buddy = QLabel(label)
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
            set_accessible(widget, name, description)
        form.addRow(QLabel(_("Facilitator:")), self.facilitator_label)
        self.attendance: dict[str, QSpinBox] = {}
        counts = QGroupBox(_("Attendance by role"))
        counts_form = QFormLayout(counts)
        for role in Role:
            spin = QSpinBox()
            spin.setRange(0, core.MAX_COUNT)
            label = _(ROLE_LABELS[role])
            buddy = QLabel(label)
            buddy.setBuddy(spin)
            counts_form.addRow(buddy, spin)
            set_accessible(
                spin,
                _("People present: {role}").format(role=label),
                _("Head count in the room for this role."),
            )
            self.attendance[role.value] = spin
        self.people = QListWidget()
        for participant in charter.active_participants:
            item = QListWidgetItem(f"{participant.name} ({_(ROLE_LABELS[participant.role])})")
            item.setData(Qt.UserRole, participant.id)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Unchecked)
            self.people.addItem(item)
        set_accessible(
            self.people,
            _("Participants present (optional)"),
            _("Tick the registered participants who are in the room; Space ticks."),
        )
        people_label = QLabel(_("Participants &present (optional)"))
        people_label.setBuddy(self.people)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText(_("&Start"))
        cancel = buttons.button(QDialogButtonBox.Cancel)
        cancel.setText(_("&Cancel"))
        set_accessible(self.ok_button, _("Start"), _("Start the workshop now."))
        set_accessible(cancel, _("Cancel"), _("Close without starting a workshop."))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(counts)
        layout.addWidget(people_label)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def values(self) -> StartValues:
        participants = tuple(
            str(self.people.item(row).data(Qt.UserRole))
            for row in range(self.people.count())
            if self.people.item(row).checkState() == Qt.Checked
        )
        return StartValues(
            " ".join(self.title_edit.text().split()),
            self.date_edit.date().toString("yyyy-MM-dd"),
            self.place_edit.text(),
            {role: spin.value() for role, spin in self.attendance.items()},
            participants,
            self.dots_spin.value(),
        )

    def _accept(self) -> None:
        if not self.values().title:
            self.error_label.setText(_("A workshop needs a title: type a short title."))
            self.error_label.show()
            self.title_edit.setFocus()
            return
        self.accept()
