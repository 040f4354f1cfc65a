"""The Write workspace's page (principle list, editor, preview, save bar) and the History dock.

Neither is on screen when the window opens on the reading view, so they are built after its
first paint (:meth:`~charter_app.ui.main_window.MainWindow.ensure_write_page`), or as soon as
something needs them (the Write workspace chosen, a charter opened for writing, the features).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _
from charter_app.ui.editor import CharterEditor, PrincipleEditor
from charter_app.ui.flow import flow
from charter_app.ui.history_panel import HistoryPanel
from charter_app.ui.preview import PreviewPane
from charter_app.ui.principle_model import PrincipleTableModel
from charter_app.ui.principle_table import PrincipleTable
from charter_app.ui.workspaces import HISTORY

if TYPE_CHECKING:
    from charter_app.ui.main_window import MainWindow


def build_write_page(window: MainWindow) -> None:
    """Build the writing page into ``window``'s central stack and the History dock beside it,
    connected to the window."""
    window.charter_button = QPushButton()
    window.charter_button.setCheckable(True)
    window.model = PrincipleTableModel(window)
    window.table = PrincipleTable(window.model)
    window.table.setSelectionBehavior(QAbstractItemView.SelectRows)
    window.table.setSelectionMode(QAbstractItemView.SingleSelection)
    window.table.setDragDropMode(QAbstractItemView.InternalMove)
    window.table.setDragEnabled(True)
    window.table.setAcceptDrops(True)
    window.table.setDropIndicatorShown(True)
    window.table.setDefaultDropAction(Qt.MoveAction)
    window.table.setTabKeyNavigation(False)
    window.table.verticalHeader().hide()
    window.table.setWordWrap(True)
    window.add_button = QPushButton()
    window.remove_button = QPushButton()
    window.up_button = QPushButton()
    window.down_button = QPushButton()
    # Wrapped onto two lines in a narrow list rather than cut.
    buttons = flow(window.add_button, window.remove_button, window.up_button, window.down_button)
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addWidget(window.charter_button)
    window.list_label = QLabel()
    window.list_label.setWordWrap(True)
    window.list_label.setBuddy(window.table)
    left_layout.addWidget(window.list_label)
    left_layout.addWidget(window.table, 1)
    left_layout.addWidget(buttons)

    window.editor_stack = QStackedWidget()
    window.charter_editor = CharterEditor()
    window.principle_editor = PrincipleEditor()
    window.editor_stack.addWidget(window.charter_editor)
    window.editor_stack.addWidget(window.principle_editor)

    window.preview = PreviewPane()
    window.preview_label = QLabel()
    window.preview_label.setBuddy(window.preview)
    preview_box = QWidget()
    preview_layout = QVBoxLayout(preview_box)
    preview_layout.setContentsMargins(0, 0, 0, 0)
    preview_layout.addWidget(window.preview_label)
    preview_layout.addWidget(window.preview, 1)

    window.splitter = QSplitter(Qt.Horizontal)
    window.splitter.addWidget(left)
    window.splitter.addWidget(window.editor_stack)
    window.splitter.addWidget(preview_box)
    window.splitter.setStretchFactor(0, 3)
    window.splitter.setStretchFactor(1, 3)
    window.splitter.setStretchFactor(2, 3)
    window.splitter.setSizes([500, 430, 390])
    window.splitter.setChildrenCollapsible(False)

    window.message_label = QLabel()
    window.message_edit = QLineEdit()
    window.message_label.setBuddy(window.message_edit)
    window.save_button = QPushButton()
    save_bar = QHBoxLayout()
    save_bar.addWidget(window.message_label)
    save_bar.addWidget(window.message_edit, 1)
    save_bar.addWidget(window.save_button)

    window.write_page = QWidget()
    window.write_page.setObjectName("writePage")
    layout = QVBoxLayout(window.write_page)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.addWidget(window.splitter, 1)
    layout.addLayout(save_bar)
    window.save_bar = save_bar
    # F6 stops of the writing page: the list, the editor, the preview, the save message.
    window.write_page.regions = lambda: [
        left,
        window.editor_stack,
        preview_box,
        window.message_edit,
    ]
    window.stack.insertWidget(1, window.write_page)  # after the welcome page, as it was

    window.history = HistoryPanel(window)
    window.addDockWidget(Qt.LeftDockWidgetArea, window.history)
    window.workspaces.register(window.history, HISTORY, Qt.LeftDockWidgetArea)

    window.charter_button.clicked.connect(lambda: window.select_principle(None))
    window.table.selectionModel().currentRowChanged.connect(window._current_row_changed)
    window.model.move_requested.connect(window._drop_move, Qt.QueuedConnection)
    window.add_button.clicked.connect(window.add_principle)
    window.remove_button.clicked.connect(window.remove_principle)
    window.up_button.clicked.connect(lambda: window.move_selected(-1))
    window.down_button.clicked.connect(lambda: window.move_selected(+1))
    window.save_button.clicked.connect(window.save)
    window.principle_editor.edited.connect(window._principle_edited)
    window.charter_editor.edited.connect(window._charter_edited)
    window.principle_editor.body_edit.follow_line.connect(window.preview.follow_line)
    window.charter_editor.preamble_edit.follow_line.connect(window.preview.follow_line)
    window.message_edit.textEdited.connect(lambda _text: setattr(window, "_message_touched", True))
    window.preview.confirm_link = lambda url: window.context.interaction.confirm_link(window, url)
    window.history.loaded.connect(window._update_progress)
    window.preview.link_refused.connect(
        lambda url: window.statusBar().showMessage(
            _("Not opened: “{url}” is not a web or e-mail address.").format(url=url), 8000
        )
    )
