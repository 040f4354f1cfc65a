"""Features plug into the main window without growing it: each adds its own menus and panels.

A feature is a class taking the window; it adds actions to ``window.feature_menu(name)``,
panels with ``window.addDockWidget``, and follows the window through ``window.events``. The
main window knows only the list :data:`FEATURES`, so amendments, comments, the council,
history and sync, workshops and import each live in their own module.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from charter_app.ui.main_window import MainWindow

log = logging.getLogger(__name__)

# "module:Class" of every feature, in menu order (Help last). Imported when a window is built.
FEATURES: list[str] = [
    "charter_app.ui.sections_feature:SectionsFeature",
    "charter_app.ui.comments_panel:CommentsFeature",
    "charter_app.ui.amendments_panel:AmendmentsFeature",
    "charter_app.ui.council_panel:CouncilFeature",
    "charter_app.ui.workshop_mode:WorkshopFeature",
    "charter_app.ui.companion_panel:CompanionFeature",
    "charter_app.ui.history_browser:HistoryFeature",
    "charter_app.ui.sync_dialogs:SyncFeature",
    "charter_app.ui.export_dialog:ExportFeature",
    "charter_app.ui.publish_dialog:PublishFeature",
    "charter_app.ui.import_dialog:ImportFeature",
    "charter_app.ui.direction_warning:DirectionWarningFeature",
    "charter_app.ui.repair_offer:RepairFeature",
    "charter_app.ui.privacy_feature:PrivacyFeature",
    "charter_app.ui.about:AboutFeature",
]


class WindowEvents(QObject):
    """What happens in the main window that features follow."""

    opened = Signal(object)
    """A charter was opened: the :class:`~charter_app.ui.document.CharterDocument`."""
    closed = Signal()
    """The charter was closed (the welcome screen shows)."""
    selected = Signal(object)
    """The selected principle id, or None when the charter's own fields are shown."""
    saved = Signal(str)
    """A commit was made (a save, any write here or elsewhere): its id, or "" for none."""
    written = Signal(object)
    """What a write changed (:class:`~charter_app.application.written.Written`), here or
    elsewhere (the command line, a sync, another program): refresh only that."""
    retranslate = Signal()
    """The language changed: rebuild every text."""


class Feature(Protocol):
    def __init__(self, window: MainWindow) -> None: ...


def load_features(window: MainWindow) -> tuple[list[object], list[str]]:
    """Every feature of :data:`FEATURES` built for ``window``, and what failed to load.

    A broken feature must not take the whole window down with it (the facilitator still needs
    the editor): it is logged and reported, and the tests fail on any failure.
    """
    loaded, failures = [], []
    for spec in FEATURES:
        module_name, _colon, class_name = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
            loaded.append(getattr(module, class_name)(window))
        except Exception:  # noqa: BLE001 - any failure of one feature, reported below
            log.exception("feature %s could not be loaded", spec)
            failures.append(spec)
    return loaded, failures
