"""Tell a screen reader something that happened where the keyboard is not (an announcement).

Qt sends it on the accessibility bus (AT-SPI's "announcement", UIA's notification), so Orca or
NVDA reads it without moving the focus: who wrote the comment just reached with F8, the area
F6 landed in, a write that finished. Each window keeps the last announcements it made
(``announced``), which tests read.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

KEPT = 50


def announce(widget: QWidget, message: str, assertive: bool = False) -> None:
    """Have ``message`` read out, from ``widget``'s place in the window."""
    if not message:
        return
    window = widget.window()
    announced = getattr(window, "announced", None)
    if isinstance(announced, list):
        announced.append(message)
        del announced[:-KEPT]
    event = QAccessibleAnnouncementEvent(widget, message)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
