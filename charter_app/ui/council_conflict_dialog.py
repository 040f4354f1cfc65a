"""Why a selection cannot be adopted: each amendment, the text now and what it proposes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from charter_app.core.decisions import AdoptionConflictError
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.side_by_side_view import make_diff_view


class ConflictDialog(QDialog):
    """Why a selection cannot be adopted: each amendment, the text now and what it proposes."""

    def __init__(self, error: AdoptionConflictError, labels: dict[str, str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Nothing was recorded"))
        self.setAccessibleName(_("Adoption conflict"))
        self.setAccessibleDescription(error.message)
        layout = QVBoxLayout(self)
        self.summary = QLabel(error.hint)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        content = QWidget()
        column = QVBoxLayout(content)
        self.views: list[QWidget] = []
        for conflict in error.conflicts:
            number = labels.get(conflict.amendment, conflict.amendment)
            head = QLabel(
                _("Amendment {number} cannot be applied: {reason}").format(
                    number=number, reason=conflict.reason
                )
            )
            if conflict.earlier:
                head.setText(
                    head.text()
                    + " "
                    + _("It collides with {numbers}.").format(
                        numbers=", ".join(labels.get(e, e) for e in conflict.earlier)
                    )
                )
            head.setWordWrap(True)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            column.addWidget(head)
            for passage in conflict.conflicts:
                view = make_diff_view()
                view.set_texts(
                    passage.ours.strip(),
                    passage.theirs.strip(),
                    _("Text now"),
                    _("Amendment {number} proposes").format(number=number),
                )
                view.setMinimumHeight(120)
                column.addWidget(view)
                self.views.append(view)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        set_accessible(scroll, _("Conflicting passages"), error.message)
        layout.addWidget(scroll, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = box.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("&Close"))
        set_accessible(close, _("Close"), _("Back to the council panel."))
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(820, 520)
