"""The companion's routes without a browser (Starlette's test client on a real charter): entering,
joining, reading as the projector numbers it, every kind of contribution written through the
application layer with the right anchor, author and workshop, idempotency, languages, and a
restart that keeps the session."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from charter_app import i18n
from charter_app.application.companion import Companion
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.rendering import to_plain_paragraphs
from charter_app.storage import companion_store
from charter_app.web.app import build_app
from charter_app.web.context import Context
from tests.companion_phone import Phone, hidden_fields

HOST = "192.168.4.1:8765"
SOPHIE, CLAIRE = "p-47232f", "p-cbb40a"
PRINCIPLE = "accessibilite-numerique"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    before = i18n.current_language()
    i18n.set_language("en")
    monkeypatch.delenv("CHARTER_AS", raising=False)
    yield
    i18n.set_language(before)


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charte"
    assert main(["init", str(folder), "--without-story"]) == 0
    assert main(["-C", str(folder), "workshop", "start", "--title", "Atelier", "--as",
                 SOPHIE]) == 0  # fmt: skip
    (tmp_path / "wording.md").write_text("Un texte plus court.\n", encoding="utf-8")
    assert main(["-C", str(folder), "amend", PRINCIPLE, "--body-file",
                 str(tmp_path / "wording.md"), "--rationale", "Plus court", "--as",
                 CLAIRE]) == 0  # fmt: skip
    return folder


@pytest.fixture
def served(charter: Path):
    session = Session.open(charter)
    companion = Companion.open(session, SOPHIE)
    context = Context(companion, allowed_hosts={HOST})
    yield companion, context
    session.close()


def phone_of(context: Context, **headers: str) -> Phone:
    client = TestClient(build_app(context), base_url=f"http://{HOST}", headers=headers)
    return Phone(client)


def cli_json(charter: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> object:
    capsys.readouterr()
    assert main(["-C", str(charter), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_phone_enters_by_the_qr_link_joins_and_reads_as_the_projector_numbers(served):
    companion, context = served
    phone = phone_of(context)
    assert "Session code" in phone.read("/").text
    assert phone.join(companion.token, "Nadia", "association").url.path == "/read"
    overview = phone.read("/read").text
    assert "Charte numérique" in overview and "Amendment A-1" in overview
    page = phone.read(f"/p/{PRINCIPLE}").text
    principle = companion.snapshots.get().charter.principle(PRINCIPLE)
    paragraphs = to_plain_paragraphs(principle.body)
    numbers = re.findall(r'<span class="num">(\d+)</span>', page)
    assert numbers == [str(n) for n in range(1, len(paragraphs) + 1)]
    assert companion.phones and next(iter(companion.phones.values())).role == "association"


def test_the_short_code_opens_the_door_and_a_wrong_one_does_not(served):
    companion, context = served
    phone = phone_of(context)
    fields = {"csrf": re.search(r'name="csrf" value="(\w+)"', phone.read("/").text)[1]}
    wrong = phone.client.post("/code", data={**fields, "code": "AAA-AAA"})
    assert wrong.status_code == 403 and "not the workshop" in wrong.text
    typed = companion.code_display.lower().replace("-", " ")
    right = phone.client.post("/code", data={**fields, "code": typed}, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/join"


def test_every_contribution_is_written_with_its_anchor_author_and_workshop(served, charter, capsys):
    companion, context = served
    companion.set_dots_open(True)
    phone = phone_of(context)
    phone.join(companion.token, "Nadia", "association")
    page = f"/p/{PRINCIPLE}"
    quote = "une mobilité réduite"
    assert "Recorded" in phone.send(page, "/send/comment", text="Et les aidants ?",
                                    quote=quote).text  # fmt: skip
    assert "Recorded" in phone.send(page, "/send/amendment", text="Nouveau texte.",
                                    rationale="Plus clair").text  # fmt: skip
    assert "Recorded" in phone.send("/a/A-1", "/send/position", position="support").text
    assert "Recorded" in phone.send("/a/A-1", "/send/comment", text="Trop court ?").text
    assert "left" in phone.send(page, "/send/dots", count="2").text
    nadia = companion.phones[next(iter(companion.phones))].participant
    comments = cli_json(charter, "comments", capsys=capsys)
    mine = [c for c in comments["threads"] if c["author"] == nadia]  # type: ignore[index]
    on_text = next(c for c in mine if c.get("passage"))
    assert on_text["target"] == PRINCIPLE and on_text["passage"]["quote"] == quote
    assert on_text["anchor"]["state"] == "anchored"
    assert {c["about"] for c in mine} == {"principle", "amendment"}
    thread_id = on_text["id"]
    assert "Recorded" in phone.send(page, "/send/reply", text="Oui !", target=thread_id).text
    amendments = cli_json(charter, "amendments", capsys=capsys)
    proposed = [a for a in amendments if a["author"] == nadia]  # type: ignore[union-attr]
    assert len(proposed) == 1 and proposed[0]["workshop"] == "W-1"
    assert proposed[0]["rationale"] == "Plus clair"
    events = Session.open(charter).repository.events()
    kinds = {e.type for e in events if e.by == nadia}
    assert {"comment", "reply", "support", "dot"} <= kinds
    assert all(e.workshop == "W-1" for e in events if e.by == nadia)


def test_the_same_key_sent_twice_or_at_once_writes_once(served, charter):
    companion, context = served
    phone = phone_of(context)
    phone.join(companion.token, "Yves")
    page = f"/p/{PRINCIPLE}"
    key = "retry-after-the-wifi-dropped-1"
    answers: list[int] = []

    def send() -> None:
        answers.append(phone.send(page, "/send/comment", key=key, text="Une fois.").status_code)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 4
    texts = [e.get("text") for e in Session.open(charter).repository.events()]
    assert texts.count("Une fois.") == 1


def test_the_script_gets_json_answers_and_refusals(served):
    companion, context = served
    phone = phone_of(context)
    phone.join(companion.token, "Zoé")
    answer = phone.send(f"/p/{PRINCIPLE}", "/send/comment", json=True, text="Ok")
    assert answer.json()["ok"] and answer.json()["state"] == "published"
    empty = phone.send(f"/p/{PRINCIPLE}", "/send/comment", json=True, text="   ")
    assert empty.status_code == 400 and "empty" in empty.json()["message"]
    fields = hidden_fields(phone.read(f"/p/{PRINCIPLE}").text, "/send/comment")
    closed = phone.client.post(
        "/send/dots", data={**fields, "count": "1"}, headers={"accept": "application/json"}
    )
    assert closed.status_code == 400 and "not open" in closed.json()["message"]
    live = phone.read("/live").json()
    assert live["closed"] is False and live["v"]


def test_pages_follow_the_phones_language(served):
    companion, context = served
    french = phone_of(context, **{"accept-language": "fr-FR,fr;q=0.9"})
    french.join(companion.token, "Léa")
    assert "Mes contributions" in french.read("/read").text
    english = phone_of(context)
    english.join(companion.token, "Tom")
    assert "My contributions" in english.read("/read").text
    refused = french.send(f"/p/{PRINCIPLE}", "/send/comment", json=True, text="")
    assert "vide" in refused.json()["message"]


def test_a_restart_keeps_the_session_phones_and_receipts(charter):
    session = Session.open(charter)
    companion = Companion.open(session, SOPHIE)
    phone = phone_of(Context(companion, allowed_hosts={HOST}))
    phone.join(companion.token, "Marc")
    phone.send(f"/p/{PRINCIPLE}", "/send/comment", key="before-the-restart-0001", text="Un.")
    session.close()
    again = Companion.open(Session.open(charter), SOPHIE)  # the laptop woke up
    assert again.token == companion.token and again.code == companion.code
    phone.client.app = build_app(Context(again, allowed_hosts={HOST}))
    assert "Marc" in phone.read("/read").text
    retried = phone.send(f"/p/{PRINCIPLE}", "/send/comment", key="before-the-restart-0001",
                         text="Un.")  # fmt: skip
    assert "Recorded" in retried.text
    texts = [e.get("text") for e in Session.open(charter).repository.events()]
    assert texts.count("Un.") == 1


def test_a_write_cut_short_is_settled_from_the_charter_when_the_companion_opens(charter):
    from dataclasses import replace

    from charter_app.application.companion import Receipt, State

    session = Session.open(charter)
    companion = Companion.open(session, SOPHIE)
    phone, _secret = companion.join("Inès", "resident")
    receipt = companion.submit(phone, "written-then-stopped-1", "comment",
                               {"target": PRINCIPLE, "text": "Écrit."})  # fmt: skip
    # As if the laptop stopped after recording this comment but before saving its receipt,
    # and stopped before writing another one whose receipt was saved as pending:
    companion.receipts[receipt.key] = replace(receipt, state=State.PENDING, ref="")
    payload = {"target": PRINCIPLE, "text": "Jamais écrit.", "about": "principle"}
    companion.receipts["stopped-before-write-1"] = Receipt(
        "stopped-before-write-1", phone.id, "comment", State.PENDING, receipt.at, payload
    )
    companion_store.save(companion.path, companion._state())  # as the stop left it
    session.close()
    again = Companion.open(Session.open(charter), SOPHIE)
    assert again.receipts[receipt.key].state == State.PUBLISHED
    assert again.receipts[receipt.key].ref == receipt.ref
    assert again.receipts["stopped-before-write-1"].state == State.UNSENT
    retried = again.submit(phone, "stopped-before-write-1", "comment", payload)
    assert retried.state == State.PUBLISHED
    texts = [e.get("text") for e in again.session.repository.events()]
    assert texts.count("Écrit.") == 1 and texts.count("Jamais écrit.") == 1


def test_closing_invalidates_every_link_and_keeps_what_waits(served, tmp_path):
    companion, context = served
    companion.set_moderation("held")
    phone = phone_of(context)
    phone.join(companion.token, "Eve")
    phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="En attente.")
    kept = companion.close()
    assert kept is not None and "En attente." in kept.read_text(encoding="utf-8")
    assert phone.read("/read").status_code == 410
    assert phone.enter(companion.token).status_code == 410


def test_the_join_page_says_what_is_kept_why_how_long_and_whom_to_ask(served, charter):
    companion, context = served
    english_page = phone_of(context).enter(companion.token).text
    assert "Your personal data" in english_page
    assert (
        "ask the facilitator" in english_page
        and "until you ask for it to be erased" in english_page
    )
    french_page = (
        phone_of(context, **{"accept-language": "fr-FR,fr;q=0.9"}).enter(companion.token).text
    )
    assert "Vos données personnelles" in french_page
