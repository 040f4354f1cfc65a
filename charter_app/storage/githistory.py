"""Reading the charter's history: commits newest first, the paths they changed, ancestry."""

from __future__ import annotations

from collections.abc import Sequence

from charter_app.core.revision import Revision
from charter_app.errors import RepositoryError
from charter_app.storage.gitcmd import OBJECT_ID, failure
from charter_app.storage.gitlog import LOG_FORMAT, LogFields, LogParser, RevisionFields
from charter_app.storage.gitpaths import check_path
from charter_app.storage.gitrevisions import GitRevisions


class GitHistory(GitRevisions):
    """The history readers of :class:`~charter_app.storage.git.GitRepository`."""

    def log(
        self, paths: Sequence[str] = (), rev: str = "HEAD", max_count: int | None = None
    ) -> list[Revision]:
        """Commits reachable from ``rev``, newest first, limited to ``paths`` if given."""
        parser = LogParser()
        return parser.finish() if self._read_log(parser, paths, rev, max_count) else []

    def log_fields(self, paths: Sequence[str] = (), rev: str = "HEAD") -> list[RevisionFields]:
        """:meth:`log` as plain fields (see :class:`~charter_app.storage.gitlog.LogFields`)."""
        parser = LogFields()
        return parser.finish_fields() if self._read_log(parser, paths, rev, None) else []

    def _read_log(
        self, parser: LogParser, paths: Sequence[str], rev: str, max_count: int | None
    ) -> bool:
        """Feed ``parser`` with the log; False when there is no commit yet."""
        checked = [check_path(path) for path in paths]
        # "HEAD" is our own name and needs no resolving (one process less for the UI).
        start = "HEAD" if rev == "HEAD" else self.resolve(rev)
        options = ["-z", LOG_FORMAT, "--no-show-signature", "--no-color", "--no-ext-diff"]
        if max_count is not None:
            options.append(f"--max-count={max(0, int(max_count))}")
        run = self._runner
        try:
            for chunk in run.stream(run.argv("log", options, [start], paths=checked)):
                parser.feed(chunk)
        except RepositoryError:
            if start == "HEAD" and self.head() is None:
                return False
            raise
        return True

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
        for chunk in run.stream(run.argv("log", options, ["HEAD"], paths=[check_path(path)])):
            parser.feed(chunk)
        return parser.finish()
