"""What every route of the companion shares: the companion, the limits, the cookies and forms'
tokens, the phone's language, and answering a page."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from charter_app.application.companion import Companion, Phone
from charter_app.i18n import SUPPORTED_LANGUAGES, current_language
from charter_app.web.security import Limits, Scope
from charter_app.web.templating import page

CLIENT_COOKIE = "cs"
"""A random value per browser: forms' tokens are signed for it (a token copied to another
phone, or replayed after the session changed, is refused)."""
DOOR_COOKIE = "door"
"""Proof that this browser came through the QR link or the short code."""
PHONE_COOKIE = "phone"
"""The secret of a phone that joined."""
SIZES = ("normal", "large", "larger")
COOKIE_AGE = 24 * 3600


@dataclass
class Context:
    companion: Companion
    limits: Limits = field(default_factory=Limits.default)
    allowed_hosts: set[str] = field(default_factory=set)
    on_write: Callable[[], None] | None = None

    # -- who is asking ----------

    def phone(self, request: Request) -> Phone | None:
        secret = request.cookies.get(PHONE_COOKIE, "")
        return self.companion.phone(secret) if secret else None

    def client(self, request: Request) -> str:
        return request.cookies.get(CLIENT_COOKIE, "")

    def identify(self, scope: Scope) -> str:
        """The rate limits' key: the phone when it joined, else its network address."""
        request = Request(scope)
        phone = self.phone(request)
        if phone is not None:
            return phone.id
        client = scope.get("client") or ("?", 0)
        return f"address:{client[0]}"

    def has_door(self, request: Request) -> bool:
        client = self.client(request)
        door = request.cookies.get(DOOR_COOKIE, "")
        return (
            bool(client and door)
            and self.companion.verify(door, "door", client)
            and not self.companion.barred(client)
        )

    def csrf_ok(self, request: Request, token: str, phone: Phone | None) -> bool:
        client = self.client(request)
        return bool(client) and self.companion.verify(
            token, "csrf", client, phone.id if phone else ""
        )

    # -- answering ----------

    def render(
        self, request: Request, template: str, status: int = 200, /, **values: Any
    ) -> HTMLResponse:
        phone = values.pop("phone", None) or self.phone(request)
        client = self.client(request)
        fresh = not client
        if fresh:
            client = secrets.token_urlsafe(16)
        size = request.cookies.get("size", "")
        html = page(
            template,
            phone=phone,
            csrf=self.companion.sign("csrf", client, phone.id if phone else ""),
            size=size if size in SIZES else "normal",
            here=request.url.path,
            new_key=lambda: secrets.token_urlsafe(16),
            workshop=self.companion.workshop,
            **values,
        )
        response = HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
        if fresh:
            set_cookie(response, CLIENT_COOKIE, client)
        return response

    def refusal(
        self, request: Request, status: int, message: str, hint: str = "", /, **values: Any
    ) -> Response:
        if wants_json(request):
            return JSONResponse({"ok": False, "message": message, "hint": hint}, status)
        return self.render(request, "message.html", status, message=message, hint=hint, **values)


def set_cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=COOKIE_AGE, path="/", httponly=True, samesite="strict")


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def language_of(scope: Scope) -> str:
    """The phone's language: its choice (cookie), else the browser's, else the laptop's."""
    request = Request(scope)
    chosen = request.cookies.get("lang", "")
    if chosen in SUPPORTED_LANGUAGES:
        return chosen
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in SUPPORTED_LANGUAGES:
            return code
    return current_language()


def refusal_page(status: int, message: str, hint: str) -> tuple[bytes, bytes]:
    """A refusal of the guard (no route ran): a small page in the phone's language."""
    html = page("message.html", message=message, hint=hint, phone=None, csrf="", size="normal",
                here="", new_key=lambda: "", workshop=None, status=status)  # fmt: skip
    return b"text/html; charset=utf-8", html.encode("utf-8")


def safe_back(path: str, default: str = "/read") -> str:
    """A page of ours to go back to (never another site: ``//host`` or a scheme)."""
    if path.startswith("/") and not path.startswith("//") and "\\" not in path:
        return path.split("#")[0][:200]
    return default
