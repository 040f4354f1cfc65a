"""``charter workshop serve`` for real: a uvicorn server in its own process on 127.0.0.1, a phone
over HTTP, the A4 poster read back (its words with pdftotext, its QR code with zbar), and Ctrl+C
closing every link. Also: which addresses and Host names the server answers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from charter_app.application.session import Session
from charter_app.web.server import check_bind, hosts_for
from tests import tools
from tests.companion_phone import Phone, free_port
from tests.test_web_routes import PRINCIPLE, SOPHIE, charter

__all__ = ["charter"]


def lines_until(process: subprocess.Popen[str], last: str) -> list[str]:
    said = []
    assert process.stdout is not None
    for line in process.stdout:
        said.append(line.rstrip("\n"))
        if last in line:
            return said
    raise AssertionError("the server stopped: " + "\n".join(said))


def test_charter_workshop_serve_serves_a_phone_and_stops_on_ctrl_c(charter: Path, tmp_path):
    zbar = tools.require("zbarimg", "apt-get install zbar-tools")
    port = free_port()
    poster = tmp_path / "affiche.pdf"
    process = subprocess.Popen(
        [sys.executable, "-m", "charter_app.cli", "-C", str(charter), "workshop", "serve",
         "--as", SOPHIE, "--bind", "127.0.0.1", "--port", str(port), "--poster", str(poster)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "LANGUAGE": "en"},
    )  # fmt: skip
    try:
        said = "\n".join(lines_until(process, "Ctrl+C"))
        link = re.search(r"QR code link: (\S+)", said)[1]
        code = re.search(r"Session code: (\S+)", said)[1]
        assert link.startswith(f"http://127.0.0.1:{port}/s/")
        phone = Phone.on(f"http://127.0.0.1:{port}")
        phone.join(link.rsplit("/", 1)[1], "Nadia")
        sent = phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="Depuis mon téléphone.")
        assert "Recorded" in sent.text
        assert lines_until(process, "Comment on principle")[-1] == (
            "Recorded: Comment on principle 7"
        )
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "every link and code stopped working" in rest
    text = subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, text=True).stdout
    assert code in text and f"127.0.0.1:{port}" in text
    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(poster),
                    str(tmp_path / "poster")], check=True)  # fmt: skip
    decoded = subprocess.run(
        [zbar, "--quiet", "--raw", str(tmp_path / "poster.png")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert decoded.stdout.strip() == link


def serve(charter: Path, port: int, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "charter_app.cli", "-C", str(charter), "workshop", "serve",
         "--as", SOPHIE, "--bind", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "LANGUAGE": "en", "CHARTER_STUDIO_HOME": str(home)},
    )  # fmt: skip


def test_a_server_killed_and_started_again_keeps_the_session_and_the_phones(charter, tmp_path):
    """As when the laptop loses power or the program is killed: nothing is closed properly.
    Started again, the same link and code work, the phone's cookie still does, and its form
    sent again (the Wi-Fi dropped before the answer) is not written twice."""
    port = free_port()
    first = serve(charter, port, tmp_path)
    try:
        said = "\n".join(lines_until(first, "Ctrl+C"))
        phone = Phone.on(f"http://127.0.0.1:{port}")
        phone.join(re.search(r"QR code link: \S+/s/(\S+)", said)[1], "Nadia")
        sent = phone.send(f"/p/{PRINCIPLE}", "/send/comment", key="sent-before-the-crash-1",
                          text="Avant la coupure.")  # fmt: skip
        assert "Recorded" in sent.text
    finally:
        first.kill()  # no Ctrl+C: no closing
        first.communicate(timeout=30)
    second = serve(charter, port, tmp_path)
    try:
        again = "\n".join(lines_until(second, "Ctrl+C"))
        assert re.search(r"Session code: \S+", again)[0] in said
        assert re.search(r"QR code link: \S+", again)[0] in said
        assert "You take part as Nadia" in phone.read("/read").text
        retried = phone.send(f"/p/{PRINCIPLE}", "/send/comment", key="sent-before-the-crash-1",
                             text="Avant la coupure.")  # fmt: skip
        assert "Recorded" in retried.text
        after = phone.send(f"/p/{PRINCIPLE}", "/send/comment", text="Après la coupure.")
        assert "Recorded" in after.text
    finally:
        second.send_signal(signal.SIGINT)
        second.communicate(timeout=30)
    with Session.open(charter) as session:
        texts = [event.get("text") for event in session.repository.events()]
    assert texts.count("Avant la coupure.") == 1 and texts.count("Après la coupure.") == 1


@pytest.mark.parametrize("address", ["0.0.0.0", "127.0.0.1", "192.168.43.1", "10.0.0.2"])
def test_local_addresses_are_served(address):
    assert check_bind(address) == address


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860::1", "example.org", "--help"])
def test_public_or_odd_addresses_are_refused(address):
    from charter_app.errors import ValidationError

    with pytest.raises(ValidationError):
        check_bind(address)


def test_only_the_served_names_are_answered():
    hosts = hosts_for(["192.168.43.1"], 8765)
    assert "192.168.43.1:8765" in hosts and "127.0.0.1:8765" in hosts
    assert "192.168.43.1" not in hosts and "evil.example:8765" not in hosts
