"""The comments dock: threads of the selected principle, filters, details and action buttons."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from charter_app.core.model import Role
from charter_app.core.supports import POSITION_LABELS, Position
from charter_app.i18n import _
from charter_app.ui.comment_models import STATUS_FILTERS, ThreadTreeModel, role_label
from charter_app.ui.editor import set_accessible
from charter_app.ui.responsive import ResponsiveRow, hbox, scrolling


class CommentsPanel(QDockWidget):
    """Threads of the selected principle, filters, details and the actions on a thread."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsDock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        body = QWidget()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label, self.author_label, self.role_label = QLabel(), QLabel(), QLabel()
        self.status_combo, self.author_combo, self.role_combo = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        for label, combo in (
            (self.status_label, self.status_combo),
            (self.author_label, self.author_combo),
            (self.role_label, self.role_combo),
        ):
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        # Two rows of filters, so the threads keep the height on a 768-pixel projector; in a
        # narrow dock (beside the history) the second one stacks.
        pairs = [
            hbox(label, combo)
            for label, combo in (
                (self.status_label, self.status_combo),
                (self.author_label, self.author_combo),
                (self.role_label, self.role_combo),
            )
        ]
        for pair in pairs:
            pair.setStretch(1, 1)  # the combo takes the width, as in a form
        status_row, who_row = pairs[0], ResponsiveRow(pairs[1:])
        self.model = ThreadTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("commentThreads")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.viewport().installEventFilter(self)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.details.setMaximumHeight(self.details.fontMetrics().height() * 6)
        self.tree.setMinimumHeight(self.tree.fontMetrics().height() * 5)
        self.reply_button, self.edit_button, self.retract_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.resolve_button, self.hide_button = QPushButton(), QPushButton()
        self.support_buttons = {position: QPushButton() for position in Position}
        # Three rows of buttons; a row too wide for the dock puts its buttons one under another.
        button_rows = [
            ResponsiveRow([hbox(button) for button in row])
            for row in (
                (self.reply_button, self.edit_button, self.retract_button),
                (self.resolve_button, self.hide_button),
                tuple(self.support_buttons.values()),
            )
        ]
        self.busy_label = QLabel()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.heading)
        layout.addLayout(status_row)
        layout.addWidget(who_row)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.details, 1)
        for row in button_rows:
            layout.addWidget(row)
        layout.addWidget(self.busy_label)
        self.setWidget(scrolling(body))
        self.retranslate()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.tree.viewport():
            # Wrapped rows change height with the width; Qt does not measure them again itself.
            QTimer.singleShot(0, self.tree, self.tree.doItemsLayout)
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Comments"))
        self.status_label.setText(_("&Show:"))
        self.author_label.setText(_("&By:"))
        self.role_label.setText(_("&Role:"))
        current = self.status_combo.currentData() or "all"
        self.status_combo.clear()
        for key, label in STATUS_FILTERS:
            self.status_combo.addItem(_(label), key)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current)))
        current_role = self.role_combo.currentData() or ""
        self.role_combo.clear()
        self.role_combo.addItem(_("Any role"), "")
        for role in Role:
            self.role_combo.addItem(role_label(role.value), role.value)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(current_role)))
        self.reply_button.setText(_("Reply…"))
        self.edit_button.setText(_("Edit mine…"))
        self.retract_button.setText(_("Retract mine"))
        self.support_buttons[Position.SUPPORT].setText(_("Support"))
        self.support_buttons[Position.OPPOSE].setText(_("Oppose"))
        self.support_buttons[Position.NEUTRAL].setText(_("Neutral"))
        named = (
            (self.status_combo, _("Show threads"), _("All, open, resolved or orphaned threads.")),
            (
                self.author_combo,
                _("Threads by"),
                _("Only threads where this participant wrote the comment or a reply."),
            ),
            (
                self.role_combo,
                _("Threads by role"),
                _("Only threads where someone with this role wrote."),
            ),
            (
                self.tree,
                _("Comment threads"),
                _(
                    "Threads of the selected principle with their replies; F8 and Shift+F8 go "
                    "to the next and previous comment; the Menu key lists the actions."
                ),
            ),
            (
                self.details,
                _("Thread details"),
                _("The selected thread: passage, state and positions by role."),
            ),
            (self.reply_button, _("Reply"), _("Answer the selected comment.")),
            (self.edit_button, _("Edit my comment"), _("Change the text of your own comment.")),
            (
                self.retract_button,
                _("Retract my comment"),
                _("Withdraw your own comment: it stays listed, its text is no longer shown."),
            ),
            (
                self.resolve_button,
                _("Resolve or reopen"),
                _("Mark the thread resolved, or open it again (its author or a facilitator)."),
            ),
            (
                self.hide_button,
                _("Hide or show"),
                _("A facilitator hides a comment with a reason, or shows it again."),
            ),
        )
        for widget, name, description in named:
            set_accessible(widget, name, description)
        set_accessible(self.tree.header(), _("Threads"), _("One column: the threads."))
        for position, button in self.support_buttons.items():
            set_accessible(
                button,
                button.text(),
                _("Take this position on the selected comment: {position}.").format(
                    position=_(POSITION_LABELS[position])
                ),
            )
