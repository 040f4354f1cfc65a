"""A phone of the workshop companion, driven over HTTP (no browser): it enters by the QR link,
joins, reads pages and sends the forms the pages give it, with their CSRF token and their
idempotency key. Used by the route tests, the window's test and the load benchmark."""

from __future__ import annotations

import re
import socket
from typing import Any

import httpx

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def hidden_fields(html: str, action: str) -> dict[str, str]:
    """The hidden fields of the first form posting to ``action`` on a page."""
    start = html.index(f'action="{action}"')
    end = html.index("</form>", start)
    return dict(HIDDEN.findall(html[start:end]))


class Phone:
    """One participant's phone: its own cookies, like a browser."""

    def __init__(self, client: httpx.Client | Any) -> None:
        self.client = client

    @classmethod
    def on(cls, base_url: str, **options: Any) -> Phone:
        return cls(httpx.Client(base_url=base_url, timeout=30, **options))

    def enter(self, token: str) -> httpx.Response:
        return self.client.get(f"/s/{token}", follow_redirects=True)

    def join(self, token: str, name: str, role: str = "resident") -> httpx.Response:
        page = self.enter(token)
        fields = hidden_fields(page.text, "/join")
        return self.client.post(
            "/join", data={**fields, "name": name, "role": role}, follow_redirects=True
        )

    def read(self, path: str) -> httpx.Response:
        return self.client.get(path)

    def send(
        self, page: str, action: str, json: bool = False, key: str | None = None, **values: str
    ) -> httpx.Response:
        """Fill the form posting to ``action`` on ``page`` with ``values`` and send it."""
        fields = hidden_fields(self.client.get(page).text, action)
        if key is not None:
            fields["key"] = key
        headers = {"accept": "application/json"} if json else {}
        return self.client.post(
            action, data={**fields, **values}, headers=headers, follow_redirects=not json
        )
