"""Recovery journal: unsaved text kept outside the repository so a crash loses nothing.

The editors hand their text to :meth:`Journal.save` every few seconds; after a crash the next
start asks :meth:`Journal.pending` what was typed and offers it back. One small JSON file per
key, written atomically and durably, in ``paths.recovery_dir()/<hash of the charter path>/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charter_app import paths
from charter_app.storage.atomic import storage_error, write_atomic

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
_ENTRY_PREFIX = "entry-"
_ENTRY_SUFFIX = ".json"


@dataclass(frozen=True)
class JournalEntry:
    """Text typed in the app and not yet committed, as found in the journal."""

    key: str
    """What the text belongs to: ``principle:<id>:body``, ``principle:<id>:title``,
    ``charter:preamble``..."""
    text: str
    """The text as it was in the editor when it was last journaled."""
    saved_text: str
    """The committed text at that time, so the difference can be shown."""
    at: datetime
    """When the text was journaled (timezone-aware, UTC)."""


def _digest(text: str) -> str:
    # surrogatepass: a key or path that Python can hold must always get a name.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def recovery_folder(charter_path: Path, base_dir: Path | None = None) -> Path:
    """The charter's own folder in the recovery area, named by a hash of its resolved path."""
    base = base_dir if base_dir is not None else paths.recovery_dir()
    return base / _digest(str(Path(charter_path).resolve()))[:32]


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (private: it holds unsaved text) or raise a plain :class:`StorageError`."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise storage_error(error, folder) from None


class Journal:
    """Unsaved text of one charter, one entry per key."""

    def __init__(self, charter_path: Path, base_dir: Path | None = None) -> None:
        self.charter_path = Path(charter_path).resolve()
        self.folder = recovery_folder(self.charter_path, base_dir)
        self.skipped: tuple[Path, ...] = ()
        """Files the last :meth:`pending` call could not read (left in place, untouched)."""
        self._written: dict[str, tuple[str, str]] = {}

    def entry_path(self, key: str) -> Path:
        """The file holding ``key``: a hash, so no key can escape the folder or clash on case."""
        return self.folder / f"{_ENTRY_PREFIX}{_digest(key)[:40]}{_ENTRY_SUFFIX}"

    def save(self, key: str, text: str, saved_text: str) -> None:
        """Journal ``text`` for ``key``; text equal to ``saved_text`` removes the entry instead.

        Saving the same text again does not touch the disk. Raises
        :class:`~charter_app.errors.StorageError` when the disk refuses the write.
        """
        if not key:
            raise ValueError("a journal key cannot be empty")
        if text == saved_text:
            self.discard(key)
            return
        path = self.entry_path(key)
        if self._written.get(key) == (text, saved_text) and path.exists():
            return
        record = {
            "version": FORMAT_VERSION,
            "charter": str(self.charter_path),
            "key": key,
            "text": text,
            "saved_text": saved_text,
            "at": datetime.now(UTC).isoformat(),
        }
        # ensure_ascii: lone surrogates or any odd character still serialise.
        data = json.dumps(record, ensure_ascii=True, indent=0).encode("ascii")
        ensure_folder(self.folder)
        write_atomic(path, data)
        self._written[key] = (text, saved_text)

    def pending(self) -> list[JournalEntry]:
        """Entries whose text differs from the saved text, oldest first.

        A file that cannot be read (corrupt, half-written by another tool, wrong format) is
        skipped and listed in :attr:`skipped`; it never stops the others from being offered.
        """
        entries: list[JournalEntry] = []
        skipped: list[Path] = []
        try:
            candidates = sorted(self.folder.glob(f"{_ENTRY_PREFIX}*{_ENTRY_SUFFIX}"))
        except OSError as error:
            log.warning("recovery journal %s cannot be listed: %s", self.folder, error)
            candidates = []
        for path in candidates:
            entry = self._read(path)
            if entry is None:
                skipped.append(path)
            elif entry.text != entry.saved_text:
                entries.append(entry)
        self.skipped = tuple(skipped)
        entries.sort(key=lambda entry: (entry.at, entry.key))
        return entries

    def _read(self, path: Path) -> JournalEntry | None:
        try:
            record: Any = json.loads(path.read_bytes().decode("utf-8"))
            entry = JournalEntry(
                key=_string(record, "key"),
                text=_string(record, "text"),
                saved_text=_string(record, "saved_text"),
                at=datetime.fromisoformat(_string(record, "at")),
            )
            if record.get("version") != FORMAT_VERSION:
                raise ValueError(f"unknown version {record.get('version')!r}")
            if path != self.entry_path(entry.key):
                raise ValueError("the key does not match the file name")
        except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
            log.warning("recovery journal entry %s skipped: %s", path, error)
            return None
        if entry.at.tzinfo is None:
            entry = replace(entry, at=entry.at.replace(tzinfo=UTC))
        return entry

    def discard(self, key: str) -> None:
        """Forget ``key`` (saved, or the user chose not to restore it). Missing is fine."""
        self._written.pop(key, None)
        self._remove(self.entry_path(key))

    def clear(self) -> None:
        """Forget every entry of this charter, unreadable ones included."""
        self._written.clear()
        with contextlib.suppress(FileNotFoundError):
            for path in self.folder.iterdir():
                name = path.name
                is_entry = name.startswith(_ENTRY_PREFIX) and name.endswith(_ENTRY_SUFFIX)
                # write_atomic's temporary files: ".<entry name>.<random>.tmp".
                is_leftover = name.startswith(f".{_ENTRY_PREFIX}") and name.endswith(".tmp")
                if is_entry or is_leftover:
                    self._remove(path)
        self.skipped = ()

    def _remove(self, path: Path) -> None:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise storage_error(error, path) from None


def _string(record: Any, name: str) -> str:
    value = record[name]
    if not isinstance(value, str):
        raise TypeError(f"{name} is not a string")
    return value


__all__ = ["Journal", "JournalEntry", "ensure_folder", "recovery_folder"]
