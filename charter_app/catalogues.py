"""Compile the translation sources (``locale/<lang>/LC_MESSAGES/charter.po``) into the ``.mo``
files the standard library's :mod:`gettext` reads.

Standard library only: setup.py runs it when the package is built or installed (the wheel and
an editable install both get their ``.mo`` files), and :mod:`charter_app.i18n` runs it on first
use when a source checkout has none yet or its ``.po`` is newer. The ``.mo`` files are never
committed. Like GNU ``msgfmt``: fuzzy and obsolete entries are left out, and so is an entry
with an empty translation (a plural entry needs every form), so the English text shows instead.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DOMAIN = "charter"
"""The gettext domain: every catalogue is ``<lang>/LC_MESSAGES/charter.po``."""
DIGEST_HEADER = "X-Source-Digest"
"""Header the ``.mo`` carries with :func:`source_digest` of the ``.po`` it was compiled from:
the app knows an installed ``.mo`` is the compiled form of the ``.po`` beside it by content,
never by file times (which an installer may set in any order)."""


def source_digest(po_bytes: bytes) -> str:
    """A short digest of a ``.po`` file's bytes."""
    return hashlib.sha256(po_bytes).hexdigest()[:16]


_MAGIC = 0x950412DE
_ESCAPE = re.compile(r'\\(?:([ntrabfv"\\])|([0-7]{1,3})|x([0-9a-fA-F]{1,2}))')
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
    '"': '"', "\\": "\\",
}  # fmt: skip


class CatalogueError(ValueError):
    """A ``.po`` file this compiler cannot read (its path and line are in the message)."""


@dataclass
class _Entry:
    context: str | None = None
    msgid: str | None = None
    plural: str | None = None
    translations: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False


def sources(locale_dir: Path) -> Iterator[Path]:
    """Every ``.po`` source under ``locale_dir``."""
    yield from sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_po(po_text: str, origin: str = "<po>") -> bytes:
    """The ``.mo`` bytes of the catalogue ``po_text`` (its entries sorted, no hash table), its
    header naming the source's digest (:data:`DIGEST_HEADER`)."""
    messages: dict[str, str] = {}
    for entry in _entries(po_text, origin):
        if entry.fuzzy or entry.msgid is None:
            continue
        key = entry.msgid if entry.context is None else f"{entry.context}\x04{entry.msgid}"
        if entry.plural is not None:
            forms = [entry.translations.get(i, "") for i in range(len(entry.translations))]
            if not forms or not all(forms):
                continue
            messages[f"{key}\0{entry.plural}"] = "\0".join(forms)
        else:
            text = entry.translations.get(0, "")
            if text or key == "":  # "" is the header: charset and plural rule
                messages[key] = text
    header = messages.get("", "")
    if header and not header.endswith("\n"):
        header += "\n"
    digest = source_digest(po_text.encode("utf-8"))
    messages[""] = f"{header}{DIGEST_HEADER}: {digest}\n"
    return _mo_bytes(messages)


def compile_file(po_path: Path, mo_path: Path) -> None:
    """Write the ``.mo`` of ``po_path`` to ``mo_path`` (through a temporary file, so a reader
    never sees half a catalogue)."""
    data = compile_po(po_path.read_text(encoding="utf-8"), str(po_path))
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = mo_path.with_name(f".{mo_path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(mo_path)


def compile_tree(locale_dir: Path, out_dir: Path | None = None) -> list[Path]:
    """Compile every source under ``locale_dir`` beside it (or into the same layout under
    ``out_dir``); the ``.mo`` paths written."""
    written = []
    for po_path in sources(locale_dir):
        relative = po_path.relative_to(locale_dir).with_suffix(".mo")
        mo_path = (out_dir or locale_dir) / relative
        compile_file(po_path, mo_path)
        written.append(mo_path)
    return written


def _entries(text: str, origin: str) -> Iterator[_Entry]:
    entry = _Entry()
    target: tuple[str, int] | None = None  # the field a continuation string adds to

    def finish() -> Iterator[_Entry]:
        if entry.msgid is not None:
            yield entry

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in (f.strip() for f in line[2:].split(",")):
                if entry.msgid is not None:
                    yield entry
                    entry, target = _Entry(), None
                entry.fuzzy = True
            continue  # comments, references, and obsolete entries (#~)
        keyword, _space, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise CatalogueError(f"{origin}:{number}: a string outside any message")
            _append(entry, target, _unquote(line, origin, number))
            continue
        if keyword in ("msgctxt", "msgid") and (
            entry.translations or (keyword == "msgctxt" and entry.msgid is not None)
        ):
            yield from finish()
            entry = _Entry()
        if keyword == "msgctxt":
            entry.context, target = "", ("context", 0)
        elif keyword == "msgid":
            entry.msgid, target = "", ("msgid", 0)
        elif keyword == "msgid_plural":
            entry.plural, target = "", ("plural", 0)
        elif keyword == "msgstr":
            entry.translations[0], target = "", ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit():
            index = int(keyword[7:-1])
            entry.translations[index], target = "", ("msgstr", index)
        else:
            raise CatalogueError(f"{origin}:{number}: unknown keyword {keyword!r}")
        _append(entry, target, _unquote(rest.strip(), origin, number))
    yield from finish()


def _append(entry: _Entry, target: tuple[str, int], value: str) -> None:
    name, index = target
    if name == "context":
        entry.context = (entry.context or "") + value
    elif name == "msgid":
        entry.msgid = (entry.msgid or "") + value
    elif name == "plural":
        entry.plural = (entry.plural or "") + value
    else:
        entry.translations[index] = entry.translations.get(index, "") + value


def _unquote(quoted: str, origin: str, number: int) -> str:
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise CatalogueError(f"{origin}:{number}: expected a quoted string")
    return _ESCAPE.sub(_unescape, quoted[1:-1])


def _unescape(match: re.Match[str]) -> str:
    simple, octal, hexadecimal = match.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    return chr(int(octal, 8) if octal is not None else int(hexadecimal, 16))


def _mo_bytes(messages: dict[str, str]) -> bytes:
    """GNU ``.mo`` layout: header, the two tables of (length, offset), then the strings."""
    keys = sorted(messages, key=lambda key: key.encode("utf-8"))
    ids = [key.encode("utf-8") for key in keys]
    strs = [messages[key].encode("utf-8") for key in keys]
    count = len(keys)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    table_ids, table_strs, blob = [], [], bytearray()
    for encoded in ids:
        table_ids += [len(encoded), data_at + len(blob)]
        blob += encoded + b"\0"
    for encoded in strs:
        table_strs += [len(encoded), data_at + len(blob)]
        blob += encoded + b"\0"
    header = struct.pack("<7I", _MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    tables = struct.pack(f"<{4 * count}I", *table_ids, *table_strs)
    return header + tables + bytes(blob)


if __name__ == "__main__":  # python -m charter_app.catalogues: compile beside the sources
    for written in compile_tree(Path(__file__).resolve().parent / "locale"):
        print(written)
