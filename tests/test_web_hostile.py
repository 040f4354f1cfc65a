"""Hostile input against the companion, on a shared Wi-Fi: scripts, huge bodies, wrong tokens,
replayed CSRF tokens, a foreign Host header, a thousand requests a second from one phone, paths
that try to reach files. Each is refused with a clear message and nothing is written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from charter_app.application.companion import Companion
from charter_app.application.session import Session
from charter_app.web.context import Context
from charter_app.web.security import CSP
from tests.companion_phone import Phone, hidden_fields
from tests.test_web_routes import HOST, PRINCIPLE, SOPHIE, charter, english, phone_of

__all__ = ["charter", "english"]


@pytest.fixture
def served(charter: Path):
    session = Session.open(charter)
    companion = Companion.open(session, SOPHIE)
    yield companion, Context(companion, allowed_hosts={HOST})
    session.close()


def count_events(companion: Companion) -> int:
    return len(companion.session.repository.events())


def joined(companion: Companion, context: Context, name: str = "Nadia") -> Phone:
    phone = phone_of(context)
    phone.join(companion.token, name)
    return phone


def test_a_script_is_stored_as_text_and_shown_escaped(served):
    companion, context = served
    phone = joined(companion, context)
    attack = '<script>alert("x")</script> [clic](javascript:alert(1)) <img src=x onerror=alert(1)>'
    page = phone.send(f"/p/{PRINCIPLE}", "/send/comment", text=attack).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and 'href="javascript:' not in page
    stored = [e.get("text") for e in companion.session.repository.events()]
    assert attack in stored  # kept as typed, word for word
    assert page.count("<script") == 1  # our own script only, from our own origin
    assert '<script src="/static/companion.js"' in page


def test_every_answer_carries_a_strict_content_security_policy(served):
    companion, context = served
    phone = joined(companion, context)
    for path in ("/", "/read", f"/p/{PRINCIPLE}", "/a/A-1", "/mine", "/nowhere"):
        answer = phone.read(path)
        assert answer.headers["content-security-policy"] == CSP, path
        assert answer.headers["x-frame-options"] == "DENY"
        assert "style=" not in answer.text and "onclick" not in answer.text


def test_a_huge_body_is_refused_before_it_is_read_and_nothing_is_written(served):
    companion, context = served
    phone = joined(companion, context)
    before = count_events(companion)
    fields = hidden_fields(phone.read(f"/p/{PRINCIPLE}").text, "/send/comment")
    huge = phone.client.post("/send/comment", data={**fields, "text": "a" * 5_000_000})
    assert huge.status_code == 413 and "too large" in huge.text
    long_text = phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="é" * 20_001)
    assert long_text.status_code == 400 and "the limit is 20,000" in long_text.text
    assert "é" * 200 in long_text.text  # the text is shown back, nothing lost
    assert count_events(companion) == before


@pytest.mark.parametrize("path", ["/s/AAAAAAAAAAAAAAAAAAAAAA", "/s/", "/s/%00", "/s/" + "x" * 5000])
def test_a_wrong_token_opens_nothing(served, path):
    companion, context = served
    phone = phone_of(context)
    answer = phone.client.get(path, follow_redirects=True)
    assert answer.status_code in (403, 404)
    assert "Join the workshop" not in answer.text
    assert phone.client.get("/join", follow_redirects=True).url.path == "/"


def test_a_csrf_token_replayed_from_another_phone_or_missing_is_refused(served):
    companion, context = served
    alice, mallory = joined(companion, context, "Alice"), joined(companion, context, "Mallory")
    before = count_events(companion)
    stolen = hidden_fields(alice.read(f"/p/{PRINCIPLE}").text, "/send/comment")
    replayed = mallory.client.post("/send/comment", data={**stolen, "text": "Au nom d'Alice"})
    assert replayed.status_code == 403 and "does not come from this phone" in replayed.text
    assert "Au nom d&#39;Alice" in replayed.text  # shown back to the sender
    no_token = {k: v for k, v in stolen.items() if k != "csrf"}
    assert alice.client.post("/send/comment", data={**no_token, "text": "x"}).status_code == 403
    assert count_events(companion) == before


def test_a_foreign_host_header_is_refused(served):
    companion, context = served
    phone = joined(companion, context)
    before = count_events(companion)
    for host in ("evil.example", "evil.example:8765", "192.168.4.1.nip.io:8765", ""):
        answer = phone.client.get("/read", headers={"host": host})
        assert answer.status_code == 421 and "is not the workshop" in answer.text
    fields = hidden_fields(phone.read(f"/p/{PRINCIPLE}").text, "/send/comment")
    rebound = phone.client.post(
        "/send/comment", data={**fields, "text": "x"}, headers={"host": "evil.example"}
    )
    assert rebound.status_code == 421
    assert count_events(companion) == before


def test_a_thousand_requests_a_second_from_one_phone_are_slowed_down(served):
    companion, context = served
    phone = joined(companion, context)
    context.limits.requests.now = lambda: 1e9  # all within the same instant
    statuses = [phone.read("/live").status_code for _ in range(1000)]
    assert statuses.count(200) == context.limits.requests.capacity
    assert statuses.count(429) == 1000 - context.limits.requests.capacity
    refused = phone.read("/read")
    assert refused.status_code == 429 and "Too many requests" in refused.text
    assert refused.headers["retry-after"]


def test_a_burst_of_posts_from_one_phone_writes_only_its_budget(served):
    companion, context = served
    phone = joined(companion, context)
    context.limits.requests.capacity = context.limits.requests.rate = 10_000  # posts only
    page = phone.read(f"/p/{PRINCIPLE}").text
    fields = hidden_fields(page, "/send/comment")
    before = count_events(companion)
    answers = []
    for index in range(40):
        data = {**fields, "key": f"burst-of-posts-{index:04d}", "text": f"Spam {index}"}
        answers.append(phone.client.post("/send/comment", data=data))
    written = count_events(companion) - before
    refused = [a for a in answers if a.status_code == 429]
    assert written == context.limits.posts.capacity and len(refused) == 40 - written
    assert "a lot in a short time" in refused[0].text and "Spam" in refused[0].text


def test_short_codes_cannot_be_guessed(served):
    companion, context = served
    phone = phone_of(context)
    csrf = re.search(r'name="csrf" value="(\w+)"', phone.read("/").text)[1]
    answers = [
        phone.client.post("/code", data={"csrf": csrf, "code": f"AAA{n:03d}"}).status_code
        for n in range(20)
    ]
    assert answers[:5] == [403] * 5 and set(answers[5:]) == {429}
    right = phone.client.post("/code", data={"csrf": csrf, "code": companion.code})
    assert right.status_code == 429  # even the right code waits: the budget is spent


@pytest.mark.parametrize(
    "path",
    [
        "/p/../../etc/passwd", "/static/../app.py", "/static/..%2f..%2fapp.py",
        "/static/%2e%2e/context.py", "/a/../../../.git/config", "/p/.git", "/p/%00",
        "/static/templates/base.html",
    ],
)  # fmt: skip
def test_no_path_reaches_a_file(served, path):
    companion, context = served
    phone = joined(companion, context)
    answer = phone.read(path)
    assert answer.status_code == 404
    assert "import" not in answer.text and "[core]" not in answer.text


def test_a_form_for_an_unknown_kind_or_a_foreign_back_address_goes_nowhere(served):
    companion, context = served
    phone = joined(companion, context)
    fields = hidden_fields(phone.read(f"/p/{PRINCIPLE}").text, "/send/comment")
    assert phone.client.post("/send/delete", data=fields).status_code == 404
    sent = phone.client.post(
        "/send/comment",
        data={**fields, "text": "ok", "back": "//evil.example/x"},
        follow_redirects=False,
    )
    assert sent.headers["location"].startswith("/read?sent=")


def test_a_name_already_taken_or_the_facilitators_cannot_be_claimed(served):
    companion, context = served
    joined(companion, context, "Alice")
    for name in ("ALICE", "Sophie Carrère"):
        again = phone_of(context)
        page = again.join(companion.token, name)
        assert page.status_code == 400 and "already taken" in page.text
