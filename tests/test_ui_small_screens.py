"""The window fits the laptops workshops run on (1366x768, even 1024x768, less a title bar and a
panel), in French and in English, in every workspace; crowded toolbars stack."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QCheckBox,
    QDockWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charter_app.ui.responsive import ResponsiveRow, hbox  # noqa: E402
from charter_app.ui.workspaces import WORKSPACES, WRITE  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

SMALLEST = (1024, 700)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_workspace_fits_a_small_laptop_screen(qtbot, window, language) -> None:
    window.apply_preferences(language, False, 1.0)
    qtbot.waitUntil(lambda: len(window.features) > 0 and window.feature_failures == [])
    for workspace in WORKSPACES:  # each task's panes, as they open
        window.workspaces.show(workspace.key)
        smallest = window.minimumSizeHint()
        fits = smallest.width() <= SMALLEST[0] and smallest.height() <= SMALLEST[1]
        assert fits, (workspace.key, smallest)
        docks = [d.objectName() for d in window.findChildren(QDockWidget) if d.isVisible()]
        assert sorted(docks) == sorted(name for name, _area in workspace.docks), workspace.key
    window.resize(*SMALLEST)
    qtbot.waitUntil(lambda: window.width() <= SMALLEST[0] and window.height() <= SMALLEST[1])


def test_a_row_stacks_its_groups_when_narrow_and_unstacks_when_wide(qtbot) -> None:
    first = [QPushButton(f"Un bouton assez long {k}") for k in range(3)]
    second = [QCheckBox(f"Une option {k}") for k in range(3)]
    row = ResponsiveRow([hbox(*first, stretch_after=True), hbox(*second)])
    page = QWidget()  # as in a dock: the row inside another widget's layout
    QVBoxLayout(page).addWidget(row)
    qtbot.addWidget(page)
    page.show()
    widest_group = max(sum(w.sizeHint().width() for w in group) for group in (first, second))
    assert row.minimumSizeHint().width() < row.sizeHint().width()
    assert row.minimumSizeHint().width() <= widest_group + 40
    page.resize(row.sizeHint().width() + 40, 200)
    buttons, options = first[0].parentWidget(), second[0].parentWidget()
    qtbot.waitUntil(lambda: not row.stacked and buttons.y() == options.y())
    assert options.x() >= buttons.x() + buttons.width()
    page.resize(row.minimumSizeHint().width() + 20, 200)
    qtbot.waitUntil(lambda: row.stacked and options.y() >= buttons.y() + buttons.height())
    for widget in first + second:  # nothing drawn outside the row
        left = widget.mapTo(row, widget.rect().topLeft()).x()
        assert left >= 0 and left + widget.width() <= row.width()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_comments_dock_fits_beside_the_text_being_written_without_scrolling_sideways(
    qtbot, window, language
) -> None:
    window.apply_preferences(language, False, 1.0)
    qtbot.waitUntil(lambda: len(window.features) > 0 and window.feature_failures == [])
    window.resize(1366, 768)
    window.workspaces.show(WRITE)
    comments = window.findChild(QDockWidget, "commentsDock")
    area = comments.widget()
    qtbot.waitUntil(lambda: comments.isVisible() and area.viewport().width() > 0)
    # Every filter and button still shows, one under another where a row is too wide, with no
    # sideways scrolling.
    assert comments.width() <= window.width() // 3 + 40
    qtbot.waitUntil(lambda: area.widget().width() <= area.viewport().width())
    assert not area.horizontalScrollBar().isVisible()
