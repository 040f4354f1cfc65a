"""A tour of the desktop app: every workspace, and every window and dialog a person can open.

Shared by the test that reads every visible text (``test_ui_visible_text.py``) and by the
screenshot script (``tools/screenshots_tour.py``): both see the same places. Each stop opens one
thing on the example charter with its story (so every pane has content) and returns the widget
to look at; the caller closes it (:func:`close`). Dialogs are opened without ``exec()`` so
nothing waits for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QWidget

from charter_app.ui.workspaces import WORKSPACES


@dataclass(frozen=True)
class Stop:
    name: str
    open: Callable[[Any], QWidget | None]
    """Opens the place on the window; returns the widget to look at (None: not available)."""


def feature(window: Any, name: str) -> Any:
    return next(f for f in window.features if type(f).__name__ == name)


def workspaces(window: Any) -> Iterator[str]:
    """Show each workspace in turn; yields its key."""
    for workspace in WORKSPACES:
        window.workspaces.show(workspace.key)
        QApplication.processEvents()
        yield workspace.key


def _shown(widget: QWidget | None) -> QWidget | None:
    if widget is not None:
        widget.show()
        QApplication.processEvents()
    return widget


def _dialog(make: Callable[[Any], QWidget | None]) -> Callable[[Any], QWidget | None]:
    return lambda window: _shown(make(window))


def _preferences(window: Any) -> QWidget:
    from charter_app.ui.dialogs import PreferencesDialog

    appearance = window.context.appearance
    return PreferencesDialog(
        window.context.language, appearance.high_contrast, appearance.scale, window
    )


def _add_participant(window: Any) -> QWidget:
    from charter_app.ui.dialogs import AddParticipantDialog

    return AddParticipantDialog(window)


def _new_charter(window: Any) -> QWidget:
    from charter_app.ui.dialogs import NewCharterDialog

    return NewCharterDialog(window.context.language, window)


def _propose(window: Any) -> QWidget | None:
    window.select_principle(window.document.charter.principles[2].id)
    return feature(window, "AmendmentsFeature").propose()


def _compare(window: Any) -> QWidget | None:
    return feature(window, "AmendmentsFeature").compare_versions()


def _passage(window: Any) -> QWidget | None:
    from charter_app.ui.reading.dialogs import PassageDialog

    principle = window.document.saved_charter.principles[2]
    start = principle.body.index(" ") + 1
    amendments = feature(window, "AmendmentsFeature")
    return PassageDialog(
        principle, start, start + 24, "p-cbb40a", "Claire Fontanel", amendments.file, window
    )


def _decision(window: Any) -> QWidget:
    from charter_app.core.decisions import Outcome
    from charter_app.ui.reading.dialogs import DecisionDialog

    return DecisionDialog("A-9", Outcome.ADOPTED, window)


def _comment(window: Any) -> QWidget:
    from charter_app.i18n import _
    from charter_app.ui.comment_dialogs import CommentDialog

    intro = _("On the passage “{quote}” of principle {number}.").format(
        quote="ses outils", number=1
    )
    return CommentDialog(window, _("Comment"), intro, "Claire Fontanel")


def _start_workshop(window: Any) -> QWidget:
    from charter_app.ui.workshop_start_dialog import StartWorkshopDialog

    return StartWorkshopDialog(window.document.saved_charter, "p-cbb40a", window)


def _minutes(window: Any) -> QWidget:
    from charter_app.core.workshops import fold_workshops
    from charter_app.ui.workshop_minutes_dialog import MinutesDialog

    return MinutesDialog(fold_workshops(window.document.repository.events()), window)


def _batch(window: Any) -> QWidget:
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.ui.council_batch_dialog import BatchDialog

    council = feature(window, "CouncilFeature")
    rows = [r for r in council.panel.state.rows if r.status is AmendmentStatus.REGISTERED]
    return BatchDialog(window.document.path, rows, "p-8736df", window)


def _adopt_version(window: Any) -> QWidget:
    from charter_app.ui.council_version_dialog import AdoptVersionDialog

    return AdoptVersionDialog("v1.1", False, window)


def _export(window: Any) -> QWidget | None:
    return feature(window, "ExportFeature").open_export()


def _comparison(window: Any) -> QWidget | None:
    return feature(window, "ExportFeature").open_comparison()


def _usb(window: Any) -> QWidget | None:
    return feature(window, "SyncFeature").show_export()


def _server(window: Any) -> QWidget | None:
    return feature(window, "SyncFeature").show_server()


def _about(window: Any) -> QWidget:
    from charter_app.ui.about import AboutDialog

    return AboutDialog(window)


def _shortcuts(window: Any) -> QWidget:
    from charter_app.ui.about import ShortcutsDialog

    return ShortcutsDialog(window, window)


def _error(window: Any) -> QWidget:
    from charter_app.errors import ValidationError
    from charter_app.i18n import _
    from charter_app.ui.error_dialog import ErrorDialog

    return ErrorDialog(
        window,
        ValidationError(
            _("Nobody is chosen in “Who is writing?”."),
            _("Add a participant (Ctrl+Shift+P), then try again."),
        ),
    )


def _projector(window: Any) -> QWidget | None:
    workshop = feature(window, "WorkshopFeature")
    workshop.toggle_projector()
    return workshop.projector


def _dots(window: Any) -> QWidget | None:
    workshop = feature(window, "WorkshopFeature")
    workshop.toggle_dots()
    return workshop.dots_panel


def _participation(window: Any) -> QWidget | None:
    workshop = feature(window, "WorkshopFeature")
    workshop.toggle_participation()
    return workshop.participation_panel


def _history(window: Any) -> QWidget | None:
    return feature(window, "HistoryFeature").show_browser(1)


DIALOGS: tuple[Stop, ...] = (
    Stop("preferences", _dialog(_preferences)),
    Stop("add-participant", _dialog(_add_participant)),
    Stop("new-charter", _dialog(_new_charter)),
    Stop("propose-amendment", _dialog(_propose)),
    Stop("compare-versions", _dialog(_compare)),
    Stop("propose-new-wording", _dialog(_passage)),
    Stop("accept-amendment", _dialog(_decision)),
    Stop("comment", _dialog(_comment)),
    Stop("start-workshop", _dialog(_start_workshop)),
    Stop("minutes", _dialog(_minutes)),
    Stop("adopt-several", _dialog(_batch)),
    Stop("adopt-version", _dialog(_adopt_version)),
    Stop("export", _dialog(_export)),
    Stop("export-comparison", _dialog(_comparison)),
    Stop("usb-export", _dialog(_usb)),
    Stop("server-sync", _dialog(_server)),
    Stop("about", _dialog(_about)),
    Stop("shortcuts", _dialog(_shortcuts)),
    Stop("error", _dialog(_error)),
    Stop("history-who-wrote-this", _history),
    Stop("projector", _projector),
    Stop("dots", _dots),
    Stop("participation", _participation),
)


def close(window: Any, widget: QWidget | None) -> None:
    """Close what a stop opened (dialogs, the projector; docks are hidden)."""
    if widget is None:
        return
    if isinstance(widget, QDialog):
        widget.reject()
        widget.deleteLater()
    elif widget.objectName() == "projector":
        feature(window, "WorkshopFeature").toggle_projector()
    elif widget.isWindow():
        widget.close()
    QApplication.processEvents()
