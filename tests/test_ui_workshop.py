"""Workshop mode driven as a facilitator would on a Tuesday evening: a real window, a real git
repository, the projector, quick capture (kiosk), dot voting, participation and the minutes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QThreadPool

from charter_app.cli import main as cli
from charter_app.core.comments import fold_comments  # noqa: E402
from charter_app.core.workshops import fold_workshops
from charter_app.storage.amendments import read_amendments
from charter_app.storage.repository import opened
from charter_app.ui import features
from charter_app.ui.kiosk import JOURNAL_KEY, MAX_CHARS, kiosk_journal
from charter_app.ui.workshop_mode import (
    MinutesDialog,
    StartValues,
    StartWorkshopDialog,
    WorkshopFeature,
)
from tests import ui_conftest_helpers as helpers
from tests.test_ui_accessibility import unnamed_widgets

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, git = helpers.interaction, helpers.git
CLAIRE, SOPHIE = "p-cbb40a", "p-47232f"


@pytest.fixture
def window(qtbot, qapp, charter_path: Path, interaction, monkeypatch):
    """The real main window with only this feature (and Help), the example charter open and
    Sophie (staff) as the facilitator."""
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    monkeypatch.setattr(
        features,
        "FEATURES",
        ["charter_app.ui.workshop_mode:WorkshopFeature", "charter_app.ui.about:AboutFeature"],
    )
    context = AppContext(qapp, interaction=interaction)
    context.apply_saved_preferences()
    context.set_participant_for(str(charter_path), SOPHIE)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.open_charter(charter_path)
    qtbot.waitUntil(lambda: main.document is not None, timeout=10_000)
    qtbot.waitUntil(lambda: not main.history.busy, timeout=10_000)
    yield main
    feature = workshop(main)
    for view in (feature.projector, feature.kiosk):
        if view is not None:
            view._may_close = True
            view.close()
    main.close()
    QThreadPool.globalInstance().waitForDone(5000)
    context.appearance.reset()


def workshop(window) -> WorkshopFeature:
    return next(f for f in window.features if isinstance(f, WorkshopFeature))


def run(window, *args: str) -> None:
    assert cli(["-C", str(window.document.path), *args]) == 0


def start(window, dots: int = 5) -> WorkshopFeature:
    feature = workshop(window)
    values = StartValues(
        "Atelier du mardi", "2026-03-10", "Médiathèque", {"resident": 30, "elected": 4},
        (CLAIRE,), dots,
    )  # fmt: skip
    assert feature.start_workshop(values)
    return feature


def test_starting_and_ending_a_workshop_shows_it_in_the_status_bar(qtbot, window, interaction):
    feature = workshop(window)
    assert not feature.indicator.isVisible()
    dialog = StartWorkshopDialog(window.document.saved_charter, SOPHIE, window)
    qtbot.addWidget(dialog)
    dialog._accept()  # no title: said in words, the dialog stays open
    assert dialog.error_label.isVisibleTo(dialog) and dialog.result() == 0
    start(window)
    assert interaction.errors == []
    assert feature.indicator.isVisible()
    assert feature.indicator.text() == "Workshop W-1 running"
    log = git(window.document.path, "log", "-1", "--format=%B")
    assert "Charter-Workshop: W-1" in log and "Atelier du mardi" in log
    assert not feature.start_action.isEnabled() and feature.end_action.isEnabled()
    assert feature.end_workshop()
    assert not feature.indicator.isVisible()
    assert not feature.running()


def test_the_projector_shows_a_lists_bullets_and_no_markup(qtbot, window):
    feature = start(window)
    target = window.document.charter.principle("accessibilite-numerique")
    assert "\n- publier" in target.body  # a Markdown list in the source
    window.select_principle(target.id)
    projector = feature.start_projector()
    qtbot.waitExposed(projector)
    shown = projector.text.document().toPlainText()
    assert "• publier la déclaration d’accessibilité" in shown
    assert "- publier" not in shown and "*" not in shown
    qtbot.keyClick(projector, Qt.Key_Escape)


def test_projector_follows_selection_pages_blanks_and_shows_the_tally_big(qtbot, window):
    run(window, "amend", "accessibilite-numerique", "--as", CLAIRE, "--rationale", "Plus clair.",
        "--body-file", str(_body_file(window)))  # fmt: skip
    feature = start(window)
    principles = window.document.charter.principles
    target = next(p for p in principles if p.id == "accessibilite-numerique")
    window.select_principle(principles[0].id)
    projector = feature.start_projector()
    qtbot.waitExposed(projector)
    assert projector.isFullScreen()
    assert principles[0].title in projector.heading.text()
    # Large type: readable from the back of the room.
    assert projector.body_size >= 30

    window.select_principle(principles[1].id)  # the facilitator clicks in the main window
    assert principles[1].title in projector.heading.text()
    qtbot.keyClick(projector, Qt.Key_PageDown)  # the presenter remote
    assert window.selected_principle_id == principles[2].id
    assert principles[2].title in projector.heading.text()
    qtbot.keyClick(projector, Qt.Key_PageUp)
    assert window.selected_principle_id == principles[1].id

    window.select_principle(target.id)
    assert feature.discussion.amendment_id is not None  # its amendment is under discussion
    html = projector.text.toHtml()
    assert "underline" in html and "line-through" in html  # never colour alone
    assert "inserted:" in projector.text.accessibleDescription()
    assert "1 amendment under discussion" in projector.footer.text()

    feature.tally.for_spin.setValue(21)
    feature.tally.against_spin.setValue(6)
    feature.tally.abstain_spin.setValue(3)
    qtbot.mouseClick(feature.tally.record_button, Qt.LeftButton)
    assert projector.tally.isVisible()
    assert "21 for" in projector.tally.text() and "6 against" in projector.tally.text()
    register = fold_workshops(window.document.repository.events())
    assert [(t.votes_for, t.against, t.abstain) for t in register.tallies] == [(21, 6, 3)]

    qtbot.keyClicks(projector, "2")
    qtbot.keyClick(projector, Qt.Key_Return)
    assert projector.line == 2 and 'name="line-2"' in projector.text.toHtml()
    qtbot.keyClick(projector, Qt.Key_B)
    assert projector.stack.currentIndex() == 1  # blank
    qtbot.keyClick(projector, Qt.Key_Period)
    assert projector.stack.currentIndex() == 0

    # The projector cable is pulled: the window closes cleanly, nothing is lost.
    feature._screen_removed(projector.shown_on)
    assert not projector.isVisible() and window.isVisible()
    assert window.selected_principle_id == target.id
    assert "unplugged" in window.statusBar().currentMessage()
    assert feature.start_projector() is projector and projector.isVisible()
    qtbot.keyClick(projector, Qt.Key_Escape)
    assert not projector.isVisible()


def _body_file(window) -> Path:
    principle = window.document.charter.principle("accessibilite-numerique")
    path = window.document.path.parent / "body.md"
    path.write_text(principle.body.replace("n’est pas une option", "est un droit", 1) + "\n")
    assert path.read_text() != principle.body + "\n"
    return path


def test_kiosk_records_with_the_workshop_tag_and_only_the_facilitator_leaves(qtbot, window):
    feature = start(window)
    kiosk = feature.start_kiosk("2468")
    qtbot.waitExposed(kiosk)
    assert not window.isVisible() and kiosk.isFullScreen()
    assert kiosk.findChildren(type(window.menuBar())) == []  # no menus
    assert "Your personal data" in kiosk.privacy.text()  # what is kept, why, how long, whom
    assert "ask the facilitator" in kiosk.privacy.text()

    assert not kiosk.send()  # nothing typed
    assert "name" in kiosk.message.text()
    kiosk.name_combo.setEditText("Zoé des Vignes")
    assert not kiosk.send()
    assert "empty" in kiosk.message.text()
    kiosk.role_combo.setCurrentIndex(kiosk.role_combo.findData("resident"))
    kiosk.principle_combo.setCurrentIndex(kiosk.principle_combo.findData("inclusion-mediation"))
    kiosk.text_edit.setFocus()
    qtbot.keyClicks(kiosk.text_edit, "Des ateliers le samedi matin.")
    qtbot.mouseClick(kiosk.send_button, Qt.LeftButton)
    assert "Thank you, Zoé des Vignes" in kiosk.message.text()
    assert kiosk.text_edit.toPlainText() == "" and kiosk.name_combo.currentText() == ""
    log = git(window.document.path, "log", "-1", "--format=%B")
    assert "Charter-Workshop: W-1" in log
    events = window.document.repository.events()
    comment = next(e for e in events if e.type == "comment")
    assert comment.workshop == "W-1" and comment.get("text") == "Des ateliers le samedi matin."
    zoe = window.document.repository.load().participant(comment.by)
    assert zoe is not None and zoe.name == "Zoé des Vignes" and zoe.role.value == "resident"

    # An amendment with its rationale, by a registered participant picked in the list.
    kiosk.name_combo.setCurrentIndex(kiosk.name_combo.findData(CLAIRE))
    kiosk.amendment_radio.setChecked(True)
    assert kiosk.text_edit.toPlainText()  # starts from the principle's wording
    kiosk.text_edit.setPlainText(kiosk.text_edit.toPlainText() + "\n\nAvec les bibliothèques.")
    assert not kiosk.send()
    assert "rationale" in kiosk.message.text()
    kiosk.rationale_edit.setPlainText("Les bibliothèques accueillent déjà du public.")
    assert kiosk.send(), kiosk.message.text()
    amendment = next(a for a in read_amendments(window.document.path) if a.author == CLAIRE)
    assert amendment.workshop == "W-1" and "bibliothèques" in amendment.body

    # Pasting a hundred pages: refused with a message, nothing cut silently.
    mime = QMimeData()
    mime.setText("x" * (MAX_CHARS + 1))
    kiosk.text_edit.insertFromMimeData(mime)
    assert len(kiosk.text_edit.toPlainText()) <= MAX_CHARS
    assert "20,001" in kiosk.message.text()

    qtbot.keyClick(kiosk, Qt.Key_Escape)
    assert kiosk.isVisible() and "facilitator" in kiosk.message.text()
    kiosk.close()  # Alt+F4 or the window manager
    assert kiosk.isVisible()
    qtbot.mouseClick(kiosk.leave_button, Qt.LeftButton)
    assert kiosk.pin_edit.isVisible()
    qtbot.keyClicks(kiosk.pin_edit, "1111")
    qtbot.keyClick(kiosk.pin_edit, Qt.Key_Return)
    assert kiosk.isVisible() and "Wrong PIN" in kiosk.message.text()
    qtbot.keyClicks(kiosk.pin_edit, "2468")
    qtbot.keyClick(kiosk.pin_edit, Qt.Key_Return)
    assert not kiosk.isVisible() and window.isVisible()
    assert feature.kiosk is None
    assert window.who_combo.findData(zoe.id) >= 0  # the newcomer is known to the window too


def test_the_kiosk_shows_the_principles_text_and_a_tapped_paragraph_anchors_the_comment(
    qtbot, window
):
    feature = start(window)
    kiosk = feature.start_kiosk("2468")
    qtbot.waitExposed(kiosk)
    kiosk.principle_combo.setCurrentIndex(kiosk.principle_combo.findData("inclusion-mediation"))
    paragraphs = [kiosk.paragraph_list.item(r).text() for r in range(kiosk.paragraph_list.count())]
    body = window.document.saved_charter.principle("inclusion-mediation").body
    assert paragraphs[0] == "The whole principle"
    # Each paragraph as it is read (no Markdown marks), numbered for the facilitator to cite.
    assert paragraphs[2].startswith("2. garder, pour chaque démarche en ligne")
    assert len(paragraphs) == 1 + len([line for line in body.split("\n") if line.strip()])
    size = kiosk.paragraph_list.font().pixelSize() or kiosk.paragraph_list.fontInfo().pixelSize()
    assert size >= 20  # for older eyes, from arm's length
    kiosk.name_combo.setEditText("Zoé des Vignes")
    kiosk.paragraph_list.setCurrentRow(2)
    kiosk.text_edit.setPlainText("Et le samedi ?")
    assert kiosk.send(), kiosk.message.text()
    board = fold_comments(window.document.repository.events())
    thread = next(t for t in board.threads if t.root.text == "Et le samedi ?")
    selector = thread.passage.selector
    assert body[selector.start : selector.end].startswith("garder, pour chaque démarche")
    assert body[: selector.start].endswith("- ")  # the words, not the list mark
    assert kiosk.chosen_paragraph() == ""  # the next person starts from the whole principle
    kiosk.leave("2468")


def test_a_killed_kiosk_offers_the_half_typed_text_back(qtbot, window):
    feature = start(window)
    kiosk = feature.start_kiosk("1357")
    kiosk.name_combo.setEditText("Inès")
    kiosk.principle_combo.setCurrentIndex(2)
    kiosk.text_edit.setPlainText("Je voulais dire que le wifi de la médiathèque")
    qtbot.waitUntil(
        lambda: any(e.key == JOURNAL_KEY for e in kiosk_journal(window.document.path).pending()),
        timeout=kiosk.journal_timer.interval() + 3000,
    )
    # The app dies: no leaving, no clean-up.
    kiosk.journal_timer.stop()
    kiosk._may_close = True
    kiosk.close()
    feature.kiosk = None

    pending = kiosk_journal(window.document.path).pending()
    assert [e.key for e in pending] == [JOURNAL_KEY]
    again = feature.start_kiosk("1357")
    assert again.restore_box.isVisible()
    assert again.text_edit.toPlainText() == ""
    qtbot.mouseClick(again.restore_button, Qt.LeftButton)
    assert again.text_edit.toPlainText() == "Je voulais dire que le wifi de la médiathèque"
    assert again.name_combo.currentText() == "Inès"
    assert again.principle_combo.currentIndex() == 2
    again.text_edit.appendPlainText(" est lent.")
    assert again.send()
    assert kiosk_journal(window.document.path).pending() == []
    assert again.leave("1357")


def test_dot_voting_enforces_the_limit_with_a_message(qtbot, qtmodeltester, window):
    feature = start(window, dots=2)
    feature.toggle_dots()
    panel = feature.dots_panel
    assert panel.isVisible()
    qtmodeltester.check(panel.model)
    panel.who_combo.setCurrentIndex(panel.who_combo.findData(CLAIRE))
    panel.refresh()
    assert panel.left_label.text() == "2 of 2 dots left."
    panel.table.selectRow(3)
    assert panel.place(1) and panel.place(1)
    assert panel.model.rows[3][3:] == (2, 2)
    assert panel.left_label.text() == "0 of 2 dots left."
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key_Plus)  # a third dot
    assert "You have 0 dots left" in panel.message.text()
    dots = [e for e in window.document.repository.events() if e.type == "dot"]
    assert len(dots) == 2 and all(e.workshop == "W-1" for e in dots)
    assert panel.place(-1)
    assert panel.left_label.text() == "1 of 2 dots left."
    results = panel.results
    assert results.chart.bars == [(panel.model.rows[3][2], 1)]
    assert results.model.rowCount() == 1
    qtmodeltester.check(results.model)
    assert "1" in results.chart.accessibleDescription()


def test_participation_picture_has_a_table_for_every_chart(qtbot, qtmodeltester, window):
    start(window)
    run(window, "comment", "1", "--text", "Très bien.", "--as", CLAIRE)
    feature = workshop(window)
    feature.toggle_participation()
    panel = feature.participation_panel
    qtbot.waitUntil(lambda: panel.picture is not None, timeout=10_000)
    assert panel.tabs.count() == 4
    for view in panel.views:
        qtmodeltester.check(view.model)
        assert view.caption_label.text()
        assert view.table.accessibleName().endswith("(table)")
    by_role = panel.views[0]
    assert ("Resident", 1) in by_role.chart.bars
    headers = [by_role.model.headerData(c, Qt.Horizontal) for c in range(3)]
    assert headers[:2] == ["Role", "Comments"]


def test_readability_badge_follows_typing(qtbot, window):
    badge = workshop(window).readability
    assert badge.text().endswith(tuple(["easy", "fairly easy", "difficult"]))
    assert badge.accessibleDescription()
    body = window.principle_editor.body_edit
    body.setPlainText("Court. Simple. Clair.")
    qtbot.waitUntil(lambda: "Readability: easy" in badge.text(), timeout=3000)
    long_sentence = " ".join(["la collectivité territoriale institutionnalise"] * 20) + "."
    body.setPlainText(long_sentence)
    qtbot.waitUntil(lambda: "difficult" in badge.text(), timeout=3000)
    assert "long" in badge.toolTip().lower()


def test_export_the_minutes_from_the_app(qtbot, window, interaction, tmp_path):
    feature = start(window)
    run(window, "comment", "1", "--text", "Plus de bancs publics.", "--as", CLAIRE)
    feature.refresh()
    out = tmp_path / "minutes.html"
    feature.export_minutes("W-1", "html", "none", out)
    qtbot.waitUntil(out.exists, timeout=15_000)
    page = out.read_text(encoding="utf-8")
    assert "Plus de bancs publics." in page and "Claire" not in page
    assert interaction.errors == []


def test_anonymous_minutes_ask_before_publishing_a_name(qtbot, window, interaction, tmp_path):
    feature = start(window)
    said = "Comme le dit Claire Fontanel, des bancs."
    run(window, "comment", "1", "--text", said, "--as", CLAIRE)
    feature.refresh()
    out = tmp_path / "minutes.html"
    interaction.names_answer = False
    feature.export_minutes("W-1", "html", "none", out)
    qtbot.waitUntil(lambda: bool(interaction.names_found), timeout=15_000)
    assert [f.name for f in interaction.names_found] == ["Claire Fontanel"]
    assert not out.exists()
    interaction.names_answer = True
    feature.export_minutes("W-1", "html", "none", out)
    qtbot.waitUntil(out.exists, timeout=15_000)
    assert "Comme le dit Claire Fontanel" in out.read_text(encoding="utf-8")


def test_every_workshop_widget_is_named(qtbot, window):
    feature = start(window)
    feature.toggle_dots()
    feature.toggle_participation()
    qtbot.waitUntil(lambda: feature.participation_panel.picture is not None, timeout=10_000)
    feature.tally.show()
    assert unnamed_widgets(window) == []
    projector = feature.start_projector()
    assert unnamed_widgets(projector) == []
    dialog = StartWorkshopDialog(window.document.saved_charter, SOPHIE)
    qtbot.addWidget(dialog)
    assert unnamed_widgets(dialog) == []
    with opened(window.document.path) as repository:
        minutes = MinutesDialog(fold_workshops(repository.events()))
    qtbot.addWidget(minutes)
    assert unnamed_widgets(minutes) == []
    kiosk = feature.start_kiosk("9999")
    assert unnamed_widgets(kiosk) == []
    assert kiosk.leave("9999")
    for action in feature.menu.actions():
        if not action.isSeparator():
            assert not action.shortcut().isEmpty(), action.text()


def test_fitted_size_is_the_largest_that_fits():
    from charter_app.ui.projector import fitted_size

    assert fitted_size(40, 28, lambda size: size <= 33) == 33
    assert fitted_size(40, 28, lambda size: True) == 40
    assert fitted_size(40, 28, lambda size: False) == 28


def test_projector_shrinks_a_long_principle_to_fit_and_grows_back(qtbot, window):
    from charter_app.ui.projector import SMALLEST_FIT

    principles = window.document.charter.principles
    long_id, short_id = principles[0].id, principles[1].id
    paragraph = "La commune publie chaque décision numérique et ses raisons, en termes simples."
    body = window.document.path.parent / "long.md"
    body.write_text("\n\n".join([paragraph] * 9) + "\n", encoding="utf-8")
    run(window, "principle", "edit", long_id, "--body-file", str(body), "--as", CLAIRE)
    body.write_text(paragraph + "\n", encoding="utf-8")
    run(window, "principle", "edit", short_id, "--body-file", str(body), "--as", CLAIRE)
    window.reload_from_disk()
    qtbot.waitUntil(lambda: window.document.charter.principle(long_id).body.count(paragraph) == 9)
    feature = start(window)
    window.select_principle(short_id)
    projector = feature.start_projector()
    qtbot.waitExposed(projector)
    qtbot.wait(50)
    assert projector.text_size == projector.body_size  # a short principle keeps the full size

    window.select_principle(long_id)
    smallest = max(18, round(projector.body_size * SMALLEST_FIT))
    qtbot.waitUntil(lambda: projector.text_size < projector.body_size)
    bar = projector.text.verticalScrollBar()
    assert projector.text_size >= smallest
    assert bar.maximum() == 0 or projector.text_size == smallest  # fits, or scrolls at the floor
    assert projector.more_label.isVisible() == (bar.maximum() > 0)

    window.select_principle(short_id)
    qtbot.waitUntil(lambda: projector.text_size == projector.body_size)
