"""Reading the charter's content: files and folders at a revision, blobs, status and tags."""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.core.revision import Tag
from charter_app.errors import NotFoundError
from charter_app.i18n import _
from charter_app.storage.gitcmd import OBJECT_ID
from charter_app.storage.gitlog import TAG_FORMAT, parse_tags
from charter_app.storage.gitpaths import check_path
from charter_app.storage.gitrevisions import GitRevisions


class GitContent(GitRevisions):
    """The content readers of :class:`~charter_app.storage.git.GitRepository`."""

    def read_file(self, rev: str, path: str) -> bytes:
        """The content of ``path`` at revision ``rev``."""
        sha = self.resolve(rev)
        found = self.read_blobs([f"{sha}:{check_path(path)}"])
        if found[0] is None:
            raise NotFoundError(
                _("{path} does not exist in version {rev}.").format(path=path, rev=rev)
            )
        return found[0]

    def list_tree(self, rev: str, prefix: str = "") -> list[str]:
        """Paths of the files under folder ``prefix`` ("" for all) at revision ``rev``."""
        return [path for path, _blob in self._tree_entries(rev, prefix)]

    def read_tree(self, rev: str, prefix: str = "") -> dict[str, bytes]:
        """Every file under folder ``prefix`` at revision ``rev``, read in one git stream."""
        entries = self._tree_entries(rev, prefix)
        contents = self.read_blobs([blob for _path, blob in entries])
        return {
            path: data
            for (path, _blob), data in zip(entries, contents, strict=True)
            if data is not None
        }

    def _tree_entries(self, rev: str, prefix: str) -> list[tuple[str, str]]:
        sha = self.resolve(rev)
        folder = check_path(prefix.rstrip("/")) if prefix.strip("/") else ""
        run = self._runner
        result = run.run(
            run.argv(
                "ls-tree", ["-r", "-z", "--full-tree"], [sha], paths=[folder] if folder else []
            ),
            read_only=True,
        )
        entries = []
        for record in result.stdout.decode("utf-8", "replace").split("\0"):
            meta, _tab, path = record.partition("\t")
            mode, _space, rest = meta.partition(" ")
            kind, _space, blob = rest.partition(" ")
            if kind != "blob" or mode not in ("100644", "100755"):
                continue  # symlinks and submodules are not charter content
            if not folder or path.startswith(folder + "/") or path == folder:
                entries.append((path, blob))
        return entries

    def read_blobs(self, names: Sequence[str]) -> list[bytes | None]:
        """Contents of the blobs ``names`` (ids or ``<commit>:<path>``), ``None`` when missing."""
        if not names:
            return []
        run = self._runner
        request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
        stream = run.run(run.argv("cat-file", ["--batch"]), stdin=request, read_only=True).stdout
        contents: list[bytes | None] = []
        position = 0
        for _name in names:
            end = stream.index(b"\n", position)
            header = stream[position:end].split(b" ")
            # "<id> <type> <size>", or "<name> missing" where the name may contain spaces.
            if len(header) == 3 and header[2].isdigit() and OBJECT_ID.match(header[0].decode()):
                size = int(header[2])
                is_file = header[1] == b"blob"
                contents.append(stream[end + 1 : end + 1 + size] if is_file else None)
                position = end + 1 + size + 1
            else:
                contents.append(None)
                position = end + 1
        return contents

    def status(self, paths: Sequence[str] = ()) -> dict[str, str]:
        """Files that differ from HEAD: path -> git's two-letter code (``" M"``, ``"??"``...)."""
        run = self._runner
        options = [
            "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=all",
            "--no-renames",
        ]  # fmt: skip
        result = run.run(
            run.argv("status", options, paths=[check_path(path) for path in paths]),
            read_only=True,
        )
        changes = {}
        for record in result.stdout.decode("utf-8", "replace").split("\0"):
            if len(record) > 3:
                changes[record[3:]] = record[:2]
        return changes

    def untracked(self, paths: Sequence[str] = ()) -> list[str]:
        """Files under ``paths`` that git does not track and does not ignore: the ``"??"``
        entries of :meth:`status`, found without comparing the tracked files."""
        run = self._runner
        result = run.run(
            run.argv(
                "ls-files",
                ["--others", "--exclude-standard", "--full-name", "-z"],
                paths=[check_path(path) for path in paths],
            ),
            read_only=True,
        )
        return [path for path in result.stdout.decode("utf-8", "replace").split("\0") if path]

    def is_clean(self, paths: Sequence[str] = ()) -> bool:
        """True when ``paths`` (or the whole work tree) match HEAD exactly."""
        return not self.status(paths)

    def diff_paths(self, old: str, new: str) -> list[tuple[str, str]]:
        """``(status, path)`` of every file that differs between commits ``old`` and ``new``:
        ``A`` added, ``D`` deleted, ``M`` modified (one ``git diff-tree``, renames not sought)."""
        run = self._runner
        options = ["-r", "-z", "--name-status", "--no-renames", "--no-ext-diff", "--no-textconv"]
        output = run.run(run.argv("diff-tree", options, [old, new]), read_only=True).stdout
        fields = output.decode("utf-8", "surrogateescape").split("\0")
        return [
            (status[:1], path) for status, path in zip(fields[0::2], fields[1::2], strict=False)
        ]

    def tree_blobs(self, rev: str) -> dict[str, str]:
        """Path -> blob id of every regular file at ``rev`` (links and submodules left out)."""
        return dict(self._tree_entries(rev, ""))

    def tags(self) -> list[Tag]:
        """Every tag, oldest first (adopted versions are annotated tags)."""
        run = self._runner
        output = run.run(
            run.argv("for-each-ref", [TAG_FORMAT, "--sort=creatordate"], ["refs/tags"]),
            read_only=True,
        ).stdout
        return parse_tags(output)
