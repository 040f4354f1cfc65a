"""Workshop mode: start and end a workshop, show it on a projector, take shows of hands,
hand the laptop round (quick capture), dot voting, the participation picture and the minutes.

A feature (``ui/features.py``): a "Workshop" menu, a permanent "Workshop W-3 running" text in
the status bar, and panels. Everything is recorded through the core (``core/workshops.py``,
``core/dots.py``...) as ``charter workshop``, ``charter tally`` and ``charter dots`` do; this
module only gathers what the person typed and shows the result. The projector, the kiosk, the
dots and participation panels and the readability badge live in their own modules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charter_app.core import workshops as core
from charter_app.core.amendment_state import AmendmentStatus, Ledger, fold
from charter_app.core.amendments import AmendmentKind, as_amended_by
from charter_app.core.comments import CommentBoard, fold_comments
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import read_amendments
from charter_app.ui.editor import set_accessible
from charter_app.ui.workers import Worker

MENU = "workshop"


# -- what the views read ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The saved charter and its events, folded once for every workshop view."""

    charter: Charter
    events: tuple[Event, ...]
    register: core.WorkshopRegister
    ledger: Ledger
    board: CommentBoard

    def amendments_on(self, principle_id: str | None) -> list:
        """Registered amendments about ``principle_id`` (sub-amendments after their parent)."""
        found = []
        for record in self.ledger.records:
            if record.status is not AmendmentStatus.REGISTERED:
                continue
            amendment = record.amendment
            target = amendment.target
            if amendment.is_sub:
                parent = self.ledger.get(target)
                target = parent.amendment.target if parent else ""
            if target == principle_id:
                found.append(record)
        return found

    def registered(self) -> list:
        return [r for r in self.ledger.records if r.status is AmendmentStatus.REGISTERED]

    def proposed(self, record) -> tuple[str | None, str | None]:
        """(proposed title, proposed body) of an amendment record; None keeps the current."""
        amendment = record.amendment
        if amendment.is_sub:
            parent = self.ledger.get(amendment.target)
            if parent is not None:
                amendment = as_amended_by(parent.amendment, amendment)
        if amendment.kind is AmendmentKind.DELETE:
            return None, ""
        return amendment.title, amendment.body

    def comment_count(self, target: str) -> int:
        count = 0
        for thread in self.board.threads_on(target):
            count += sum(
                1 for view in (thread.root, *thread.replies) if view.shown_text() is not None
            )
        return count

    def tally_of(self, amendment_id: str | None) -> core.WorkshopTally | None:
        workshop = self.register.current()
        if workshop is None or amendment_id is None:
            return None
        found = [t for t in self.register.tallies_of(workshop.id) if t.amendment == amendment_id]
        return found[0] if found else None


def read_snapshot(repository) -> Snapshot:
    charter = repository.load()
    events = repository.events()
    return Snapshot(
        charter,
        tuple(events),
        core.fold_workshops(events),
        fold(read_amendments(repository.path), events),
        fold_comments(events),
    )


def record_workshop_events(
    repository,
    register: core.WorkshopRegister,
    events: Sequence[Event],
    author: str,
    message: str,
    trailers: Sequence[tuple[str, str]] = (),
) -> str:
    """Commit ``events`` with any pending workshop renumbering, as ``charter workshop`` does."""
    pending = core.renumber_events(register, author)
    return repository.record([*pending, *events], author, message, trailers)


# -- what is on screen now -------------------------------------------------------------------------


class Discussion(QObject):
    """What the room is looking at: the principle (the main window's selection), the amendment
    under discussion, and the data behind them. The projector and the panels follow it."""

    changed = Signal()

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.snapshot: Snapshot | None = None
        self.amendment_id: str | None = None

    @property
    def principle_id(self) -> str | None:
        return self.window.selected_principle_id if self.window.document else None

    @property
    def charter(self) -> Charter | None:
        """The text as the facilitator sees it (unsaved edits included)."""
        return self.window.document.charter if self.window.document else None

    def refresh(self) -> None:
        document = self.window.document
        self.snapshot = read_snapshot(document.repository) if document is not None else None
        self._keep_amendment()
        self.changed.emit()

    def _keep_amendment(self) -> None:
        if self.snapshot is None:
            self.amendment_id = None
            return
        on_principle = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
        if self.amendment_id not in [r.id for r in self.snapshot.registered()]:
            self.amendment_id = on_principle[0] if on_principle else None

    def principle_changed(self) -> None:
        if self.snapshot is not None:
            on_principle = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
            self.amendment_id = on_principle[0] if on_principle else None
        self.changed.emit()

    def set_amendment(self, amendment_id: str | None) -> None:
        if amendment_id != self.amendment_id:
            self.amendment_id = amendment_id
            self.changed.emit()

    def step_principle(self, step: int) -> None:
        charter = self.charter
        if charter is None or not charter.principles:
            return
        ids = [p.id for p in charter.principles]
        current = self.principle_id
        index = ids.index(current) if current in ids else -1
        target = max(0, min(len(ids) - 1, index + step))
        if ids[target] != current:
            self.window.select_principle(ids[target])

    def step_amendment(self, step: int) -> None:
        if self.snapshot is None:
            return
        ids = [r.id for r in self.snapshot.amendments_on(self.principle_id)]
        if not ids:
            return
        index = ids.index(self.amendment_id) if self.amendment_id in ids else -1
        self.set_amendment(ids[(index + step) % len(ids)])


# -- starting a workshop ---------------------------------------------------------------------------


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
        self.facilitator_label = QLabel(person.name if person else facilitator)
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
        for participant in charter.participants:
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


# -- show of hands -------------------------------------------------------------------------------


class TallyPanel(QDockWidget):
    """The facilitator counts hands and types them here; the projector shows them big."""

    def __init__(self, feature: WorkshopFeature) -> None:
        super().__init__()
        self.feature = feature
        self.setObjectName("tallyPanel")
        self.amendment_combo = QComboBox()
        self.for_spin, self.against_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        for spin in (self.for_spin, self.against_spin, self.abstain_spin):
            spin.setRange(0, core.MAX_COUNT)
        self.record_button = QPushButton()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.amendment_label = QLabel()
        self.amendment_label.setBuddy(self.amendment_combo)
        self.labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        form.addRow(self.amendment_label, self.amendment_combo)
        for label, spin in zip(
            self.labels, (self.for_spin, self.against_spin, self.abstain_spin), strict=True
        ):
            label.setBuddy(spin)
            form.addRow(label, spin)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(form)
        layout.addWidget(self.record_button)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        self.setWidget(body)
        self.amendment_combo.activated.connect(self._chosen)
        self.record_button.clicked.connect(self.record)
        feature.discussion.changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Show of hands"))
        self.amendment_label.setText(_("&Amendment"))
        for label, text in zip(self.labels, (_("&For"), _("A&gainst"), _("Abs&tain")), strict=True):
            label.setText(text)
        self.record_button.setText(_("&Record the show of hands"))
        set_accessible(
            self.amendment_combo,
            _("Amendment under discussion"),
            _("The amendment the projector shows and the show of hands is about."),
        )
        for spin, name in (
            (self.for_spin, _("Hands for")),
            (self.against_spin, _("Hands against")),
            (self.abstain_spin, _("Abstentions")),
        ):
            set_accessible(spin, name, _("Count the raised hands, then type the number."))
        set_accessible(
            self.record_button,
            _("Record the show of hands"),
            _("Records the counts for the amendment in the running workshop; the projector "
              "shows them."),
        )  # fmt: skip
        self.refresh()

    def refresh(self) -> None:
        discussion = self.feature.discussion
        snapshot = discussion.snapshot
        self.amendment_combo.blockSignals(True)
        self.amendment_combo.clear()
        if snapshot is not None:
            charter = snapshot.charter
            for record in snapshot.registered():
                amendment = record.amendment
                target = amendment.target
                if amendment.is_sub:
                    parent = snapshot.ledger.get(target)
                    target = parent.amendment.target if parent else target
                principle = charter.principle(target)
                about = f"{principle.number}. {principle.title}" if principle else target
                self.amendment_combo.addItem(f"{record.display} — {about}", record.id)
        row = self.amendment_combo.findData(discussion.amendment_id)
        self.amendment_combo.setCurrentIndex(row)
        self.amendment_combo.blockSignals(False)
        running = snapshot.register.current() if snapshot else None
        has = self.amendment_combo.count() > 0
        self.record_button.setEnabled(running is not None and has and row >= 0)
        tally = snapshot.tally_of(discussion.amendment_id) if snapshot else None
        if running is None:
            self.result_label.setText(_("Start a workshop to record a show of hands."))
        elif not has:
            self.result_label.setText(_("No registered amendment to vote on."))
        elif tally is None:
            self.result_label.setText(_("No show of hands recorded on this amendment yet."))
        else:
            self.result_label.setText(tally_text(tally))

    def _chosen(self, row: int) -> None:
        self.feature.discussion.set_amendment(self.amendment_combo.itemData(row))

    def record(self) -> bool:
        return self.feature.record_tally(
            self.amendment_combo.currentData(),
            self.for_spin.value(),
            self.against_spin.value(),
            self.abstain_spin.value(),
        )


def tally_text(tally: core.WorkshopTally) -> str:
    return _("{number}: {for_} for, {against} against, {abstain} abstain").format(
        number=tally.label, for_=tally.votes_for, against=tally.against, abstain=tally.abstain
    )


# -- the minutes -----------------------------------------------------------------------------------


class MinutesDialog(QDialog):
    """Which workshop, which format, names shown or not, and where to write."""

    FORMATS = ("html", "pdf", "odt")

    def __init__(self, register: core.WorkshopRegister, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export the minutes"))
        self.setAccessibleName(_("Export the minutes"))
        self.workshop_combo = QComboBox()
        for workshop in reversed(register.workshops):
            self.workshop_combo.addItem(f"{workshop.display} — {workshop.title}", workshop.label)
        self.format_combo = QComboBox()
        for name, label in zip(self.FORMATS, ("HTML", "PDF", "ODT (LibreOffice)"), strict=True):
            self.format_combo.addItem(label, name)
        self.names_combo = QComboBox()
        for mode, label in (
            ("names", _("Names and roles")),
            ("roles", _("Roles only")),
            ("none", _("Nobody named")),
        ):
            self.names_combo.addItem(label, mode)
        self.path_edit = QLineEdit()
        self.browse_button = QPushButton(_("&Browse…"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        for text, widget, name, description in (
            (_("&Workshop"), self.workshop_combo, _("Workshop"), _("The workshop to write up.")),
            (_("&Format"), self.format_combo, _("Format"), _("HTML, PDF or ODT.")),
            (
                _("&People"),
                self.names_combo,
                _("People"),
                _("Show contributors by name, by role only, or not at all."),
            ),
            (_("F&ile"), self.path_edit, _("File"), _("Where to write the minutes.")),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, path_row if widget is self.path_edit else widget)
            set_accessible(widget, name, description)
        set_accessible(self.browse_button, _("Browse"), _("Choose the file to write."))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setText(_("&Export"))
        cancel = buttons.button(QDialogButtonBox.Cancel)
        cancel.setText(_("&Cancel"))
        set_accessible(ok, _("Export"), _("Write the minutes."))
        set_accessible(cancel, _("Cancel"), _("Close without writing anything."))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._browse)
        self.format_combo.currentIndexChanged.connect(lambda _row: self._suggest())
        self.workshop_combo.currentIndexChanged.connect(lambda _row: self._suggest())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._suggest()

    def _suggest(self) -> None:
        folder = Path(self.path_edit.text()).parent if self.path_edit.text() else Path.home()
        label = self.workshop_combo.currentData() or "W"
        name = _("minutes-{workshop}").format(workshop=label)
        self.path_edit.setText(str(folder / f"{name}.{self.format_combo.currentData()}"))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export the minutes"), self.path_edit.text()
        )
        if path:
            self.path_edit.setText(path)

    def values(self) -> tuple[str, str, str, Path]:
        return (
            str(self.workshop_combo.currentData()),
            str(self.format_combo.currentData()),
            str(self.names_combo.currentData()),
            Path(self.path_edit.text()),
        )


# -- the feature -----------------------------------------------------------------------------------


class WorkshopFeature:
    """The Workshop menu, the running-workshop indicator, and every workshop view."""

    def __init__(self, window) -> None:
        self.window = window
        self.discussion = Discussion(window)
        self.menu = window.feature_menu(MENU)
        self.indicator = QLabel()
        self.indicator.setObjectName("workshopIndicator")
        self.indicator.hide()
        window.statusBar().addPermanentWidget(self.indicator)
        self.projector = None
        self.kiosk = None
        self.dots_panel = None
        self.participation_panel = None
        self.minutes_worker = Worker(window)
        self.minutes_worker.done.connect(self._minutes_written)
        self.minutes_worker.failed.connect(self._show_error)

        def action(shortcut: str | None, slot) -> QAction:
            made = QAction(window)
            if shortcut:
                made.setShortcut(QKeySequence(shortcut))
            made.triggered.connect(slot)
            window.addAction(made)
            self.menu.addAction(made)
            return made

        self.start_action = action("Ctrl+Shift+W", self.ask_start)
        self.end_action = action("Ctrl+Shift+F", self.ask_end)
        self.menu.addSeparator()
        self.projector_action = action("F5", self.toggle_projector)
        self.goto_action = action("Ctrl+G", self.ask_line)
        self.next_amendment_action = action("Ctrl+]", lambda: self.discussion.step_amendment(1))
        self.previous_amendment_action = action(
            "Ctrl+[", lambda: self.discussion.step_amendment(-1)
        )
        self.tally = TallyPanel(self)
        window.addDockWidget(Qt.RightDockWidgetArea, self.tally)
        self.tally.hide()
        self.tally_action = self.tally.toggleViewAction()
        self.tally_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        window.addAction(self.tally_action)
        self.menu.addAction(self.tally_action)
        self.menu.addSeparator()
        self.kiosk_action = action("Ctrl+Shift+K", self.ask_kiosk)
        self.dots_action = action("Ctrl+Shift+D", self.toggle_dots)
        self.participation_action = action("Ctrl+Shift+I", self.toggle_participation)
        self.menu.addSeparator()
        self.minutes_action = action("Ctrl+Shift+M", self.ask_minutes)
        self._install_readability()

        window.events.opened.connect(lambda _document: self.refresh())
        window.events.closed.connect(self._closed)
        window.events.saved.connect(lambda _sha: self.refresh())
        window.events.selected.connect(lambda _id: self.discussion.principle_changed())
        window.events.retranslate.connect(self.retranslate)
        self.discussion.changed.connect(self._update)
        app = QGuiApplication.instance()
        app.screenRemoved.connect(self._screen_removed)
        self.retranslate()

    def _install_readability(self) -> None:
        from charter_app.ui.readability_badge import ReadabilityBadge

        self.readability = ReadabilityBadge(self.window)

    # -- texts ----------

    def retranslate(self) -> None:
        self.menu.setTitle(_("W&orkshop"))
        texts = {
            self.start_action: _("&Start a workshop…"),
            self.end_action: _("&End the workshop"),
            self.projector_action: _("&Projector mode"),
            self.goto_action: _("&Go to line on the projector…"),
            self.next_amendment_action: _("&Next amendment"),
            self.previous_amendment_action: _("Pre&vious amendment"),
            self.tally_action: _("Show of &hands panel"),
            self.kiosk_action: _("&Quick capture (kiosk)…"),
            self.dots_action: _("P&riorities (dot voting)"),
            self.participation_action: _("Partic&ipation picture"),
            self.minutes_action: _("Export the &minutes…"),
        }
        for item, text in texts.items():
            item.setText(text)
            shortcut = item.shortcut().toString(QKeySequence.NativeText)
            item.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
        self.tally.retranslate()
        for panel in (self.dots_panel, self.participation_panel, self.projector, self.kiosk):
            if panel is not None:
                panel.retranslate()
        self._update()

    # -- state ----------

    def refresh(self) -> None:
        try:
            self.discussion.refresh()
        except CharterError as error:
            self._show_error(error)

    def _closed(self) -> None:
        self.discussion.snapshot = None
        self.discussion.amendment_id = None
        if self.projector is not None:
            self.projector.hide()
        self._update()

    def running(self) -> core.Workshop | None:
        snapshot = self.discussion.snapshot
        return snapshot.register.current() if snapshot else None

    def _update(self) -> None:
        workshop = self.running()
        if workshop is None:
            self.indicator.hide()
            self.indicator.setText("")
        else:
            text = _("Workshop {number} running").format(number=workshop.label)
            self.indicator.setText(text)
            self.indicator.setToolTip(f"{workshop.display} — {workshop.title}")
            set_accessible(self.indicator, text, workshop.title)
            self.indicator.show()
        document = self.window.document
        writable = document is not None and not document.read_only
        self.start_action.setEnabled(writable and workshop is None)
        self.end_action.setEnabled(writable and workshop is not None)
        self.kiosk_action.setEnabled(writable)
        for item in (self.projector_action, self.goto_action, self.dots_action,
                     self.participation_action, self.minutes_action,
                     self.next_amendment_action, self.previous_amendment_action):  # fmt: skip
            item.setEnabled(document is not None)

    def _show_error(self, error: object) -> None:
        if not isinstance(error, BaseException):
            error = CharterError(str(error))
        self.window.context.interaction.show_error(self.window, error)

    def _author(self) -> str | None:
        author = self.window.current_participant()
        if author is None:
            self._show_error(
                ValidationError(
                    _("Nobody is chosen in “Who is writing?”."),
                    _("Add a participant (Ctrl+Shift+P), then try again."),
                )
            )
        return author

    def _record(self, events: Sequence[Event], message: str, trailers=()) -> bool:
        document = self.window.document
        snapshot = self.discussion.snapshot
        author = self._author()
        if document is None or snapshot is None or author is None:
            return False
        try:
            record_workshop_events(
                document.repository, snapshot.register, events, author, message, trailers
            )
        except CharterError as error:
            self._show_error(error)
            return False
        self.refresh()
        self.window.history.refresh(document.charter)
        return True

    # -- start and end ----------

    def ask_start(self) -> None:
        document = self.window.document
        author = self._author()
        if document is None or author is None:
            return
        dialog = StartWorkshopDialog(document.saved_charter, author, self.window)
        if dialog.exec() == QDialog.Accepted:
            self.start_workshop(dialog.values())

    def start_workshop(self, values: StartValues) -> bool:
        document = self.window.document
        author = self._author()
        if document is None or author is None:
            return False
        try:
            self.discussion.refresh()
            snapshot = self.discussion.snapshot
            assert snapshot is not None
            event = core.new_start(
                snapshot.charter, snapshot.register, author, values.title, day=values.day,
                place=values.place, attendance=values.attendance,
                participants=values.participants, dots=values.dots,
            )  # fmt: skip
        except CharterError as error:
            self._show_error(error)
            return False
        message = _("Workshop {number} starts: {title}").format(
            number=event.get("number"), title=event.get("title")
        )
        if not self._record([event], message):
            return False
        self.window.statusBar().showMessage(
            _("Workshop {number} started: everything captured now is tagged with it.").format(
                number=event.get("number")
            ),
            8000,
        )
        return True

    def ask_end(self) -> None:
        workshop = self.running()
        if workshop is None:
            return
        answer = QMessageBox.question(
            self.window,
            _("End the workshop"),
            _("End workshop {number} “{title}” now?").format(
                number=workshop.label, title=workshop.title
            ),
        )
        if answer == QMessageBox.Yes:
            self.end_workshop()

    def end_workshop(self) -> bool:
        snapshot = self.discussion.snapshot
        author = self._author()
        if snapshot is None or author is None:
            return False
        try:
            event = core.new_end(snapshot.charter, snapshot.register, author)
        except CharterError as error:
            self._show_error(error)
            return False
        if not self._record([event], _("Workshop {number} ends").format(number=event.workshop)):
            return False
        self.window.statusBar().showMessage(
            _("Workshop {number} ended.").format(number=event.workshop), 8000
        )
        return True

    # -- show of hands ----------

    def record_tally(self, amendment_id: str | None, votes_for: int, against: int,
                     abstain: int) -> bool:  # fmt: skip
        snapshot = self.discussion.snapshot
        author = self._author()
        if snapshot is None or author is None or not amendment_id:
            return False
        record = snapshot.ledger.get(amendment_id)
        if record is None:
            return False
        try:
            event = core.new_tally(
                snapshot.charter, snapshot.register, author, record.id, record.label,
                votes_for, against, abstain,
            )  # fmt: skip
        except CharterError as error:
            self._show_error(error)
            return False
        message = _("Show of hands on {number} in {workshop}: {for_}-{against}-{abstain}").format(
            number=record.label, workshop=event.workshop, for_=votes_for, against=against,
            abstain=abstain,
        )  # fmt: skip
        self.discussion.amendment_id = record.id
        return self._record([event], message, [("Charter-Amendment", record.label)])

    # -- projector ----------

    def toggle_projector(self) -> None:
        if self.projector is not None and self.projector.isVisible():
            self.stop_projector()
        else:
            self.start_projector()

    def start_projector(self):
        from charter_app.ui.projector import ProjectorWindow

        if self.window.document is None:
            return None
        if self.discussion.snapshot is None:
            self.refresh()
        if self.projector is None:
            self.projector = ProjectorWindow(self.discussion, self)
        own = self.window.screen()
        others = [screen for screen in QGuiApplication.screens() if screen is not own]
        self.projector.present(others[0] if others else own, separate=bool(others))
        return self.projector

    def stop_projector(self) -> None:
        if self.projector is not None:
            self.projector.hide()
        self.window.activateWindow()

    def _screen_removed(self, screen) -> None:
        """A projector unplugged mid-session: show the picture again where it can be seen,
        or close it; the discussion (principle, amendment, tallies) is kept as it was."""
        projector = self.projector
        if projector is None or not projector.isVisible() or projector.shown_on is not screen:
            return
        own = self.window.screen()
        others = [s for s in QGuiApplication.screens() if s is not screen and s is not own]
        if others:
            projector.present(others[0], separate=True)
            return
        projector.hide()
        self.window.show()
        self.window.activateWindow()
        self.window.statusBar().showMessage(
            _("The projector was unplugged: projector mode is closed, nothing was lost. Press F5 "
              "to show it again."),
            15000,
        )  # fmt: skip

    def ask_line(self) -> None:
        if self.projector is None or not self.projector.isVisible():
            self.start_projector()
        number, ok = QInputDialog.getInt(
            self.window, _("Go to line"), _("Paragraph (line) number:"), 1, 1, 10_000
        )
        if ok and self.projector is not None:
            self.projector.go_to_line(number)

    # -- kiosk, dots, participation, minutes ----------

    def ask_kiosk(self) -> None:
        from charter_app.ui.kiosk import ask_pin

        if self.window.document is None or not self.window.confirm_no_unsaved():
            return
        pin = ask_pin(self.window)
        if pin:
            self.start_kiosk(pin)

    def start_kiosk(self, pin: str):
        from charter_app.ui.kiosk import KioskWindow

        document = self.window.document
        if document is None or document.read_only:
            return None
        self.kiosk = KioskWindow(self, pin)
        self.kiosk.left.connect(self._kiosk_left)
        self.window.hide()
        self.kiosk.start()
        return self.kiosk

    def _kiosk_left(self) -> None:
        kiosk, self.kiosk = self.kiosk, None
        self.window.show()
        self.window.activateWindow()
        if kiosk is not None and kiosk.added_participants:
            self.window.reload_from_disk()
        self.refresh()
        if kiosk is not None:
            kiosk.deleteLater()

    def toggle_dots(self) -> None:
        from charter_app.ui.dots_view import DotsPanel

        if self.dots_panel is None:
            self.dots_panel = DotsPanel(self)
            self.window.addDockWidget(Qt.RightDockWidgetArea, self.dots_panel)
        self.dots_panel.setVisible(not self.dots_panel.isVisible())
        if self.dots_panel.isVisible():
            self.dots_panel.refresh()
            self.dots_panel.raise_()

    def toggle_participation(self) -> None:
        from charter_app.ui.participation_view import ParticipationPanel

        if self.participation_panel is None:
            self.participation_panel = ParticipationPanel(self)
            self.window.addDockWidget(Qt.BottomDockWidgetArea, self.participation_panel)
        self.participation_panel.setVisible(not self.participation_panel.isVisible())
        if self.participation_panel.isVisible():
            self.participation_panel.refresh()

    def ask_minutes(self) -> None:
        snapshot = self.discussion.snapshot
        if snapshot is None:
            return
        if not snapshot.register.workshops:
            self._show_error(
                ValidationError(
                    _("No workshop yet: there are no minutes to write."),
                    _("Start a workshop first (Ctrl+Shift+W)."),
                )
            )
            return
        dialog = MinutesDialog(snapshot.register, self.window)
        if dialog.exec() == QDialog.Accepted:
            self.export_minutes(*dialog.values())

    def export_minutes(self, reference: str, format: str, names: str, path: Path) -> None:
        """Write the minutes off the UI thread; the status bar says when it is done."""
        from charter_app.export.minutes import export_minutes
        from charter_app.storage.repository import opened

        document = self.window.document
        if document is None:
            return
        folder = document.path

        def work() -> Path:
            with opened(folder) as repository:
                return export_minutes(repository, reference, format, path, names)  # type: ignore[arg-type]

        self.window.statusBar().showMessage(_("Writing the minutes…"))
        self.minutes_worker.submit(work)

    def _minutes_written(self, path: object) -> None:
        self.window.statusBar().showMessage(
            _("Minutes written to {path}.").format(path=path), 10000
        )
