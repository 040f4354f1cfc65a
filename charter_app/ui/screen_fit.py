"""The window opens on the screen it is on, within what that screen has room for.

A fixed size (the window used to open at 1280x800) puts the status bar under the taskbar of a
768-pixel laptop. The window takes its last size and place when they still fit a screen, and
otherwise nine tenths of the available area of the screen, centred. Dialogs that can grow
(:func:`fit_dialog`) are kept inside the screen the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

SHARE = 0.9


def available(widget: QWidget) -> QRect:
    """The area of ``widget``'s screen free of panels and taskbars."""
    screen: QScreen | None = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


def fit_to_screen(window: QWidget, saved: QByteArray | None = None) -> None:
    """Restore ``saved`` geometry when it fits the screen, else take most of the screen."""
    room = available(window)
    if saved is not None and window.restoreGeometry(saved):
        frame = window.frameGeometry()
        if (
            room.contains(frame.topLeft())
            and frame.width() <= room.width()
            and (frame.height() <= room.height())
        ):
            return
    width = min(room.width(), max(round(room.width() * SHARE), 1000))
    height = min(room.height(), max(round(room.height() * SHARE), 680))
    window.resize(width, height)
    window.move(room.x() + (room.width() - width) // 2, room.y() + (room.height() - height) // 2)


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Size ``dialog`` to ``width`` x ``height``, or less when its screen is smaller."""
    room = available(dialog.parentWidget() or dialog)
    dialog.resize(min(width, room.width() - 40), min(height, room.height() - 60))
