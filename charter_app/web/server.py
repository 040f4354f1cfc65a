"""Serving the companion: uvicorn in a thread of its own (the window's or the command's), on
the laptop's local network addresses, with the QR link and the short address to show.

The server answers only the Host names it serves on (DNS rebinding), never trusts forwarded
headers (no proxy stands between the phones and the laptop), and stops when asked: closing the
companion or ending the workshop.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio.to_thread
import uvicorn

from charter_app.application.companion import Companion
from charter_app.errors import CharterError, ValidationError
from charter_app.i18n import _
from charter_app.web.app import build_app
from charter_app.web.context import Context
from charter_app.web.security import Limits

DEFAULT_PORT = 8765
READERS = 4
"""Threads that build pages at once. Python runs one thread at a time: forty threads (anyio's
default) taking turns would keep the desktop window's own thread waiting for its turn."""
ALL = "0.0.0.0"


async def _serving(server: uvicorn.Server) -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = READERS
    await server.serve()


def local_addresses() -> list[str]:
    """The laptop's IPv4 addresses on local networks (its hotspot, the hall's Wi-Fi)."""
    found: set[str] = set()
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    with contextlib.suppress(OSError, ImportError):
        found |= _linux_addresses()
    private = []
    for address in found:
        parsed = ipaddress.ip_address(address)
        if parsed.is_private and not parsed.is_loopback and not parsed.is_link_local:
            private.append(address)
    return sorted(private, key=lambda a: ipaddress.ip_address(a))


def _linux_addresses() -> set[str]:
    import fcntl
    import struct

    found = set()
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        for _index, name in socket.if_nameindex():
            packed = struct.pack("256s", name.encode()[:15])
            with contextlib.suppress(OSError):
                answer = fcntl.ioctl(probe.fileno(), 0x8915, packed)  # SIOCGIFADDR
                found.add(socket.inet_ntoa(answer[20:24]))
    finally:
        probe.close()
    return found


def check_bind(address: str) -> str:
    """Refuse an address that is neither local nor on a local network (the companion is for
    the room: never a public address)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        raise ValidationError(
            _("“{address}” is not a network address.").format(address=address),
            _("Give the laptop's address on the room's network, e.g. 192.168.1.10."),
        ) from None
    if not (parsed.is_private or parsed.is_loopback or parsed.is_unspecified):
        raise ValidationError(
            _("The companion serves only local networks; {address} is a public address.")
            .format(address=address),
            _("Give the laptop's address on the room's network, e.g. 192.168.1.10."),
        )  # fmt: skip
    return address


def hosts_for(addresses: list[str], port: int) -> set[str]:
    """The Host header values a phone sends to reach us."""
    hosts = set()
    for address in [*addresses, "127.0.0.1", "localhost"]:
        hosts.add(f"{address}:{port}")
        if port == 80:
            hosts.add(address)
    return hosts


@dataclass
class CompanionServer:
    """The companion served on ``bind``:``port`` (``0.0.0.0``: every local address)."""

    companion: Companion
    bind: str = ALL
    port: int = DEFAULT_PORT
    limits: Limits = field(default_factory=Limits.default)
    on_write: Callable[[], None] | None = None
    addresses: list[str] = field(default_factory=list)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        check_bind(self.bind)
        if not self.addresses:
            if self.bind == ALL:
                self.addresses = local_addresses() or ["127.0.0.1"]
            else:
                self.addresses = [self.bind]
        self.context = Context(
            self.companion,
            limits=self.limits,
            allowed_hosts=hosts_for(self.addresses, self.port),
            on_write=self.on_write,
        )
        self.app = build_app(self.context)

    # -- what to show ----------

    @property
    def address(self) -> str:
        """The short address to type: the first local address and the port."""
        host = self.addresses[0]
        return host if self.port == 80 else f"{host}:{self.port}"

    @property
    def link(self) -> str:
        """The QR code's link, with the session's 128-bit token."""
        return f"http://{self.address}/s/{self.companion.token}"

    # -- running ----------

    def _config(self) -> uvicorn.Config:
        return uvicorn.Config(
            self.app,
            host=self.bind,
            port=self.port,
            proxy_headers=False,
            server_header=False,
            access_log=False,
            log_level="warning",
            timeout_keep_alive=5,
            limit_concurrency=400,
            lifespan="off",
            http="h11",
        )

    def start(self) -> None:
        """Serve in a background thread; returns once it listens (or raises why it cannot)."""
        self._server = uvicorn.Server(self._config())
        failure: list[BaseException] = []

        def run() -> None:
            assert self._server is not None
            try:
                asyncio.run(_serving(self._server))
            except BaseException as error:  # noqa: BLE001 - told to the caller below
                failure.append(error)

        self._thread = threading.Thread(target=run, name="companion-server", daemon=True)
        self._thread.start()
        while not self._server.started and self._thread.is_alive():
            self._thread.join(0.02)
        if not self._server.started:
            raise CharterError(
                _("The companion could not listen on port {port}.").format(port=self.port),
                _("Another program may use it: choose another port."),
            ) from (failure[0] if failure else None)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop serving (open connections are closed) and wait for the thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
