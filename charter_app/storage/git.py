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
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from charter_app.core import clock
from charter_app.core.revision import Signature, Tag
from charter_app.errors import NotACharterError, RepositoryError, ValidationError
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
from charter_app.storage.gitcontent import GitContent
from charter_app.storage.githistory import GitHistory
from charter_app.storage.gitlog import check_signature, check_text, compose_message
from charter_app.storage.gitpaths import check_path
from charter_app.storage.gitrevisions import STALE_LOCK_SECONDS, current_branch

__all__ = ["COMMIT_GRAPH_EVERY", "STALE_LOCK_SECONDS", "GitRepository", "git_time"]

COMMIT_GRAPH_EVERY = 8
"""Extend the commit-graph (with changed-path Bloom filters) after this many of our commits."""


class GitRepository(GitHistory, GitContent):
    """A charter folder that is the top of a git work tree. Use :meth:`open` or :meth:`init`.

    Naming commits comes from :class:`~charter_app.storage.gitrevisions.GitRevisions`, reading
    history from :class:`~charter_app.storage.githistory.GitHistory` and reading content from
    :class:`~charter_app.storage.gitcontent.GitContent`; this class opens, commits and tags.
    """

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
        files = {check_path(path): data for path, data in changes.items()}
        self._clear_locks()
        branch = current_branch(self._runner.git_dir)
        if branch is None:
            raise RepositoryError(
                _("The charter is not on a branch (git reports a detached HEAD)."),
                _("Switch back to the main branch with a git tool, then save again."),
            )
        parent = self.head()
        for path in files:
            _refuse_symlinked_folders(self.path, (self.path / path).parent)
        # One fast-import stream stores the blobs, the trees and the commit from our bytes
        # (no filter can touch them) and moves the branch only if it still is at ``parent``.
        # The commit comes first and the work tree after: a write interrupted before the
        # branch moved leaves nothing visible, one interrupted after it is finished by
        # :mod:`charter_app.storage.interrupted` (a record exists when its commit exists).
        stamp = git_time(clock.wall_now())
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
        for path, data in files.items():
            quoted = _fast_import_path(path)
            if data is None:
                stream.append(b"D " + quoted + b"\n")
            else:
                stream.append(b"M 100644 inline " + quoted + b"\ndata %d\n" % len(data))
                stream += [data, b"\n"]
        stream.append(b"get-mark :1\ndone\n")
        run = self._runner
        result = run.run(
            run.argv("fast-import", ["--quiet", "--done"]), stdin=b"".join(stream), check=False
        )
        commit = result.stdout.decode("ascii", "replace").strip()
        if result.status != 0 or not OBJECT_ID.match(commit):
            if "Not updating" in result.stderr:
                raise RepositoryError(
                    _("Another program changed the charter at the same moment; nothing was saved."),
                    _("Try again: what you wrote is kept here."),
                )
            raise failure("fast-import", result.stderr, self.path)
        # The work tree and the index follow the new commit for these paths only; other
        # staged changes stay.
        self.write_committed(files)
        self._commits_since_graph += 1
        if self._commits_since_graph >= COMMIT_GRAPH_EVERY:
            self.update_commit_graph()
        return commit

    def fast_forward(self, target: str, contents: Mapping[str, bytes | None]) -> None:
        """Move the current branch from HEAD to ``target`` (a descendant of HEAD, or any commit
        when there is none yet) and write ``contents``: the files that differ between the two
        (``None`` deletes), which the caller read from ``target``. The branch first (only if it
        still is where it was), then the work tree and the index, as :meth:`commit_files` does.
        """
        if not OBJECT_ID.match(target):
            raise AssertionError(f"not a commit id: {target!r}")
        self._clear_locks()
        branch = current_branch(self._runner.git_dir)
        if branch is None:
            raise RepositoryError(
                _("The charter is not on a branch (git reports a detached HEAD)."),
                _("Switch back to the main branch with a git tool, then try again."),
            )
        for path in contents:
            _refuse_symlinked_folders(self.path, (self.path / check_path(path)).parent)
        self._update_ref(branch, target, self.head())
        self.write_committed(contents)

    def write_committed(self, contents: Mapping[str, bytes | None], work_tree: bool = True) -> None:
        """Write files that HEAD already holds into the work tree (unless ``work_tree`` is
        False) and the index (None deletes)."""
        index_info = []
        for path, data in contents.items():
            if work_tree:
                self._write_work_tree(check_path(path), data)
            if data is None:
                index_info.append(f"0 {'0' * len(self.blob_id(b''))}\t{path}")
            else:
                index_info.append(f"100644 {self.blob_id(data)}\t{path}")
        if index_info:
            run = self._runner
            entries = "".join(line + "\0" for line in index_info).encode("utf-8", "surrogateescape")
            run.run(run.argv("update-index", ["-z", "--index-info"]), stdin=entries)

    def write_may_be_unfinished(self) -> bool:
        """Whether the last commit may be missing from the folder: a write updates the index
        last, so an index older than the branch means a write was cut short (file dates only,
        no git process)."""
        runner = self._runner
        branch = current_branch(runner.git_dir)
        if branch is None:
            return False
        try:
            moved = (runner.common_dir / branch).stat().st_mtime_ns
        except OSError:
            return True  # a packed branch: check the long way
        try:
            return (runner.git_dir / "index").stat().st_mtime_ns < moved
        except OSError:
            return True

    def set_ref(self, ref: str, target: str | None) -> None:
        """Point ``ref`` (under ``refs/charter/``) at commit ``target``; None deletes it."""
        if not ref.startswith("refs/charter/"):
            raise AssertionError(f"not an application ref: {ref!r}")
        run = self._runner
        if target is None:
            run.run(run.argv("update-ref", ["-d"], [ref]), check=False)
        else:
            run.run(run.argv("update-ref", ["-mcharter: sync"], [ref, target]))

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

    def blob_id(self, data: bytes) -> str:
        """The id git gives a file holding ``data``."""
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
                    _("Another program changed the charter at the same moment; nothing was saved."),
                    _("Try again: what you wrote is kept here."),
                )
            raise failure("update-ref", result.stderr, self.path)

    def clear_stale_locks(self) -> None:
        """Remove the lock files a git process killed mid-write left (see gitcmd)."""
        self._clear_locks()

    def _clear_locks(self) -> None:
        runner = self._runner
        locks = [runner.git_dir / "index.lock", runner.git_dir / "HEAD.lock"]
        branch = current_branch(runner.git_dir)
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

    def create_tag(self, name: str, target: str, message: str, tagger: Signature) -> Tag:
        """Create the annotated tag ``name`` on ``target``; refuse an existing or invalid name."""
        check_signature(tagger)
        ref = self._tag_ref(name)
        sha = self.resolve(target)
        run = self._runner
        if run.run(run.argv("rev-parse", ["--verify", "--quiet"], [ref]), check=False).status == 0:
            raise ValidationError(_("A version named {name} already exists.").format(name=name))
        body = message.replace("\r\n", "\n").strip()
        moment = clock.wall_now()
        tag_object = (
            f"object {sha}\ntype commit\ntag {name}\n"
            f"tagger {tagger.name} <{tagger.email}> {git_time(moment).decode()}\n\n{body}\n"
        )
        tag_id = run.run_text(
            run.argv("mktag"), stdin=check_text(tag_object, _("version description"))
        ).strip()
        self._update_ref(ref, tag_id, None)
        return Tag(name, sha, body, tagger.name, moment.replace(microsecond=0))

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


def git_time(moment: datetime) -> bytes:
    """``moment`` as git writes a date: seconds since the epoch and the UTC offset."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"{int(moment.timestamp())} {zone}".encode()
