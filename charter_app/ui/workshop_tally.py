"""The show-of-hands panel: the facilitator types the counted hands for an amendment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charter_app.core import workshops as core
from charter_app.core.amendment_state import people_label
from charter_app.i18n import _
from charter_app.ui.editor import set_accessible
from charter_app.ui.responsive import scrolling

if TYPE_CHECKING:
    from charter_app.ui.workshop_mode import WorkshopFeature


class TallyPanel(QDockWidget):
    """The facilitator counts hands and types them here; the projector shows them big."""

    def __init__(self, feature: WorkshopFeature) -> None:
        super().__init__()
        self.feature = feature
        self.setObjectName("tallyPanel")
        self.amendment_combo = QComboBox()
        # Long amendment titles read whole in the list it opens, not in the panel's width.
        self.amendment_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.amendment_combo.setMinimumContentsLength(18)
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
        self.setWidget(scrolling(body))
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
                self.amendment_combo.addItem(f"{people_label(record)} — {about}", record.id)
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
