"""The amendments and comments a revised copy holds, shown with the reason asked before filing."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QPlainTextEdit, QVBoxLayout

from charter_app.core.amendments import KIND_LABELS
from charter_app.i18n import _
from charter_app.importing.matching import SuggestionPlan
from charter_app.ui.editor import set_accessible
from charter_app.ui.import_widgets import dialog_buttons, first_words, report_list


class SuggestionsDialog(QDialog):
    """The amendments and comments a revised copy holds, the reason asked, before filing."""

    def __init__(self, plan: SuggestionPlan, source: str, author: str, parent=None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(_("Import suggestions from “{name}”").format(name=source))
        set_accessible(
            self,
            _("Import suggestions"),
            _("Changes become amendments and comments are recorded, once you confirm."),
        )
        self.changes_view = QListWidget()
        for change in plan.changes:
            who = change.author or author
            label = f" ({change.label})" if change.label else ""
            self.changes_view.addItem(
                _("{kind} principle {number}, by {who}{label}").format(
                    kind=_(KIND_LABELS[change.kind]), number=change.number, who=who, label=label
                )
            )
        for comment in plan.comments:
            self.changes_view.addItem(
                _("Comment on principle {number}: {text}").format(
                    number=comment.number, text=first_words(comment.text)
                )
            )
        nothing = not plan.changes and not plan.comments
        if nothing:
            self.changes_view.addItem(_("No suggestions: the file reads as the charter does."))
        self.report_view = report_list(plan.report)
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setPlaceholderText(_("Why these changes? (required)"))
        self.rationale_edit.setMaximumHeight(90)
        self.author_label = QLabel(
            _("Filed by {name} (“Who is writing?”); named authors are filed under their name.")
            .format(name=author)
        )  # fmt: skip
        self.author_label.setWordWrap(True)
        for widget, name, description in (
            (self.changes_view, _("Suggestions found"), _("Each becomes an amendment or comment.")),
            (self.report_view, _("Import report"), _("What could not be kept as it was.")),
            (self.rationale_edit, _("Rationale"), _("Why these changes; required.")),
        ):
            set_accessible(widget, name, description)
        self.buttons, self.file_button, _cancel = dialog_buttons(
            _("&File them"), _("File the amendments and comments, each by its author.")
        )
        self.file_button.setEnabled(False)
        self.rationale_edit.textChanged.connect(
            lambda: self.file_button.setEnabled(
                not nothing and bool(self.rationale_edit.toPlainText().strip())
            )
        )
        self.buttons.accepted.connect(self._accept_if_ready)
        self.buttons.rejected.connect(self.reject)
        changes_label = QLabel(_("&Suggestions:"))
        changes_label.setBuddy(self.changes_view)
        report_label = QLabel(_("&Report:"))
        report_label.setBuddy(self.report_view)
        rationale_label = QLabel(_("R&ationale:"))
        rationale_label.setBuddy(self.rationale_edit)
        layout = QVBoxLayout(self)
        for widget in (
            changes_label,
            self.changes_view,
            report_label,
            self.report_view,
            self.author_label,
            rationale_label,
            self.rationale_edit,
            self.buttons,
        ):
            layout.addWidget(widget)
        self.resize(720, 560)

    def _accept_if_ready(self) -> None:
        if self.file_button.isEnabled():
            self.accept()

    def rationale(self) -> str:
        return " ".join(self.rationale_edit.toPlainText().split())
