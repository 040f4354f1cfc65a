"""The reading view, driven as a participant would: select words, comment, propose new words,
read the margin while scrolling, and accept or decline a suggestion for the council.

The window opens the bundled example with its story (comments, amendments, votes), in a real
repository. Accept and decline must give what the council's ``decide`` gives.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QUrl  # noqa: E402
from PySide6.QtGui import QTextCursor, QTextDocument  # noqa: E402

from charter_app.application import charters, council  # noqa: E402
from charter_app.application.session import Session  # noqa: E402
from charter_app.core.amendment_state import AmendmentStatus  # noqa: E402
from charter_app.core.comments import fold_comments  # noqa: E402
from charter_app.core.decisions import Decision, Outcome, Votes  # noqa: E402
from charter_app.storage.amendments import AmendmentBook  # noqa: E402
from charter_app.storage.repository import CharterRepository  # noqa: E402
from charter_app.storage.templates import default_example  # noqa: E402
from charter_app.ui.reading.cards import CommentCard, SuggestionCard  # noqa: E402
from charter_app.ui.reading.feature import ReadingFeature  # noqa: E402
from charter_app.ui.workspaces import READ  # noqa: E402
from tests import ui_conftest_helpers as helpers  # noqa: E402

app_home, interaction, window = helpers.app_home, helpers.interaction, helpers.window
git, written = helpers.git, helpers.written


@pytest.fixture
def charter_path(tmp_path: Path, app_home: Path) -> Path:
    """The example with its story: comments and amendments to read in the margin."""
    path = tmp_path / "charte"
    charters.create_from_template(path, default_example()).close()
    return path


class Scripted:
    """Answers the comments feature's questions (no modal dialog)."""

    def __init__(self, *texts: str) -> None:
        self.texts = list(texts)
        self.asked: list[str] = []

    def write(self, title, intro, author, initial=""):
        self.asked.append(intro)
        return self.texts.pop(0) if self.texts else None

    def confirm(self, title, question):
        return True


@pytest.fixture
def reading(window, qtbot):
    window.workspaces.show(READ)
    qtbot.waitUntil(lambda: bool(window.features), timeout=20_000)
    feature = next(f for f in window.features if isinstance(f, ReadingFeature))
    qtbot.waitUntil(lambda: feature.data is not None and not feature.busy, timeout=20_000)
    qtbot.waitUntil(lambda: bool(window.reading.margin.cards), timeout=10_000)
    window.resize(1366, 768)
    qtbot.wait(50)
    return feature


def participant(window, name: str) -> str:
    return next(p.id for p in window.document.charter.participants if p.name == name)


def as_participant(window, name: str) -> None:
    window.who_combo.setCurrentIndex(window.who_combo.findData(participant(window, name)))


def select_shown(window, words: str) -> None:
    """Select ``words`` in the reading view as a mouse or Shift+arrows would."""
    text = window.reading.text
    found = text.document().find(words, 0, QTextDocument.FindFlag.FindCaseSensitively)
    assert not found.isNull(), words
    text.setTextCursor(found)
    text.setFocus()


def body_of(window, principle_id: str) -> str:
    return window.document.saved_charter.principle(principle_id).body


def test_select_words_and_comment_anchors_the_comment_in_the_source(window, reading, qtbot):
    comments = next(f for f in window.features if type(f).__name__ == "CommentsFeature")
    comments.prompts = Scripted("Même pour les données anonymisées ?")
    as_participant(window, "Aïcha Benali")
    select_shown(window, "jamais vendues")  # shown bold: **jamais vendues** in the source
    view = window.reading
    assert view.comment_button.text().replace("&", "") == "Comment on the selection…"
    view.comment_button.click()
    written(qtbot, window)
    assert "“jamais vendues”" in comments.prompts.asked[0]
    board = fold_comments(window.document.repository.events())
    thread = next(t for t in board.threads if t.root.text == "Même pour les données anonymisées ?")
    body = body_of(window, "donnees-personnelles")
    selector = thread.passage.selector
    assert selector.quote == "jamais vendues"
    assert body[selector.start : selector.end] == "jamais vendues"
    assert body[selector.start - 2 : selector.start] == "**"  # the markup is not quoted
    assert thread.root.author == participant(window, "Aïcha Benali")
    qtbot.waitUntil(
        lambda: any(
            isinstance(c, CommentCard) and c.note.thread_id == thread.id for c in view.margin.cards
        ),
        timeout=10_000,
    )


def test_select_words_and_propose_new_ones_files_an_amendment_on_those_words(
    window, reading, qtbot
):
    as_participant(window, "Marcel Dupuy")
    select_shown(window, "le temps utile")
    view = window.reading
    view.propose_button.click()
    dialog = reading.dialog
    assert dialog is not None and dialog.old_words.toPlainText() == "le temps utile"
    dialog.new_words.setPlainText("deux ans au plus")
    dialog.rationale.setPlainText("Un délai précis se vérifie.")
    dialog.ok_button.click()
    written(qtbot, window)
    with CharterRepository.open(window.document.path) as repository:
        ledger = AmendmentBook(repository).ledger()
    record = next(r for r in ledger.records if "deux ans au plus" in (r.amendment.body or ""))
    body = body_of(window, "donnees-personnelles")
    assert record.status is AmendmentStatus.REGISTERED
    assert record.amendment.author == participant(window, "Marcel Dupuy")
    assert record.amendment.body == body.replace("le temps utile", "deux ans au plus")
    qtbot.waitUntil(lambda: view.card(record.id) is not None, timeout=10_000)
    card = view.card(record.id)
    assert isinstance(card, SuggestionCard) and card.shown  # shown in the text at once
    shown = view.text.toPlainText()
    assert "deux ans au plus" in shown and "le temps utile" in shown  # inserted and struck


def _card_on(view, words: str) -> CommentCard:
    return next(
        c for c in view.margin.cards
        if isinstance(c, CommentCard) and c.note.start is not None
        and words in view.charter.principle(c.note.principle).body[c.note.start : c.note.end]
    )  # fmt: skip


def _passage_top(view, card: CommentCard) -> int:
    start, _end = view.text.document_range(card.note.principle, card.note.start, card.note.end)
    return view.text.y_of(start) + view._text_offset()


def test_the_margin_follows_the_text_when_it_scrolls_and_reflows(window, reading, qtbot):
    view = window.reading
    view.suggestions_box.setChecked(False)
    view.text.scroll_to_principle("inclusion-mediation", focus=False)
    card = _card_on(view, "une alternative au guichet")
    qtbot.waitUntil(lambda: card.isVisible() and card.y() == _passage_top(view, card))
    bar = view.text.verticalScrollBar()
    before = card.y()
    bar.setValue(bar.value() + 60)
    qtbot.waitUntil(lambda: card.y() == before - 60)
    assert card.y() == _passage_top(view, card)
    bar.setValue(bar.value() - 300)  # the passage goes below what is shown...
    qtbot.waitUntil(lambda: not card.isVisible() or card.y() == _passage_top(view, card))
    bar.setValue(bar.value() + 300)
    qtbot.waitUntil(lambda: card.isVisible() and card.y() == _passage_top(view, card))
    # Narrower, the text wraps onto more lines: the card moves with its words.
    view.text.scroll_to_principle("inclusion-mediation", focus=False)
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: card.isVisible() and card.y() == _passage_top(view, card))
    bigger = view.text.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 1.5)
    view.text.setFont(bigger)
    view.refresh_text()
    card = _card_on(view, "une alternative au guichet")
    view.text.scroll_to_principle("inclusion-mediation", focus=False)
    qtbot.waitUntil(lambda: card.isVisible() and card.y() == _passage_top(view, card))


def _decide_through_the_view(window, reading, qtbot, label: str, accept: bool) -> None:
    as_participant(window, "Jean-Marc Sabatier")
    ledger = reading.data.snapshot.ledger
    amendment_id = ledger.find(label).id
    card = window.reading.card(amendment_id)
    assert isinstance(card, SuggestionCard)
    key = "accept" if accept else "decline"
    card.buttons[key].click()
    dialog = reading.dialog
    dialog.votes_box.setChecked(True)
    dialog.for_spin.setValue(19)
    dialog.against_spin.setValue(2)
    dialog.abstain_spin.setValue(2)
    dialog.ref_edit.setText("Délibération 2026-102")
    dialog.date_edit.setText("2026-11-20")
    dialog.ok_button.click()
    written(qtbot, window)


def _decided_by_the_council(path: Path, by: str, label: str, outcome: Outcome) -> None:
    decision = Decision(outcome, Votes(19, 2, 2), "Délibération 2026-102", _date("2026-11-20"))
    with Session.open(path) as session:
        council.decide(session, by, label, decision)


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def _outcome(path: Path, label: str):
    with CharterRepository.open(path) as repository:
        record = AmendmentBook(repository).ledger().find(label)
        charter = repository.load()
        message = git(path, "log", "-1", "--format=%B")
    trailers = sorted(line for line in message.splitlines() if line.startswith("Charter-"))
    return record.status, charter.principles, trailers


@pytest.mark.parametrize(("label", "accept"), [("A-9", True), ("A-10", True), ("A-9", False)])
def test_accept_and_decline_give_what_the_council_decide_gives(
    window, reading, qtbot, tmp_path, label, accept
):
    twin = tmp_path / "twin"
    charters.create_from_template(twin, default_example()).close()
    by = participant(window, "Jean-Marc Sabatier")
    _decided_by_the_council(twin, by, label, Outcome.ADOPTED if accept else Outcome.REJECTED)
    _decide_through_the_view(window, reading, qtbot, label, accept)
    mine = _outcome(window.document.path, label)
    assert mine == _outcome(twin, label)
    assert mine[0] is (AmendmentStatus.ADOPTED if accept else AmendmentStatus.REJECTED)


def test_next_card_moves_the_keyboard_and_says_whose_comment_it_is(window, reading, qtbot):
    view = window.reading
    reading.step_card(1)
    first = view.margin.cards[0]
    assert first.hasFocus() or qtbot.waitUntil(first.hasFocus)
    assert window.announced[-1].startswith(first.accessibleName())
    reading.step_card(1)
    assert view.current_card == view.margin.cards[1].key


def test_titles_grow_with_the_text_size(window, reading, qtbot):
    text = window.reading.text

    def title_and_text() -> tuple[float, float]:
        cursor = QTextCursor(text.document().begin())
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        return cursor.charFormat().fontPointSize(), text.font().pointSizeF()

    title, body = title_and_text()
    window.apply_preferences("en", False, 1.5)
    qtbot.waitUntil(lambda: title_and_text()[1] > body)
    bigger_title, bigger_body = title_and_text()
    assert bigger_title / bigger_body == pytest.approx(title / body, rel=0.02)
    assert bigger_title > title


def test_a_new_comment_adds_its_card_and_leaves_the_text_and_other_cards_alone(
    window, reading, qtbot
):
    """A room of phones comments many times a minute: the text is not rebuilt for a comment
    (the reader keeps their selection) and the cards already there are the same widgets."""
    from charter_app.application import comments as comment_cases

    view = window.reading
    select_shown(window, "le temps utile")
    before = {card.key: card for card in view.margin.cards}
    version = view.text.version
    by = participant(window, "Marcel Dupuy")
    window.operations.run(
        lambda session: comment_cases.comment_on_principle(
            session, by, "donnees-personnelles", "Un commentaire venu d’un téléphone."
        )
    )
    written(qtbot, window)
    qtbot.waitUntil(lambda: len(view.margin.cards) == len(before) + 1, timeout=10_000)
    assert view.text.version == version
    assert view.text.textCursor().selectedText() == "le temps utile"
    new = [card for card in view.margin.cards if card.key not in before]
    assert isinstance(new[0], CommentCard)
    assert new[0].note.text == "Un commentaire venu d’un téléphone."
    assert all(view.card(key) is card for key, card in before.items())


def test_an_edit_rebuilds_only_the_principle_it_changed(window, reading, qtbot, monkeypatch):
    from charter_app.application import principles
    from charter_app.ui.reading import view as view_module

    built: list[str] = []
    real = view_module.principle_blocks
    monkeypatch.setattr(
        view_module, "principle_blocks", lambda p, s=None: built.append(p.id) or real(p, s)
    )
    view = window.reading
    body = body_of(window, "donnees-personnelles").replace("le temps utile", "deux ans au plus")
    by = participant(window, "Marcel Dupuy")
    window.operations.run(
        lambda session: principles.edit_principle(session, by, "donnees-personnelles", body=body)
    )
    written(qtbot, window)
    qtbot.waitUntil(lambda: "deux ans au plus" in view.text.toPlainText(), timeout=10_000)
    assert set(built) == {"donnees-personnelles"}
    assert "le temps utile" not in view.text.toPlainText()


def test_a_burst_of_writes_reads_the_margin_at_most_twice(window, reading, qtbot, monkeypatch):
    """Thirty phones writing at once: one read runs, only the newest waiting one follows."""
    from charter_app.ui.reading import feature as feature_module

    reads: list[object] = []
    real = feature_module.load_reading
    monkeypatch.setattr(
        feature_module, "load_reading", lambda *args: reads.append(args) or real(*args)
    )
    for _write in range(6):
        reading.reload()
    qtbot.waitUntil(lambda: not reading.busy, timeout=20_000)
    assert 1 <= len(reads) <= 2


def test_a_link_in_the_text_opens_with_enter_after_asking(window, reading, qtbot, interaction):
    from charter_app.application import principles

    view = window.reading
    body = body_of(window, "donnees-personnelles") + (
        "\n\nVoir [le registre](https://example.org/registre) et [ceci](file:///etc/passwd)."
    )
    by = participant(window, "Marcel Dupuy")
    window.operations.run(
        lambda session: principles.edit_principle(session, by, "donnees-personnelles", body=body)
    )
    written(qtbot, window)
    qtbot.waitUntil(lambda: "le registre" in view.text.toPlainText(), timeout=10_000)
    view.suggestions_box.setChecked(False)  # the text as it is, without an amendment shown
    select_shown(window, "Voir le registre")
    cursor = view.text.textCursor()
    cursor.setPosition(cursor.selectionStart() + 7)  # the cursor inside the link’s words
    view.text.setTextCursor(cursor)
    assert view.text.link_at_cursor() == "https://example.org/registre"
    qtbot.keyClick(view.text, Qt.Key.Key_Return)
    assert interaction.links == ["https://example.org/registre"]  # asked first (answer: no)
    select_shown(window, "ceci (file:///etc/passwd)")  # not a link: its address in words
    cursor = view.text.textCursor()
    cursor.setPosition(cursor.selectionStart() + 1)
    view.text.setTextCursor(cursor)
    assert view.text.link_at_cursor() == ""
    qtbot.keyClick(view.text, Qt.Key.Key_Return)
    assert interaction.links == ["https://example.org/registre"]
    view.text.open_link(QUrl("file:///etc/passwd"))  # a click on such a link: refused
    assert interaction.links == ["https://example.org/registre"]
    assert "not a web or e-mail address" in window.statusBar().currentMessage()
