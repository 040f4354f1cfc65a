"""Workshop > Open to participants' phones, in a real window: a real server on 127.0.0.1, phones
over HTTP, the contributions in the comments dock within a second, the held queue, revoking a
phone, the projector's QR code (decoded with zbar), and closing when the workshop ends."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool

from charter_app.cli import main as cli
from charter_app.ui import features
from charter_app.ui.comments_panel import CommentsFeature
from charter_app.ui.companion_panel import CompanionFeature
from charter_app.ui.workshop_mode import WorkshopFeature
from tests import tools
from tests import ui_conftest_helpers as helpers
from tests.companion_phone import Phone, free_port

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction = helpers.interaction
SOPHIE = "p-47232f"
PRINCIPLE = "accessibilite-numerique"
NOTICED_WITHIN_MS = 1000


@pytest.fixture
def window(qtbot, qapp, charter_path: Path, interaction, monkeypatch):
    from charter_app.ui.context import AppContext
    from charter_app.ui.main_window import MainWindow

    monkeypatch.setattr(
        features,
        "FEATURES",
        [
            "charter_app.ui.comments_panel:CommentsFeature",
            "charter_app.ui.workshop_mode:WorkshopFeature",
            "charter_app.ui.companion_panel:CompanionFeature",
        ],
    )
    assert cli(["-C", str(charter_path), "workshop", "start", "--title", "Atelier", "--as",
                SOPHIE]) == 0  # fmt: skip
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
    companion = feature(main, CompanionFeature)
    companion.close()
    projector = feature(main, WorkshopFeature).projector
    if projector is not None:
        projector.close()
    main.close()
    QThreadPool.globalInstance().waitForDone(5000)
    context.appearance.reset()


def feature(window, kind):
    return next(f for f in window.features if isinstance(f, kind))


def opened(qtbot, window) -> tuple[CompanionFeature, Phone]:
    companion = feature(window, CompanionFeature)
    companion.open(port=free_port(), bind="127.0.0.1")
    qtbot.waitUntil(lambda: companion.server is not None, timeout=10_000)
    phone = Phone.on(f"http://{companion.server.address}")
    return companion, phone


def test_a_phone_comment_reaches_the_comments_dock_within_a_second(qtbot, window):
    comments = feature(window, CommentsFeature)
    qtbot.waitUntil(lambda: comments.data is not None and not comments.busy, timeout=10_000)
    window.select_principle(PRINCIPLE)
    before = comments.panel.model.rowCount()
    companion, phone = opened(qtbot, window)
    assert companion.action.isChecked() and companion.panel.isVisible()
    assert phone.join(companion.companion.token, "Nadia", "association").status_code == 200
    sent = phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="Pensons aux sourds.")
    assert sent.status_code == 200 and "Recorded" in sent.text
    qtbot.waitUntil(
        lambda: comments.panel.model.rowCount() == before + 1, timeout=NOTICED_WITHIN_MS
    )
    qtbot.waitUntil(lambda: companion.panel.phones.count() == 1, timeout=NOTICED_WITHIN_MS)
    assert "Nadia" in companion.panel.phones.item(0).text()


def test_held_texts_wait_for_the_facilitator_who_accepts_or_declines(qtbot, window):
    companion, phone = opened(qtbot, window)
    companion.panel.held.setChecked(True)
    assert companion.companion.moderation == "held"
    phone.join(companion.companion.token, "Yves")
    phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="Premier avis.")
    phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="Second avis, injurieux.")
    qtbot.waitUntil(lambda: companion.panel.waiting.count() == 2, timeout=NOTICED_WITHIN_MS)
    assert "Premier avis." in companion.panel.waiting.item(0).text()
    mine = phone.read("/mine").text
    assert mine.count("Waiting for the facilitator") == 2
    companion.panel.waiting.setCurrentRow(1)
    companion.panel.decline_button.click()
    companion.panel.waiting.setCurrentRow(0)
    companion.panel.accept_button.click()
    helpers.written(qtbot, window)
    qtbot.waitUntil(lambda: companion.panel.waiting.count() == 0, timeout=5000)
    events = window.document.repository.events()
    texts = [e.get("text") for e in events if e.type == "comment"]
    assert "Premier avis." in texts and "Second avis, injurieux." not in texts
    mine = phone.read("/mine").text
    assert "Recorded" in mine and "Not kept by the facilitator" in mine


def test_a_revoked_phone_can_no_longer_read_or_send(qtbot, window):
    companion, phone = opened(qtbot, window)
    phone.join(companion.companion.token, "Intrus")
    page = phone.read(f"/p/{PRINCIPLE}")
    qtbot.waitUntil(lambda: companion.panel.phones.count() == 1, timeout=NOTICED_WITHIN_MS)
    companion.panel.phones.setCurrentRow(0)
    companion.panel.revoke_button.click()
    assert "(revoked)" in companion.panel.phones.item(0).text()
    entry = phone.client.get("/read", follow_redirects=True)
    assert "Take part from your phone" in entry.text  # not even the join form again
    refused = phone.client.post("/send/comment", data={"text": "encore", "target": PRINCIPLE})
    assert refused.status_code == 403 and "encore" in refused.text  # the text is shown back
    assert "csrf" in page.text


def test_the_projector_shows_the_qr_code_address_and_code(qtbot, window, tmp_path):
    zbar = tools.require("zbarimg", "apt-get install zbar-tools")
    companion, _phone = opened(qtbot, window)
    workshop = feature(window, WorkshopFeature)
    window.select_principle(PRINCIPLE)
    workshop.start_projector()
    projector = workshop.projector
    qtbot.waitUntil(lambda: projector.companion_strip.isVisible(), timeout=5000)
    assert companion.server.address in projector.companion_text.text()
    assert companion.companion.code_display in projector.companion_text.text()
    picture = tmp_path / "projector.png"
    projector.grab().save(str(picture))
    decoded = subprocess.run(
        [zbar, "--quiet", "--raw", str(picture)], capture_output=True, text=True
    )
    assert decoded.stdout.strip() == companion.server.link


def test_ending_the_workshop_closes_the_phones(qtbot, window):
    companion, phone = opened(qtbot, window)
    token = companion.companion.token
    phone.join(token, "Paul")
    assert cli(["-C", str(window.document.path), "workshop", "end", "--as", SOPHIE]) == 0
    qtbot.waitUntil(lambda: companion.companion is None, timeout=3000)
    assert not companion.action.isChecked()
