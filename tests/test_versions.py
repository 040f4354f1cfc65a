"""Adopted version names, tag messages and signed tag objects (pure core)."""

from __future__ import annotations

from datetime import date

import pytest

from charter_app.core.versions import (
    check_version_name,
    parse_version_message,
    split_signed,
    version_message,
)
from charter_app.errors import ValidationError
from charter_app.i18n import set_language


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.mark.parametrize("name", ["v1", "v1.0", "v2.0", "v10.2.1"])
def test_valid_version_names(name: str) -> None:
    assert check_version_name(name, ["v0.9"]) == name


@pytest.mark.parametrize(
    "name",
    [
        "1.0",  # no "v"
        "V1.0",
        "v1.0-final",
        "v1..0",
        "v1.0.",
        "v1.0.0.0",
        "v 1.0",
        "-v1.0",  # never an option
        "v1.0\n",
        "",
        "refs/tags/v1.0",
    ],
)
def test_invalid_version_names(name: str) -> None:
    with pytest.raises(ValidationError, match="not a valid version name"):
        check_version_name(name, [])


def test_an_existing_version_is_refused_with_the_next_name() -> None:
    with pytest.raises(ValidationError, match="already exists") as error:
        check_version_name("v1.0", ["v1.0"])
    assert "v2.0" in error.value.hint


def test_message_fields_round_trip() -> None:
    message = version_message("v1.0", "Charte", date(2026, 4, 2), "D-20", ["A-1", "A-12"])
    assert message.splitlines()[0] == "Adopted version v1.0 of “Charte”"
    fields = parse_version_message(message + "-----BEGIN PGP SIGNATURE-----\nCharter-Date: x\n")
    assert (fields.date, fields.ref, fields.amendments) == ("2026-04-02", "D-20", ("A-1", "A-12"))
    empty = parse_version_message(version_message("v2.0", "Charte", date(2026, 5, 1), "D", []))
    assert empty.amendments == ()
    assert parse_version_message("A tag made by hand").ref == ""


def test_split_signed_tag_objects() -> None:
    payload = b"object 0\ntype commit\ntag v1.0\ntagger p <p@x> 0 +0000\n\nText\n"
    for marker, kind in (
        (b"-----BEGIN PGP SIGNATURE-----", "openpgp"),
        (b"-----BEGIN SSH SIGNATURE-----", "ssh"),
    ):
        signature = marker + b"\n\nabc\n-----END-----\n"
        assert split_signed(payload + signature) == (payload, signature, kind)
    assert split_signed(payload) == (payload, b"", None)
    # A marker quoted inside the message (not at a line start) is not a signature.
    quoted = payload + b"see -----BEGIN PGP SIGNATURE----- here\n"
    assert split_signed(quoted) == (quoted, b"", None)
