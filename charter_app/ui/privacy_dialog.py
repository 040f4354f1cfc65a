"""*Edit > Personal data…*: the privacy report for the data-protection officer, and what a
facilitator does about it: redact a comment that names someone, set the retention rule, say
whom to ask. The report is read off the UI thread
(:func:`charter_app.application.privacy.privacy_report`); its sentences are the command
line's (:func:`charter_app.core.privacy_report.report_lines`). Every write goes through the
window's operations.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from charter_app.core.free_texts import KIND_LABELS, Mention
from charter_app.core.participants import name_of
from charter_app.core.privacy_report import PrivacyReport, report_lines
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.workers import Worker

_BY_AUTHOR = ("comment", "reply", "moderation")
"""Free texts whose reference is an internal id: the list shows who wrote them instead."""


def _read(session: Any) -> PrivacyReport:
    from charter_app.application.privacy import privacy_report

    return privacy_report(session)


class PrivacyDialog(QDialog):
    """The report, the texts that name someone, the retention rule and the contact."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.report: PrivacyReport | None = None
        self.setWindowTitle(_("Personal data"))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.rewrite_button = QPushButton(_("Rewrite the &history without the names…"))
        self.rewrite_button.hide()  # only while older versions hold names and none is adopted
        self.mentions = QListWidget()
        self.redact_button = QPushButton(_("&Redact the selected comment"))
        self.months = QSpinBox()
        self.months.setRange(0, 1200)
        self.months.setSuffix(_(" months"))
        self.months.setSpecialValueText(_("No rule"))
        self.months_button = QPushButton(_("Set the &rule"))
        self.contact = QLineEdit()
        self.contact.setPlaceholderText(_("e.g. dpo@town.example"))
        self.contact_button = QPushButton(_("Save the &contact"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        rule_row = QHBoxLayout()
        rule_row.addWidget(self.months)
        rule_row.addWidget(self.months_button)
        contact_row = QHBoxLayout()
        contact_row.addWidget(self.contact, 1)
        contact_row.addWidget(self.contact_button)
        retention_label = QLabel(_("Erase every name after &adoption:"))
        retention_label.setBuddy(self.months)
        contact_label = QLabel(_("&Whom to ask:"))
        contact_label.setBuddy(self.contact)
        form.addRow(retention_label, rule_row)
        form.addRow(contact_label, contact_row)
        mentions_label = QLabel(_("&Texts that name a participant:"))
        mentions_label.setBuddy(self.mentions)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 3)
        layout.addWidget(self.rewrite_button, 0, Qt.AlignLeft)
        layout.addWidget(mentions_label)
        layout.addWidget(self.mentions, 1)
        layout.addWidget(self.redact_button, 0, Qt.AlignLeft)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_accessible(self.text, _("Privacy report"), _("What personal data the charter holds."))
        set_accessible(
            self.mentions,
            _("Texts that name a participant"),
            _("Comments can be redacted: the names are replaced by “[name removed]”."),
        )
        set_accessible(
            self.rewrite_button,
            _("Rewrite the history without the names"),
            _("Older saved versions lose the names they hold; no version is adopted yet."),
        )
        set_accessible(self.months, _("Retention rule"), _("Months after adoption; 0: no rule."))
        set_accessible(self.contact, _("Whom to ask"), _("Shown at the kiosk and on phones."))
        self.reader = Worker(self)
        self.reader.done.connect(self._show)
        self.reader.failed.connect(self._failed)
        self.redact_button.clicked.connect(self.redact_selected)
        self.rewrite_button.clicked.connect(self.rewrite_history)
        self.months_button.clicked.connect(self.set_rule)
        self.contact_button.clicked.connect(self.save_contact)
        self.mentions.itemSelectionChanged.connect(self._update_buttons)
        window.events.written.connect(lambda _written: self.refresh())
        self.resize(820, 640)
        self.refresh()

    # -- reading ----------

    def refresh(self) -> None:
        document = self.window_.document
        if document is None:
            return
        self.text.setPlainText(_("Reading the charter…"))
        session = document.session
        self.reader.submit(lambda: _read(session))

    def _show(self, report: PrivacyReport) -> None:
        self.report = report
        self.text.setPlainText("\n".join(report_lines(report)))
        self.mentions.clear()
        for mention in report.mentions:
            self.mentions.addItem(self._item(mention))
        self.rewrite_button.setVisible(report.can_rewrite)
        self.months.setValue(report.retention_months)
        if not self.contact.hasFocus():
            self.contact.setText(report.contact)
        self._update_buttons()

    def _item(self, mention: Mention) -> QListWidgetItem:
        text = mention.text
        excerpt = " ".join(text.text.split())
        kind = _(KIND_LABELS[text.kind])
        if text.kind in _BY_AUTHOR:  # a comment's reference is an internal id: say who wrote it
            document = self.window_.document
            charter = document.saved_charter if document is not None else None
            label = _("{kind} by {name}").format(kind=kind, name=name_of(charter, text.author))
        else:
            label = f"{kind} {text.reference}"
        item = QListWidgetItem(f"{label} — {excerpt}")
        item.setData(Qt.UserRole, text.reference if text.redactable else "")
        return item

    def _failed(self, error: object) -> None:
        self.text.setPlainText("")
        if isinstance(error, BaseException):
            self.window_.context.interaction.show_error(self, error)

    def _update_buttons(self) -> None:
        document = self.window_.document
        writable = document is not None and not document.read_only
        items = self.mentions.selectedItems()
        self.redact_button.setEnabled(writable and bool(items and items[0].data(Qt.UserRole)))
        for widget in (self.months_button, self.contact_button, self.rewrite_button):
            widget.setEnabled(writable)

    # -- writing ----------

    def _run(self, work: Any, done: str) -> None:
        self.window_.operations.run(work, lambda _written: self.message.setText(done))

    def redact_selected(self) -> None:
        items = self.mentions.selectedItems()
        reference = str(items[0].data(Qt.UserRole)) if items else ""
        author = self.window_.writer(_("Choose a facilitator in “Who is writing?”."))
        if not reference or author is None:
            return
        from charter_app.application.comments import redact_comment

        self._run(
            lambda session: redact_comment(session, author, reference),
            _("Redacted: the names are replaced by “[name removed]”."),
        )

    def rewrite_history(self) -> None:
        """Ask, then rewrite the history without the names, as the facilitator writing."""
        author = self.window_.writer(_("Choose a facilitator in “Who is writing?”."))
        if author is None:
            return
        text = _("Rewrite the charter's history without the participants' names?")
        details = _(
            "Every saved version keeps its text, comments and amendments, but the older lists "
            "of participants are removed from it, here and then in every copy: the other "
            "laptops and the server take the rewritten history at their next exchange with "
            "this one, and keep their own work. USB exports made before today still hold the "
            "names: delete them. This cannot be undone."
        )
        if not self.window_.context.interaction.confirm_rewrite(self, text, details):
            return
        from charter_app.application.privacy import rewrite_history

        self._run(
            lambda session: rewrite_history(session, author),
            _("Done: the history no longer holds any name."),
        )

    def set_rule(self) -> None:
        author = self.window_.writer(_("Choose a facilitator in “Who is writing?”."))
        if author is None:
            return
        from charter_app.application.retention import set_retention

        months = self.months.value()
        self._run(
            lambda session: set_retention(session, author, months),
            _("The retention rule is saved; it applies each time the charter is opened."),
        )

    def save_contact(self) -> None:
        author = self.window_.writer(_("Choose a facilitator in “Who is writing?”."))
        if author is None:
            return
        from charter_app.application.retention import set_privacy_contact

        contact = self.contact.text()
        self._run(
            lambda session: set_privacy_contact(session, author, contact),
            _("Saved: the kiosk and the phones show whom to ask."),
        )
