"""Every feature plugs into the main window: it loads, names its menus, and no shortcut clashes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections import defaultdict  # noqa: E402

from PySide6.QtGui import QAction, QKeySequence  # noqa: E402

from charter_app.ui.features import FEATURES  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window


def test_every_feature_loads(window) -> None:  # type: ignore[no-untyped-def]
    assert window.feature_failures == []
    assert len(window.features) == len(FEATURES)


def test_every_menu_has_a_title(window) -> None:  # type: ignore[no-untyped-def]
    titles = [action.text() for action in window.menuBar().actions()]
    assert all(title.strip() for title in titles), titles
    assert len(set(titles)) == len(titles)


def test_no_two_actions_share_a_shortcut(window) -> None:  # type: ignore[no-untyped-def]
    # Actions of every menu, dock and toolbar of the window: a shortcut must do one thing.
    owners: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            if not sequence.isEmpty() and action.text():
                owners[sequence.toString(QKeySequence.PortableText)].add(action.text())
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert not clashes, clashes
