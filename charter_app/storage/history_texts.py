"""The principle histories blame reads, from a charter repository (with a blame cache)."""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from collections.abc import Iterator, Sequence

from charter_app.core.blame import SavedBlame
from charter_app.core.revision import Revision
from charter_app.errors import CharterError
from charter_app.storage import files
from charter_app.storage.blame_cache import DEFAULT_BLAME_CACHE, BlameCache, Pointer
from charter_app.storage.gitversions import path_history, read_versions
from charter_app.storage.repository import CharterRepository
from charter_app.storage.textnorm import unwrap


class HistoryTexts:
    """What :func:`charter_app.core.blame.blame_principle` reads, from a charter repository:
    the principle's commits in graph order (one ``git log --raw -- path``, helped by the
    commit-graph's changed-path filters, naming each version's blob) and its bodies, each
    distinct file read once by one ``cat-file`` and handed over as it comes
    (:mod:`charter_app.storage.gitversions`).

    With a ``cache`` (the default, in the user's cache folder) it also keeps each blame, so
    the next one only reads and carries the commits made since; the history is then read as
    of HEAD when first asked (one consistent snapshot). ``cache=None``: no cache.
    """

    def __init__(
        self, repository: CharterRepository, cache: BlameCache | None = DEFAULT_BLAME_CACHE
    ) -> None:
        self.repository = repository
        self.cache = cache
        self._parsed: dict[bytes, str] = {}
        self._lines: set[str] = set()  # lines of the bodies read, known to need no unwrapping
        self._files: dict[str, bytes] = {}  # by commit: the file last read there
        self._blobs: dict[str, dict[str, str | None]] = {}  # by path, by commit: its blob
        self._head: str | None = None

    def revisions(self, principle_id: str) -> list[Revision]:
        path = files.principle_path(principle_id)
        head = self._snapshot()
        return [] if head is None else self._path_graph(path, head, None)

    def bodies(self, commits: Sequence[str], principle_id: str) -> Iterator[str | None]:
        """The bodies at ``commits``, each as soon as git has read it (see ``BlameSource``)."""
        path = files.principle_path(principle_id)
        blobs = self._blobs.get(path, {})
        names: list[str] = []
        requests: list[int] = []  # per commit: the index of the name it reads, -1 if deleted
        asked: dict[str, int] = {}
        for commit in commits:
            if commit in blobs and blobs[commit] is None:
                requests.append(-1)
                continue
            # A commit the log named no blob for (a merge, a commit it did not list) by name.
            name = blobs.get(commit) or f"{commit}:{path}"
            index = asked.get(name)
            if index is None:
                index = asked[name] = len(names)
                names.append(name)
            requests.append(index)
        return self._read_bodies(commits, requests, names, path)

    def _read_bodies(
        self, commits: Sequence[str], requests: list[int], names: list[str], path: str
    ) -> Iterator[str | None]:
        contents = read_versions(self.repository.git.runner, names)
        read: list[tuple[bytes | None, str | None]] = []
        for commit, index in zip(commits, requests, strict=True):
            if index < 0:
                yield None
                continue
            if index == len(read):  # names are asked in the order commits first need them
                data = next(contents)
                read.append((data, None if data is None else self._body(data, path)))
            data, body = read[index]
            if data is not None:
                self._files[commit] = data
            yield body
        for _rest in contents:  # none left: git is waited for
            pass

    def _body(self, data: bytes, path: str) -> str:
        body = self._parsed.get(data)
        if body is None:
            body = self._parsed[data] = _body(data, path, self._lines)
        return body

    def saved_blame(self, principle_id: str) -> tuple[SavedBlame, list[Revision]] | None:
        """The blame saved for this history and the commits made since (see
        ``charter_app.core.blame.ResumableBlameSource``)."""
        if self.cache is None:
            return None
        git = self.repository.git
        path = files.principle_path(principle_id)
        pointer = self.cache.pointer(git.path, path)
        head = self._snapshot()
        if pointer is None or head is None:
            return None
        newer: list[Revision] = []
        if head != pointer.head:
            if not git.is_ancestor(pointer.head, head):
                return None  # HEAD went back, or history was rewritten
            # Parents are rewritten to the nearest commits that changed the file; reaching
            # the old HEAD means reaching the saved commit (the file is the same there).
            for revision in self._path_graph(path, head, pointer.head):
                parents = tuple(
                    pointer.commit if parent == pointer.head else parent
                    for parent in revision.parents
                )
                newer.append(dataclasses.replace(revision, parents=tuple(dict.fromkeys(parents))))
        saved = self.cache.load(path, pointer)
        if saved is None:
            return None
        if not newer and head != pointer.head:
            self.cache.move_pointer(git.path, path, dataclasses.replace(pointer, head=head))
        return saved, newer

    def save_blame(self, principle_id: str, saved: SavedBlame) -> None:
        data = self._files.get(saved.commit)
        if self.cache is None or self._head is None or data is None:
            return
        git = self.repository.git
        digest = hashlib.sha256() if git.object_format == "sha256" else hashlib.sha1()
        digest.update(b"blob %d\0" % len(data))
        digest.update(data)
        pointer = Pointer(self._head, saved.commit, digest.hexdigest())
        self.cache.save(git.path, files.principle_path(principle_id), pointer, saved)

    def _snapshot(self) -> str | None:
        if self._head is None:
            self._head = self.repository.git.head()
        return self._head

    def _path_graph(self, path: str, head: str, exclude: str | None) -> list[Revision]:
        """``GitRepository.path_graph`` from ``head`` (not from whatever HEAD is by then),
        leaving out the history of ``exclude``; the blob the file had at each commit is kept
        for :meth:`bodies`."""
        revisions, blobs = path_history(self.repository.git.runner, path, head, exclude)
        self._blobs.setdefault(path, {}).update(blobs)
        return revisions


def _is_unwrapped(body: str, known: set[str] | None = None) -> bool:
    """True when ``unwrap`` would leave ``body`` as it is: in NFC, no line that starts or ends
    with white space, and no line break inside a paragraph (no two text lines in a row).

    ``known`` holds lines already found stripped and in NFC (both are properties of each
    line alone: a line break never takes part in normalisation); the new ones are added."""
    if "\r" in body:
        return False
    lines = body.split("\n")
    # Usually paragraphs and blank lines take turns: no two text lines in a row at a glance.
    if any(lines[1::2]) and any(
        above and below for above, below in zip(lines, lines[1:], strict=False)
    ):
        return False
    fresh = lines if known is None else [line for line in lines if line not in known]
    if list(map(str.strip, fresh)) != fresh or not unicodedata.is_normalized(
        "NFC", "\n".join(fresh)
    ):
        return False
    if known is not None:
        known.update(fresh)
    return True


def _body(data: bytes, path: str, known: set[str] | None = None) -> str:
    """The body of a principle file as the charter shows it; the front matter's YAML is not
    needed for that (parsed only if the file is not in the usual form). ``known``: see
    :func:`_is_unwrapped`."""
    text = data.decode("utf-8", "replace")
    if b"\r" in data:
        text = text.replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            body = text[end + 5 :].strip("\n")
            if _is_unwrapped(body, known):
                return body  # the usual case: one paragraph a line, nothing to unwrap
            return unwrap(text[end + 5 :])
    try:
        return files.parse_principle(data, path).body
    except CharterError:
        return text
