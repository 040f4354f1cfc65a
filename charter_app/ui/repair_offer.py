"""The app's way to the repair (``storage/repair.py``): files that cannot be read are set aside,
kept in the charter folder's ``set-aside/``, so the rest of the charter opens and works.

It is offered when a charter cannot be opened because of such a file, and from *File > Check
and repair the charter's files…* (a comment or an amendment file that cannot be read does not
stop the opening, but the panels that read it fail). Checking and repairing run off the UI
thread; the questions go through the window's interaction object, so tests answer them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from charter_app.errors import FormatError
from charter_app.i18n import _, ngettext
from charter_app.ui.workers import Worker


def _check(folder: Path) -> list[Any]:
    from charter_app.storage.checking import check_folder

    return check_folder(folder)


def _repair(folder: Path) -> Any:
    from charter_app.application.repair import repair_charter
    from charter_app.application.session import Session

    with Session.open(folder) as session:
        return repair_charter(session).value


def summary(result: Any) -> str:
    """What a repair did, in the same sentences as ``charter repair``."""
    from charter_app.storage.repair import describe

    return "\n".join(
        "• " + line.strip() if line.startswith("  ") else line for line in describe(result)
    )


class Repairer:
    """Runs a repair of ``folder`` for ``window``, then opens the charter again."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.worker = Worker(window)
        self.worker.done.connect(self._repaired)
        self.worker.failed.connect(self._failed)
        self.folder: Path | None = None

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def start(self, folder: Path) -> None:
        self.folder = folder
        self.window.statusBar().showMessage(_("Setting aside the files that cannot be read…"))
        self.worker.submit(lambda: _repair(folder))

    def _repaired(self, result: Any) -> None:
        window = self.window
        window.statusBar().clearMessage()
        window.context.interaction.inform(window, _("Repair"), summary(result))
        if not result.unrepaired and self.folder is not None:
            window.open_charter(self.folder)

    def _failed(self, error: object) -> None:
        self.window.statusBar().clearMessage()
        if isinstance(error, BaseException):
            self.window.context.interaction.show_error(self.window, error)


_REPAIRERS: dict[int, Repairer] = {}


def repairer_of(window: Any) -> Repairer:
    """One repairer per window (opening failures happen before features load)."""
    if id(window) not in _REPAIRERS:
        _REPAIRERS[id(window)] = Repairer(window)
        window.destroyed.connect(lambda: _REPAIRERS.pop(id(window), None))
    return _REPAIRERS[id(window)]


def offer_after_failed_open(window: Any, folder: Path | None, error: object) -> bool:
    """When opening ``folder`` failed on a file that cannot be read, offer to set it aside and
    open the rest; True when the offer was made (accepted or not), False to show the error."""
    if folder is None or not isinstance(error, FormatError):
        return False
    repairer = repairer_of(window)
    if repairer.folder == folder:  # a repair just ran and the charter still fails: say so
        repairer.folder = None
        return False
    question = _(
        "Charter Studio can set this file aside (it is kept, as it is, in the folder "
        "“set-aside” of the charter) and open the rest of the charter."
    )
    if window.context.interaction.ask_repair(window, error.message, question):
        repairer.start(folder)
    else:
        window._show_error(error)
    return True


class RepairFeature:
    """*File > Check and repair the charter's files…*"""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.action = QAction(window)
        self.action.setShortcut(QKeySequence("Ctrl+Alt+K"))
        self.action.triggered.connect(self.check)
        window.file_menu.insertAction(window.preferences_action, self.action)
        self.checker = Worker(window)
        self.checker.done.connect(self._checked)
        self.checker.failed.connect(repairer_of(window)._failed)
        window.events.opened.connect(lambda _document: self._update())
        window.events.closed.connect(self._update)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.action.setText(_("Check and &repair the charter's files…"))

    @property
    def busy(self) -> bool:
        return self.checker.busy or repairer_of(self.window).busy

    def _update(self) -> None:
        document = self.window.document
        self.action.setEnabled(document is not None and not document.read_only)

    def check(self) -> None:
        document = self.window.document
        if document is None or self.checker.busy:
            return
        folder = Path(document.path)
        self.window.statusBar().showMessage(_("Checking every file of the charter…"))
        self.checker.submit(lambda: (folder, _check(folder)))

    def _checked(self, answer: tuple[Path, list[Any]]) -> None:
        folder, problems = answer
        window = self.window
        window.statusBar().clearMessage()
        broken = [p for p in problems if p.broken]
        others = [p for p in problems if not p.broken]
        interaction = window.context.interaction
        if not broken:
            lines = [_("Every file of the charter can be read.")]
            lines += [str(problem.error) for problem in others]
            interaction.inform(window, _("Check"), "\n".join(lines))
            return
        message = ngettext(
            "{count} file of the charter cannot be read:",
            "{count} files of the charter cannot be read:",
            len(broken),
        ).format(count=len(broken))
        details = "\n".join([message, *(problem.error.message for problem in broken)])
        question = ngettext(
            "Set it aside (it is kept, as it is, in the folder “set-aside” of the charter) so "
            "that the rest works? The charter is then opened again.",
            "Set them aside (they are kept, as they are, in the folder “set-aside” of the "
            "charter) so that the rest works? The charter is then opened again.",
            len(broken),
        )
        if interaction.ask_repair(window, details, question) and window.close_charter():
            repairer_of(window).start(folder)
