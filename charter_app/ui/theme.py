"""Look of the app: visible focus, the high-contrast theme, status icons and text scaling."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from charter_app import paths

RESOURCES = paths.bundled("resources")
MIN_SCALE, MAX_SCALE, SCALE_STEP = 0.6, 3.0, 0.1


def resource(name: str) -> Path:
    return RESOURCES / name


def _read(name: str) -> str:
    path = resource(name)
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@cache
def status_icon(status: str) -> QIcon:
    """The status's own shape (pencil, bubble, tick, cross): never colour alone."""
    path = resource(f"icons/status-{status}.svg")
    if path.is_file():
        return QIcon(str(path))
    return QIcon()


@cache
def app_icon() -> QIcon:
    path = resource("icons/app.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


class Appearance:
    """Theme and text scale of the running application, applied to every window at once."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.system_font = QFont(app.font())
        self.base_point_size = self.system_font.pointSizeF() or 10.0
        self.scale = 1.0
        self.high_contrast = False
        self._default_palette = QPalette(app.palette())

    def set_scale(self, scale: float) -> None:
        self.scale = round(min(MAX_SCALE, max(MIN_SCALE, scale)), 2)
        font = QFont(self.system_font)
        font.setPointSizeF(self.base_point_size * self.scale)
        self.app.setFont(font)
        # With a style sheet, Qt keeps each widget's resolved font: the size goes in the sheet.
        self._apply_sheet()

    def bigger(self) -> None:
        self.set_scale(self.scale + SCALE_STEP)

    def smaller(self) -> None:
        self.set_scale(self.scale - SCALE_STEP)

    def reset(self) -> None:
        self.set_scale(1.0)

    def set_high_contrast(self, enabled: bool) -> None:
        self.high_contrast = enabled
        self.app.setPalette(high_contrast_palette() if enabled else self._default_palette)
        self._apply_sheet()

    def _apply_sheet(self) -> None:
        size = self.base_point_size * self.scale
        sheet = (
            f"* {{ font-size: {size:.1f}pt; }}\n"
            f"QLabel#welcomeTitle {{ font-size: {size * 1.6:.1f}pt; }}\n" + _read("base.qss")
        )
        if self.high_contrast:
            sheet += "\n" + _read("high-contrast.qss")
        self.app.setStyleSheet(sheet)


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.Window, QPalette.Base, QPalette.AlternateBase, QPalette.Button):
        palette.setColor(role, black)
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText, QPalette.ToolTipText):
        palette.setColor(role, white)
    palette.setColor(QPalette.ToolTipBase, black)
    palette.setColor(QPalette.Highlight, yellow)
    palette.setColor(QPalette.HighlightedText, black)
    palette.setColor(QPalette.Link, yellow)
    palette.setColor(QPalette.LinkVisited, yellow)
    palette.setColor(QPalette.PlaceholderText, QColor("#d0d0d0"))
    return palette
