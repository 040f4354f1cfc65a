"""Exports dated by what they hold, not by the clock: the same text gives the same bytes.

A document carries the date of its text (the adopted version's, or the commit's). The PDF is
compiled with that date as Typst's timestamp; ODT and DOCX files are zip archives whose entries
each carry a modification time, rewritten here to that date, so a public site rebuilt tomorrow
from the same charter is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime


def day_of(text: str) -> date | None:
    """The ``YYYY-MM-DD`` date ``text`` gives, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def timestamp(day: date) -> int:
    """Seconds since 1970 at midnight UTC of ``day``."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def dated_zip(data: bytes, day: date) -> bytes:
    """The zip archive ``data`` with every entry dated ``day`` (order, names, compression and
    contents unchanged; the ODT's leading uncompressed ``mimetype`` stays first)."""
    moment = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, moment)
            fixed.compress_type = entry.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, whatever system wrote it
            target.writestr(fixed, source.read(entry))
    return out.getvalue()
