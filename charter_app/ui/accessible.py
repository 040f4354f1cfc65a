"""The name and description a screen reader gives a widget.

Its own small module so that the window's first paint (the reading view, the welcome page, the
workspaces' tabs) names its widgets without importing the Markdown editor's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def set_accessible(widget: QWidget, name: str, description: str) -> None:
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
