"""A facilitator's 20-minute session, played in a fresh process in a fraction of the time.

The operations of the session the issue measured (2,110 edits with saves, undo and redo; 60
comments; 40 amendments with their diffs; 80 history views; 15 exports; 3 workshops with the
projector) are done through the real window and its features, in four equal quarters. After
each quarter the process's memory and the app's widgets are noted. The target: after its first
quarter ("the first 5 minutes"), the session grows by at most 30 MB and ends with as many
top-level widgets as it had then. Run by ``bench/bench_ui.py``; alone:
``python -m bench.session CHARTER_FOLDER`` (the folder is changed: use a copy).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

EDITS, COMMENTS, AMENDMENTS, HISTORY_VIEWS, EXPORTS, WORKSHOPS = 2110, 60, 40, 80, 15, 3
QUARTERS = 4
BURST = 6
"""Keystrokes of one typing burst (one undo step)."""
SAVE_EVERY = 12
"""Bursts between two saves."""
EXPORT_FORMATS = ("html", "md", "odt", "docx", "pdf")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Prompts:
    """Answers the comment feature's questions as a participant would (no modal dialog)."""

    def __init__(self) -> None:
        self.count = 0

    def write(self, title, intro, author, initial=""):
        self.count += 1
        return f"Remarque {self.count} : à préciser."

    def confirm(self, title, question):
        return True


class Session:
    def __init__(self, app, window, out: Path) -> None:
        from charter_app.ui.amendments_panel import AmendmentsFeature
        from charter_app.ui.comments_panel import CommentsFeature
        from charter_app.ui.export_dialog import ExportFeature
        from charter_app.ui.history_browser import HistoryFeature
        from charter_app.ui.workshop_mode import WorkshopFeature

        self.app, self.window, self.out = app, window, out
        features = window.features
        self.comments = next(f for f in features if isinstance(f, CommentsFeature))
        self.amendments = next(f for f in features if isinstance(f, AmendmentsFeature))
        self.history = next(f for f in features if isinstance(f, HistoryFeature))
        self.export = next(f for f in features if isinstance(f, ExportFeature))
        self.workshop = next(f for f in features if isinstance(f, WorkshopFeature))
        self.comments.prompts = _Prompts()
        self.done = dict.fromkeys(
            ("edits", "saves", "undo", "comments", "amendments", "history", "exports", "workshops"),
            0,
        )
        self.step = 0

    # -- helpers ----------

    def wait(self, condition, timeout_s: float = 120.0) -> None:
        from PySide6.QtTest import QTest

        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(condition)
            QTest.qWait(2)  # a real turn of the event loop: deferred deletions happen too

    def settle(self) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(1)

    def principles(self) -> list[str]:
        return [p.id for p in self.window.document.charter.principles]

    def select(self, index: int) -> str:
        ids = self.principles()
        principle_id = ids[index % len(ids)]
        self.window.select_principle(principle_id)
        self.settle()
        return principle_id

    # -- the operations ----------

    def type_bursts(self, count: int) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        body = self.window.principle_editor.body_edit
        for _ in range(count):
            self.step += 1
            if self.step % 4 == 0:
                self.select(self.step // 4)
            body.setFocus()
            body.moveCursor(body.textCursor().MoveOperation.End)
            QTest.keyClicks(body, f" mot{self.step % 97:02d}"[:BURST])
            self.done["edits"] += BURST
            if self.step % 7 == 0:  # a word typed too many: undone, then redone once in a while
                self.window.undo_stack.undo()
                self.done["undo"] += 1
                if self.step % 14 == 0:
                    self.window.undo_stack.redo()
            if self.step % SAVE_EVERY == 0:
                QTest.keyClick(body, Qt.Key_S, Qt.ControlModifier)
                self.done["saves"] += 1
        self.window.save()

    def comment(self, count: int) -> None:
        from PySide6.QtGui import QTextCursor

        for index in range(count):
            self.select(index * 3 + 1)
            body = self.window.principle_editor.body_edit
            words = " ".join(body.text().split()[2:6])
            start = body.text().find(words)
            cursor = body.textCursor()
            cursor.setPosition(max(start, 0))
            cursor.setPosition(max(start, 0) + len(words), QTextCursor.KeepAnchor)
            body.setTextCursor(cursor)
            self.comments.comment_action.trigger()
            self.wait(lambda: not self.comments.busy)
            self.done["comments"] += 1

    def amend(self, count: int) -> None:
        from charter_app.core.amendments import AmendmentKind
        from charter_app.ui.amendment_dialog import Proposal

        author = self.window.current_participant()
        panel = self.amendments.panel
        for index in range(count):
            principle_id = self.select(index * 5 + 2)
            principle = self.window.document.saved_charter.principle(principle_id)
            body = principle.body.replace(" ", " vraiment ", 1)
            self.amendments.file(
                Proposal(AmendmentKind.MODIFY, principle_id, None, body, "Plus précis.", author,
                         True)
            )  # fmt: skip
            self.wait(lambda: not panel.busy and panel.snapshot is not None)
            rows = panel.model.rowCount()
            panel.table.selectRow(rows - 1)  # its diff is shown
            self.settle()
            self.done["amendments"] += 1

    def view_history(self, count: int) -> None:
        from charter_app.ui.history_browser import HistoryBrowser

        tabs = (HistoryBrowser.TIMELINE, HistoryBrowser.BLAME, HistoryBrowser.VERSIONS)
        for index in range(count):
            self.select(index)
            browser = self.history.show_browser(tabs[index % len(tabs)])
            self.wait(lambda browser=browser: not browser.busy)
            browser.close()
            self.settle()
            self.done["history"] += 1

    def export_charter(self, count: int) -> None:
        for _ in range(count):
            fmt = EXPORT_FORMATS[self.done["exports"] % len(EXPORT_FORMATS)]
            dialog = self.export.open_export()
            dialog.format_combo.setCurrentIndex(dialog.format_combo.findData(fmt))
            dialog.path_edit.setText(str(self.out / f"export-{self.done['exports']}.{fmt}"))
            dialog.start()
            self.wait(lambda dialog=dialog: dialog.written is not None)
            dialog.reject()
            self.settle()
            self.done["exports"] += 1

    def run_workshop(self) -> None:
        from charter_app.ui.workshop_start_dialog import StartValues

        feature = self.workshop
        values = StartValues(
            f"Atelier {self.done['workshops'] + 1}", "2026-03-10", "Médiathèque",
            {"resident": 20, "elected": 3}, (), 5,
        )  # fmt: skip
        assert feature.start_workshop(values)
        projector = feature.start_projector()
        for index in range(8):
            self.select(index)
        projector.close()
        feature.end_workshop()
        self.settle()
        self.done["workshops"] += 1

    def quarter(self, number: int) -> None:
        share = lambda total: total // QUARTERS + (1 if number < total % QUARTERS else 0)  # noqa: E731
        self.type_bursts(share(EDITS) // BURST)
        self.comment(share(COMMENTS))
        self.amend(share(AMENDMENTS))
        self.view_history(share(HISTORY_VIEWS))
        self.export_charter(share(EXPORTS))
        if number < WORKSHOPS:
            self.run_workshop()

    def measure(self) -> dict[str, float]:
        from charter_app.ui import commands

        self.wait(lambda: not self.comments.busy and not self.amendments.panel.busy)
        from PySide6.QtTest import QTest

        QTest.qWait(50)  # deleted dialogs go at the next turns of the event loop
        gc.collect()
        return {
            "rss_mb": _rss_mb(),
            "top_level": len([w for w in self.app.topLevelWidgets() if not w.isHidden()]),
            "top_level_all": len(self.app.topLevelWidgets()),
            "widgets": len(self.app.allWidgets()),
            "commands": sum(isinstance(o, commands.CharterCommand) for o in gc.get_objects()),
            "kinds": dict(
                Counter(type(w).__name__ for w in self.app.topLevelWidgets()).most_common(8)
            ),
        }


def run(folder: Path, out: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    from charter_app.ui.app import create_window, parse_arguments
    from charter_app.ui.interaction import Interaction

    class Quiet(Interaction):
        def show_error(self, parent, error) -> None:
            raise RuntimeError(f"the session met an error: {error}")

    app = QApplication([sys.argv[0]])
    window = create_window(parse_arguments([str(folder)]), app, Quiet())
    window.show()
    started = time.perf_counter()
    session = None
    deadline = time.monotonic() + 60
    while not (window.document is not None and window.features_loaded):
        if time.monotonic() > deadline:
            raise TimeoutError("the charter did not open")
        app.processEvents()
        time.sleep(0.005)
    session = Session(app, window, out)
    checkpoints = [session.measure()]
    for number in range(QUARTERS):
        session.quarter(number)
        checkpoints.append(session.measure())
    return {
        "checkpoints": checkpoints,
        "done": session.done,
        "seconds": time.perf_counter() - started,
    }


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    target = Path(sys.argv[1])
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else target.parent / "session-out"
    output.mkdir(parents=True, exist_ok=True)
    print(json.dumps(run(target, output)), flush=True)
    os._exit(0)  # skip teardown: it is not part of any figure
