"""Garbage is collected in the UI thread only: a Qt object freed by a collection in a worker
thread would be destroyed in the wrong thread."""

from __future__ import annotations

import gc
import os
import weakref

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from charter_app.ui import collector  # noqa: E402


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_collection_happens_on_the_ui_thread_timer(qtbot, qapp) -> None:
    collector.install(qapp)
    assert not gc.isenabled()
    ours = collector._installed[0]
    assert ours.timer.isActive() and ours.thread() is qapp.thread()
    node = Node()
    gone = weakref.ref(node)
    del node

    def collected() -> bool:
        trash = [Node() for _ in range(ours.thresholds[0] + 10)]  # enough for a collection
        del trash
        return gone() is None

    # Older generations are collected every few younger ones, as Python itself would.
    qtbot.waitUntil(collected, timeout=40 * collector.INTERVAL_MS)
