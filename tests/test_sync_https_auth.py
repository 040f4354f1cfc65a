"""Sync with a git server that asks for a user name and password, as the authority's Gitea,
Forgejo or GitLab does over https: a real ``git http-backend`` behind a small HTTP server on
127.0.0.1 with Basic authentication (plain http is accepted on this computer only).

The password reaches git through the environment of its own process, never a command line; a
credential helper configured in the charter's folder never runs; a missing or wrong password is a
plain message that changes nothing.
"""

from __future__ import annotations

import base64
import os
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from charter_app.cli import main
from charter_app.storage.remotes import (
    Credentials,
    SignInError,
    check_remote,
    transport_config,
    transport_environment,
)
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import sync
from tests.test_sync_support import CLAIRE, FIRST, edit_body, git, laptops, snapshot

USER = "mairie"
PASSWORD = "p@ss \"w$rd' %s \\n `id` ;"  # quotes, $, backquotes and printf's % kept as typed


class _GitHttp(BaseHTTPRequestHandler):
    """Basic authentication, then git's smart HTTP protocol through ``git http-backend``."""

    root: Path
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    refused = 0

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        if self.headers.get("Authorization") != self.expected:
            type(self).refused += 1
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="charte"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b""
        if self.command == "POST":
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = urlsplit(self.path)
        environment = {
            "PATH": os.environ["PATH"],
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "REMOTE_USER": USER,  # lets http-backend accept pushes
            "REQUEST_METHOD": self.command,
            "PATH_INFO": parts.path,
            "QUERY_STRING": parts.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
        }
        output = subprocess.run(
            ["git", "http-backend"], input=body, env=environment, capture_output=True, check=True
        ).stdout
        head, _blank, payload = output.partition(b"\r\n\r\n")
        headers = [line.split(b":", 1) for line in head.split(b"\r\n") if b":" in line]
        status = next((int(v.split()[0]) for k, v in headers if k.lower() == b"status"), 200)
        self.send_response(status)
        for key, value in headers:
            if key.lower() != b"status":
                self.send_header(key.decode(), value.strip().decode())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """An empty bare repository behind Basic authentication; its http://127.0.0.1 address."""
    root = tmp_path / "server"
    root.mkdir()
    git(root, "init", "-q", "--bare", "--initial-branch=main", "charter.git")
    handler = type("Handler", (_GitHttp,), {"root": root, "refused": 0})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/charter.git"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_two_laptops_sync_through_a_server_that_asks_for_a_password(
    tmp_path: Path, server: str
) -> None:
    a, b = laptops(tmp_path, "a", "b")
    signed_in = Credentials(USER, PASSWORD)
    with CharterRepository.open(a) as repository:
        assert sync(repository, server, author=CLAIRE, credentials=signed_in).pushed
    edit_body(b, FIRST, lambda body: body + "\n\nPhrase de B.")
    with CharterRepository.open(b) as repository:
        assert sync(repository, server, author=CLAIRE, credentials=signed_in).pushed
    with CharterRepository.open(a) as repository:
        result = sync(repository, server, author=CLAIRE, credentials=signed_in)
        assert result.outcome == "fast-forward"
    assert git(a, "rev-parse", "HEAD") == git(b, "rev-parse", "HEAD")


@pytest.mark.parametrize("secret", [None, "wrong"])
def test_missing_or_wrong_password_is_a_plain_message_and_changes_nothing(
    tmp_path: Path, server: str, secret: str | None
) -> None:
    (a,) = laptops(tmp_path, "a")
    before = snapshot(a)
    credentials = Credentials(USER, secret) if secret is not None else None
    with CharterRepository.open(a) as repository, pytest.raises(SignInError) as error:
        sync(repository, server, author=CLAIRE, credentials=credentials)
    expected = "asks for a user name and password" if secret is None else "refused the user"
    assert expected in str(error.value)
    assert "token" in error.value.hint
    assert snapshot(a) == before


def test_a_credential_helper_configured_in_the_charter_never_runs(
    tmp_path: Path, server: str
) -> None:
    (a,) = laptops(tmp_path, "a")
    canary = tmp_path / "canary"
    git(a, "config", "credential.helper", f"!touch {canary}; echo password=stolen; :")
    git(a, "config", f"credential.{server}.helper", f"!touch {canary}")
    with CharterRepository.open(a) as repository, pytest.raises(SignInError):
        sync(repository, server, author=CLAIRE)
    with CharterRepository.open(a) as repository:
        assert sync(repository, server, author=CLAIRE, credentials=Credentials(USER, PASSWORD))
    assert not canary.exists()


def test_the_password_is_never_on_a_command_line() -> None:
    remote = check_remote("https://git.mairie.fr/charte.git", Credentials(USER, PASSWORD))
    assert all(PASSWORD not in value for _key, value in transport_config(remote))
    assert transport_environment(remote)["CHARTER_GIT_PASSWORD"] == PASSWORD
    assert PASSWORD not in repr(remote) and PASSWORD not in repr(remote.credentials)
    # ssh signs in with the user's keys: credentials are not kept for it.
    assert (
        check_remote("ssh://git.mairie.fr/charte.git", Credentials(USER, "x")).credentials is None
    )


def test_cli_takes_the_password_from_the_environment(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (a,) = laptops(tmp_path, "a")
    monkeypatch.delenv("CHARTER_SYNC_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["-C", str(a), "sync", server, "--user", USER, "--as", CLAIRE]) == 1
    assert "CHARTER_SYNC_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("CHARTER_SYNC_PASSWORD", PASSWORD)
    assert main(["-C", str(a), "sync", server, "--user", USER, "--as", CLAIRE]) == 0
    assert git(tmp_path / "server" / "charter.git", "rev-parse", "main") == git(
        a, "rev-parse", "HEAD"
    )
