"""The two questions the reading view asks: a new wording for a passage, and the council's vote.

:class:`PassageDialog` proposes new words for the words selected in the text (an amendment
that modifies the principle there, as Word's suggesting mode would); :class:`DecisionDialog`
records the council's accepting or declining of an amendment, with the vote and deliberation
reference, exactly as the council workspace's form does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.amendments import AmendmentKind
from charter_app.core.decisions import Decision, Outcome, make_decision
from charter_app.core.model import Principle
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.ui.amendment_dialog import Proposal
from charter_app.ui.editor import MarkdownEdit, set_accessible
from charter_app.ui.responsive import box_with_note
from charter_app.ui.screen_fit import fit_dialog


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PassageDialog(QDialog):
    """New words for a passage of a principle's saved text; ``submit`` files the amendment."""

    def __init__(
        self,
        principle: Principle,
        start: int,
        end: int,
        author: str,
        author_name: str,
        submit: Callable[[Proposal], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passageProposalDialog")
        self.principle, self.start, self.end = principle, start, end
        self.author, self.submit = author, submit
        self.setWindowTitle(_("Propose new wording"))
        passage = principle.body[start:end]
        heading = _plain(
            _("Principle {number}: {title}").format(number=principle.number, title=principle.title)
        )
        heading.setObjectName("dialogHeading")
        self.words_label = QLabel(_("&Instead of these words:"))
        self.old_words = QPlainTextEdit(passage)
        self.old_words.setReadOnly(True)
        self.old_words.setTabChangesFocus(True)
        self.new_label = QLabel(_("&Write:"))
        self.new_words = MarkdownEdit()
        self.new_words.setPlainText(passage)
        self.new_words.selectAll()
        self.rationale_label = QLabel(_("W&hy (required):"))
        self.rationale = QPlainTextEdit()
        self.rationale.setTabChangesFocus(True)
        self.rationale.setPlaceholderText(_("A sentence or two: the council reads it."))
        self.register_box = QCheckBox(_("&Register now"))
        self.register_box.setChecked(True)
        self.problem = QLabel()
        self.problem.setObjectName("inlineError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.by_label = _plain(_("Proposed by {name}.").format(name=author_name))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for label, field in (
            (self.words_label, self.old_words),
            (self.new_label, self.new_words),
            (self.rationale_label, self.rationale),
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&File the amendment"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form, 1)
        layout.addWidget(self.by_label)
        layout.addWidget(box_with_note(self.register_box, _("It gets its number at once.")))
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        set_accessible(self.old_words, _("Words now"), _("The words you selected, as they are."))
        set_accessible(self.new_words, _("Your wording"), _("The words you propose instead."))
        set_accessible(self.rationale, _("Why"), _("Required: why this change, in a few words."))
        set_accessible(self.ok_button, _("File the amendment"), _("Record it in the charter."))
        fit_dialog(self, 640, 520)
        self.new_words.setFocus()

    def proposal(self) -> Proposal:
        body = self.principle.body
        words = self.new_words.text()
        return Proposal(
            AmendmentKind.MODIFY,
            self.principle.id,
            None,
            body[: self.start] + words + body[self.end :],
            self.rationale.toPlainText().strip(),
            self.author,
            self.register_box.isChecked(),
        )

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def try_accept(self) -> None:
        proposal = self.proposal()
        if not proposal.rationale:
            self.show_problem(_("Say why in a few words: the council reads it before voting."))
            self.rationale.setFocus()
            return
        if proposal.body == self.principle.body:
            self.show_problem(_("These are the same words: change them to propose something."))
            self.new_words.setFocus()
            return
        try:
            self.submit(proposal)
        except CharterError as error:
            self.show_problem(f"{error.message} {error.hint}".strip())
            return
        self.accept()


class DecisionDialog(QDialog):
    """The council's decision on one amendment: accepted (adopted) or declined (rejected)."""

    def __init__(self, label: str, outcome: Outcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingDecisionDialog")
        self.outcome = outcome
        adopted = outcome is Outcome.ADOPTED
        self.setWindowTitle(
            _("Accept amendment {label}").format(label=label)
            if adopted
            else _("Decline amendment {label}").format(label=label)
        )
        intro = _plain(
            (
                _("The council adopts {label}: its words go into the text, in one recorded step.")
                if adopted
                else _("The council rejects {label}: the text stays as it is.")
            ).format(label=label)
        )
        self.votes_box = QCheckBox(_("With the &vote count"))
        self.for_spin, self.against_spin, self.abstain_spin = QSpinBox(), QSpinBox(), QSpinBox()
        votes = QHBoxLayout()
        for text, spin in (
            (_("&for"), self.for_spin),
            (_("a&gainst"), self.against_spin),
            (_("a&bstentions"), self.abstain_spin),
        ):
            spin.setRange(0, 9999)
            spin.setEnabled(False)
            self.votes_box.toggled.connect(spin.setEnabled)
            label = QLabel(text)
            label.setBuddy(spin)
            set_accessible(spin, text.replace("&", ""), "")
            votes.addWidget(label)
            votes.addWidget(spin)
        votes.addStretch(1)
        self.ref_edit = QLineEdit()
        self.ref_edit.setPlaceholderText(_("for example Délibération 2026-14 (optional)"))
        self.date_edit = QLineEdit(date.today().isoformat())
        self.problem = QLabel()
        self.problem.setObjectName("inlineError")
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.votes_box, votes)
        ref_label, date_label = QLabel(_("De&liberation:")), QLabel(_("D&ate:"))
        ref_label.setBuddy(self.ref_edit)
        date_label.setBuddy(self.date_edit)
        form.addRow(ref_label, self.ref_edit)
        form.addRow(date_label, self.date_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Record the decision"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        set_accessible(self.ref_edit, _("Deliberation"), _("The council's deliberation number."))
        set_accessible(self.date_edit, _("Date"), _("The day of the deliberation, year-month-day."))
        self.decision: Decision | None = None

    def values(self) -> Decision:
        votes = None
        if self.votes_box.isChecked():
            counts = (self.for_spin, self.against_spin, self.abstain_spin)
            votes = ",".join(str(spin.value()) for spin in counts)
        ref = self.ref_edit.text().strip() or None
        when = self.date_edit.text().strip() or None
        return make_decision(self.outcome, votes, ref, when)

    def try_accept(self) -> None:
        try:
            self.decision = self.values()
        except CharterError as error:
            self.problem.setText(f"{error.message} {error.hint}".strip())
            self.problem.show()
            return
        self.accept()
