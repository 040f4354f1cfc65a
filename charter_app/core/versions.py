"""Adopted versions: annotated tags ``v1.0``, ``v2.0``... and what their message records.

The tag message starts with a translated sentence for people, then fixed ``Key: value`` lines
for programs (like commit trailers, never translated): ``Charter-Version``, ``Charter-Date``,
``Charter-Deliberation`` and ``Charter-Amendments`` (the amendments adopted since the previous
version). A signed tag carries its OpenPGP or SSH signature after the message, as git writes it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from charter_app.errors import ValidationError
from charter_app.i18n import N_, _

VERSION_NAME = re.compile(r"^v[0-9]{1,4}(?:\.[0-9]{1,4}){0,2}\Z")
"""``v1``, ``v1.0``, ``v2.1.3``."""

KEY_VERSION = "Charter-Version"
KEY_DATE = "Charter-Date"
KEY_REF = "Charter-Deliberation"
KEY_AMENDMENTS = "Charter-Amendments"
_FIELD = re.compile(r"^(Charter-[A-Za-z-]+): ?(.*)$")

SIGNATURE_MARKERS: dict[bytes, str] = {
    b"-----BEGIN PGP SIGNATURE-----": "openpgp",
    b"-----BEGIN SSH SIGNATURE-----": "ssh",
    b"-----BEGIN SIGNED MESSAGE-----": "x509",
}
"""How a signature block begins in a tag object, and the signature format it means."""


class SignatureState(StrEnum):
    GOOD = "good"
    """Signed, and the signature verifies with a key the user trusts."""
    BAD = "bad"
    """Signed, but the tag was changed after signing (or the signature is broken)."""
    UNSIGNED = "unsigned"
    CANNOT_CHECK = "cannot-check"
    """Signed, but this computer cannot check it (no gpg, unknown key, no allowed signers)."""


SIGNATURE_LABELS: dict[SignatureState, str] = {
    SignatureState.GOOD: N_("good signature"),
    SignatureState.BAD: N_("BAD signature"),
    SignatureState.UNSIGNED: N_("not signed"),
    SignatureState.CANNOT_CHECK: N_("signature cannot be checked"),
}


@dataclass(frozen=True)
class SignatureCheck:
    state: SignatureState
    signer: str = ""
    """Who signed, as gpg or ssh-keygen names them, when known."""
    detail: str = ""
    """A translated sentence telling why it cannot be checked, or what failed."""


@dataclass(frozen=True)
class Version:
    """One adopted version, as the versions list shows it."""

    name: str
    commit: str
    """The commit the tag points at."""
    date: str
    """The deliberation date recorded in the tag (``YYYY-MM-DD``), or the tag date."""
    ref: str
    """The deliberation reference."""
    amendments: tuple[str, ...]
    """Numbers of the amendments adopted since the previous version (``A-3``...)."""
    tagger: str
    tagged_at: datetime | None
    signature: SignatureCheck


def check_version_name(name: str, existing: Sequence[str]) -> str:
    """``name`` if it can name a new adopted version; a translated ValidationError otherwise."""
    if not VERSION_NAME.match(name):
        raise ValidationError(
            _("“{name}” is not a valid version name.").format(name=name),
            _("Use “v” followed by numbers separated by dots, for example v1.0 or v2.0."),
        )
    if name in existing:
        raise ValidationError(
            _("A version named {name} already exists.").format(name=name),
            _("An adopted version never changes; choose the next name (for example v{next})."
              ).format(next=_next_major(name)),
        )  # fmt: skip
    return name


def _next_major(name: str) -> str:
    return f"{int(name[1:].split('.')[0]) + 1}.0"


def version_message(
    name: str,
    charter_title: str,
    when: date,
    ref: str,
    amendments: Sequence[str],
) -> str:
    """The tag message: a sentence for people, then the fixed fields."""
    sentence = _("Adopted version {name} of “{title}”").format(name=name, title=charter_title)
    fields = [
        (KEY_VERSION, name),
        (KEY_DATE, when.isoformat()),
        (KEY_REF, ref),
        (KEY_AMENDMENTS, ", ".join(amendments) if amendments else "-"),
    ]
    return sentence + "\n\n" + "\n".join(f"{key}: {value}" for key, value in fields) + "\n"


@dataclass(frozen=True)
class VersionFields:
    date: str = ""
    ref: str = ""
    amendments: tuple[str, ...] = ()


def parse_version_message(message: str) -> VersionFields:
    """The fields of a tag message (a message without them gives empty fields)."""
    found: dict[str, str] = {}
    for line in message.splitlines():
        if line.startswith("-----BEGIN "):
            break  # the signature block
        match = _FIELD.match(line.strip())
        if match:
            found[match[1]] = match[2].strip()
    listed = found.get(KEY_AMENDMENTS, "")
    amendments = tuple(a.strip() for a in listed.split(",") if a.strip() and a.strip() != "-")
    return VersionFields(found.get(KEY_DATE, ""), found.get(KEY_REF, ""), amendments)


def split_signed(tag_object: bytes) -> tuple[bytes, bytes, str | None]:
    """``(payload, signature, format)`` of a raw tag object; format None when unsigned.

    The signature is the block starting at the last line that opens one (git's own rule), and
    the payload everything before it: what the signer signed.
    """
    best = -1
    found: str | None = None
    for marker, kind in SIGNATURE_MARKERS.items():
        position = tag_object.rfind(b"\n" + marker)
        if position > best:
            best, found = position, kind
    if found is None:
        return tag_object, b"", None
    return tag_object[: best + 1], tag_object[best + 1 :], found
