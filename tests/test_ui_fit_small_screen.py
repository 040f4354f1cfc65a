"""What people read on a 1024x700 screen, at normal and 150 % text, on the example charter with
its story: the council's list shows every column's header and every word of its short columns.
(That every workspace and dialog fits the screen is read by ``test_ui_visible_text.py``.)"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDockWidget, QStyle  # noqa: E402

from charter_app.application import charters  # noqa: E402
from charter_app.storage.templates import default_example  # noqa: E402
from charter_app.ui.workspaces import COUNCIL, WRITE  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402
from tests import ui_tour  # noqa: E402

app_home, interaction, window = helpers.app_home, helpers.interaction, helpers.window

SMALL = (1024, 700)


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    path = tmp_path / "charte"
    charters.create_from_template(path, default_example()).close()
    return path


def _ready(qtbot, window, scale: float) -> None:
    qtbot.waitUntil(lambda: window.features_loaded and bool(window.features), timeout=20_000)
    window.apply_preferences("fr", False, scale)
    window.resize(*SMALL)


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_council_list_shows_every_header_and_every_word_of_its_short_columns(
    qtbot, window, scale
) -> None:
    _ready(qtbot, window, scale)
    window.workspaces.show(COUNCIL)
    council = ui_tour.feature(window, "CouncilFeature")
    qtbot.waitUntil(lambda: not council.busy and bool(council.panel.state.rows), timeout=20_000)
    table = window.findChild(QDockWidget, "councilPanel").table
    qtbot.wait(200)  # the workspace's own layout, then the screen's width (the test
    window.resize(*SMALL)  # platform's screen is narrower than the one simulated)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    qtbot.wait(100)
    header, metrics = table.horizontalHeader(), table.fontMetrics()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
    model = table.model()
    for column in range(model.columnCount()):
        title = str(model.headerData(column, Qt.Horizontal, Qt.DisplayRole))
        wanted = header.fontMetrics().horizontalAdvance(title) + 2 * margin
        assert header.sectionSize(column) >= wanted, (title, header.sectionSize(column), wanted)
        if column == 1:  # the principle's title: a long one may end in "…" (its tooltip)
            continue
        for row in range(model.rowCount()):
            for word in str(model.index(row, column).data() or "").split():
                assert metrics.horizontalAdvance(word) < header.sectionSize(column), word
    # ...and all within the table: nothing hidden past its right edge.
    assert sum(header.sectionSize(c) for c in range(header.count())) <= table.viewport().width()


def test_the_councils_panels_share_a_small_screen_as_tabs_at_large_text_and_only_then(
    qtbot, window
) -> None:
    _ready(qtbot, window, 1.5)
    window.workspaces.show(COUNCIL)
    council = window.findChild(QDockWidget, "councilPanel")
    amendments = window.findChild(QDockWidget, "amendmentsDock")
    qtbot.waitUntil(lambda: amendments in window.tabifiedDockWidgets(council))
    qtbot.wait(300)  # the workspace's own layout, then the screen's width (the test
    window.resize(*SMALL)  # platform's screen is narrower than the one simulated)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    assert window.minimumSizeHint().width() <= SMALL[0]
    assert council.isVisible()  # the list in front; the comparison one tab away
    window.apply_preferences("fr", False, 1.0)  # normal text: side by side again
    qtbot.waitUntil(lambda: amendments not in window.tabifiedDockWidgets(council))
    assert council.isVisible() and amendments.isVisible()
    assert window.dockWidgetArea(council) != window.dockWidgetArea(amendments)


def test_the_preview_goes_under_the_editor_at_large_text_and_back_beside_it(qtbot, window) -> None:
    _ready(qtbot, window, 1.5)
    window.workspaces.show(WRITE)
    window.resize(*SMALL)
    editor, preview = window.editor_stack, window.preview

    def under() -> bool:
        top = preview.mapTo(window, preview.rect().topLeft())
        return top.y() >= editor.mapTo(window, editor.rect().bottomLeft()).y()

    qtbot.waitUntil(lambda: preview.isVisible() and under())
    # Wide enough for its words: about 30 average characters a line.
    assert preview.viewport().width() >= 28 * preview.fontMetrics().averageCharWidth()
    window.apply_preferences("fr", False, 1.0)
    qtbot.wait(300)  # the window's own layout, then the screen's width (the test platform's
    window.resize(*SMALL)  # screen is narrower than the one simulated)
    qtbot.waitUntil(lambda: preview.isVisible() and not under())
    beside = preview.mapTo(window, preview.rect().topLeft()).x()
    assert beside >= editor.mapTo(window, editor.rect().topRight()).x()


def test_the_history_text_and_the_batch_list_keep_whole_words_at_large_text(qtbot, window) -> None:
    from charter_app.ui.history_browser import TimelineView
    from charter_app.ui.workspaces import HISTORY

    _ready(qtbot, window, 1.5)
    window.workspaces.show(HISTORY)
    timeline = window.findChild(TimelineView)
    qtbot.waitUntil(lambda: timeline is not None and timeline.then_text.isVisible())
    qtbot.wait(300)
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0])
    text = timeline.then_text
    qtbot.waitUntil(lambda: text.viewport().width() >= 24 * text.fontMetrics().averageCharWidth())
    council = ui_tour.feature(window, "CouncilFeature")
    qtbot.waitUntil(lambda: not council.busy and bool(council.panel.state.rows), timeout=20_000)
    dialog = ui_tour.DIALOGS[[s.name for s in ui_tour.DIALOGS].index("adopt-several")].open(window)
    try:
        qtbot.waitUntil(lambda: dialog.list.isVisible())
        # A long principle title wraps onto a second line: nothing hidden past the edge.
        assert dialog.list.wordWrap()
        assert not dialog.list.horizontalScrollBar().isVisible()
        first = dialog.list.visualItemRect(dialog.list.item(0))
        assert first.right() <= dialog.list.viewport().width()
        assert first.height() > dialog.list.fontMetrics().lineSpacing() * 1.5  # two lines
    finally:
        ui_tour.close(window, dialog)
