"""Exports dated by what they hold, not by the clock: the same text gives the same bytes.

A document carries the date of its text (the adopted version's, or the commit's). The PDF is
compiled with that date as Typst's timestamp; ODT and DOCX files are zip archives whose entries
each carry a modification time, rewritten here to that date, so a public site rebuilt tomorrow
from the same charter is byte-identical.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, date, datetime


def day_of(text: str) -> date | None:
    """The ``YYYY-MM-DD`` date ``text`` gives, or None."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def moment_of(text: str) -> datetime:
    """When a document says it was made: midnight UTC of its text's date (``YYYY-MM-DD``), or
    now (to the second) when it has none."""
    day = day_of(text)
    if day is None:
        return datetime.now(UTC).replace(microsecond=0)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def timestamp(day: date) -> int:
    """Seconds since 1970 at midnight UTC of ``day``."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


_ROOT_TAG = re.compile(rb"<(?!\?)[^<>]+>")
_ATTRIBUTE = re.compile(rb'\s+([^\s=]+)="([^"]*)"')


def _used(prefix: bytes, xml: bytes) -> bool:
    """Whether ``prefix:`` starts an element, an attribute or a value in ``xml``."""
    if not prefix:
        return True  # the default namespace
    return any(mark + prefix + b":" in xml for mark in (b"<", b"</", b" ", b'"'))


def sorted_namespaces(xml: bytes) -> bytes:
    """``xml`` with its root element's ``xmlns`` declarations in alphabetical order, and only
    those of prefixes the document uses.

    odfpy declares the namespaces it met in the order of a set, which changes from one run of
    Python to the next, and every namespace any earlier document of the process met; neither
    the order of attributes nor an unused declaration means anything to XML readers.
    """
    root = _ROOT_TAG.search(xml)
    if root is None:
        return xml
    tag = root.group(0)
    name = tag[1:].split(None, 1)[0].rstrip(b"/>")
    attributes = _ATTRIBUTE.findall(tag)
    rest = xml[root.end() :] + b" ".join(a[0] for a in attributes)
    declared = sorted(a for a in attributes if a[0].startswith(b"xmlns") and _used(a[0][6:], rest))
    others = [a for a in attributes if not a[0].startswith(b"xmlns")]
    end = b"/>" if tag.endswith(b"/>") else b">"
    rebuilt = b"<" + name + b"".join(b' %s="%s"' % a for a in (*declared, *others)) + end
    return xml[: root.start()] + rebuilt + xml[root.end() :]


def dated_zip(data: bytes, day: date, xml_namespaces: bool = False) -> bytes:
    """The zip archive ``data`` with every entry dated ``day`` (order, names, compression and
    contents unchanged; the ODT's leading uncompressed ``mimetype`` stays first). With
    ``xml_namespaces``, each XML entry's namespaces are also put in order
    (:func:`sorted_namespaces`)."""
    moment = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, moment)
            fixed.compress_type = entry.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3  # Unix, whatever system wrote it
            content = source.read(entry)
            if xml_namespaces and entry.filename.endswith(".xml"):
                content = sorted_namespaces(content)
            target.writestr(fixed, content)
    return out.getvalue()
