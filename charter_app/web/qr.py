"""The QR code of the companion's link (segno), as the window, the poster and a page need it."""

from __future__ import annotations

import io

import segno


def make(link: str) -> segno.QRCode:
    """Error correction level M: still read from the back of a room or a creased poster."""
    return segno.make(link, error="m", micro=False)


def png(link: str, scale: int = 8) -> bytes:
    """A PNG with the quiet zone the standard asks for (4 modules)."""
    out = io.BytesIO()
    make(link).save(out, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()


def modules(link: str) -> list[list[bool]]:
    """Rows of dark (True) and light modules, without the quiet zone."""
    return [[bool(cell) for cell in row] for row in make(link).matrix]
