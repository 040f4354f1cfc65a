"""The base of :class:`~charter_app.storage.git.GitRepository`: its git runner, and naming commits.

HEAD, revision names (sha, tag, ``HEAD~1``...) resolved to full commit ids, and the refs under a
prefix; the history and content readers build on it.
"""

from __future__ import annotations

from pathlib import Path

from charter_app.errors import NotFoundError
from charter_app.i18n import _
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner
from charter_app.storage.ref_token import refs_token

STALE_LOCK_SECONDS = 5.0
"""A lock file older than this, with no git process running, was left by a crash."""


class GitRevisions:
    """A git work tree's runner, object format, and the names of its commits."""

    def __init__(self, runner: GitRunner, object_format: str = "sha1") -> None:
        self._runner = runner
        self._object_format = object_format
        self._commits_since_graph = 0
        self.stale_lock_seconds = STALE_LOCK_SECONDS
        self.path = runner.work_tree

    def head(self) -> str | None:
        """The commit id of HEAD, or ``None`` in a repository without commits.

        Read from the branch's own file, as git reads it first (no process); a branch git
        keeps elsewhere (packed, or another ref store) is asked of git."""
        run = self._runner
        loose = _loose_head(run.git_dir, run.common_dir)
        if loose is not None:
            return loose
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

    def refs_token(self) -> tuple[object, ...]:
        """A fingerprint that changes whenever HEAD, the branch or a tag moves (no git process;
        see :mod:`charter_app.storage.ref_token`)."""
        return refs_token(self._runner.git_dir, self._runner.common_dir)

    @property
    def object_format(self) -> str:
        """``sha1`` or ``sha256``."""
        return self._object_format

    @property
    def runner(self) -> GitRunner:
        """The command builder (for storage modules that run other git commands safely)."""
        return self._runner


def _unknown_revision(rev: str) -> NotFoundError:
    return NotFoundError(
        _("There is no version {rev!r} in the history of this charter.").format(rev=rev),
        _("Check the name or pick a version from the history."),
    )


def current_branch(git_dir: Path) -> str | None:
    """The branch HEAD names (``refs/heads/...``); None when HEAD is detached or unreadable."""
    try:
        head = (git_dir / "HEAD").read_text("utf-8").strip()
    except OSError:
        return None
    if head.startswith("ref: refs/heads/") and ".." not in head:
        return head[5:]
    return None


def _loose_head(git_dir: Path, common_dir: Path) -> str | None:
    """HEAD's commit id from its branch's file (git moves it by renaming a whole new file over
    it, so it is never read half-written); None when there is no such file."""
    branch = current_branch(git_dir)
    if branch is None:
        return None
    try:
        sha = (common_dir / branch).read_bytes().strip().decode("ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return sha if OBJECT_ID.match(sha) else None
