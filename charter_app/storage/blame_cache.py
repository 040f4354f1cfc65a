"""Saved blames (``charter_app.core.blame.SavedBlame``) in the user's cache folder.

An entry is named after what it describes, the principle's file at its newest revision (the
path, the commit and the file's blob id), so it is true in every clone of the charter and never
goes stale. A small pointer per repository and principle tells which entry the repository's
HEAD was last seen with. Never inside the repository; anything unreadable is simply rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from charter_app import paths
from charter_app.core.blame import Attribution, SavedBlame
from charter_app.diffing.attribution import Version
from charter_app.diffing.tokens import tokenize

FORMAT = 2
"""Bumped whenever the entry's layout, the text digests or the way blame attributes words
changes (2: ``text_digest`` is a checksum)."""


@dataclass(frozen=True)
class Pointer:
    """Where a repository's blame of one principle was last saved."""

    head: str
    """The repository's HEAD then."""
    commit: str
    """The principle's newest revision at that HEAD."""
    blob: str
    """The principle file's blob id at that revision."""


class BlameCache:
    """Saved blames under ``folder`` (default: ``paths.cache_dir() / "blame"``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> Path:
        # Looked up at each use: CHARTER_STUDIO_HOME may change after start-up (tests).
        return self._folder if self._folder is not None else paths.cache_dir() / "blame"

    def pointer(self, repository: Path, path: str) -> Pointer | None:
        try:
            data = json.loads(self._pointer_file(repository, path).read_bytes())
            if data["format"] != FORMAT:
                return None
            return Pointer(str(data["head"]), str(data["commit"]), str(data["blob"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def load(self, path: str, pointer: Pointer) -> SavedBlame | None:
        try:
            data = json.loads(self._entry_file(path, pointer).read_bytes())
            return _saved(data, pointer.commit)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return None

    def save(self, repository: Path, path: str, pointer: Pointer, saved: SavedBlame) -> None:
        """Write the entry (unless it exists) and move the pointer; the entry the pointer left
        is removed (another clone that still wants it rebuilds it)."""
        previous = self.pointer(repository, path)
        entry = self._entry_file(path, pointer)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            if not entry.exists():
                _replace(entry, json.dumps(_document(saved), ensure_ascii=False).encode())
            self.move_pointer(repository, path, pointer)
            if previous is not None and previous.commit != pointer.commit:
                self._entry_file(path, previous).unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time next time

    def move_pointer(self, repository: Path, path: str, pointer: Pointer) -> None:
        document = {"format": FORMAT, "head": pointer.head, "commit": pointer.commit}
        document["blob"] = pointer.blob
        try:
            target = self._pointer_file(repository, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            _replace(target, json.dumps(document).encode())
        except OSError:
            pass

    def _pointer_file(self, repository: Path, path: str) -> Path:
        key = hashlib.sha256(f"{repository}\0{path}".encode()).hexdigest()[:32]
        return self.folder / "heads" / f"{key}.json"

    def _entry_file(self, path: str, pointer: Pointer) -> Path:
        key = hashlib.sha256(f"{path}\0{pointer.commit}\0{pointer.blob}".encode()).hexdigest()
        return self.folder / f"{key[:40]}.json"


def _replace(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all (a rename), without ``fsync``: a cache lost in a
    power cut is rebuilt, and syncing would cost more than the blame it saves."""
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


DEFAULT_BLAME_CACHE = BlameCache()
"""The cache in the user's cache folder (``CHARTER_STUDIO_HOME/cache/blame`` when set)."""


def _document(saved: SavedBlame) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "commit": saved.commit,
        "revisions": saved.revisions,
        "lines": saved.version.lines,  # tuples are written as JSON arrays
        "owners": saved.version.owners,
        "attributions": [
            [a.commit, a.author, a.amendment, a.workshop, a.authored_at.isoformat(), a.subject]
            for a in saved.attributions
        ],
        "texts": sorted(saved.texts),
    }


def _saved(data: dict[str, Any], commit: str) -> SavedBlame | None:
    if data["format"] != FORMAT or data["commit"] != commit:
        return None
    lines = tuple(str(line) for line in data["lines"])
    tokens = tuple(tuple(tokenize(line)) for line in lines)
    owners = tuple(tuple(int(owner) for owner in line) for line in data["owners"])
    attributions = tuple(
        Attribution(
            str(sha),
            str(author),
            None if amendment is None else str(amendment),
            None if workshop is None else str(workshop),
            datetime.fromisoformat(at),
            str(subject),
        )
        for sha, author, amendment, workshop, at, subject in data["attributions"]
    )
    if len(owners) != len(lines) or any(
        len(line_owners) != len(line_tokens)
        or (line_owners and not 0 <= min(line_owners) <= max(line_owners) < len(attributions))
        for line_owners, line_tokens in zip(owners, tokens, strict=True)
    ):
        return None  # not what this version of the app would have written
    return SavedBlame(
        commit,
        Version(lines, tokens, owners),
        attributions,
        frozenset(str(text) for text in data["texts"]),
        int(data["revisions"]),
    )
