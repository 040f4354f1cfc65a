"""The screen shown when no charter is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _
from charter_app.ui.accessible import set_accessible


class WelcomePage(QWidget):
    open_example = Signal()
    new_charter = Signal()
    open_folder = Signal()
    open_recent = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("welcomeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.example_button = QPushButton()
        self.new_button = QPushButton()
        self.open_button = QPushButton()
        self.recent_label = QLabel()
        self.recent_list = QListWidget()
        self.recent_label.setBuddy(self.recent_list)
        column = QWidget()
        column.setMaximumWidth(720)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 4)
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(24, 48, 24, 48)
        for widget in (self.title, self.intro, self.example_button, self.new_button):
            layout.addWidget(widget)
        layout.addWidget(self.open_button)
        layout.addSpacing(16)
        layout.addWidget(self.recent_label)
        layout.addWidget(self.recent_list, 1)
        self.example_button.clicked.connect(self.open_example)
        self.new_button.clicked.connect(self.new_charter)
        self.open_button.clicked.connect(self.open_folder)
        self.recent_list.itemActivated.connect(
            lambda item: self.open_recent.emit(item.data(Qt.UserRole))
        )
        self._recent: list[str] = []
        self.retranslate()

    def set_recent(self, folders: list[str]) -> None:
        self._recent = list(folders)
        self.recent_list.clear()
        for folder in folders:
            item = QListWidgetItem(folder)
            item.setData(Qt.UserRole, folder)
            self.recent_list.addItem(item)
        self.recent_label.setVisible(bool(folders))
        self.recent_list.setVisible(bool(folders))

    def retranslate(self) -> None:
        self.title.setText(_("Charter Studio"))
        self.intro.setText(
            _(
                "Write your local digital charter together: a preamble and numbered principles, "
                "every change recorded with who made it and why."
            )
        )
        self.example_button.setText(_("Open the &example charter"))
        self.new_button.setText(_("&New charter…"))
        self.open_button.setText(_("&Open a charter folder…"))
        self.recent_label.setText(_("&Recent charters (Enter opens)"))
        set_accessible(
            self.example_button,
            _("Open the example charter"),
            _("A copy of the bundled example, to try the app."),
        )
        set_accessible(
            self.new_button, _("New charter"), _("Create a charter from the example or blank.")
        )
        set_accessible(
            self.open_button, _("Open a charter folder"), _("Choose a folder holding charter.yaml.")
        )
        set_accessible(
            self.recent_list,
            _("Recent charters"),
            _("Charters opened before; press Enter to open one."),
        )
