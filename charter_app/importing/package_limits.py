"""Limits a DOCX or ODT file must keep before anything in it is unpacked or parsed.

Both are zip packages, and a zip can be built to unpack to gigabytes from a few megabytes (a
"zip bomb": a 3.6 MB DOCX took 39 s and 8 GB of memory before being refused as damaged). The
sizes each part declares are checked first, from the zip's directory alone; Python's zip reader
never unpacks a part beyond the size it declares (the check of its CRC then fails), so the
declared sizes bound what the readers (python-docx, odfpy) can unpack. Each refusal names the
limit that was hit.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from charter_app.errors import ValidationError
from charter_app.i18n import _

_MB = 1024 * 1024


@dataclass(frozen=True)
class PackageLimits:
    """What a word-processor file may hold, unpacked."""

    max_parts: int = 5_000
    """Files inside the package (a long document with images holds a few hundred)."""
    max_xml_bytes: int = 32 * _MB
    """One XML part, unpacked: what gets parsed (a 300-page document is a few megabytes)."""
    max_part_bytes: int = 64 * _MB
    """Any other part, unpacked (images)."""
    max_total_bytes: int = 256 * _MB
    """Everything, unpacked (the DOCX reader loads every part into memory)."""
    max_ratio: int = 200
    """How many times a part may be compressed (real text: 5 to 30 times; a bomb: 1,000)..."""
    ratio_from_bytes: int = 1 * _MB
    """...counted for parts larger than this (tiny parts compress oddly)."""


DEFAULT_LIMITS = PackageLimits()


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def check_package(
    package: zipfile.ZipFile, path: Path, limits: PackageLimits = DEFAULT_LIMITS
) -> None:
    """Refuse ``package`` (opened from ``path``) if it breaks one of ``limits``."""
    parts = package.infolist()
    if len(parts) > limits.max_parts:
        raise _refused(
            _(
                "“{name}” holds {count} files inside; a document holds far fewer (at most {limit})."
            ).format(name=path.name, count=len(parts), limit=limits.max_parts)
        )
    total = 0
    for part in parts:
        size = part.file_size
        total += size
        limit = limits.max_xml_bytes if _is_xml(part.filename) else limits.max_part_bytes
        if size > limit:
            raise _refused(
                _(
                    "“{name}” would unpack its part {part} to {size} MB, more than the {limit} MB "
                    "a part may take."
                ).format(
                    name=path.name, part=part.filename[:80], size=size // _MB, limit=limit // _MB
                )
            )
        if size > limits.ratio_from_bytes and size > limits.max_ratio * max(part.compress_size, 1):
            raise _refused(
                _(
                    "“{name}” is compressed {ratio} times in its part {part}, far more than any "
                    "real document (at most {limit} times): it looks built to fill the memory."
                ).format(
                    name=path.name,
                    part=part.filename[:80],
                    ratio=size // max(part.compress_size, 1),
                    limit=limits.max_ratio,
                )
            )
    if total > limits.max_total_bytes:
        raise _refused(
            _(
                "“{name}” would take {size} MB once unpacked, more than the {limit} MB accepted."
            ).format(name=path.name, size=total // _MB, limit=limits.max_total_bytes // _MB)
        )


def _refused(problem: str) -> ValidationError:
    return ValidationError(
        problem,
        _(
            "Nothing was imported. If it is a real document, save it again from the word "
            "processor (without large images), or export its text as Markdown (.md)."
        ),
    )
