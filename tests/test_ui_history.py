"""The history browser on a real repository: timeline with trailers, restoring a wording, who
wrote each sentence, versions over time; its models pass qtmodeltester; every widget is named."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from charter_app.application.council import adopt_version
from charter_app.application.session import Session
from charter_app.core import operations
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example
from charter_app.ui.history_browser import HistoryBrowser, HistoryFeature
from charter_app.ui.history_models import (
    AttributionModel,
    TimelineModel,
    VersionGridModel,
    changed_share,
    graph_order,
)
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, interaction = helpers.app_home, helpers.interaction
window = helpers.window

CLAIRE, JEAN, NADIA = "p-cbb40a", "p-8736df", "p-13ccc8"
FIRST = "souverainete-numerique"
ORIGINAL = "Une phrase d’origine. Une deuxième phrase."
AMENDED = "Une phrase d’origine. Une phrase écrite par Jean en atelier."


@pytest.fixture(autouse=True)
def only_our_features(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window with this feature (and Help) only: other features are tested on their own."""
    from charter_app.ui import features

    monkeypatch.setattr(
        features,
        "FEATURES",
        ["charter_app.ui.history_browser:HistoryFeature", "charter_app.ui.about:AboutFeature"],
    )


def _edit(
    repository: CharterRepository,
    author: str,
    body: str,
    trailers: tuple = (),
    title: str | None = None,
) -> str:
    charter = repository.load()
    charter, change = operations.edit_principle(charter, FIRST, body=body, title=title)
    commit = repository.save(charter, change, author, extra_trailers=trailers)
    assert commit
    return commit


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    """The example charter, then: Claire rewrites the first principle, Jean changes its second
    sentence through amendment A-1 in workshop W-1; v1.0 and v2.0 are adopted around it."""
    path = tmp_path / "charter"
    with create_from_template(path, default_example()) as repository:
        _edit(repository, CLAIRE, "un deux trois quatre", title="Titre")
        adopt_version(Session(repository), CLAIRE, "v1.0", "Délibération 1")
        _edit(repository, CLAIRE, ORIGINAL, title="Titre")
        _edit(
            repository, JEAN, AMENDED,
            (("Charter-Amendment", "A-1"), ("Charter-Decision", "adopted"),
             ("Charter-Workshop", "W-1")),
        )  # fmt: skip
        adopt_version(Session(repository), CLAIRE, "v2.0", "Délibération 2")
    return path


def feature_of(window) -> HistoryFeature:
    return next(f for f in window.features if isinstance(f, HistoryFeature))


def open_browser(qtbot, window, tab: int) -> HistoryBrowser:
    window.select_principle(FIRST)
    browser = feature_of(window).show_browser(tab)
    assert browser is not None
    qtbot.addWidget(browser)
    qtbot.waitUntil(lambda: not browser.busy, timeout=10_000)
    return browser


def test_timeline_lists_the_principles_commits_with_their_trailers(qtbot, window):
    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    model = browser.timeline.model
    assert model.rowCount() == 4  # creation, two edits by Claire, the amendment by Jean
    newest = model.entry(0)
    assert newest is not None and newest.who == "Jean-Marc Sabatier"
    badges = model.index(0, TimelineModel.BADGES).data()
    assert "[Amendment A-1]" in badges
    assert "[Decision: adopted]" in badges
    assert "[Workshop W-1]" in badges
    assert "[Version v2.0]" in badges
    assert model.entry(1).who == "Claire Fontanel"
    assert model.index(1, TimelineModel.BADGES).data() == ""
    assert "Amendment A-1" in model.index(0, 0).data(Qt.AccessibleTextRole)
    # The text then and the differences with now follow the chosen row.
    browser.timeline.table.selectRow(1)
    qtbot.waitUntil(lambda: browser.timeline.past is not None, timeout=10_000)
    assert "Une deuxième phrase." in browser.timeline.then_text.toPlainText()
    assert browser.timeline.restore_button.isEnabled()


def test_restoring_a_wording_commits_it_as_the_current_participant(qtbot, window):
    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    window.who_combo.setCurrentIndex(window.who_combo.findData(NADIA))
    browser.timeline.table.selectRow(1)  # Claire's wording, before the amendment
    qtbot.waitUntil(lambda: browser.timeline.past is not None, timeout=10_000)
    browser.timeline.message_edit.setText("Retour à la formulation de Claire")
    with qtbot.waitSignal(browser.restored, timeout=10_000):
        browser.timeline.restore_button.click()
    path = window.document.path
    log = helpers.git(path, "log", "-1", "--format=%an%n%s")
    assert log.split("\n")[:2] == [NADIA, "Retour à la formulation de Claire"]
    with CharterRepository.open(path) as repository:
        assert repository.load("HEAD").principle(FIRST).body == ORIGINAL
    assert window.document.charter.principle(FIRST).body == ORIGINAL  # the window reloaded
    assert helpers.git(path, "status", "--porcelain") == ""
    qtbot.waitUntil(lambda: not browser.busy and browser.timeline.model.rowCount() == 5)


def test_restore_without_a_participant_says_so_and_commits_nothing(qtbot, window, interaction):
    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    head = helpers.git(window.document.path, "rev-parse", "HEAD")
    window.who_combo.clear()
    browser.timeline.table.selectRow(1)
    qtbot.waitUntil(lambda: browser.timeline.past is not None, timeout=10_000)
    browser.timeline.restore_button.click()
    assert len(interaction.errors) == 1
    assert helpers.git(window.document.path, "rev-parse", "HEAD") == head


def test_who_wrote_this_names_the_participant_of_the_amended_sentence(qtbot, window):
    browser = open_browser(qtbot, window, HistoryBrowser.BLAME)
    view = browser.blame
    qtbot.waitUntil(lambda: view.blame is not None, timeout=10_000)
    rows = {
        view.model.index(r, AttributionModel.PASSAGE).data(): r
        for r in range(view.model.rowCount())
    }
    jean_row = rows["Une phrase écrite par Jean en atelier."]
    claire_row = rows["Une phrase d’origine."]

    def cell(row: int, column: int) -> str:
        return view.model.index(row, column).data()

    assert cell(jean_row, AttributionModel.WHO) == "Jean-Marc Sabatier"
    assert cell(jean_row, AttributionModel.AMENDMENT) == "A-1"
    assert cell(jean_row, AttributionModel.WORKSHOP) == "W-1"
    assert cell(claire_row, AttributionModel.WHO) == "Claire Fontanel"
    assert cell(claire_row, AttributionModel.AMENDMENT) == "none"
    marker = cell(jean_row, AttributionModel.MARKER)
    assert marker in view.text.toPlainText()
    view.words_check.setChecked(True)  # word level: "écrite par Jean en atelier" is Jean's
    words = [
        view.model.index(r, AttributionModel.PASSAGE).data() for r in range(view.model.rowCount())
    ]
    assert any("Jean en atelier" in w for w in words)
    assert view.model.rowCount() >= 2


def test_versions_grid_says_how_much_each_principle_changed(qtbot, window):
    browser = open_browser(qtbot, window, HistoryBrowser.VERSIONS)
    view = browser.versions
    qtbot.waitUntil(lambda: view.model.columnCount() == 2, timeout=10_000)
    model = view.model
    assert [model.headerData(c, Qt.Horizontal) for c in range(2)] == ["v1.0", "v2.0"]
    rows = {model.headerData(r, Qt.Vertical): r for r in range(model.rowCount())}
    first = next(r for label, r in rows.items() if label.endswith(". Titre"))
    other = next(r for label, r in rows.items() if not label.endswith(". Titre"))
    assert model.index(first, 0).data() == "first version"
    expected = changed_share("Titre\n\nun deux trois quatre", f"Titre\n\n{AMENDED}")
    assert model.index(first, 1).data() == f"{round(expected * 100)} % changed"
    assert model.index(other, 1).data() == "unchanged"
    assert "v2.0" in model.index(first, 1).data(Qt.AccessibleTextRole)
    # The slider shows the charter at each version, oldest first.
    assert view.slider.value() == 1 and AMENDED in view.text.toPlainText()
    view.slider.setValue(0)
    assert "un deux trois quatre" in view.text.toPlainText()
    assert AMENDED not in view.text.toPlainText()


def test_changed_share_counts_words_deleted_and_inserted():
    assert changed_share("a b c d", "a b c d") == 0.0
    assert changed_share("Titre\n\nun deux trois quatre", "Titre\n\nun deux trois cinq") == 0.2
    assert changed_share("", "tout neuf") == 1.0


def test_versions_follow_the_commit_graph_not_the_dates():
    # c2 descends from c1, which descends from c0; given newest-first, they come out in order.
    parents = {"c2": "c1", "c1": "c0", "c0": None}

    def is_ancestor(a: str, b: str) -> bool:
        while b is not None:
            b = parents[b]
            if b == a:
                return True
        return False

    assert graph_order(["c2", "c0", "c1"], is_ancestor) == [1, 2, 0]


def test_models_pass_qtmodeltester(qtbot, qtmodeltester, window):
    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    qtmodeltester.check(browser.timeline.model)
    browser.tabs.setCurrentIndex(HistoryBrowser.BLAME)
    qtbot.waitUntil(lambda: browser.blame.blame is not None, timeout=10_000)
    qtmodeltester.check(browser.blame.model)
    browser.tabs.setCurrentIndex(HistoryBrowser.VERSIONS)
    qtbot.waitUntil(lambda: browser.versions.model.columnCount() == 2, timeout=10_000)
    qtmodeltester.check(browser.versions.model)
    assert isinstance(browser.versions.model, VersionGridModel)


def test_history_browser_is_accessible(qtbot, window):
    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    for tab in range(browser.tabs.count()):
        browser.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda: not browser.busy, timeout=10_000)
        assert unnamed_widgets(browser) == []
    assert unnamed_widgets(window) == []
    feature = feature_of(window)
    for action in (feature.timeline_action, feature.blame_action, feature.versions_action):
        assert not action.shortcut().isEmpty()
    # Keyboard: Escape closes the window.
    qtbot.keyClick(browser, Qt.Key_Escape)
    assert not browser.isVisible()


def test_french_texts_after_retranslate(qtbot, window):
    from charter_app import i18n

    browser = open_browser(qtbot, window, HistoryBrowser.TIMELINE)
    i18n.set_language("fr")
    try:
        window.retranslate()
        assert browser.tabs.tabText(0) != "&Timeline"
    finally:
        i18n.set_language("en")
        window.retranslate()


def test_an_adopted_amendment_is_credited_to_its_proposer_with_who_recorded_it():
    from datetime import UTC, datetime

    from charter_app.core.blame import Attribution, BlameSpan
    from charter_app.ui.history_models import describe_source, sources_of

    names = {CLAIRE: "Claire Fontanel", JEAN: "Jean-Marc Sabatier", NADIA: "Nadia"}
    when = datetime(2026, 3, 12, 18, 0, tzinfo=UTC)
    recorded = Attribution("c1" * 20, NADIA, "A-4", "W-2", when, "Adopt A-4")
    own = Attribution("c2" * 20, CLAIRE, None, None, when, "Edit")
    spans = [BlameSpan(0, 5, "Mots.", recorded), BlameSpan(5, 10, "Eux.", own)]
    sources = sources_of(spans, names, {"A-4": JEAN, "A-9": CLAIRE})
    amended, plain = sources[recorded.commit], sources[own.commit]
    assert (amended.who, amended.recorded_by) == ("Jean-Marc Sabatier", "Nadia")
    assert (plain.who, plain.recorded_by) == ("Claire Fontanel", "")
    described = describe_source(amended)
    assert "written by Jean-Marc Sabatier" in described and "recorded by Nadia" in described
    assert "recorded by" not in describe_source(plain)
