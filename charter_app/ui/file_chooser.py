"""File dialogs that tests can replace, and the folder exports are suggested in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


class FileChooser:
    """The file dialogs of the export and import features (tests replace it with answers).

    ``window.context.interaction`` has no file dialogs yet; when it gains them, this is the one
    place to route them through it.
    """

    def save_file(self, parent: QWidget | None, caption: str, suggested: str, filters: str):
        path, _filter = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
        return path or None

    def open_file(self, parent: QWidget | None, caption: str, filters: str):
        path, _filter = QFileDialog.getOpenFileName(parent, caption, "", filters)
        return path or None

    def folder(self, parent: QWidget | None, caption: str, start: str = ""):
        return QFileDialog.getExistingDirectory(parent, caption, start) or None

    def open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()
