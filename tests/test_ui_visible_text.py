"""Every text a person sees, in every workspace and every window and dialog, read the way they
read it: no internal id or commit hash, nothing left in the other language, no label or button
cut by its widget, nothing wider or taller than the screen (on a 1024x700 screen in French and in
English, with normal and 150 % text, and with 150 % text on a 1366x768 one).

The tour is ``tests/ui_tour.py`` (the screenshot script walks the same places). The example
charter with its story is open, so every pane has content.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import polib  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt  # noqa: E402
from PySide6.QtGui import QTextDocumentFragment  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QScrollArea,
    QTabBar,
    QWidget,
)

from charter_app.application import charters  # noqa: E402
from charter_app.i18n import LOCALE_DIR  # noqa: E402
from charter_app.storage.templates import default_example  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402
from tests import ui_tour  # noqa: E402

app_home, interaction, window = helpers.app_home, helpers.interaction, helpers.window

SMALL = (1024, 700)
ID_SHAPED = re.compile(
    r"\b(?:[ape]-[0-9a-f]{6,16}|(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40})\b"
)
"""A participant, amendment or event id, or a commit id (7 to 40 hex digits, letters and
digits both: never a year or a word)."""
GIT_WORDS = re.compile(r"\b(?:commit|merge|HEAD|SHA-256|rebase|repository)\b")


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    path = tmp_path / "charte"
    charters.create_from_template(path, default_example()).close()
    return path


@dataclass(frozen=True)
class Seen:
    where: str
    widget: str
    text: str


def _plain(text: str) -> str:
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def _catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """English texts whose French differs -> French, and French -> English."""
    english: dict[str, str] = {}
    french: dict[str, str] = {}
    for entry in polib.pofile(str(LOCALE_DIR / "fr" / "LC_MESSAGES" / "charter.po")):
        if entry.obsolete or entry.msgid_plural or not entry.msgstr:
            continue
        source, target = _plain(entry.msgid), _plain(entry.msgstr)
        if source != target and "{" not in source:
            english[source] = target
            french[target] = source
    return english, french


def _name(widget: QWidget) -> str:
    name = f"{type(widget).__name__}#{widget.objectName() or '?'}"
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QDockWidget):
        parent = parent.parentWidget()
    return name if parent is None else f"{parent.objectName()} > {name}"


def _texts(widget: QWidget) -> list[str]:
    """The words ``widget`` itself shows."""
    texts: list[str] = []
    if isinstance(widget, QLabel):
        texts.append(QTextDocumentFragment.fromHtml(widget.text()).toPlainText())
    elif isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QDockWidget):
        texts.append(widget.windowTitle())
    elif isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count())]
    elif isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    elif isinstance(widget, QLineEdit):
        texts.append(widget.placeholderText())
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts += _model_texts(widget)
    texts.append(widget.accessibleName())
    return [text for text in texts if text and text.strip()]


def _count(method) -> int:
    try:
        return int(method(QModelIndex()))
    except TypeError:  # a list model's column count is private in Qt for Python
        return 1


def _model_texts(view: QAbstractItemView, limit: int = 60) -> list[str]:
    model = view.model()
    texts = []
    columns = _count(model.columnCount)
    for orientation in (Qt.Orientation.Horizontal,):
        for section in range(columns):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if value:
                texts.append(str(value))
    for row in range(min(_count(model.rowCount), limit)):
        for column in range(columns):
            value = model.index(row, column, QModelIndex()).data(Qt.ItemDataRole.DisplayRole)
            if value:
                texts.append(str(value))
    return texts


def _cut(widget: QWidget) -> str | None:
    """Why ``widget``'s words do not fit it, or None."""
    if isinstance(widget, QLabel) and not widget.wordWrap():
        text = _plain(widget.text())
        if widget.textFormat() == Qt.TextFormat.RichText or "\n" in widget.text() or not text:
            return None
        room = widget.contentsRect().width() - 2 * widget.margin() - max(widget.indent(), 0)
        if widget.fontMetrics().horizontalAdvance(text) > room + 1:
            return f"label {room}px for {text!r}"
    wanted = widget.sizeHint().width()
    if isinstance(widget, QAbstractButton) and widget.text() and wanted > widget.width() + 1 > 1:
        return f"button {widget.width()}px of {wanted} for {widget.text()!r}"
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            if widget.tabRect(index).width() + 1 < widget.tabSizeHint(index).width():
                return f"tab {widget.tabText(index)!r}"
    if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().isVisible():
        return "its contents scroll sideways"
    return None


def _visible(top: QWidget) -> list[QWidget]:
    widgets = [top, *top.findChildren(QWidget)]
    return [w for w in widgets if w.isVisible() and w.window() is top.window()]


def _look(top: QWidget, where: str, size: tuple[int, int]) -> tuple[list[Seen], list[Seen]]:
    """(every text seen, every cut widget) in ``top`` and what it contains."""
    QApplication.processEvents()
    seen, cut = [], []
    full_screen = top.screen() is not None and top.size() == top.screen().geometry().size()
    # The main window is given the screen's size; a dialog sizes itself on its own screen (the
    # test platform's is 800x800), so what counts for it is how small it can be made.
    dialog = not isinstance(top, QMainWindow)
    smallest = top.minimumSizeHint().expandedTo(top.minimumSize()) if dialog else top.size()
    if not full_screen and (smallest.width() > size[0] or smallest.height() > size[1]):
        cut.append(
            Seen(where, _name(top), f"{smallest.width()}x{smallest.height()}: larger than {size}")
        )
    for widget in _visible(top):
        for text in _texts(widget):
            seen.append(Seen(where, _name(widget), text))
        reason = _cut(widget)
        if reason is not None:
            cut.append(Seen(where, _name(widget), reason))
    if top.isWindow():
        seen.append(Seen(where, "window title", top.windowTitle()))
    return seen, cut


def _tour(window, size: tuple[int, int]) -> tuple[list[Seen], list[Seen]]:
    seen: list[Seen] = []
    cut: list[Seen] = []
    window.resize(*size)
    for key in ui_tour.workspaces(window):
        window.resize(*size)  # as the screen holds it: never narrower than what it needs
        QApplication.processEvents()
        found, cuts = _look(window, key, size)
        seen += found
        cut += cuts
        seen += [
            Seen(key, "menu", _plain(action.text()))
            for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("")))
            for action in menu.actions()
            if action.text()
        ]
    for stop in ui_tour.DIALOGS:
        widget = stop.open(window)
        if widget is None:
            continue
        top = widget if widget.isWindow() else window
        found, cuts = _look(top, stop.name, size)
        seen += found
        cut += cuts
        ui_tour.close(window, widget)
    window.workspaces.show("read")
    return seen, cut


@pytest.mark.parametrize(
    ("language", "scale", "size"),
    [
        ("fr", 1.0, SMALL),
        ("en", 1.0, SMALL),
        ("fr", 1.5, (1366, 768)),
        ("fr", 1.5, SMALL),
        ("en", 1.5, SMALL),
    ],
)
def test_every_visible_text_is_plain_words_in_the_interface_language(
    qtbot, window, language, scale, size
) -> None:
    qtbot.waitUntil(lambda: window.features_loaded and bool(window.features), timeout=20_000)
    window.apply_preferences(language, False, scale)
    for feature in window.features:
        busy = getattr(feature, "busy", False)
        if busy:
            qtbot.waitUntil(lambda f=feature: not f.busy, timeout=20_000)
    qtbot.wait(300)
    seen, cut = _tour(window, size)
    english, french = _catalogue()
    other = english if language == "fr" else french
    problems = {
        "ids or commit hashes shown": [s for s in seen if ID_SHAPED.search(s.text)],
        "git's words shown": [s for s in seen if GIT_WORDS.search(s.text)],
        "left in the other language": [s for s in seen if _plain(s.text) in other],
        "words cut by their widget": cut,
    }
    report = [
        f"{kind}: {s.where} / {s.widget}: {s.text}"
        for kind, found in problems.items()
        for s in dict.fromkeys(found)
    ]
    assert report == [], "\n" + "\n".join(report)
