"""Quick capture (kiosk): the laptop goes round the room and each person leaves a contribution.

A locked, full-screen window: a participant picks or types a name or pseudonym and a role, chooses
a principle, types a comment, or an amendment (the principle's new text) with its rationale, and
presses "Send and hand over": it is recorded at once, tagged with the running workshop, and the
form is cleared for the next person. There are no menus; Escape and Alt+F4 (the window's close
request) are refused.

**Leaving needs the facilitator's PIN**, chosen when quick capture starts (4 to 12 digits, kept
in memory only): "Facilitator: leave" asks for it. A PIN rather than a confirmation dialog,
because a confirmation is one click away from any participant.

**Nothing typed is lost**: every few seconds the form is journaled (``charter_app.storage.
journal``, key ``kiosk:draft``, in a recovery folder of its own so the editor's recovery never
sees it); if the app stops mid-sentence, the next quick capture offers the text back.

Limits: an empty text gets a clear message; a text over :data:`MAX_CHARS` characters (a paste of
a hundred pages) is refused with a message saying how long it is; nothing is ever cut silently.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from charter_app import paths
from charter_app.core.amendments import AmendmentKind, draft_amendment
from charter_app.core.comments import MAX_COMMENT_CHARS, new_comment
from charter_app.core.model import ROLE_LABELS, Role
from charter_app.core.operations import add_participant
from charter_app.core.workshops import running_workshop_label, tag_with_running_workshop
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.journal import Journal
from charter_app.ui.editor import set_accessible

MAX_CHARS = MAX_COMMENT_CHARS
"""Longest text accepted (20,000 characters, as a comment may be)."""
JOURNAL_KEY = "kiosk:draft"
JOURNAL_INTERVAL_MS = 3000
MIN_PIN, MAX_PIN = 4, 12
COMMENT, AMENDMENT = "comment", "amendment"


def kiosk_journal(charter_path) -> Journal:
    """The kiosk's own journal (apart from the editor's, whose recovery would discard it)."""
    return Journal(charter_path, base_dir=paths.recovery_dir() / "kiosk")


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


@dataclass(frozen=True)
class Draft:
    """The form as typed, journaled as JSON."""

    name: str = ""
    role: str = Role.RESIDENT.value
    kind: str = COMMENT
    principle: str = ""
    text: str = ""
    rationale: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.text.strip() or self.rationale.strip())


class LimitedTextEdit(QPlainTextEdit):
    """A text box that refuses a paste that would make it longer than ``limit``."""

    refused = Signal(int)
    """The length the text would have had."""

    def __init__(self, limit: int = MAX_CHARS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setTabChangesFocus(True)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        incoming = source.text() if source.hasText() else ""
        selected = len(self.textCursor().selectedText())
        length = len(self.toPlainText()) - selected + len(incoming)
        if length > self.limit:
            self.refused.emit(length)
            return
        super().insertFromMimeData(source)


class KioskWindow(QWidget):
    """The locked quick-capture form."""

    left = Signal()

    def __init__(self, feature, pin: str) -> None:
        super().__init__(None, Qt.Window | Qt.WindowStaysOnTopHint)
        self.feature = feature
        self.window_ = feature.window
        self.document = feature.window.document
        self._pin = pin
        self._may_close = False
        self.added_participants = False
        self.recorded: list[str] = []
        """Ids of what was recorded (event or amendment ids), in order."""
        self.journal = kiosk_journal(self.document.path)
        self.setObjectName("kiosk")

        self.heading = QLabel()
        self.heading.setObjectName("kioskHeading")
        self.heading.setWordWrap(True)
        self.restore_label = QLabel()
        self.restore_label.setWordWrap(True)
        self.restore_button = QPushButton()
        self.discard_button = QPushButton()
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_label, 1)
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.discard_button)
        self.restore_box = QWidget()
        self.restore_box.setObjectName("kioskRestore")
        self.restore_box.setLayout(restore_row)
        self.restore_box.hide()

        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.NoInsert)
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem("", role.value)
        self.comment_radio = QRadioButton()
        self.amendment_radio = QRadioButton()
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.comment_radio)
        self.kind_group.addButton(self.amendment_radio)
        self.comment_radio.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.comment_radio)
        kinds.addWidget(self.amendment_radio)
        kinds.addStretch(1)
        self.principle_combo = QComboBox()
        self.text_edit = LimitedTextEdit()
        self.rationale_edit = LimitedTextEdit()
        self.count_label = QLabel()
        self.labels = {key: QLabel() for key in ("name", "role", "kind", "principle", "text",
                                                  "rationale")}  # fmt: skip
        for key, widget in (
            ("name", self.name_combo),
            ("role", self.role_combo),
            ("kind", self.comment_radio),
            ("principle", self.principle_combo),
            ("text", self.text_edit),
            ("rationale", self.rationale_edit),
        ):
            self.labels[key].setBuddy(widget)
        form = QFormLayout()
        form.addRow(self.labels["name"], self.name_combo)
        form.addRow(self.labels["role"], self.role_combo)
        form.addRow(self.labels["kind"], kinds)
        form.addRow(self.labels["principle"], self.principle_combo)
        form.addRow(self.labels["text"], self.text_edit)
        form.addRow("", self.count_label)
        form.addRow(self.labels["rationale"], self.rationale_edit)
        self.send_button = QPushButton()
        self.send_button.setObjectName("kioskSend")
        self.message = QLabel()
        self.message.setObjectName("kioskMessage")
        self.message.setWordWrap(True)

        self.leave_button = QPushButton()
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.Password)
        self.pin_label = QLabel()
        self.pin_label.setBuddy(self.pin_edit)
        self.confirm_leave_button = QPushButton()
        leave_row = QHBoxLayout()
        leave_row.addStretch(1)
        leave_row.addWidget(self.pin_label)
        leave_row.addWidget(self.pin_edit)
        leave_row.addWidget(self.confirm_leave_button)
        leave_row.addWidget(self.leave_button)
        for widget in (self.pin_label, self.pin_edit, self.confirm_leave_button):
            widget.hide()

        panel = QWidget()
        panel.setObjectName("kioskPanel")
        panel.setMaximumWidth(1100)
        inner = QVBoxLayout(panel)
        inner.addWidget(self.heading)
        inner.addWidget(self.restore_box)
        inner.addLayout(form, 1)
        inner.addWidget(self.send_button)
        inner.addWidget(self.message)
        inner.addLayout(leave_row)
        centred = QWidget()
        centred.setObjectName("kioskPage")
        row = QHBoxLayout(centred)
        row.addStretch(1)
        row.addWidget(panel, 10)
        row.addStretch(1)
        # Scrolls on a small screen rather than growing past it (and losing full screen).
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(centred)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.send_button.clicked.connect(self.send)
        self.amendment_radio.toggled.connect(self._kind_changed)
        self.principle_combo.activated.connect(lambda _row: self._kind_changed())
        self.name_combo.activated.connect(self._name_chosen)
        self.text_edit.textChanged.connect(self._count)
        for edit in (self.text_edit, self.rationale_edit):
            edit.refused.connect(self._paste_refused)
        self.leave_button.clicked.connect(self._ask_leave)
        self.confirm_leave_button.clicked.connect(lambda: self.leave(self.pin_edit.text()))
        self.pin_edit.returnPressed.connect(lambda: self.leave(self.pin_edit.text()))
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_draft)
        self.journal_timer = QTimer(self, interval=JOURNAL_INTERVAL_MS)
        self.journal_timer.timeout.connect(self.write_journal)
        self._offered: Draft | None = None
        self._fill()
        self.retranslate()
        self._kind_changed()

    # -- texts ----------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Quick capture — Charter Studio"))
        workshop = running_workshop_label(self.document.repository.events())
        self.heading.setText(
            _("Your say on the charter — workshop {number}").format(number=workshop)
            if workshop
            else _("Your say on the charter")
        )
        texts = {
            "name": _("Your &name or a pseudonym"),
            "role": _("You are &a…"),
            "kind": _("You want to"),
            "principle": _("About the &principle"),
            "text": _("Your &text"),
            "rationale": _("&Why (rationale)"),
        }
        for key, text in texts.items():
            self.labels[key].setText(text)
        for row, role in enumerate(Role):
            self.role_combo.setItemText(row, _(ROLE_LABELS[role]))
        self.comment_radio.setText(_("&Comment"))
        self.amendment_radio.setText(_("Propose an a&mendment (a new wording)"))
        self.send_button.setText(_("&Send and hand over"))
        self.leave_button.setText(_("Facilitator: &leave"))
        self.pin_label.setText(_("Facilitator’s P&IN"))
        self.confirm_leave_button.setText(_("Leave quick capture"))
        self.restore_label.setText(
            _("Someone was typing when quick capture stopped. Put their text back?")
        )
        self.restore_button.setText(_("&Restore the text"))
        self.discard_button.setText(_("&Discard it"))
        for widget, name, description in (
            (self.name_combo, _("Your name or a pseudonym"),
             _("Choose your name in the list, or type a name or a pseudonym.")),
            (self.role_combo, _("Your role"), _("Resident, elected member, association…")),
            (self.comment_radio, _("Comment"), _("Leave a comment on the principle.")),
            (self.amendment_radio, _("Propose an amendment"),
             _("Rewrite the principle’s text and say why.")),
            (self.principle_combo, _("Principle"), _("The principle you write about.")),
            (self.text_edit, _("Your text"),
             _("Your comment, or the new wording of the principle; at most {limit} characters.")
             .format(limit=f"{MAX_CHARS:,}")),
            (self.rationale_edit, _("Why (rationale)"),
             _("Why this change: required for an amendment.")),
            (self.send_button, _("Send and hand over"),
             _("Records your contribution and clears the form for the next person.")),
            (self.leave_button, _("Facilitator: leave"),
             _("Only the facilitator can leave quick capture, with the PIN.")),
            (self.pin_edit, _("Facilitator’s PIN"),
             _("The PIN chosen when quick capture started.")),
            (self.confirm_leave_button, _("Leave quick capture"), _("Checks the PIN and leaves.")),
            (self.restore_button, _("Restore the text"),
             _("Put back the text typed before quick capture stopped.")),
            (self.discard_button, _("Discard it"), _("Forget that text for good.")),
            (self.message, _("Message"), ""),
        ):  # fmt: skip
            set_accessible(widget, name, description)
        self._count()

    def _fill(self) -> None:
        charter = self.document.repository.load()
        self.name_combo.clear()
        self.name_combo.addItem("", "")
        for participant in charter.participants:
            self.name_combo.addItem(participant.name, participant.id)
        self.name_combo.setCurrentIndex(0)
        self.name_combo.setEditText("")
        self.principle_combo.clear()
        for principle in charter.principles:
            self.principle_combo.addItem(f"{principle.number}. {principle.title}", principle.id)
        selected = self.window_.selected_principle_id
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(selected)))

    # -- lifecycle ----------

    def start(self) -> None:
        screen = self.window_.screen()
        self.setGeometry(screen.geometry())
        size = max(16, round(screen.geometry().height() / 42))  # larger than the desk app
        self.setStyleSheet(
            f"QWidget#kiosk, QWidget#kiosk QWidget {{ font-size: {size}px; }}"
            f"QLabel#kioskHeading {{ font-size: {round(size * 1.5)}px; font-weight: 700; }}"
            f"QPushButton#kioskSend {{ font-size: {round(size * 1.2)}px; font-weight: 700; "
            f"padding: {size // 2}px; }}"
            'QLabel#kioskMessage[error="true"] { font-weight: 700; }'
        )
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.name_combo.setFocus()
        self.journal_timer.start()
        self.offer_draft()

    def offer_draft(self) -> None:
        """Offer back what was typed when quick capture last stopped without being left."""
        try:
            entries = [e for e in self.journal.pending() if e.key == JOURNAL_KEY]
        except CharterError:
            entries = []
        draft = _draft_of(entries[-1].text) if entries else None
        self._offered = draft
        self.restore_box.setVisible(draft is not None)
        if draft is not None:
            self.restore_button.setFocus()

    def restore_draft(self) -> None:
        if self._offered is not None:
            self.set_draft(self._offered)
        self._offered = None
        self.restore_box.hide()
        self.text_edit.setFocus()

    def discard_draft(self) -> None:
        self._offered = None
        self.restore_box.hide()
        self._journal_discard()
        self.name_combo.setFocus()

    def draft(self) -> Draft:
        return Draft(
            self.name_combo.currentText(),
            str(self.role_combo.currentData()),
            AMENDMENT if self.amendment_radio.isChecked() else COMMENT,
            str(self.principle_combo.currentData() or ""),
            self.text_edit.toPlainText(),
            self.rationale_edit.toPlainText(),
        )

    def set_draft(self, draft: Draft) -> None:
        self.name_combo.setEditText(draft.name)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(draft.role)))
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(draft.principle)))
        (self.amendment_radio if draft.kind == AMENDMENT else self.comment_radio).setChecked(True)
        self.text_edit.setPlainText(draft.text)
        self.rationale_edit.setPlainText(draft.rationale)

    def write_journal(self) -> None:
        draft = self.draft()
        try:
            if draft.empty or self._offered is not None:
                if self._offered is None:
                    self.journal.discard(JOURNAL_KEY)
                return
            self.journal.save(JOURNAL_KEY, json.dumps(asdict(draft), ensure_ascii=False), "")
        except CharterError as error:
            self._say(error.message, error=True)

    def _journal_discard(self) -> None:
        try:
            self.journal.discard(JOURNAL_KEY)
        except CharterError as error:
            self._say(error.message, error=True)

    # -- locking ----------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key_Escape:
            self._say(_("Only the facilitator can leave quick capture."))
            event.accept()
            return
        super().keyPressEvent(event)

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

    # -- sending ----------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        set_accessible(self.message, _("Message"), text)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _count(self) -> None:
        count = len(self.text_edit.toPlainText())
        self.count_label.setText(
            _("{count} of {limit} characters").format(count=f"{count:,}", limit=f"{MAX_CHARS:,}")
        )

    def _paste_refused(self, length: int) -> None:
        self._say(
            _("Not pasted: that would make {count} characters, and the limit is {limit}. Paste a "
              "shorter passage.").format(count=f"{length:,}", limit=f"{MAX_CHARS:,}"),
            error=True,
        )  # fmt: skip

    def _name_chosen(self, row: int) -> None:
        participant_id = self.name_combo.itemData(row)
        participant = self.document.saved_charter.participant(str(participant_id or ""))
        if participant is not None:
            self.role_combo.setCurrentIndex(self.role_combo.findData(participant.role.value))

    def _kind_changed(self) -> None:
        amendment = self.amendment_radio.isChecked()
        self.rationale_edit.setVisible(amendment)
        self.labels["rationale"].setVisible(amendment)
        if amendment:
            # An amendment is the principle's new wording: start from the current one.
            principle = self.document.repository.load().principle(
                str(self.principle_combo.currentData() or "")
            )
            current = self.text_edit.toPlainText()
            if principle is not None and (not current.strip() or current == self._prefilled):
                self.text_edit.setPlainText(principle.body)
                self._prefilled = principle.body
        elif self.text_edit.toPlainText() == getattr(self, "_prefilled", None):
            self.text_edit.clear()

    _prefilled: str | None = None

    def _check(self, draft: Draft) -> str | None:
        """The message for what is missing or too long; None when the form can be sent."""
        if not " ".join(draft.name.split()):
            return _("Type your name or a pseudonym first (or choose it in the list).")
        if not draft.text.strip():
            if draft.kind == AMENDMENT:
                return _("Write the new wording of the principle before sending.")
            return _("Type your comment before sending: the text is empty.")
        for text in (draft.text, draft.rationale):
            if len(text) > MAX_CHARS:
                return _("Your text has {count} characters; the limit is {limit}. Shorten it "
                         "before sending.").format(count=f"{len(text):,}",
                                                   limit=f"{MAX_CHARS:,}")  # fmt: skip
        if draft.kind == AMENDMENT and not draft.rationale.strip():
            return _("Say why (rationale): an amendment needs one.")
        if not draft.principle:
            return _("Choose the principle you write about.")
        return None

    def send(self) -> bool:
        draft = self.draft()
        problem = self._check(draft)
        if problem is not None:
            self._say(problem, error=True)
            return False
        repository = self.document.repository
        try:
            author, name = self._participant(draft)
            workshop = running_workshop_label(repository.events())
            if draft.kind == AMENDMENT:
                recorded = self._send_amendment(draft, author, workshop)
            else:
                recorded = self._send_comment(draft, author)
        except CharterError as error:
            self._say(f"{error.message} {error.hint}".strip(), error=True)
            return False
        self.recorded.append(recorded)
        self._journal_discard()
        self._prefilled = None
        self.set_draft(Draft(principle=draft.principle))
        self._fill()
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(draft.principle)))
        self._say(
            _("Thank you, {name}: your contribution is recorded. Hand over to the next person.")
            .format(name=name)
        )  # fmt: skip
        self.name_combo.setFocus()
        return True

    def _participant(self, draft: Draft) -> tuple[str, str]:
        """(participant id, name) of the person at the keyboard, registered if they are new."""
        repository = self.document.repository
        charter = repository.load()
        name = " ".join(draft.name.split())
        known = [p for p in charter.participants if p.name.casefold() == name.casefold()]
        if known:
            return known[0].id, known[0].name
        saved, change, participant = add_participant(charter, name, draft.role)
        repository.save(saved, change, participant.id, change.summary)
        self.added_participants = True
        # Keep the window's copies in step, so its next save does not drop the newcomer.
        self.document.saved_charter = replace(
            self.document.saved_charter, participants=saved.participants
        )
        self.document.charter = replace(self.document.charter, participants=saved.participants)
        return participant.id, participant.name

    def _send_comment(self, draft: Draft, author: str) -> str:
        repository = self.document.repository
        charter = repository.load()
        event = new_comment(charter, author, draft.principle, draft.text)
        event = tag_with_running_workshop(event, repository.events())
        principle = charter.principle(draft.principle)
        number = principle.number if principle else draft.principle
        repository.record(
            [event],
            author,
            _("Comment on principle {number}").format(number=number),
            [("Charter-Principle", draft.principle), ("Charter-Event", event.id)],
        )
        return event.id

    def _send_amendment(self, draft: Draft, author: str, workshop: str | None) -> str:
        repository = self.document.repository
        book = AmendmentBook(repository)
        current = repository.load()
        base = book.resolve_base("HEAD")
        amendment = draft_amendment(
            AmendmentKind.MODIFY,
            draft.principle,
            author=author,
            rationale=draft.rationale,
            base=base,
            base_charter=repository.load(base),
            current=current,
            body=draft.text,
            workshop=workshop,
        )
        _sha, _record = book.file(amendment)
        return amendment.id


def _draft_of(text: str) -> Draft | None:
    try:
        data = json.loads(text)
        draft = Draft(**{k: str(v) for k, v in data.items() if k in Draft.__dataclass_fields__})
    except (ValueError, TypeError, AttributeError):
        return None
    return None if draft.empty else draft
