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

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import ROLE_LABELS, Role
from charter_app.core.workshops import running_workshop_label
from charter_app.i18n import _, number
from charter_app.ui.editor import set_accessible
from charter_app.ui.kiosk_draft import (
    AMENDMENT,
    COMMENT,
    JOURNAL_INTERVAL_MS,
    JOURNAL_KEY,
    MAX_CHARS,
    Draft,
    KioskJournalMixin,
    kiosk_journal,
)
from charter_app.ui.kiosk_lock import MAX_PIN, MIN_PIN, KioskLockMixin, ask_pin, valid_pin
from charter_app.ui.kiosk_notice import PrivacyNoticeLabel
from charter_app.ui.kiosk_send import KioskSendMixin

__all__ = [
    "AMENDMENT",
    "COMMENT",
    "JOURNAL_INTERVAL_MS",
    "JOURNAL_KEY",
    "MAX_CHARS",
    "MAX_PIN",
    "MIN_PIN",
    "Draft",
    "KioskWindow",
    "LimitedTextEdit",
    "ask_pin",
    "kiosk_journal",
    "valid_pin",
]


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


class KioskWindow(KioskLockMixin, KioskJournalMixin, KioskSendMixin, QWidget):
    """The locked quick-capture form."""

    left = Signal()

    def __init__(self, feature, pin: str) -> None:
        # Owned by the main window (a top-level window all the same): never deleted by
        # Python's garbage collector, which may run in a worker thread.
        super().__init__(feature.window, Qt.Window | Qt.WindowStaysOnTopHint)
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
        self.privacy = PrivacyNoticeLabel()

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
        inner.addWidget(self.privacy)
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
             .format(limit=number(MAX_CHARS))),
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
        self.privacy.show_for(self.document.saved_charter)
        self._count()

    def _fill(self) -> None:
        charter = self.document.repository.load()
        self.name_combo.clear()
        self.name_combo.addItem("", "")
        for participant in charter.active_participants:
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
            _("{count} of {limit} characters").format(count=number(count), limit=number(MAX_CHARS))
        )

    def _paste_refused(self, length: int) -> None:
        self._say(
            _("Not pasted: that would make {count} characters, and the limit is {limit}. Paste a "
              "shorter passage.").format(count=number(length), limit=number(MAX_CHARS)),
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
