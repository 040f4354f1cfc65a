"""Run git on a charter repository that we do not trust: the one place every git command is built.

A charter folder may come from anywhere (a USB stick, a shared folder, a colleague's laptop), so
its ``.git/config`` and ``.gitattributes`` are data, never instructions. :class:`GitRunner`
enforces these rules for every git process it starts:

1. **User text is never an option.** Messages, tag messages and lists go through stdin. Paths
   come after ``--`` and are literal (``--literal-pathspecs``: no globs, no ``:(magic)``).
   Revisions typed by a user only reach ``rev-parse --verify --end-of-options``; every other
   command receives full object ids or names this module builds itself (``HEAD``,
   ``refs/tags/<checked name>``), checked by :meth:`GitRunner.argv`, which refuses any
   operand that could be read as an option.
2. **Nothing from the repository runs.** Every invocation disables hooks
   (``core.hooksPath=/dev/null``), fsmonitor, pagers, editors, askpass, signing, replace refs
   and grafts; every ``filter.*``, ``diff.*.textconv``/``command``, ``merge.*.driver``,
   ``trailer.*`` and other command-valued key found in the configuration is overridden with
   ``-c`` (command-line configuration wins over the repository's).
3. **No surprises from the environment.** ``--git-dir``/``--work-tree`` and the index and
   object locations are explicit; ``GIT_CONFIG_NOSYSTEM=1``, ``GIT_TERMINAL_PROMPT=0``,
   ``LC_ALL=C`` for parseable output, and ``GIT_OPTIONAL_LOCKS=0`` for reads.
4. **Failures speak plainly.** A failing git becomes a :class:`~charter_app.errors.CharterError`
   subclass carrying git's message; no traceback reaches the user. Processes are always waited
   for and their pipes closed.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from charter_app import gitbinary
from charter_app.errors import (
    CharterError,
    LockedError,
    NotACharterError,
    RepositoryError,
    StorageError,
)
from charter_app.i18n import _

log = logging.getLogger(__name__)

_NO_WINDOW = 0x08000000 if os.name == "nt" else 0
"""Windows: a git started by the app opens no console window (CREATE_NO_WINDOW)."""


def git_program() -> str:
    """The git program to run (:mod:`charter_app.gitbinary`: the packaged app's own first, else
    git on PATH); plain ``git`` when none is found, so the first command fails in plain words."""
    binary = gitbinary.chosen_git()
    return binary.executable if binary is not None else "git"


def _popen(
    argv: Sequence[str], cwd: Path | str, env: Mapping[str, str], *, piped_stdin: bool = False
) -> subprocess.Popen[bytes]:
    """Start git with ``env`` over this process's environment, its output piped; a missing or
    unstartable git raises :class:`~charter_app.errors.RepositoryError` in plain words."""
    # A folder that does not exist yet (a repository being made) or cannot be entered: git
    # runs from here instead; every command names its folders explicitly anyway.
    folder = cwd if os.access(cwd, os.X_OK) else None
    try:
        return subprocess.Popen(
            list(argv),
            cwd=folder,
            env=os.environ | dict(env),
            stdin=subprocess.PIPE if piped_stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            close_fds=True,
            creationflags=_NO_WINDOW,
        )
    except FileNotFoundError:
        raise git_missing() from None
    except OSError as error:
        raise RepositoryError(
            _("Git could not be started: {reason}").format(reason=error.strerror)
        ) from None


OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")
"""A full SHA-1 or SHA-256 object id, the only revisions passed to git besides our own names."""

_OWN_NAME = re.compile(r"(?:HEAD|refs/(?:heads|tags|charter)(?:/[^\0\n]+)?)\Z")
_EXCLUDED_ID = re.compile(r"\^[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")  # "not reachable from"
_OBJECT_PATH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?:[^\0\n]*\Z")

COMMANDS = frozenset(
    {
        "bundle create", "bundle verify", "cat-file", "check-ref-format",
        "commit-graph write", "config", "diff-tree", "fast-import", "fetch", "for-each-ref",
        "gc", "index-pack", "init", "log", "ls-files", "ls-tree", "merge-base", "mktag", "push",
        "reflog expire", "rev-list", "rev-parse", "status", "update-index", "update-ref",
    }
)  # fmt: skip
"""Every git command the application runs; anything else is a programming error."""

_SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.hooksPath", os.devnull),
    ("core.fsmonitor", "false"),
    ("core.pager", "cat"),
    ("core.editor", ":"),
    ("core.askPass", ""),
    ("core.sshCommand", "ssh"),
    ("core.gitProxy", ""),
    ("core.alternateRefsCommand", ""),
    ("core.autocrlf", "false"),
    ("core.quotePath", "false"),
    ("core.useReplaceRefs", "false"),
    ("core.commitGraph", "true"),
    ("commitGraph.readChangedPaths", "true"),
    ("sequence.editor", ":"),
    ("diff.external", ""),
    ("credential.helper", ""),
    ("commit.gpgSign", "false"),
    ("tag.gpgSign", "false"),
    ("tag.forceSignAnnotated", "false"),
    ("log.showSignature", "false"),
    ("log.follow", "false"),
    ("color.ui", "false"),
    ("gc.auto", "0"),
    ("fastimport.unpackLimit", "100"),
    ("maintenance.auto", "false"),
    ("i18n.commitEncoding", "UTF-8"),
    ("i18n.logOutputEncoding", "UTF-8"),
    ("trailer.separators", ":"),
    ("trailer.ifExists", "addIfDifferentNeighbor"),
)
"""Overrides passed with ``-c`` to every command, whatever the repository says."""

# Keys (lower-case, as ``git config --list`` prints them) whose value is a command or changes how
# content is read; each one found in the configuration is overridden with the neutral value.
_NEUTRAL_BY_SUFFIX: tuple[tuple[str, str, str], ...] = (
    ("filter.", ".clean", ""),
    ("filter.", ".smudge", ""),
    ("filter.", ".process", ""),
    ("filter.", ".required", "false"),
    ("diff.", ".textconv", ""),
    ("diff.", ".command", ""),
    ("merge.", ".driver", ""),
    ("trailer.", ".command", ""),
    ("trailer.", ".cmd", ""),
    ("trailer.", ".key", ""),
    ("credential.", ".helper", ""),
    ("remote.", ".uploadpack", "git-upload-pack"),
    ("remote.", ".receivepack", "git-receive-pack"),
    ("gpg.", ".program", "false"),
    ("pager.", "", "false"),
)


def neutral_overrides(config: Mapping[str, str]) -> list[tuple[str, str]]:
    """``-c`` overrides neutralising every command-valued key present in ``config``."""
    overrides: list[tuple[str, str]] = []
    for key in config:
        for prefix, suffix, neutral in _NEUTRAL_BY_SUFFIX:
            if key.startswith(prefix) and key.endswith(suffix) and len(key) > len(prefix):
                overrides.append((key, neutral))
                break
    return overrides


@dataclass(frozen=True)
class GitResult:
    status: int
    stdout: bytes
    stderr: str


# Git processes of ours still running, per git folder: a lock file is never stale while one is.
_running: dict[str, int] = {}
_running_guard = threading.Lock()


@contextlib.contextmanager
def _tracking(git_dir: str) -> Iterator[None]:
    with _running_guard:
        _running[git_dir] = _running.get(git_dir, 0) + 1
    try:
        yield
    finally:
        with _running_guard:
            _running[git_dir] -= 1


def ours_running(git_dir: str) -> bool:
    with _running_guard:
        return _running.get(git_dir, 0) > 0


def base_environment() -> dict[str, str]:
    """Environment for every git process (values override the inherited ones)."""
    return {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "",
        "SSH_ASKPASS": "",
        "GIT_PAGER": "cat",
        "PAGER": "cat",
        "GIT_EDITOR": ":",
        "GIT_SEQUENCE_EDITOR": ":",
        "GIT_NO_REPLACE_OBJECTS": "1",
        "GIT_LITERAL_PATHSPECS": "1",
        "GIT_CONFIG_PARAMETERS": "",
        "GIT_CONFIG_COUNT": "0",
        "GIT_NAMESPACE": "",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES": "",
        "GIT_EXTERNAL_DIFF": "",
        "GIT_FLUSH": "0",
        "LC_ALL": "C",
        "LANGUAGE": "C",
    } | gitbinary.git_environment()


class GitRunner:
    """Builds and runs the command lines for one repository; see the module rules."""

    def __init__(
        self,
        work_tree: Path,
        git_dir: Path,
        common_dir: Path,
        config_overrides: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.work_tree = work_tree
        self.git_dir = git_dir
        self.common_dir = common_dir
        overrides = list(_SAFE_CONFIG) + list(config_overrides)
        self._prefix = [
            git_program(),
            "--no-pager",
            "--no-replace-objects",
            "--literal-pathspecs",
            f"--git-dir={git_dir}",
            f"--work-tree={work_tree}",
        ]
        for key, value in overrides:
            self._prefix += ["-c", f"{key}={value}"]
        self._environment = base_environment() | {
            "GIT_INDEX_FILE": str(git_dir / "index"),
            "GIT_OBJECT_DIRECTORY": str(common_dir / "objects"),
            # A graft file that does not exist: grafts would rewrite history behind our back.
            "GIT_GRAFT_FILE": str(common_dir / "info" / "charter-no-grafts"),
        }

    def argv(
        self,
        command: str,
        options: Sequence[str] = (),
        operands: Sequence[str] = (),
        *,
        user_revisions: Sequence[str] = (),
        paths: Sequence[str] | None = None,
        own_files: Sequence[Path] = (),
    ) -> list[str]:
        """The only function that builds a git command line (rule 1 of the module docstring).

        ``options`` are constants of this package and must start with ``-``. ``operands`` must
        be full object ids, ``<id>:<path>``, or names built here (``HEAD``, ``refs/...``).
        ``own_files`` are files this application created inside the repository's own git folder
        (a bundle being written or checked), passed as absolute paths before the operands.
        ``user_revisions`` (text typed by a user: a revision, or a checked remote URL) follow
        ``--end-of-options``; ``paths`` follow ``--``.
        """
        if command not in COMMANDS:
            raise AssertionError(f"git {command} is not allowed")
        for option in options:
            if not option.startswith("-") or "\n" in option or "\0" in option:
                raise AssertionError(f"not an option: {option!r}")
        for operand in operands:
            if not (
                OBJECT_ID.match(operand)
                or _OBJECT_PATH.match(operand)
                or _OWN_NAME.match(operand)
                or _EXCLUDED_ID.match(operand)
            ):
                raise AssertionError(f"unsafe git operand: {operand!r}")
        for own_file in own_files:
            if not (
                own_file.is_absolute()
                and (self.git_dir in own_file.parents or self.common_dir in own_file.parents)
                and "\n" not in str(own_file)
            ):
                raise AssertionError(f"not a file of this repository: {own_file!r}")
        argv = [*self._prefix, *command.split(" "), *options]
        argv += [str(own_file) for own_file in own_files] + list(operands)
        if user_revisions:
            argv += ["--end-of-options", *user_revisions]
        if paths is not None:
            argv += ["--", *paths]
        return argv

    def _start(
        self, argv: list[str], env: Mapping[str, str], *, piped_stdin: bool = False
    ) -> subprocess.Popen[bytes]:
        return _popen(argv, self.work_tree, env, piped_stdin=piped_stdin)

    def run(
        self,
        argv: list[str],
        *,
        stdin: bytes | None = None,
        environment: Mapping[str, str] | None = None,
        read_only: bool = False,
        check: bool = True,
    ) -> GitResult:
        """Run ``argv`` (from :meth:`argv`), wait for it, and close its pipes."""
        env = dict(self._environment)
        if read_only:
            env["GIT_OPTIONAL_LOCKS"] = "0"
        if environment:
            env.update(environment)
        with _tracking(str(self.git_dir)):
            process = self._start(argv, env, piped_stdin=stdin is not None)
            try:
                stdout, stderr = process.communicate(stdin)
            finally:
                for stream in (process.stdin, process.stdout, process.stderr):
                    if stream is not None:
                        stream.close()
                process.wait()
        result = GitResult(process.returncode, stdout, stderr.decode("utf-8", "replace"))
        if check and result.status != 0:
            raise failure(argv[len(self._prefix)], result.stderr, self.work_tree)
        return result

    def stream(self, argv: list[str], *, read_only: bool = True) -> Iterator[bytes]:
        """Run ``argv`` and yield its output as it comes, so parsing overlaps git's work.

        The process is waited for and its pipes closed even if the caller stops early; a
        failure raises after the output (git writes little on stderr, so it cannot block).
        """
        env = dict(self._environment)
        if read_only:
            env["GIT_OPTIONAL_LOCKS"] = "0"
        with _tracking(str(self.git_dir)):
            process = self._start(argv, env)
            output = cast(io.BufferedReader, process.stdout)
            stderr = b""
            try:
                while chunk := output.read1(1 << 16):
                    yield chunk
                stderr = cast(io.BufferedReader, process.stderr).read()
            finally:
                for pipe in (process.stdout, process.stderr):
                    if pipe is not None:
                        pipe.close()
                if process.poll() is None:
                    process.kill()
                process.wait()
        if process.returncode != 0:
            raise failure(
                argv[len(self._prefix)], stderr.decode("utf-8", "replace"), self.work_tree
            )

    @contextlib.contextmanager
    def conversation(self, argv: list[str]) -> Iterator[subprocess.Popen[bytes]]:
        """Run ``argv`` (a read-only command such as ``cat-file --batch``) with its stdin and
        stdout left to the caller, who may write requests while reading answers, and reads
        stdout to its end before leaving (or raises).

        On leaving, stdin is closed, the process is waited for (killed first if the caller
        failed) and its pipes closed; a failure raises like :meth:`run`."""
        env = dict(self._environment)
        env["GIT_OPTIONAL_LOCKS"] = "0"
        with _tracking(str(self.git_dir)):
            process = self._start(argv, env, piped_stdin=True)
            stderr = b""
            completed = False
            try:
                yield process
                if process.stdin is not None and not process.stdin.closed:
                    process.stdin.close()
                stderr = cast(io.BufferedReader, process.stderr).read()
                completed = True
            finally:
                for pipe in (process.stdin, process.stdout, process.stderr):
                    if pipe is not None:
                        with contextlib.suppress(OSError):  # stdin: git may be gone
                            pipe.close()
                if not completed and process.poll() is None:
                    process.kill()
                process.wait()
        if process.returncode != 0:
            raise failure(
                argv[len(self._prefix)], stderr.decode("utf-8", "replace"), self.work_tree
            )

    def run_text(
        self,
        argv: list[str],
        *,
        stdin: bytes | None = None,
        environment: Mapping[str, str] | None = None,
    ) -> str:
        """:meth:`run`, then the output decoded as UTF-8."""
        result = self.run(argv, stdin=stdin, environment=environment)
        return result.stdout.decode("utf-8", "replace")


def git_missing() -> RepositoryError:
    """The plain-words error when no git program can be found (source run without git)."""
    return RepositoryError(
        _("Git is not installed or cannot be found."),
        _("Install git (https://git-scm.com), then open the charter again."),
    )


def failure(command: str, stderr: str, work_tree: Path | str) -> CharterError:
    """A plain-words error for a failed git command, with git's own message attached."""
    message = stderr.strip()
    lowered = message.lower()
    if "dubious ownership" in lowered:
        return RepositoryError(
            _(
                "The charter folder {path} belongs to another user account, so git refuses "
                "to open it (a protection against folders prepared by someone else)."
            ).format(path=work_tree),
            _(
                "If you trust this folder, run: git config --global --add safe.directory "
                "{path}. Otherwise copy the charter into a folder of your own."
            ).format(path=work_tree),
        )
    if "not a git repository" in lowered or "must be run in a work tree" in lowered:
        return NotACharterError(
            _("{path} is not a charter: it is not a git repository.").format(path=work_tree),
            _("Open the folder that contains charter.yaml, or create a new charter."),
        )
    if ".lock" in lowered and ("file exists" in lowered or "unable to create" in lowered):
        return LockedError(
            _("Another program is changing the charter in {path} right now.").format(
                path=work_tree
            ),
            _("Wait a moment and try again; close other git tools working on this folder."),
        )
    if "no space left on device" in lowered or "disk quota" in lowered:
        return StorageError(
            _("The disk is full: the charter could not be saved."),
            _("Free some space on the disk, then save again; nothing was lost."),
        )
    if "read-only file system" in lowered or "permission denied" in lowered:
        return StorageError(
            _("The charter folder {path} cannot be written to.").format(path=work_tree),
            _("Copy the charter to a folder you can write to, or ask for write access."),
        )
    return RepositoryError(
        _("Git failed ({command}): {message}").format(command=command, message=message)
    )


# --- stale lock files ----------------------------------------------------------------------------


def _other_git_process_in(folders: Sequence[Path]) -> bool:
    """Best effort (Linux): is any ``git`` process working in one of ``folders``?"""
    proc = Path("/proc")
    if not proc.is_dir():
        return False
    wanted = {str(folder) for folder in folders}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "git":
                continue
            if os.readlink(entry / "cwd") in wanted:
                return True
        except OSError:
            continue
    return False


def clear_stale_locks(
    runner: GitRunner, locks: Sequence[Path], stale_after: float, wait: float = 1.0
) -> None:
    """Remove lock files left by a crash; raise :class:`LockedError` for a live one.

    A lock is stale when it is older than ``stale_after`` seconds and no git process of ours,
    nor (on Linux) any git process working in this repository, is running. A fresh lock gets
    ``wait`` seconds to disappear before we give up.
    """
    deadline = time.monotonic() + wait
    for lock in locks:
        while True:
            try:
                modified = lock.stat().st_mtime
            except FileNotFoundError:
                break
            except OSError:
                break
            age = time.time() - modified
            busy = ours_running(str(runner.git_dir)) or _other_git_process_in(
                (runner.work_tree, runner.git_dir)
            )
            if age >= stale_after and not busy:
                log.warning(
                    "removing stale lock %s (%.0f s old, no git process running): "
                    "left by a git process that crashed or was killed",
                    lock,
                    age,
                )
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()
                break
            if time.monotonic() >= deadline:
                raise LockedError(
                    _("Another program is changing the charter in {path} right now.").format(
                        path=runner.work_tree
                    ),
                    _(
                        "Wait a moment and try again. If no other program is open, the lock "
                        "{lock} will be removed automatically in a few seconds."
                    ).format(lock=lock.name),
                )
            time.sleep(0.05)


def discover(work_tree: Path) -> tuple[str, str, str, str]:
    """Top folder, git folder, common folder and bareness of ``work_tree``, as git finds them.

    Git's own discovery runs here once, so that its ownership check ("dubious ownership")
    applies; later commands name the folders explicitly, which would skip that check.
    """
    environment = base_environment() | {"GIT_CEILING_DIRECTORIES": str(work_tree.parent)}
    if "GIT_DIR" in os.environ:
        environment["GIT_DIR"] = str(work_tree / ".git")
    argv = [
        git_program(),
        "-c", f"core.hooksPath={os.devnull}", "-c", "core.fsmonitor=false",
        "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir",
        "--is-bare-repository",
    ]  # fmt: skip
    process = _popen(argv, work_tree, environment)
    with process:
        out, err = process.communicate()
    status = process.returncode
    stdout = out.decode("utf-8", "replace").rstrip("\n")
    stderr = err.decode("utf-8", "replace").rstrip("\n")
    lines = str(stdout).splitlines()
    if status != 0 or len(lines) != 4:
        raise failure("rev-parse", str(stderr), work_tree)
    top, git_dir, common_dir, bare = lines
    common = Path(common_dir)
    if not common.is_absolute():
        common = work_tree / common
    return top, git_dir, os.path.realpath(common), bare
