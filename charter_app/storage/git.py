"""The charter's git repository: commit files, read history and content, tag adopted versions.

:class:`GitRepository` is a thin wrapper over git commands; the rest of the application only sees
the frozen records of :mod:`charter_app.core.revision`. Every command line is built and run by
:class:`~charter_app.storage.gitcmd.GitRunner`, whose docstring states the safety rules (user text
is never an option, nothing from the repository runs, failures speak plainly).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from charter_app.core.revision import Revision, Signature, Tag
from charter_app.errors import (
    NotACharterError,
    NotFoundError,
    RepositoryError,
    ValidationError,
)
from charter_app.i18n import _
from charter_app.storage.atomic import storage_error, write_atomic
from charter_app.storage.gitcmd import (
    OBJECT_ID,
    GitRunner,
    clear_stale_locks,
    discover,
    failure,
    neutral_overrides,
)
from charter_app.storage.gitlog import (
    LOG_FORMAT,
    TAG_FORMAT,
    LogParser,
    check_signature,
    check_text,
    compose_message,
    parse_tags,
)

STALE_LOCK_SECONDS = 5.0
"""A lock file older than this, with no git process running, was left by a crash."""

COMMIT_GRAPH_EVERY = 8
"""Extend the commit-graph (with changed-path Bloom filters) after this many of our commits."""

_MAX_PATH = 4096
_WINDOWS_RESERVED = frozenset('\\:*?"<>|')


class GitRepository:
    """A charter folder that is the top of a git work tree. Use :meth:`open` or :meth:`init`."""

    def __init__(self, runner: GitRunner, object_format: str = "sha1") -> None:
        self._runner = runner
        self._object_format = object_format
        self._commits_since_graph = 0
        self.stale_lock_seconds = STALE_LOCK_SECONDS
        self.path = runner.work_tree

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def init(cls, path: Path) -> GitRepository:
        """Create an empty repository at ``path`` (created if needed) on branch ``main``."""
        path = Path(path).absolute()
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise storage_error(error, path) from None
        if (path / ".git").exists():
            raise ValidationError(_("{path} already holds a git repository.").format(path=path))
        runner = GitRunner(path, path / ".git", path / ".git")
        runner.run(runner.argv("init", ["-q", "--initial-branch=main", "--template="]))
        return cls.open(path)

    @classmethod
    def open(cls, path: Path) -> GitRepository:
        """Open the repository whose top folder is ``path``.

        Raises :class:`NotACharterError` when the folder does not exist or is not the top of a
        git work tree, :class:`RepositoryError` when git refuses it (e.g. "dubious ownership").
        """
        path = Path(path).absolute()
        if not path.is_dir():
            raise NotACharterError(
                _("The folder {path} does not exist.").format(path=path),
                _("Check the path, or choose the charter folder again."),
            )
        if not (path / ".git").exists():
            raise failure("open", "not a git repository", path)
        work_tree = Path(os.path.realpath(path))
        # Let git find the repository itself once, so its ownership check ("dubious
        # ownership") applies; explicit --git-dir would skip it.
        _top, git_dir, common_dir, bare = discover(work_tree)
        # The .git found must be this folder's own (not a parent's); a core.worktree pointing
        # elsewhere is ignored, since every command names the work tree explicitly.
        dot_git = work_tree / ".git"
        if bare == "true" or (
            dot_git.is_dir() and Path(git_dir) != Path(os.path.realpath(dot_git))
        ):
            raise NotACharterError(
                _("{path} is not the top folder of a charter repository.").format(path=path),
                _("Open the folder that contains charter.yaml and the .git folder."),
            )
        plain = GitRunner(work_tree, Path(git_dir), Path(common_dir))
        config = _read_config(plain)
        runner = GitRunner(work_tree, Path(git_dir), Path(common_dir), neutral_overrides(config))
        return cls(runner, config.get("extensions.objectformat", "sha1"))

    def close(self) -> None:
        """Bring the commit-graph up to date if we committed since it was last written."""
        if self._commits_since_graph:
            self.update_commit_graph()

    def __enter__(self) -> GitRepository:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # --- revisions --------------------------------------------------------------------------

    def head(self) -> str | None:
        """The commit id of HEAD, or ``None`` in a repository without commits."""
        run = self._runner
        result = run.run(
            run.argv("rev-parse", ["--verify", "--quiet"], ["HEAD"]), read_only=True, check=False
        )
        sha = result.stdout.decode().strip()
        return sha if result.status == 0 and OBJECT_ID.match(sha) else None

    def resolve(self, rev: str) -> str:
        """The full commit id that ``rev`` (sha, tag, ``HEAD~1``...) names."""
        if not rev or len(rev) > 1024 or any(ord(char) < 32 for char in rev):
            raise _unknown_revision(rev)
        sha = self._peel(rev)
        if sha is None:
            raise _unknown_revision(rev)
        return sha

    def _peel(self, rev: str) -> str | None:
        run = self._runner
        result = run.run(
            run.argv("rev-parse", ["--verify", "--quiet"], user_revisions=[rev + "^{commit}"]),
            read_only=True,
            check=False,
        )
        sha = result.stdout.decode("utf-8", "replace").strip()
        return sha if result.status == 0 and OBJECT_ID.match(sha) else None

    # --- history ----------------------------------------------------------------------------

    def log(
        self, paths: Sequence[str] = (), rev: str = "HEAD", max_count: int | None = None
    ) -> list[Revision]:
        """Commits reachable from ``rev``, newest first, limited to ``paths`` if given."""
        checked = [_check_path(path) for path in paths]
        # "HEAD" is our own name and needs no resolving (one process less for the UI).
        start = "HEAD" if rev == "HEAD" else self.resolve(rev)
        options = ["-z", LOG_FORMAT, "--no-show-signature", "--no-color", "--no-ext-diff"]
        if max_count is not None:
            options.append(f"--max-count={max(0, int(max_count))}")
        run = self._runner
        parser = LogParser()
        try:
            for chunk in run.stream(run.argv("log", options, [start], paths=checked)):
                parser.feed(chunk)
        except RepositoryError:
            if start == "HEAD" and self.head() is None:
                return []  # no commit yet
            raise
        return parser.finish()

    def log_since(self, exclude: str | None) -> list[Revision]:
        """Commits reachable from HEAD but not from ``exclude`` (a full id), newest first."""
        options = ["-z", LOG_FORMAT, "--no-show-signature", "--no-color", "--no-ext-diff"]
        run = self._runner
        parser = LogParser()
        operands = ["HEAD", f"^{exclude}"] if exclude else ["HEAD"]
        for chunk in run.stream(run.argv("log", options, operands)):
            parser.feed(chunk)
        return parser.finish()

    def changed_paths(self, exclude: str | None = None) -> list[tuple[str, list[str]]]:
        """``(commit, paths it changed)`` for commits reachable from HEAD and not from
        ``exclude``, newest first. A merge lists only the paths where its result differs from
        every parent (a conflict resolved by hand), as ``git log --cc`` would show."""
        options = [
            "-z", "--format=tformat:%x01%H", "--name-only", "--diff-merges=dense-combined",
            "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color",
        ]  # fmt: skip
        operands = ["HEAD", f"^{exclude}"] if exclude else ["HEAD"]
        output = self._runner.run(
            self._runner.argv("log", options, operands), read_only=True
        ).stdout.decode("utf-8", "surrogateescape")
        changes = []
        for record in output.split("\x01")[1:]:
            sha, *names = record.split("\0")
            changes.append((sha, [name.lstrip("\n") for name in names if name.strip("\n")]))
        return changes

    # --- content ----------------------------------------------------------------------------

    def read_file(self, rev: str, path: str) -> bytes:
        """The content of ``path`` at revision ``rev``."""
        sha = self.resolve(rev)
        found = self.read_blobs([f"{sha}:{_check_path(path)}"])
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
        folder = _check_path(prefix.rstrip("/")) if prefix.strip("/") else ""
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
            run.argv("status", options, paths=[_check_path(path) for path in paths]),
            read_only=True,
        )
        changes = {}
        for record in result.stdout.decode("utf-8", "replace").split("\0"):
            if len(record) > 3:
                changes[record[3:]] = record[:2]
        return changes

    def is_clean(self, paths: Sequence[str] = ()) -> bool:
        """True when ``paths`` (or the whole work tree) match HEAD exactly."""
        return not self.status(paths)

    # --- writing ----------------------------------------------------------------------------

    def commit_files(
        self,
        changes: Mapping[str, bytes | None],
        message: str,
        author: Signature,
        trailers: Sequence[tuple[str, str]] = (),
        merge_parents: Sequence[str] = (),
    ) -> str:
        """Write ``changes`` (``None`` deletes) and commit exactly those paths; return the id.

        Other changes in the work tree or the index are left out of the commit and untouched.
        The author is also the committer. ``merge_parents`` (full commit ids) make it a merge
        commit: HEAD first, then these; it may then have no ``changes``.
        """
        if not changes and not merge_parents:
            raise ValidationError(_("There is nothing to save."))
        check_signature(author)
        text = compose_message(message, trailers)
        files = {_check_path(path): data for path, data in changes.items()}
        self._clear_locks()
        branch = _current_branch(self._runner.git_dir)
        if branch is None:
            raise RepositoryError(
                _("The charter is not on a branch (git reports a detached HEAD)."),
                _("Switch back to the main branch with a git tool, then save again."),
            )
        parent = self.head()
        for path, data in files.items():
            self._write_work_tree(path, data)
        # One fast-import stream stores the blobs, the trees and the commit from our bytes
        # (no filter can touch them) and moves the branch only if it still is at ``parent``.
        stamp = f"{int(time.time())} {_utc_offset()}".encode()
        ident = f"{author.name} <{author.email}> ".encode() + stamp
        stream = [
            f"commit {branch}\nmark :1\n".encode(),
            b"author " + ident + b"\ncommitter " + ident + b"\n",
            b"data %d\n" % len(text) + text + b"\n",
        ]
        if parent:
            stream.append(f"from {parent}\n".encode())
        for other in merge_parents:
            if not OBJECT_ID.match(other) or not parent:
                raise AssertionError(f"not a merge parent: {other!r}")
            stream.append(f"merge {other}\n".encode())
        index_info = []
        for path, data in files.items():
            quoted = _fast_import_path(path)
            if data is None:
                stream.append(b"D " + quoted + b"\n")
                index_info.append(f"0 {'0' * len(self._blob_id(b''))}\t{path}")
            else:
                stream.append(b"M 100644 inline " + quoted + b"\ndata %d\n" % len(data))
                stream += [data, b"\n"]
                index_info.append(f"100644 {self._blob_id(data)}\t{path}")
        stream.append(b"get-mark :1\ndone\n")
        run = self._runner
        result = run.run(
            run.argv("fast-import", ["--quiet", "--done"]), stdin=b"".join(stream), check=False
        )
        commit = result.stdout.decode("ascii", "replace").strip()
        if result.status != 0 or not OBJECT_ID.match(commit):
            if "Not updating" in result.stderr:
                raise RepositoryError(
                    _("The charter was changed by another program while saving."),
                    _("Reopen the charter and save again; your text is in the file."),
                )
            raise failure("fast-import", result.stderr, self.path)
        # The real index follows the new commit for these paths only; other staged changes stay.
        if index_info:
            entries = "".join(line + "\0" for line in index_info).encode("utf-8", "surrogateescape")
            run.run(run.argv("update-index", ["-z", "--index-info"]), stdin=entries)
        self._commits_since_graph += 1
        if self._commits_since_graph >= COMMIT_GRAPH_EVERY:
            self.update_commit_graph()
        return commit

    def fast_forward(self, target: str, contents: Mapping[str, bytes | None]) -> None:
        """Move the current branch from HEAD to ``target`` (a descendant of HEAD, or any commit
        when there is none yet) and write ``contents``: the files that differ between the two
        (``None`` deletes), which the caller read from ``target``. Work tree first, then the
        index, then the branch only if it still is where it was, as :meth:`commit_files` does.
        """
        if not OBJECT_ID.match(target):
            raise AssertionError(f"not a commit id: {target!r}")
        self._clear_locks()
        branch = _current_branch(self._runner.git_dir)
        if branch is None:
            raise RepositoryError(
                _("The charter is not on a branch (git reports a detached HEAD)."),
                _("Switch back to the main branch with a git tool, then try again."),
            )
        parent = self.head()
        index_info = []
        for path, data in contents.items():
            self._write_work_tree(_check_path(path), data)
            if data is None:
                index_info.append(f"0 {'0' * len(target)}\t{path}")
            else:
                index_info.append(f"100644 {self._blob_id(data)}\t{path}")
        if index_info:
            run = self._runner
            entries = "".join(line + "\0" for line in index_info).encode("utf-8", "surrogateescape")
            run.run(run.argv("update-index", ["-z", "--index-info"]), stdin=entries)
        self._update_ref(branch, target, parent)

    def set_ref(self, ref: str, target: str | None) -> None:
        """Point ``ref`` (under ``refs/charter/``) at commit ``target``; None deletes it."""
        if not ref.startswith("refs/charter/"):
            raise AssertionError(f"not an application ref: {ref!r}")
        run = self._runner
        if target is None:
            run.run(run.argv("update-ref", ["-d"], [ref]), check=False)
        else:
            run.run(run.argv("update-ref", ["-mcharter: sync"], [ref, target]))

    def refs(self, prefix: str) -> dict[str, str]:
        """Every ref under ``prefix`` (``refs/charter/``, ``refs/heads/``...) -> object id."""
        run = self._runner
        output = run.run(
            run.argv("for-each-ref", ["--format=%(objectname) %(refname)"], [prefix.rstrip("/")]),
            read_only=True,
        ).stdout.decode("utf-8", "replace")
        found = {}
        for line in output.splitlines():
            sha, _space, name = line.partition(" ")
            found[name] = sha
        return found

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when commit ``ancestor`` is ``descendant`` or one of its ancestors."""
        run = self._runner
        result = run.run(
            run.argv("merge-base", ["--is-ancestor"], [ancestor, descendant]),
            read_only=True,
            check=False,
        )
        if result.status not in (0, 1):
            raise failure("merge-base", result.stderr, self.path)
        return result.status == 0

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor of two commits (git's choice), or None if unrelated."""
        run = self._runner
        result = run.run(run.argv("merge-base", [], [one, other]), read_only=True, check=False)
        sha = result.stdout.decode().strip()
        return sha if result.status == 0 and OBJECT_ID.match(sha) else None

    def path_graph(self, path: str) -> list[Revision]:
        """Commits from HEAD that changed ``path``, parents before children (the commit graph,
        never dates), each with its parents rewritten to the nearest such commits (git's
        history simplification: the file is the same at a real parent and its rewritten one).
        """
        if self.head() is None:
            return []
        options = [
            "-z", LOG_FORMAT, "--topo-order", "--reverse", "--parents", "--no-show-signature",
            "--no-color", "--no-ext-diff",
        ]  # fmt: skip
        run = self._runner
        parser = LogParser()
        for chunk in run.stream(run.argv("log", options, ["HEAD"], paths=[_check_path(path)])):
            parser.feed(chunk)
        return parser.finish()

    def tree_blobs(self, rev: str) -> dict[str, str]:
        """Path -> blob id of every regular file at ``rev`` (links and submodules left out)."""
        return dict(self._tree_entries(rev, ""))

    @property
    def object_format(self) -> str:
        """``sha1`` or ``sha256``."""
        return self._object_format

    @property
    def runner(self) -> GitRunner:
        """The command builder (for storage modules that run other git commands safely)."""
        return self._runner

    def _write_work_tree(self, path: str, data: bytes | None) -> None:
        target = self.path / path
        _refuse_symlinked_folders(self.path, target.parent)
        try:
            if data is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                return
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise storage_error(error, target) from None
        write_atomic(target, data)

    def _blob_id(self, data: bytes) -> str:
        digest = hashlib.sha256() if self._object_format == "sha256" else hashlib.sha1()
        digest.update(b"blob %d\0" % len(data))
        digest.update(data)
        return digest.hexdigest()

    def _update_ref(self, ref: str, new: str, old: str | None) -> None:
        """Move ``ref`` to ``new`` only if it still points at ``old`` (None: must not exist)."""
        run = self._runner
        expected = old or "0" * len(new)
        result = run.run(
            run.argv("update-ref", ["-mcharter: save"], [ref, new, expected]), check=False
        )
        if result.status != 0:
            if "but expected" in result.stderr or "already exists" in result.stderr:
                raise RepositoryError(
                    _("The charter was changed by another program while saving."),
                    _("Reopen the charter and save again."),
                )
            raise failure("update-ref", result.stderr, self.path)

    def _clear_locks(self) -> None:
        runner = self._runner
        locks = [runner.git_dir / "index.lock", runner.git_dir / "HEAD.lock"]
        branch = _current_branch(runner.git_dir)
        if branch:
            locks.append(runner.common_dir / (branch + ".lock"))
        locks.append(runner.common_dir / "packed-refs.lock")
        clear_stale_locks(runner, locks, self.stale_lock_seconds)

    def update_commit_graph(self) -> None:
        """Add the new commits to git's commit-graph, with changed-path Bloom filters.

        The graph makes ``log`` of one file fast; ``--split`` writes only the new commits.
        """
        runner = self._runner
        chain_lock = (
            runner.common_dir / "objects" / "info" / "commit-graphs" / "commit-graph-chain.lock"
        )
        with contextlib.suppress(Exception):
            clear_stale_locks(runner, [chain_lock], self.stale_lock_seconds, wait=0)
        result = runner.run(
            runner.argv(
                "commit-graph write",
                ["--reachable", "--changed-paths", "--split", "--no-progress"],
            ),
            check=False,
        )
        if result.status == 0:
            self._commits_since_graph = 0

    # --- tags -------------------------------------------------------------------------------

    def tags(self) -> list[Tag]:
        """Every tag, oldest first (adopted versions are annotated tags)."""
        run = self._runner
        output = run.run(
            run.argv("for-each-ref", [TAG_FORMAT, "--sort=creatordate"], ["refs/tags"]),
            read_only=True,
        ).stdout
        return parse_tags(output)

    def create_tag(self, name: str, target: str, message: str, tagger: Signature) -> Tag:
        """Create the annotated tag ``name`` on ``target``; refuse an existing or invalid name."""
        check_signature(tagger)
        ref = self._tag_ref(name)
        sha = self.resolve(target)
        run = self._runner
        if run.run(run.argv("rev-parse", ["--verify", "--quiet"], [ref]), check=False).status == 0:
            raise ValidationError(_("A version named {name} already exists.").format(name=name))
        body = message.replace("\r\n", "\n").strip()
        now = int(time.time())
        tag_object = (
            f"object {sha}\ntype commit\ntag {name}\n"
            f"tagger {tagger.name} <{tagger.email}> {now} {_utc_offset()}\n\n{body}\n"
        )
        tag_id = run.run_text(
            run.argv("mktag"), stdin=check_text(tag_object, _("version description"))
        ).strip()
        self._update_ref(ref, tag_id, None)
        return Tag(name, sha, body, tagger.name, datetime.fromtimestamp(now).astimezone())

    def _tag_ref(self, name: str) -> str:
        check_text(name, _("version name"))
        ref = f"refs/tags/{name}"
        run = self._runner
        valid = (
            name
            and not name.startswith("-")
            and not any(ord(char) < 32 for char in name)
            and run.run(run.argv("check-ref-format", [], [ref]), check=False).status == 0
        )
        if not valid:
            raise ValidationError(
                _("{name!r} cannot be used as a version name.").format(name=name),
                _("Use letters, digits, dots and dashes, e.g. v1.0."),
            )
        return ref


# --- helpers ------------------------------------------------------------------------------------


def _read_config(runner: GitRunner) -> dict[str, str]:
    """Every configuration key the repository sees (user's and repository's, with includes)."""
    result = runner.run(runner.argv("config", ["--list", "-z", "--includes"]), read_only=True)
    config: dict[str, str] = {}
    for item in result.stdout.decode("utf-8", "replace").split("\0"):
        key, _newline, value = item.partition("\n")
        if key:
            config[key.lower()] = value
    return config


def _check_path(path: str) -> str:
    """A path inside the work tree, relative, with ``/`` separators; refuse anything else."""
    if not isinstance(path, str) or not path or len(path) > _MAX_PATH:
        raise ValidationError(_("{path!r} is not a valid file name.").format(path=path))
    parts = path.split("/")
    bad = (
        path.startswith("/")
        or any(ord(char) < 32 or char == "\x7f" or char in _WINDOWS_RESERVED for char in path)
        or any(part in ("", ".", "..") for part in parts)
        or any(part.rstrip(". ").lower() == ".git" for part in parts)
    )
    if bad:
        raise ValidationError(
            _("{path!r} is not a valid file name in a charter.").format(path=path),
            _("Use a relative path with / between folders, without .. or .git."),
        )
    check_text(path, _("file name"))
    return path


def _refuse_symlinked_folders(work_tree: Path, folder: Path) -> None:
    """Never write through a symbolic link: it could point outside the charter."""
    real_root = os.path.realpath(work_tree)
    current = folder
    while current != work_tree and work_tree in current.parents:
        if current.is_symlink():
            raise RepositoryError(
                _(
                    "{path} is a link to another place; the charter does not write through it."
                ).format(path=current),
                _("Replace the link by an ordinary folder."),
            )
        current = current.parent
    real_folder = os.path.realpath(folder)
    if real_folder != real_root and not real_folder.startswith(real_root + os.sep):
        raise RepositoryError(_("{path} is outside the charter.").format(path=folder))


def _fast_import_path(path: str) -> bytes:
    """``path`` quoted C-style for fast-import (control characters were refused before)."""
    return ('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"').encode("utf-8")


def _current_branch(git_dir: Path) -> str | None:
    try:
        head = (git_dir / "HEAD").read_text("utf-8").strip()
    except OSError:
        return None
    if head.startswith("ref: refs/heads/") and ".." not in head:
        return head[5:]
    return None


def _utc_offset() -> str:
    offset = datetime.now().astimezone().utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def _unknown_revision(rev: str) -> NotFoundError:
    return NotFoundError(
        _("There is no version {rev!r} in the history of this charter.").format(rev=rev),
        _("Check the name or pick a version from the history."),
    )
