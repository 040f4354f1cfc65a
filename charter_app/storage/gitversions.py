"""Every version of one file along the commit graph, read in one pass for blame.

``git log --raw`` lists the commits that changed the file and names the blob each one left,
while a ``cat-file --batch`` started beside it already reads those blobs: two processes working
at once, no tree walked to find a file, and a content seen before (a revert) read once.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import cast

from charter_app.core.revision import Revision
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner
from charter_app.storage.gitlog import LOG_FIELDS, LOG_FORMAT, LogParser
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


def path_versions(
    runner: GitRunner, path: str, head: str, exclude: str | None = None
) -> tuple[list[Revision], dict[str, bytes | None]]:
    """The commits from ``head`` (leaving out the history of ``exclude``) that changed
    ``path``, parents before children with parents rewritten as
    :meth:`~charter_app.storage.githistory.GitHistory.path_graph` lists them, and the file's
    content at each one (None where it is deleted or not a file)."""
    path = check_path(path)
    operands = [head, f"^{exclude}"] if exclude else [head]
    requests: list[str] = []  # cat-file names, in the order asked
    asked: dict[str, int] = {}  # name -> its index in requests
    commit_request: dict[str, int] = {}  # commit -> index of the request naming its file
    with runner.conversation(runner.argv("cat-file", ["--batch"])) as batch:
        stdin = batch.stdin
        stdout = cast(io.BufferedReader, batch.stdout)
        assert stdin is not None
        answers: list[bytes] = []
        reader = threading.Thread(target=_read_all, args=(stdout.read1, answers), daemon=True)
        reader.start()

        def ask(commit: str, name: str) -> None:
            index = asked.get(name)
            if index is None:
                index = asked[name] = len(requests)
                requests.append(name)
                stdin.write(f"{name}\n".encode("utf-8", "surrogateescape"))
            commit_request[commit] = index

        parser = _VersionsParser(path, ask)
        try:
            for chunk in runner.stream(runner.argv("log", _LOG_OPTIONS, operands, paths=[path])):
                parser.feed(chunk)
                stdin.flush()
            revisions = parser.finish()
            stdin.close()
        finally:
            if not stdin.closed:
                stdin.close()
            reader.join()
    contents = _answers(b"".join(answers), len(requests))
    by_commit: dict[str, bytes | None] = {
        commit: contents[index] for commit, index in commit_request.items()
    }
    for commit in parser.deleted:
        by_commit[commit] = None
    revisions.reverse()  # --topo-order --reverse would give the same list, all at the end
    return revisions, by_commit


def _read_all(read: Callable[[int], bytes], into: list[bytes]) -> None:
    while chunk := read(1 << 16):
        into.append(chunk)


def _answers(stream: bytes, count: int) -> list[bytes | None]:
    """The contents ``cat-file --batch`` answered to ``count`` requests, None for a missing
    object or one that is not a blob."""
    contents: list[bytes | None] = []
    position = 0
    for _request in range(count):
        end = stream.index(b"\n", position)
        header = stream[position:end].split(b" ")
        # "<id> <type> <size>", or "<name> missing" where the name may contain spaces.
        if len(header) == 3 and header[2].isdigit() and OBJECT_ID.match(header[0].decode()):
            size = int(header[2])
            contents.append(stream[end + 1 : end + 1 + size] if header[1] == b"blob" else None)
            position = end + 1 + size + 1
        else:
            contents.append(None)
            position = end + 1
    return contents


class _VersionsParser:
    """Reads ``git log -z --raw`` as it comes: each commit's record, then the raw lines of its
    change, two fields each (``:<modes> <ids> <status>``, the first after a line break, then
    the path).

    Every commit asks for its file: the blob its raw line names, or ``<commit>:<path>`` when
    no line names the path exactly (a merge, a folder of that name); a deletion asks for
    nothing."""

    def __init__(self, path: str, ask: Callable[[str, str], None]) -> None:
        self.path = path
        self.ask = ask
        self.deleted: list[str] = []
        self._log = LogParser()
        self._fields: list[str] = []
        self._pending = b""
        self._open: str | None = None  # the last commit read, whose file is not asked yet
        self._found = False  # a raw line of the open commit named the path

    def feed(self, chunk: bytes) -> None:
        data = self._pending + chunk
        cut = data.rfind(b"\0")
        if cut < 0:
            self._pending = data
            return
        self._pending = data[cut + 1 :]
        self._fields += data[:cut].decode("utf-8", "replace").split("\0")
        self._consume()

    def finish(self) -> list[Revision]:
        if self._pending:
            self._fields += self._pending.decode("utf-8", "replace").split("\0")
            self._pending = b""
        self._consume()
        if self._fields:
            self._log.add_records(self._fields)  # raises: the history cannot be read
        self._close()
        return self._log.revisions

    def _close(self) -> None:
        if self._open is not None and not self._found:
            self.ask(self._open, f"{self._open}:{self.path}")
        self._open = None

    def _consume(self) -> None:
        fields = self._fields
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
                    if blob.strip("0"):
                        self.ask(self._open, blob)
                    else:
                        self.deleted.append(self._open)
                    self._found = True
                position += 2
                continue
            if count - position < _RECORD:
                break
            self._close()
            records += fields[position : position + _RECORD]
            self._open, self._found = field, False
            position += _RECORD
        if records:
            self._log.add_records(records)
        del fields[:position]
