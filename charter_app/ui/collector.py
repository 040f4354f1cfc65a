"""Python's cyclic garbage collector, run only in the UI thread.

Work runs in the thread pool (loading, diffs, writes); an automatic collection can start in
whichever thread happens to allocate, and free a Qt object that was only held by a reference
cycle (a window, a dialog, a timer). Qt objects must be destroyed in their own thread: destroyed
from a worker, one with a running timer crashes the app. So automatic collection is switched off
and a timer of the UI thread collects instead, with the same thresholds Python would use.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class UIThreadCollector(QObject):
    """Collects garbage from a timer of the UI thread, one generation at a time as needed."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        first, second, third = self.thresholds
        counts = gc.get_count()
        if counts[0] > first:
            generation = 0
            if counts[1] > second:
                generation = 2 if counts[2] > third else 1
            gc.collect(generation)


_installed: list[UIThreadCollector] = []


def install(application: QObject) -> None:
    """Collect in the UI thread from now on (once per application)."""
    if not _installed:
        _installed.append(UIThreadCollector(application))
