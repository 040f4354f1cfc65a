"""Sync addresses: which ones are accepted, and the one git transport each may use."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from charter_app.errors import RepositoryError, ValidationError
from charter_app.i18n import _

_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_HELPER = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*::")
_SCP_LIKE = re.compile(r"[^/:@]+@[^/:]+:[^/].*\Z|[A-Za-z0-9.-]{2,}:[^/\\].*\Z")


@dataclass(frozen=True)
class Credentials:
    """A user name and password (or personal access token) for an https server.

    Kept in memory only. Git receives them from a fixed credential helper reading two
    environment variables of its own process: never on a command line (which other users of the
    computer can list), never in a file, never in the charter's configuration.
    """

    username: str
    secret: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.username.strip() or any(ord(c) < 32 for c in self.username + self.secret):
            raise ValidationError(
                _("The user name is empty or holds a line break."),
                _("Type the user name and password the server gave you."),
            )


@dataclass(frozen=True)
class Remote:
    """A checked sync address: what git is given and the one transport allowed for it."""

    url: str
    protocol: str
    """``https``, ``ssh``, ``file``, and ``git``/``http`` for a server on this computer only."""
    credentials: Credentials | None = field(default=None, repr=False, compare=False)
    """For https (and http on this computer): who signs in; ssh uses the user's keys."""

    @property
    def local(self) -> bool:
        return self.protocol == "file"


def check_remote(address: str, credentials: Credentials | None = None) -> Remote:
    """Accept only ordinary transports: https, ssh (also ``user@host:path``), a folder or
    ``file://``; plain ``git://`` and ``http://`` only on this computer (tests, a local server).
    Transport helpers (``ext::``, ``fd::``, any ``name::``) and anything that git could read as
    an option are refused. ``credentials`` are kept for http(s) addresses only."""
    remote = _checked(address.strip())
    if credentials is not None and remote.protocol in ("https", "http"):
        return replace(remote, credentials=credentials)
    return remote


def _checked(text: str) -> Remote:

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
        try:
            parts = urlsplit(text)
            hostname = parts.hostname or ""
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:  # "Invalid IPv6 URL", a bad port...
            raise refuse() from None
        scheme = parts.scheme.lower()
        if scheme in ("https", "ssh", "git+ssh", "ssh+git"):
            protocol = "https" if scheme == "https" else "ssh"
        elif scheme == "file":
            protocol = "file"
        elif scheme in ("http", "git") and hostname in _LOOPBACK:
            protocol = scheme
        else:
            raise refuse()
        if hostname.startswith("-"):
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


# The only credential helper ever used: it answers git's "get" with the two variables that
# transport_environment() sets for this one git process, and ignores "store" and "erase".
_CREDENTIAL_HELPER = (
    '!f() { test "$1" = get || exit 0; '
    'printf "username=%s\\npassword=%s\\n" "$CHARTER_GIT_USERNAME" "$CHARTER_GIT_PASSWORD"; }; f'
)


def transport_config(remote: Remote) -> list[tuple[str, str]]:
    """``-c`` settings allowing exactly ``remote``'s transport (plus ours for local peers), and
    the credential helper when ``remote`` has credentials (after the empty value that clears
    any other helper)."""
    allowed = {"https", "ssh", "file", remote.protocol}
    config = [("protocol.allow", "never")] + [
        (f"protocol.{name}.allow", "always") for name in sorted(allowed)
    ]
    if remote.credentials is not None:
        config += [("credential.helper", ""), ("credential.helper", _CREDENTIAL_HELPER)]
    return config


# Local transports start the other side's git on this computer, without our ``-c`` settings
# (git clears them for the child). That side is never the folder named by the user but our own
# stand-in for it (charter_app/storage/local_peer.py), whose configuration we wrote; these
# settings are a second guard. (``uploadpack.packObjectsHook`` is only read from the user's own
# configuration, never the repository's.)
_LOCAL_PEER_CONFIG = (
    f"-c core.hooksPath={os.devnull} -c core.fsmonitor=false -c core.alternateRefsCommand= "
    "-c receive.fsckObjects=true"
)
LOCAL_UPLOAD_PACK = f"git {_LOCAL_PEER_CONFIG} upload-pack"
LOCAL_RECEIVE_PACK = f"git {_LOCAL_PEER_CONFIG} receive-pack"


def transport_environment(remote: Remote) -> Mapping[str, str]:
    allowed = sorted({"https", "ssh", "file", remote.protocol})
    environment = {"GIT_ALLOW_PROTOCOL": ":".join(allowed), "GIT_PROTOCOL_FROM_USER": "0"}
    if remote.credentials is not None:
        environment["CHARTER_GIT_USERNAME"] = remote.credentials.username
        environment["CHARTER_GIT_PASSWORD"] = remote.credentials.secret
    return environment


_REFUSED_SIGN_IN = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "http 401",
    "401 unauthorized",
    "http basic: access denied",
    "invalid username or password",
    "invalid credentials",
)


def sign_in_refused(stderr: str) -> bool:
    """Whether git's message says the server wants (other) credentials."""
    lowered = stderr.lower()
    return any(words in lowered for words in _REFUSED_SIGN_IN)


class SignInError(RepositoryError):
    """The server wants a user name and password, or refused the ones given."""


def sign_in_error(remote: Remote) -> SignInError:
    if remote.credentials is None:
        return SignInError(
            _("{address} asks for a user name and password.").format(address=remote.url),
            _(
                "Give them (in the sync window, or with “charter sync --user NAME”) and sync "
                "again; a personal access token works as the password. Nothing was changed."
            ),
        )
    return SignInError(
        _("{address} refused the user name or password.").format(address=remote.url),
        _(
            "Check them, or ask the server's administrator; a personal access token works as "
            "the password. Nothing was changed."
        ),
    )
