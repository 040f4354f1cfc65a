"""Every version of one file along the commit graph, for blame: two git processes in all.

``git log --raw`` lists the commits that changed the file and names the blob each one left;
one ``cat-file --batch`` then reads those blobs (no tree walked to find the file, a content
seen before read once) and hands each over as it comes, so blame carries one version while git
reads the next.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator, Sequence
from typing import cast

from charter_app.core.revision import Revision
from charter_app.errors import RepositoryError
from charter_app.i18n import _
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner
from charter_app.storage.gitlog import LOG_FIELDS, LOG_FORMAT, LogParser, NulFields
from charter_app.storage.gitpaths import check_path

_LOG_OPTIONS = (
    "-z", LOG_FORMAT, "--topo-order", "--parents", "--raw", "--no-abbrev", "--no-renames",
    "--root", "--diff-merges=off", "--no-show-signature", "--no-color",
    "--no-ext-diff", "--no-textconv",
)  # fmt: skip
"""``path_graph``'s log (same commits, same parents) with each commit's change of the file.
Merges show none (``--diff-merges=first-parent`` would also change which merges are listed):
their file is read by name."""

_RECORD = len(LOG_FIELDS)


def path_history(
    runner: GitRunner, path: str, head: str, exclude: str | None = None
) -> tuple[list[Revision], dict[str, str | None]]:
    """The commits from ``head`` (leaving out the history of ``exclude``) that changed
    ``path``, parents before children with parents rewritten as
    :meth:`~charter_app.storage.githistory.GitHistory.path_graph` lists them, and the blob
    the file had at each: its id, or None where the file was deleted. A commit missing from
    the map (a merge: its change is not listed) is read by name (:func:`read_versions`)."""
    path = check_path(path)
    operands = [head, f"^{exclude}"] if exclude else [head]
    parser = _VersionsParser(path)
    for chunk in runner.stream(runner.argv("log", _LOG_OPTIONS, operands, paths=[path])):
        parser.feed(chunk)
    revisions = parser.finish()
    revisions.reverse()  # --topo-order --reverse gives the same list, only all at the end
    return revisions, parser.blobs


def read_versions(runner: GitRunner, names: Sequence[str]) -> Iterator[bytes | None]:
    """The contents of ``names`` (blob ids or ``<commit>:<path>``) one by one as ``cat-file``
    answers, so that the caller works on the first while git reads the next; None for a
    missing object or one that is not a blob.

    Leaving the loop early stops git; a history that cannot be read raises
    :class:`~charter_app.errors.RepositoryError`."""
    if not names:
        return
    request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
    writer: threading.Thread | None = None
    try:
        with runner.conversation(runner.argv("cat-file", ["--batch"])) as batch:
            # Requests are written by a thread (git stops reading them while its answers are
            # not read) through its own copy of the pipe, which it closes when done: git's
            # end of input. Leaving early kills git, which ends the thread's writing.
            stdin = cast(io.BufferedWriter, batch.stdin)
            requests = os.dup(stdin.fileno())
            stdin.close()
            thread = threading.Thread(target=_write_all, args=(requests, request), daemon=True)
            thread.start()
            writer = thread
            yield from _answers(cast(io.BufferedReader, batch.stdout), len(names))
    finally:
        if writer is not None:
            writer.join()


def _write_all(descriptor: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError:
        pass  # git stopped early: its status tells why
    finally:
        os.close(descriptor)


def _answers(stdout: io.BufferedReader, count: int) -> Iterator[bytes | None]:
    """The ``count`` answers of ``cat-file --batch``, each as soon as it is whole.

    What was handed over is dropped before reading more, so each answer is copied once or
    twice, never the stream read so far."""
    data = b""
    position = 0
    for _answer in range(count):
        end = data.find(b"\n", position)
        while end < 0:
            data, position = data[position:] + _more(stdout), 0
            end = data.find(b"\n")
        header = data[position:end].split(b" ")
        # "<id> <type> <size>", or "<name> missing" where the name may contain spaces.
        if len(header) == 3 and header[2].isdigit() and OBJECT_ID.match(header[0].decode()):
            size = int(header[2])
            if len(data) <= end + 1 + size:  # the rest of this answer, in one read
                data, end, position = data[position:], end - position, 0
                data += stdout.read(end + 2 + size - len(data))
                if len(data) <= end + 1 + size:
                    raise RepositoryError(_("Git returned a history that cannot be read."))
            yield data[end + 1 : end + 1 + size] if header[1] == b"blob" else None
            position = end + 2 + size  # after the line break that ends the content
        else:
            yield None
            position = end + 1


def _more(stdout: io.BufferedReader) -> bytes:
    chunk = stdout.read1(1 << 16)
    if not chunk:
        raise RepositoryError(_("Git returned a history that cannot be read."))
    return chunk


class _VersionsParser:
    """Reads ``git log -z --raw`` as it comes: each commit's record, then the raw lines of its
    change, two fields each (``:<modes> <ids> <status>``, the first after a line break, then
    the path).

    :attr:`blobs` gets the blob a raw line names for the path exactly, or None for a
    deletion; a commit without one (a merge, a folder of that name) is left out."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blobs: dict[str, str | None] = {}
        self._log = LogParser()
        self._input = NulFields()
        self._open: str | None = None  # the last commit read, whose raw lines may follow

    def feed(self, chunk: bytes) -> None:
        if self._input.feed(chunk):
            self._consume()

    def finish(self) -> list[Revision]:
        self._input.finish()
        self._consume()
        if self._input.fields:
            self._log.add_records(self._input.fields)  # raises: the history cannot be read
        return self._log.revisions

    def _consume(self) -> None:
        fields = self._input.fields
        count = len(fields)
        position = 0
        records: list[str] = []
        while position < count:
            field = fields[position]
            if field.startswith((":", "\n:")):
                if position + 1 >= count:
                    break  # its path is in the next chunk
                if self._open is not None and fields[position + 1] == self.path:
                    # ":<old mode> <new mode> <old id> <new id> <status>"
                    blob = field.split(" ")[3]
                    self.blobs[self._open] = blob if blob.strip("0") else None
                position += 2
                continue
            if count - position < _RECORD:
                break
            records += fields[position : position + _RECORD]
            self._open = field
            position += _RECORD
        if records:
            self._log.add_records(records)
        del fields[:position]
