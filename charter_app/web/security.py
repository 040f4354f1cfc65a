"""The companion's guard, in front of every route: the Host header, sizes, rates, headers.

- **Host header** (DNS rebinding): only the addresses the laptop serves on are answered; a page
  of another site that made its name point at the laptop gets a refusal.
- **Sizes:** a body larger than :data:`MAX_BODY_BYTES` is refused before it is read whole.
- **Rates:** a token bucket per phone (per address before a phone joined); a burst beyond it
  gets a plain "slow down" page (status 429) and nothing is written. Short codes have their own,
  much smaller budget (per address and for the whole server), so 6 characters cannot be guessed.
- **Headers:** a Content-Security-Policy of ``default-src 'self'`` (no inline script or style,
  nothing from elsewhere), no framing, no referrer, no caching of pages.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from charter_app.i18n import _

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 256 * 1024
"""A form holds at most two texts of 20,000 characters, percent-encoded: well under this."""
CSP = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


@dataclass
class Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    """Token buckets by key: ``capacity`` requests at once, ``rate`` more per second."""

    def __init__(self, capacity: float, rate: float, now: Callable[[], float] = time.monotonic):
        self.capacity = capacity
        self.rate = rate
        self.now = now
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, cost: float = 1.0) -> bool:
        with self._lock:
            now = self.now()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) > 10_000:  # forget idle keys rather than grow forever
                    self._buckets.clear()
                bucket = self._buckets[key] = Bucket(self.capacity, now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens < cost:
                return False
            bucket.tokens -= cost
            return True


@dataclass
class Limits:
    """Every rate the guard and the routes apply (tests and the benchmark may change them)."""

    requests: RateLimiter
    """Every request of one phone (or one address before joining)."""
    posts: RateLimiter
    """Contributions of one phone."""
    codes_by_address: RateLimiter
    codes_overall: RateLimiter

    @classmethod
    def default(cls) -> Limits:
        return cls(
            requests=RateLimiter(capacity=60, rate=10),
            posts=RateLimiter(capacity=12, rate=0.2),
            codes_by_address=RateLimiter(capacity=5, rate=5 / 60),
            codes_overall=RateLimiter(capacity=30, rate=30 / 60),
        )


Identify = Callable[[Scope], str]


class Guard:
    """ASGI middleware: Host check, body size, per-client rate, security headers."""

    def __init__(
        self,
        app: App,
        allowed_hosts: Callable[[], set[str]],
        limits: Limits,
        identify: Identify,
        refuse: Callable[[int, str, str], tuple[bytes, bytes]],
    ) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.limits = limits
        self.identify = identify
        self.refuse = refuse
        """(status, message, hint) -> (content type, body): a page in the phone's language."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").strip().lower()
        if host not in self.allowed_hosts():
            await self._refuse(
                send, 421,
                _("This address is not the workshop's."),
                _("Type the address shown on the projector, or scan the QR code again."),
            )  # fmt: skip
            return
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            await self._refuse(send, 413, *_too_long())
            return
        if not self.limits.requests.allow(self.identify(scope)):
            await self._refuse(
                send, 429,
                _("Too many requests from this phone at once."),
                _("Wait a few seconds, then try again: nothing you typed is lost."),
            )  # fmt: skip
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise BodyTooLargeError
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        try:
            await self.app(scope, counted, with_headers)
        except BodyTooLargeError:
            await self._refuse(send, 413, *_too_long())

    async def _refuse(self, send: Send, status: int, message: str, hint: str) -> None:
        content_type, body = self.refuse(status, message, hint)
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"cache-control", b"no-store"),
            *HEADERS,
        ]
        if status == 429:
            headers.append((b"retry-after", b"5"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class BodyTooLargeError(Exception):
    """A body grew past the limit while it was read (no or a false Content-Length)."""


def _too_long() -> tuple[str, str]:
    return (
        _("What was sent is too large for the workshop."),
        _("Shorten your text (at most 20,000 characters), then send it again."),
    )
