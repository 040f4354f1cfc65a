"""Real zip bombs, made in a second: a DOCX or ODT whose main XML part unpacks to gigabytes.

The compressed data is genuine (it inflates to exactly the declared size, with the right CRC),
so a reader without limits really does unpack it. It is built without compressing gigabytes:
one block of filler is deflated once with a full flush (which makes it independent of what came
before), and that compressed block is repeated.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

DOCX_UNIT = b"</w:t></w:r></w:p><w:p><w:r><w:t>" + b"A" * 990
"""Closes the paragraph the bomb starts in and opens another: XML as Word writes it."""
ODT_UNIT = b"</text:p><text:p>" + b"A" * 1007
"""The same for an ODT text."""


def _deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def bomb_part(head: bytes, unit: bytes, megabytes: int, tail: bytes) -> tuple[bytes, int, int]:
    """``head``, ``megabytes`` MiB of ``unit`` repeated, then ``tail``, deflated: (compressed
    bytes, CRC, uncompressed size)."""
    filler = unit * ((1 << 20) // len(unit))
    block = _deflated(filler)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = b"".join(
        [_deflated(head), block * megabytes, final.compress(tail) + final.flush()]
    )
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    return compressed, crc, len(head) + megabytes * len(filler) + len(tail)


def _write_zip(path: Path, entries: list[tuple[str, bytes, int, int, int]]) -> None:
    """A zip file from ``(name, data, method, CRC, uncompressed size)`` entries, written by hand
    so that already compressed data goes in as it is."""
    local, central = bytearray(), bytearray()
    for name, data, method, crc, size in entries:
        encoded = name.encode()
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
            len(encoded), 0,
        )  # fmt: skip
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, len(local),
        ) + encoded  # fmt: skip
        local += header + encoded + data
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    path.write_bytes(bytes(local) + bytes(central) + end)


def bomb_like(source: Path, part: str, unit: bytes, megabytes: int, target: Path) -> Path:
    """A copy of the document ``source`` whose ``part`` (``word/document.xml``,
    ``content.xml``) holds ``megabytes`` MiB of paragraphs (``unit`` repeated) where its text
    says BOMB."""
    entries = []
    with zipfile.ZipFile(source) as package:
        for info in package.infolist():
            data = package.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                marker = "BOMB"
                at = text.index(marker)
                head, tail = text[:at].encode(), text[at + len(marker) :].encode()
                compressed, crc, size = bomb_part(head, unit, megabytes, tail)
                entries.append((info.filename, compressed, 8, crc, size))
            elif info.filename == "mimetype":
                entries.append((info.filename, data, 0, zlib.crc32(data), len(data)))
            else:
                entries.append((info.filename, _deflated(data) + b"\x03\x00", 8,
                                zlib.crc32(data), len(data)))  # fmt: skip
    _write_zip(target, entries)
    return target
