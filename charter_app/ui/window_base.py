"""The base of the main window's mixins: a QMainWindow to the type checker, nothing at runtime."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    WindowMixinBase = QMainWindow
else:
    WindowMixinBase = object
