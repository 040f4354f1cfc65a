"""The way out for a charter made before the registry, while no version is adopted: its history
rewritten without ``participants.yaml``, so that no commit holds a name any more.

The rewrite is a *function of the commits*: each commit gets the same author, dates and message,
its tree without ``participants.yaml``, the commit ids that amendments (``base``) and events
(``passage.commit``) name replaced by their rewritten ids, and the rewritten parents. Any laptop
rewriting the same commits gets the same ids, so copies rewritten apart still share their
history: a copy that receives the rewritten history rewrites its own the same way before
merging (:func:`reconcile`), and one that receives an older copy's history rewrites that
(the server's, on its way in, then replaces the server's ``main``, never losing a commit).

A version (annotated tag) is never rewritten: a history one of them contains is left as it is,
and the privacy report says so.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from charter_app.errors import RepositoryError, ValidationError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID

_SCRATCH = "refs/charter/rewrite/"
_REWRITTEN_FILES = ("amendments/", "events/")
"""Files that may name commits (an amendment's base, a comment's passage)."""
_REFS_TO_FOLLOW = ("refs/charter/received/", "refs/charter/sent/", "refs/charter/exported-by/")


@dataclass(frozen=True)
class Rewritten:
    """What a rewrite did."""

    tip: str
    """The rewritten commit of the tip given."""
    commits: int
    """Commits rewritten (those that held names, and their descendants)."""


def holds_names(git: GitRepository, tip: str) -> bool:
    """Whether a commit of ``tip``'s history holds ``participants.yaml``."""
    run = git.runner
    result = run.run(
        run.argv("rev-list", ["--max-count=1"], [tip], paths=[files.PARTICIPANTS_FILE]),
        read_only=True,
        check=False,
    )
    return result.status == 0 and bool(result.stdout.strip())


def versions_holding_names(git: GitRepository, tip: str) -> list[str]:
    """The adopted versions whose history holds ``participants.yaml`` (they block a rewrite)."""
    return [
        tag.name
        for tag in git.tags()
        if git.is_ancestor(tag.target, tip) and holds_names(git, tag.target)
    ]


def rewrite(git: GitRepository, tip: str) -> Rewritten:
    """The history of ``tip`` without ``participants.yaml`` (see the module docstring); the new
    objects are stored, no ref of the charter moves."""
    run = git.runner
    listing = run.run(
        run.argv("rev-list", ["--topo-order", "--reverse", "--parents"], [tip]), read_only=True
    ).stdout.decode("ascii", "replace")
    order = [line.split() for line in listing.splitlines() if line.strip()]
    if not holds_names(git, tip):
        return Rewritten(tip, 0)
    changes = _changes(git, tip)
    raw = _raw_commits(git, [commit for commit, *_parents in order])
    wanted = sorted(
        {
            blob
            for entries in changes.values()
            for path, _mode, blob in entries
            if blob and path.startswith(_REWRITTEN_FILES)
        }
    )
    contents = dict(zip(wanted, git.read_blobs(wanted), strict=True))
    mapping: dict[str, str] = {}
    marks: dict[str, int] = {}
    scratch = _SCRATCH + secrets.token_hex(6)
    rewritten = 0
    try:
        # fast-import tells each new id as soon as asked (get-mark): the files of later
        # commits need them.
        with run.conversation(run.argv("fast-import", ["--quiet", "--done"])) as process:
            assert process.stdin is not None and process.stdout is not None
            for commit, *parents in order:
                mark = len(marks) + 1
                commands = _commit_commands(
                    commit, parents, changes.get(commit, []), contents, raw, mapping, marks, mark,
                    scratch,
                )  # fmt: skip
                if commands is None:
                    mapping[commit] = commit
                    continue
                process.stdin.write(commands)
                process.stdin.flush()
                answer = process.stdout.readline().decode("ascii", "replace").strip()
                if not OBJECT_ID.match(answer):
                    raise _failed("fast-import gave no commit id")
                mapping[commit] = answer
                marks[commit] = mark
                rewritten += 1
            process.stdin.write(b"done\n")
    except RepositoryError as error:
        raise _failed(error.message) from None
    finally:
        run.run(run.argv("update-ref", ["-d"], [scratch]), check=False)
    return Rewritten(mapping.get(tip, tip), rewritten)


def _commit_commands(
    commit: str,
    parents: list[str],
    entries: list[tuple[str, str, str | None]],
    contents: Mapping[str, bytes | None],
    raw: Mapping[str, tuple[dict[bytes, bytes], bytes]],
    mapping: Mapping[str, str],
    marks: Mapping[str, int],
    mark: int,
    scratch: str,
) -> bytes | None:
    """The fast-import commands of one rewritten commit, ending with ``get-mark``; None when
    the commit stays as it is (no name, and its parents and files unchanged)."""
    touches = any(path == files.PARTICIPANTS_FILE for path, _mode, _blob in entries)
    new_files: dict[str, bytes | str | None] = {}
    for path, _mode, blob in entries:
        if path == files.PARTICIPANTS_FILE:
            continue
        data = contents.get(blob) if blob and path.startswith(_REWRITTEN_FILES) else None
        changed = _substitute(data, mapping) if data is not None else None
        new_files[path] = changed if changed is not None and changed != data else blob
    moved = [mapping.get(parent, parent) for parent in parents]
    if (
        not touches
        and moved == parents
        and not any(isinstance(v, bytes) for v in new_files.values())
    ):
        return None
    header, message = raw[commit]
    stream = [f"reset {scratch}\n".encode()] if not parents else []
    stream += [
        f"commit {scratch}\nmark :{mark}\n".encode(),
        b"author " + header[b"author"] + b"\n",
        b"committer " + header[b"committer"] + b"\n",
        b"data %d\n" % len(message) + message + b"\n",
    ]
    for index, parent in enumerate(parents):
        # A commit made in this run is known by its mark (fast-import has not stored it yet).
        reference = f":{marks[parent]}" if parent in marks else parent
        stream.append(f"{'from' if index == 0 else 'merge'} {reference}\n".encode())
    stream.append(b"D " + _quoted(files.PARTICIPANTS_FILE) + b"\n")
    for path, value in sorted(new_files.items()):
        if value is None:
            stream.append(b"D " + _quoted(path) + b"\n")
        elif isinstance(value, bytes):
            stream.append(b"M 100644 inline " + _quoted(path) + b"\ndata %d\n" % len(value))
            stream += [value, b"\n"]
        else:
            stream.append(f"M 100644 {value} ".encode() + _quoted(path) + b"\n")
    stream.append(f"get-mark :{mark}\n".encode())
    return b"".join(stream)


def _quoted(path: str) -> bytes:
    return b'"' + path.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'


def _failed(detail: str) -> RepositoryError:
    return RepositoryError(
        _("The history could not be rewritten: {detail}").format(detail=detail),
        _("Nothing was changed. Check that the disk is not full, then try again."),
    )


def _changes(git: GitRepository, tip: str) -> dict[str, list[tuple[str, str, str | None]]]:
    """Each commit's files changed from its first parent (all of them for a first commit):
    commit -> [(path, mode, blob or None when deleted)]."""
    run = git.runner
    options = [
        "-z", "--format=tformat:%x01%H", "--raw", "-r", "--root", "--no-abbrev",
        "--no-renames", "--diff-merges=first-parent", "--no-ext-diff", "--no-textconv",
    ]  # fmt: skip
    output = run.run(run.argv("log", options, [tip]), read_only=True).stdout
    found: dict[str, list[tuple[str, str, str | None]]] = {}
    for record in output.split(b"\x01")[1:]:
        fields = record.split(b"\0")
        commit = fields[0].decode("ascii", "replace").strip()
        entries: list[tuple[str, str, str | None]] = []
        position = 1
        while position + 1 < len(fields):
            meta = fields[position].decode("ascii", "replace").lstrip("\n")
            path = fields[position + 1].decode("utf-8", "surrogateescape")
            position += 2
            if not meta.startswith(":"):
                continue
            _old_mode, new_mode, _old_blob, new_blob, status = meta[1:].split(" ")
            entries.append((path, new_mode, None if status.startswith("D") else new_blob))
        found[commit] = entries
    return found


def _raw_commits(
    git: GitRepository, commits: list[str]
) -> dict[str, tuple[dict[bytes, bytes], bytes]]:
    """Each commit's header lines (author, committer...) and message, as stored."""
    run = git.runner
    request = "".join(f"{sha}\n" for sha in commits).encode()
    stream = run.run(run.argv("cat-file", ["--batch"]), stdin=request, read_only=True).stdout
    found: dict[str, tuple[dict[bytes, bytes], bytes]] = {}
    position = 0
    for sha in commits:
        end = stream.index(b"\n", position)
        size = int(stream[position:end].split(b" ")[2])
        body = stream[end + 1 : end + 1 + size]
        position = end + 1 + size + 1
        head, _blank, message = body.partition(b"\n\n")
        header: dict[bytes, bytes] = {}
        for line in head.split(b"\n"):
            key, _space, value = line.partition(b" ")
            header.setdefault(key, value)
        found[sha] = (header, message)
    return found


_COMMIT_ID = re.compile(rb"\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b")


def _substitute(data: bytes, mapping: Mapping[str, str]) -> bytes:
    """``data`` with the commit ids of ``mapping`` replaced by their rewritten ids."""
    return _COMMIT_ID.sub(
        lambda match: mapping.get(match.group().decode(), match.group().decode()).encode(), data
    )


def move_branch(git: GitRepository, old: str, new: str) -> None:
    """Point ``main`` at the rewritten ``new`` (only if it still is at ``old``), follow the
    exchange refs, and bring the folder's files to it."""
    if not OBJECT_ID.match(new):
        raise AssertionError(f"not a commit id: {new!r}")
    run = git.runner
    changed = git.diff_paths(old, new)
    run.run(run.argv("update-ref", ["-mcharter: names out of history"], ["HEAD", new, old]))
    lines = [
        f"delete {name}\n" for name in git.refs("refs/charter") if name.startswith(_REFS_TO_FOLLOW)
    ]
    if lines:
        run.run(run.argv("update-ref", ["--stdin"]), stdin="".join(lines).encode())
    kept = [path for status, path in changed if status != "D" and path != files.PARTICIPANTS_FILE]
    contents = dict(zip(kept, git.read_blobs([f"{new}:{path}" for path in kept]), strict=True))
    git.write_committed(
        {path: contents.get(path) for _status, path in changed if path != files.PARTICIPANTS_FILE}
    )


def rewrite_charter(git: GitRepository) -> Rewritten:
    """Rewrite this charter's history without the names (refused once a version includes
    them, or while a sync waits); the old commits are then forgotten by the caller."""
    head = git.head()
    if head is None or not holds_names(git, head):
        raise ValidationError(_("No saved version of this charter holds a name: nothing to do."))
    blocking = versions_holding_names(git, head)
    if blocking:
        raise ValidationError(
            _("The adopted versions {versions} hold the names: they cannot be rewritten.").format(
                versions=", ".join(blocking)
            ),
            _("The privacy report says what remains where."),
        )
    if git.refs("refs/charter/pending"):
        raise ValidationError(
            _("A sync is waiting for its conflicts to be resolved."),
            _("Resolve them, or abandon that sync, then try again."),
        )
    result = rewrite(git, head)
    move_branch(git, head, result.tip)
    return result


def forget_old_history(git: GitRepository) -> None:
    """Forget the commits a rewrite replaced: the reflogs that still name them first (a
    rewrite is the one time the app empties them), then what nothing reaches."""
    # Imported here: the registry imports nothing of the rewrite, and the rewrite is rare.
    from charter_app.storage.registry import forget_unreachable

    run = git.runner
    run.run(
        run.argv("reflog expire", ["--expire=now", "--expire-unreachable=now", "--all"]),
        check=False,
    )
    forget_unreachable(git)


@dataclass(frozen=True)
class Reconciled:
    """What :func:`reconcile` did to let two copies' histories meet."""

    theirs: str
    """The received commit to merge (rewritten when it still held names)."""
    ours_rewritten: bool = False
    """This copy's history was rewritten (the other one had been)."""
    theirs_rewritten: bool = False
    """The received history was rewritten (it came from a copy not rewritten yet)."""


def reconcile(git: GitRepository, theirs: str, versions: Mapping[str, str] = {}) -> Reconciled:
    """When a received history shares no commit with ours because one of the two was
    rewritten without the names, rewrite the other the same way so they meet again; the
    received ``versions`` (name -> commit) must not be in a history that changes. The caller
    forgets the replaced commits (:func:`forget_old_history`) once the exchange is over."""
    ours = git.head()
    if ours is None or git.merge_base(ours, theirs) is not None:
        return Reconciled(theirs)
    if holds_names(git, theirs) and not holds_names(git, ours):
        blocking = [name for name, commit in versions.items() if git.is_ancestor(commit, theirs)]
        if blocking:
            raise _kept_versions(blocking)
        renamed = rewrite(git, theirs).tip
        if git.merge_base(ours, renamed) is not None:
            return Reconciled(renamed, theirs_rewritten=True)
    elif holds_names(git, ours) and not holds_names(git, theirs):
        blocking = versions_holding_names(git, ours)
        if blocking:
            raise _kept_versions(blocking)
        renamed = rewrite(git, ours).tip
        if git.merge_base(renamed, theirs) is not None:
            move_branch(git, ours, renamed)
            return Reconciled(theirs, ours_rewritten=True)
    return Reconciled(theirs)


def _kept_versions(names: list[str]) -> ValidationError:
    return ValidationError(
        _(
            "The other copy's history was rewritten without the participants' names, but the "
            "versions {versions} were adopted on the older history, which holds them: the two "
            "cannot be brought together."
        ).format(versions=", ".join(sorted(names))),
        _("Keep working on one of the two copies; the privacy report says what remains where."),
    )


def rewritten_notice() -> str:
    return _(
        "The charter's history was rewritten without the participants' names on one of the "
        "two copies: the other was rewritten the same way (every contribution kept)."
    )
