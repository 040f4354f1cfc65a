"""Crash recovery end to end: text typed before a SIGKILL is offered back and restored."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import selectors
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from charter_app.errors import StorageError
from charter_app.i18n import set_language
from charter_app.storage.journal import Journal, JournalEntry
from charter_app.ui.error_dialog import ErrorDialog
from charter_app.ui.recovery_dialog import RecoveryDialog, offer_recovery

SAVED = "La commune publie ses données."
TYPED = "La commune publie ses données ouvertes, dans un format libre."

# What the editor will do: journal the editor's text on a timer, every few seconds in the app.
TYPIST = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from charter_app.storage.journal import Journal

    charter, saved, typed = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = QApplication([])
    journal = Journal(charter)
    editor = QPlainTextEdit()
    editor.setPlainText(saved)
    editor.show()
    editor.selectAll()
    # Key events one character at a time (QTest.keyClicks only knows ASCII).
    for character in typed:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(editor, event)

    def journal_now():
        journal.save("principle:p-3:body", editor.toPlainText(), saved)
        if editor.toPlainText() == typed:
            print("READY", flush=True)
            timer.stop()

    timer = QTimer()
    timer.setInterval(100)
    timer.timeout.connect(journal_now)
    timer.start()
    app.exec()  # keeps running, as the app would, until it is killed
    """
)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(home))
    return home


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charter"
    folder.mkdir()
    return folder


def read_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            return ""
    return process.stdout.readline().decode("utf-8", "replace").strip()


def when_modal(check: Callable[[QWidget], bool], act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal window that passes ``check``, once it is shown.

    If ``act`` fails, the window is closed so a broken test fails instead of hanging.
    """

    def attempt() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not check(widget):
            QTimer.singleShot(20, attempt)
            return
        try:
            act(widget)
        except BaseException:
            widget.close()
            raise

    QTimer.singleShot(0, attempt)


def entry(key: str, text: str, saved: str) -> JournalEntry:
    return JournalEntry(key, text, saved, datetime(2024, 5, 1, 12, 2, tzinfo=UTC))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_text_typed_before_a_sigkill_is_offered_and_restored(qtbot, home, charter) -> None:
    typist = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(charter), SAVED, TYPED],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = read_line(typist, timeout=60)
        if line != "READY" and typist.poll() is None:
            typist.wait(5)
        assert line == "READY", (line, typist.poll(), typist.stderr.read().decode()[-2000:])
    finally:
        typist.send_signal(signal.SIGKILL)
        typist.wait()
    assert typist.returncode == -signal.SIGKILL

    journal = Journal(charter)
    pending = journal.pending()
    assert [(e.key, e.text, e.saved_text) for e in pending] == [
        ("principle:p-3:body", TYPED, SAVED)
    ]

    seen: dict[str, object] = {}

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, RecoveryDialog)
        qtbot.addWidget(dialog)
        seen["heading"] = dialog.accessibleDescription()
        seen["checked"] = [box.isChecked() for box in dialog.checkboxes.values()]
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_modal(lambda w: isinstance(w, RecoveryDialog), restore)
    restored = offer_recovery(None, pending, journal)

    assert [(e.key, e.text) for e in restored] == [("principle:p-3:body", TYPED)]
    assert "ended unexpectedly" in str(seen["heading"])
    assert seen["checked"] == [True]
    # Restored text stays journaled until the editor saves it: a second crash loses nothing.
    assert [e.text for e in Journal(charter).pending()] == [TYPED]


def test_dialog_shows_the_difference_without_relying_on_colour(qtbot) -> None:
    dialog = RecoveryDialog(None, [entry("principle:p-1:body", "un texte neuf", "un texte ancien")])
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTextBrowser

    (viewer,) = dialog.findChildren(QTextBrowser)
    assert viewer.toPlainText() == "un texte ancienneuf"
    html = viewer.toHtml()
    assert "line-through" in html and "underline" in html
    assert "deleted: «ancien»" in viewer.accessibleDescription()
    assert "inserted: «neuf»" in viewer.accessibleDescription()


def test_every_interactive_widget_has_an_accessible_name(qtbot) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea

    dialog = RecoveryDialog(
        None,
        [entry("principle:p-1:body", "b", "a"), entry("charter:preamble", "d", "c")],
    )
    qtbot.addWidget(dialog)
    widgets = dialog.findChildren(QAbstractButton) + dialog.findChildren(QAbstractScrollArea)
    assert len(widgets) >= 2 + 3 + 2
    unnamed = [w for w in widgets if not w.accessibleName()]
    assert not unnamed, [w.metaObject().className() for w in unnamed]
    assert all(w.focusPolicy() != Qt.FocusPolicy.NoFocus for w in widgets)


def test_keyboard_alone_unticks_and_restores(qtbot) -> None:
    entries = [entry("principle:a:body", "A2", "A"), entry("principle:b:body", "B2", "B")]
    dialog = RecoveryDialog(None, entries)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    dialog.confirm_loss = lambda question: True  # type: ignore[method-assign]

    first = dialog.checkboxes["principle:a:body"]
    assert dialog.focusWidget() is first
    qtbot.keyClick(first, Qt.Key.Key_Space)  # untick the first
    assert not first.isChecked()
    # Tab reaches every control, the restore button included.
    reached = []
    for _ in range(12):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        reached.append(dialog.focusWidget())
    assert dialog.checkboxes["principle:b:body"] in reached
    assert {dialog.restore_button, dialog.discard_button, dialog.later_button} <= set(reached)
    # Back on a checkbox, Enter presses the default button: Restore.
    dialog.checkboxes["principle:b:body"].setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)

    assert dialog.result() == RecoveryDialog.DialogCode.Accepted
    assert [e.key for e in dialog.decision.restore] == ["principle:b:body"]
    assert [e.key for e in dialog.decision.discard] == ["principle:a:body"]


def test_restore_is_disabled_when_nothing_is_ticked(qtbot) -> None:
    dialog = RecoveryDialog(None, [entry("principle:a:body", "A2", "A")])
    qtbot.addWidget(dialog)
    dialog.checkboxes["principle:a:body"].setChecked(False)
    assert not dialog.restore_button.isEnabled()


def test_discard_asks_first_and_keeps_the_text_when_refused(qtbot, home, charter) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "A2", "A")
    pending = journal.pending()
    questions: list[str] = []

    def answer(button_text: str) -> Callable[[QWidget], None]:
        def act(dialog: QWidget) -> None:
            assert isinstance(dialog, RecoveryDialog)

            def confirm(box: QWidget) -> None:
                assert isinstance(box, QMessageBox)
                questions.append(box.text())
                (button,) = [b for b in box.buttons() if b.text() == button_text]
                button.click()
                if button_text == "Keep the text":
                    # Still undecided: leave without deciding.
                    when_modal(lambda w: isinstance(w, RecoveryDialog), lambda d: d.reject())

            when_modal(lambda w: isinstance(w, QMessageBox), confirm)
            dialog.discard_button.click()

        return act

    when_modal(lambda w: isinstance(w, RecoveryDialog), answer("Keep the text"))
    assert offer_recovery(None, pending, journal) == []
    assert [e.text for e in journal.pending()] == ["A2"], "refusing must keep the text"

    when_modal(lambda w: isinstance(w, RecoveryDialog), answer("Discard"))
    assert offer_recovery(None, pending, journal) == []
    assert journal.pending() == []
    assert questions and "cannot be recovered" in questions[0]


def test_closing_without_deciding_keeps_everything(qtbot, home, charter) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "A2", "A")
    when_modal(lambda w: isinstance(w, RecoveryDialog), lambda d: d.reject())

    assert offer_recovery(None, journal.pending(), journal) == []
    assert [e.text for e in journal.pending()] == ["A2"]


def test_no_entries_shows_nothing(qtbot) -> None:
    assert offer_recovery(None, []) == []


def test_charter_error_is_shown_in_plain_words(qtbot) -> None:
    error = StorageError("The disk is full: charter.yaml could not be saved.", "Free some space.")
    dialog = ErrorDialog(None, error)
    qtbot.addWidget(dialog)

    assert dialog.message_label.text() == error.message
    assert dialog.hint_label.text() == error.hint
    assert dialog.details_button.isHidden()
    assert "Traceback" not in dialog.accessibleDescription()


def test_unexpected_error_hides_the_traceback_under_details(qtbot) -> None:
    try:
        {}["missing"]
    except KeyError as raised:
        error = raised
    dialog = ErrorDialog(None, error)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.message_label.text() == (
        "Something went wrong. Your text is still in the editor; nothing was lost."
    )
    assert "Traceback" not in dialog.message_label.text() + dialog.hint_label.text()
    assert not dialog.details_text.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details_text.isVisible()
    assert "KeyError" in dialog.details_text.toPlainText()
    assert "Traceback" in dialog.details_text.toPlainText()
    assert dialog.details_button.accessibleName() and dialog.details_text.accessibleName()


# The real app: type into a principle, get killed, start again.
APP_SESSION = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QEvent, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from charter_app.storage.journal import Journal
    from charter_app.ui.app import create_window, parse_arguments
    from charter_app.ui.interaction import Interaction

    folder, typed = Path(sys.argv[1]), sys.argv[2]
    offered = []

    class Scripted(Interaction):
        def offer_recovery(self, parent, entries, journal):
            offered.extend([entry.key, entry.text, entry.saved_text] for entry in entries)
            return list(entries)  # Restore everything

    app = QApplication([])
    window = create_window(parse_arguments([str(folder)]), app, Scripted())
    window.show()
    state = {"typed": False, "ticks": 0}

    def tick():
        if window.document is None:
            return
        state["ticks"] += 1  # counted once the charter is open
        if typed and not state["typed"]:
            editor = window.principle_editor.body_edit
            editor.setFocus()
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            for character in typed:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    key, plain = Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier
                    QApplication.sendEvent(editor, QKeyEvent(kind, key, plain, character))
            state["typed"] = True
            return
        if typed:
            pending = Journal(folder).pending()
            if pending:  # the app journaled what was typed: we can be killed now
                print("READY", json.dumps([[e.key, e.text] for e in pending]), flush=True)
                timer.stop()
        elif offered or state["ticks"] > 50:
            print("OFFERED", json.dumps(offered), flush=True)
            print("READ_ONLY", json.dumps(window.document.read_only), flush=True)
            print("EDITOR", json.dumps(window.principle_editor.body_edit.text()), flush=True)
            timer.stop()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(100)
    app.exec()
    """
)


def start_app(folder: Path, typed: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", APP_SESSION, str(folder), typed],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def lines_until(process: subprocess.Popen[bytes], last: str, timeout: float) -> dict[str, str]:
    """Lines "NAME value" printed by ``process`` until the one named ``last``."""
    found: dict[str, str] = {}
    while last not in found:
        line = read_line(process, timeout)
        if not line:
            process.kill()
            pytest.fail(f"the app stopped early: {found} {process.stderr.read().decode()[-3000:]}")
        name, _, value = line.partition(" ")
        found[name] = value
    return found


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_real_app_offers_text_typed_before_a_sigkill(home, tmp_path) -> None:
    pytest.importorskip("charter_app.ui.main_window")
    import json

    env = os.environ | {
        "QT_QPA_PLATFORM": "offscreen",
        "CHARTER_STUDIO_HOME": str(home),
        "LANGUAGE": "en",
    }
    folder = tmp_path / "charter"
    subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "init", str(folder)],
        env=env,
        check=True,
        capture_output=True,
    )
    typed = " Les données sont publiées sous licence ouverte."

    session = start_app(folder, typed, env)
    try:
        ready = lines_until(session, "READY", timeout=90)
    finally:
        session.send_signal(signal.SIGKILL)
        session.wait()
    ((key, text),) = json.loads(ready["READY"])
    assert key.startswith("principle:") and key.endswith(":body")
    assert text.endswith(typed)

    next_start = start_app(folder, "", env)
    try:
        report = lines_until(next_start, "EDITOR", timeout=90)
    finally:
        next_start.kill()
        next_start.wait()
    offered = json.loads(report["OFFERED"])
    assert [(k, t) for k, t, _saved in offered] == [(key, text)]
    assert text == offered[0][2] + typed  # saved text, then what was typed
    assert json.loads(report["READ_ONLY"]) is False, "the killed session's lock was not recovered"
    assert json.loads(report["EDITOR"]) == text
