"""The forms a phone sends: the short code, joining, and each kind of contribution.

Every form carries a CSRF token signed for this browser (and its phone), checked first; every
contribution carries an idempotency key, so sending again after the Wi-Fi dropped returns the
first answer instead of writing twice. A refusal says why in the phone's language and, without
the script, shows the text again in a form ready to send, so nothing typed is lost.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from charter_app.application.companion import Kind, State
from charter_app.errors import CharterError
from charter_app.i18n import _
from charter_app.web.context import PHONE_COOKIE, Context, safe_back, set_cookie, wants_json
from charter_app.web.pages import notice, open_door, roles, state_label

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
FIELDS = ("target", "text", "quote", "before", "after", "rationale", "position", "count")
"""The only fields a contribution keeps (anything else sent is ignored)."""
MAX_FIELD_CHARS = 60_000
T = TypeVar("T")


class Forms:
    """The POST routes (async: they read the form, then write in the thread pool)."""

    def __init__(self, context: Context) -> None:
        self.context = context

    async def _form(self, request: Request) -> dict[str, str]:
        form = await request.form(max_files=0, max_fields=20)
        return {name: str(value)[:MAX_FIELD_CHARS] for name, value in form.items()
                if isinstance(value, str)}  # fmt: skip

    def _forged(self, request: Request) -> Response:
        return self.context.refusal(
            request, 403,
            _("This form has expired or does not come from this phone."),
            _("Go back, reload the page and send again: your text is shown below."),
        )  # fmt: skip

    # -- entering ----------

    async def code(self, request: Request) -> Response:
        form = await self._form(request)
        if not self.context.csrf_ok(request, form.get("csrf", ""), None):
            return self._forged(request)
        limits = self.context.limits
        address = request.client.host if request.client else "?"
        if not (limits.codes_by_address.allow(address) and limits.codes_overall.allow("all")):
            return self.context.render(
                request, "home.html", 429,
                error=_("Too many codes tried. Wait one minute, then type the code again."),
            )  # fmt: skip
        if not self.context.companion.code_matches(form.get("code", "")):
            return self.context.render(
                request, "home.html", 403,
                error=_("This code is not the workshop's. Check it on the projector."),
            )  # fmt: skip
        return open_door(self.context, request)

    async def join(self, request: Request) -> Response:
        form = await self._form(request)
        if not self.context.has_door(request):
            return RedirectResponse("/", 303)
        if not self.context.csrf_ok(request, form.get("csrf", ""), None):
            return self._forged(request)
        name, role = form.get("name", ""), form.get("role", "")
        try:
            phone, secret = await writing(
                self.context.companion.join, name, role, self.context.client(request)
            )
        except CharterError as error:
            return self.context.render(
                request, "join.html", 400, roles=roles(), name=name,
                error=f"{error.message} {error.hint}".strip(),
                notice=notice(self.context.companion),
            )  # fmt: skip
        self._wrote()
        response = RedirectResponse("/read", 303)
        set_cookie(response, PHONE_COOKIE, secret)
        return response

    # -- preferences ----------

    async def preferences(self, request: Request) -> Response:
        form = await self._form(request)
        phone = self.context.phone(request)
        if not self.context.csrf_ok(request, form.get("csrf", ""), phone):
            return self._forged(request)
        response = RedirectResponse(safe_back(form.get("back", "/")), 303)
        if form.get("size") in ("normal", "large", "larger"):
            set_cookie(response, "size", form["size"])
        if form.get("lang") in ("fr", "en"):
            set_cookie(response, "lang", form["lang"])
        return response

    # -- contributions ----------

    async def contribute(self, request: Request) -> Response:
        if request.path_params["kind"] not in Kind._value2member_map_:
            return self.context.refusal(request, 404, _("There is no such page."))
        kind = Kind(str(request.path_params["kind"]))
        form = await self._form(request)
        phone = self.context.phone(request)
        if phone is None:
            return self.context.refusal(
                request, 403, _("This phone is not (or no longer) part of the workshop."),
                _("Scan the QR code again to join. Copy your text first: it is shown below."),
                kept=kept(form),
            )  # fmt: skip
        if not self.context.csrf_ok(request, form.get("csrf", ""), phone):
            return self._forged_with(request, form)
        key = form.get("key", "")
        if not KEY.fullmatch(key):
            return self.context.refusal(
                request,
                400,
                _("This form is incomplete."),
                _("Reload the page and send again."),
                kept=kept(form),
            )
        companion = self.context.companion
        seen = companion.receipts.get(key)
        if seen is None and not self.context.limits.posts.allow(phone.id):
            return self.context.refusal(
                request, 429, _("You have sent a lot in a short time."),
                _("Wait a minute, then send again: your text is kept."), kept=kept(form),
            )  # fmt: skip
        payload = {name: form[name] for name in FIELDS if name in form}
        try:
            receipt = companion.settled(phone, key)
            if receipt is None:
                receipt = await writing(companion.submit, phone, key, kind, payload)
        except CharterError as error:
            return self.context.refusal(request, 400, error.message, error.hint, kept=kept(form))
        self._wrote()
        said = state_label(receipt.state)
        if wants_json(request):
            return JSONResponse(
                {"ok": True, "state": receipt.state, "message": said, "key": new_key()}
            )
        back = safe_back(form.get("back", "/read"))
        anchor = "#sent" if receipt.state != State.PUBLISHED or kind is not Kind.DOTS else ""
        return RedirectResponse(f"{back}?sent={key}{anchor}", 303)

    def _forged_with(self, request: Request, form: dict[str, str]) -> Response:
        return self.context.refusal(
            request, 403,
            _("This form has expired or does not come from this phone."),
            _("Go back, reload the page and send again: your text is shown below."),
            kept=kept(form),
        )  # fmt: skip

    def _wrote(self) -> None:
        if self.context.on_write is not None:
            self.context.on_write()


WRITERS = 4
"""Threads that may wait for the charter's writer at once (they wait without working): their
own pool, so that pages are never kept waiting behind writes."""
_writers: anyio.CapacityLimiter | None = None


async def writing(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)`` in a thread of the writers' pool (it takes the charter's writer)."""
    global _writers
    if _writers is None:
        _writers = anyio.CapacityLimiter(WRITERS)
    return await anyio.to_thread.run_sync(lambda: function(*args), limiter=_writers)


def kept(form: dict[str, str]) -> dict[str, Any]:
    """The texts of a refused form, to show again."""
    return {name: form[name] for name in ("text", "rationale", "quote") if form.get(name)}


def new_key() -> str:
    return secrets.token_urlsafe(16)
