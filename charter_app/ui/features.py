"""Features plug into the main window without growing it: each adds its own menus and panels.

A feature is a class taking the window; it adds actions to ``window.feature_menu(name)``,
panels with ``window.addDockWidget``, and follows the window through ``window.events``. The
main window knows only the list :data:`FEATURES`, so amendments, comments, the council,
history and sync, workshops and import each live in their own module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from charter_app.ui.main_window import MainWindow

# "module:Class" of every feature, in menu order. A module is imported when the window is built.
FEATURES: list[str] = []
FEATURES.append("charter_app.ui.history_browser:HistoryFeature")
FEATURES.append("charter_app.ui.sync_dialogs:SyncFeature")
FEATURES.append("charter_app.ui.comments_panel:CommentsFeature")
FEATURES.append("charter_app.ui.council_panel:CouncilFeature")
FEATURES.append("charter_app.ui.export_dialog:ExportFeature")
FEATURES.append("charter_app.ui.import_dialog:ImportFeature")
FEATURES.append("charter_app.ui.workshop_mode:WorkshopFeature")
FEATURES.append("charter_app.ui.amendments_panel:AmendmentsFeature")
FEATURES.append("charter_app.ui.about:AboutFeature")  # the Help menu, last by convention


class WindowEvents(QObject):
    """What happens in the main window that features follow."""

    opened = Signal(object)
    """A charter was opened: the :class:`~charter_app.ui.document.CharterDocument`."""
    closed = Signal()
    """The charter was closed (the welcome screen shows)."""
    selected = Signal(object)
    """The selected principle id, or None when the charter's own fields are shown."""
    saved = Signal(str)
    """A save made the commit with this id (the document also emits ``saved``)."""
    retranslate = Signal()
    """The language changed: rebuild every text."""


class Feature(Protocol):
    def __init__(self, window: MainWindow) -> None: ...


def load_features(window: MainWindow) -> list[object]:
    """Instantiate every feature of :data:`FEATURES` for ``window``."""
    loaded = []
    for spec in FEATURES:
        module_name, _colon, class_name = spec.partition(":")
        module = importlib.import_module(module_name)
        loaded.append(getattr(module, class_name)(window))
    return loaded
