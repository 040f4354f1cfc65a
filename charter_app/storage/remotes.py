"""Sync addresses: which ones are accepted, and the one git transport each may use."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from charter_app.errors import ValidationError
from charter_app.i18n import _

_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_HELPER = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*::")
_SCP_LIKE = re.compile(r"[^/:@]+@[^/:]+:[^/].*\Z|[A-Za-z0-9.-]{2,}:[^/\\].*\Z")


@dataclass(frozen=True)
class Remote:
    """A checked sync address: what git is given and the one transport allowed for it."""

    url: str
    protocol: str
    """``https``, ``ssh``, ``file``, and ``git``/``http`` for a server on this computer only."""

    @property
    def local(self) -> bool:
        return self.protocol == "file"


def check_remote(address: str) -> Remote:
    """Accept only ordinary transports: https, ssh (also ``user@host:path``), a folder or
    ``file://``; plain ``git://`` and ``http://`` only on this computer (tests, a local server).
    Transport helpers (``ext::``, ``fd::``, any ``name::``) and anything that git could read as
    an option are refused."""
    text = address.strip()

    def refuse() -> ValidationError:
        return ValidationError(
            _("“{address}” is not a sync address Charter Studio accepts.").format(address=text),
            _(
                "Use the server's https:// or ssh:// address, or a shared folder; other kinds "
                "of addresses can run programs and are refused."
            ),
        )

    if not text or text.startswith("-") or any(ord(char) < 32 for char in text):
        raise refuse()
    if _HELPER.match(text):
        raise refuse()
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme in ("https", "ssh", "git+ssh", "ssh+git"):
            protocol = "https" if scheme == "https" else "ssh"
        elif scheme == "file":
            protocol = "file"
        elif scheme in ("http", "git") and (parts.hostname or "") in _LOOPBACK:
            protocol = scheme
        else:
            raise refuse()
        if (parts.hostname or "").startswith("-"):
            raise refuse()
        return Remote(text, protocol)
    if _SCP_LIKE.match(text) and not Path(text).exists():
        if text.split(":", 1)[0].rpartition("@")[2].startswith("-"):
            raise refuse()
        return Remote(text, "ssh")
    folder = Path(text).expanduser().absolute()
    if not folder.is_dir():
        raise ValidationError(
            _("The folder {path} does not exist.").format(path=folder),
            _("Check the shared folder's path, or use the server's address."),
        )
    return Remote(str(folder), "file")


def transport_config(remote: Remote) -> list[tuple[str, str]]:
    """``-c`` settings allowing exactly ``remote``'s transport (plus ours for local peers)."""
    allowed = {"https", "ssh", "file", remote.protocol}
    return [("protocol.allow", "never")] + [
        (f"protocol.{name}.allow", "always") for name in sorted(allowed)
    ]


# Local transports start the other side's git on this computer, without our ``-c`` settings
# (git clears them for the child), so its hooks and configuration would run: name the program
# with the settings it needs. (``uploadpack.packObjectsHook`` is only read from the user's own
# configuration, never the repository's.)
_LOCAL_PEER_CONFIG = (
    f"-c core.hooksPath={os.devnull} -c core.fsmonitor=false -c core.alternateRefsCommand= "
    "-c receive.fsckObjects=true"
)
LOCAL_UPLOAD_PACK = f"git {_LOCAL_PEER_CONFIG} upload-pack"
LOCAL_RECEIVE_PACK = f"git {_LOCAL_PEER_CONFIG} receive-pack"


def transport_environment(remote: Remote) -> Mapping[str, str]:
    allowed = sorted({"https", "ssh", "file", remote.protocol})
    return {"GIT_ALLOW_PROTOCOL": ":".join(allowed), "GIT_PROTOCOL_FROM_USER": "0"}
