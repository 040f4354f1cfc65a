"""Bring another laptop's or the server's commits into the charter: merge, conflicts, sync, clone.

Received commits are verified in a :class:`~charter_app.storage.quarantine.Quarantine` first
(bundles: :mod:`charter_app.storage.bundles`); :func:`merge_incoming` then merges them with our
own tree merge, file by file (:mod:`charter_app.core.merging`): immutable files (events,
amendments) simply add up, a principle edited on both sides merges word by word, and what cannot
merge becomes a conflict object. Until every conflict is resolved (:func:`resolve_conflict`) the
charter is left exactly as it was; the resolution is an ordinary merge commit with both parents.

Adopted versions (annotated tags ``v1.0``...) travel too: :func:`store_versions` creates the
verified ones this charter lacks and never moves one it has (a different one is reported, ours
kept); :func:`local_versions` lists what to send.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import shutil
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charter_app.core.blame import SavedBlame
from charter_app.core.merging import (
    Conflict,
    FileConflict,
    PrincipleConflict,
    merge_fields,
    merge_order,
    merge_participants,
    merge_principle,
)
from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Revision, Signature
from charter_app.core.versions import VERSION_NAME
from charter_app.diffing.merge3 import merge3
from charter_app.errors import CharterError, NotFoundError, ValidationError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.atomic import write_atomic
from charter_app.storage.blame_cache import DEFAULT_BLAME_CACHE, BlameCache, Pointer
from charter_app.storage.git import GitRepository
from charter_app.storage.gitlog import LOG_FORMAT, LogParser
from charter_app.storage.quarantine import (
    DEFAULT_LIMITS,
    TAGS_PREFIX,
    ImportLimits,
    Quarantine,
    check_remote,
    transport_config,
)
from charter_app.storage.repository import APP_SIGNATURE, CharterRepository
from charter_app.storage.textnorm import unwrap

PENDING_REF = "refs/charter/pending-merge"
"""The received commit a merge with conflicts waits for (keeps its objects alive)."""
_STATE_FILE = "charter-pending-merge.json"
RECEIVED_PREFIX = "refs/charter/received/"
"""``refs/charter/received/<laptop or server>``: the last commit received from it."""
_PUSH_ATTEMPTS = 3


@dataclass(frozen=True)
class SyncResult:
    """What an import or a sync did."""

    outcome: str
    """``up-to-date``, ``fast-forward``, ``merged`` or ``conflicts`` (nothing changed yet)."""
    head: str | None
    """HEAD afterwards."""
    incoming: str | None = None
    """The received commit."""
    new_commits: int = 0
    """Received commits the charter did not have."""
    conflicts: tuple[Conflict, ...] = ()
    """What must be resolved before the merge is committed (outcome ``conflicts``)."""
    source: str = ""
    """Who the commits came from: a laptop's name or the server's address."""
    pushed: bool = False
    """Whether a sync sent our commits to the server."""
    renumbering: str | None = None
    """The commit that made amendment renumberings permanent after the merge, if any."""
    new_versions: tuple[str, ...] = ()
    """Adopted versions (tags) received and added to this charter."""
    sent_versions: tuple[str, ...] = ()
    """Adopted versions a sync sent to the server."""
    notices: tuple[str, ...] = ()
    """Translated sentences about versions not taken or not sent (each side keeps its own)."""


# --- merging ---------------------------------------------------------------------------------


def merge_incoming(
    repository: CharterRepository,
    theirs: str,
    *,
    author: str | None = None,
    source: str = "",
    new_commits: int = 0,
) -> SyncResult:
    """Merge the verified commit ``theirs`` (already in our object store) into HEAD."""
    git = repository.git
    ours = git.head()
    pending = _load_state(git)
    if pending and not git.is_ancestor(pending["theirs"], theirs):
        raise ValidationError(
            _("A previous sync is waiting for its conflicts to be resolved."),
            _("Resolve them with “charter resolve-conflict”, or abandon that sync first."),
        )
    if ours is not None and git.is_ancestor(theirs, ours):
        return SyncResult("up-to-date", ours, theirs, 0, source=source)
    if ours is None or git.is_ancestor(ours, theirs):
        new_blobs = git.tree_blobs(theirs)
        old_blobs = git.tree_blobs(ours) if ours else {}
        changed = sorted(
            p for p in set(new_blobs) | set(old_blobs) if new_blobs.get(p) != old_blobs.get(p)
        )
        wanted = [p for p in changed if p in new_blobs]
        contents: dict[str, bytes | None] = dict.fromkeys(changed)
        for path, data in zip(wanted, git.read_blobs([new_blobs[p] for p in wanted]), strict=True):
            contents[path] = data
        _check_unsaved(git, contents)
        git.fast_forward(theirs, contents)
        _clear_state(git)
        return _finish(repository, "fast-forward", theirs, new_commits, source, author)
    state = {"theirs": theirs, "source": source, "resolutions": {}}
    if pending:
        state["resolutions"] = pending.get("resolutions", {})
    return _attempt(repository, state, author, new_commits)


def _attempt(
    repository: CharterRepository, state: dict[str, Any], author: str | None, new_commits: int
) -> SyncResult:
    git = repository.git
    ours = git.head()
    assert ours is not None
    theirs: str = state["theirs"]
    source: str = state.get("source", "")
    resolutions = {
        path: base64.b64decode(data) for path, data in state.get("resolutions", {}).items()
    }
    changes, conflicts = merge_trees(git, git.merge_base(ours, theirs), ours, theirs, resolutions)
    if conflicts:
        git.set_ref(PENDING_REF, theirs)
        _save_state(git, state)
        return SyncResult("conflicts", ours, theirs, new_commits, tuple(conflicts), source)
    _check_unsaved(git, changes)
    signature = Signature.for_participant(author) if author else APP_SIGNATURE
    message = (
        _("Merge the work of {source}").format(source=source)
        if source
        else _("Merge received work")
    )
    trailers = [("Charter-Participant", author)] if author else []
    git.commit_files(changes, message, signature, trailers, merge_parents=[theirs])
    _clear_state(git)
    return _finish(repository, "merged", theirs, new_commits, source, author)


def _finish(
    repository: CharterRepository,
    outcome: str,
    theirs: str,
    new_commits: int,
    source: str,
    author: str | None,
) -> SyncResult:
    renumbering = None
    if author:
        # Imported here to keep amendment code out of the import path of plain storage.
        from charter_app.storage.amendments import AmendmentBook

        renumbering = AmendmentBook(repository).record_renumberings(author)
    return SyncResult(
        outcome,
        repository.git.head(),
        theirs,
        new_commits,
        source=source,
        renumbering=renumbering,
    )


def merge_trees(
    git: GitRepository,
    base: str | None,
    ours: str,
    theirs: str,
    resolutions: Mapping[str, bytes] = {},
) -> tuple[dict[str, bytes | None], list[Conflict]]:
    """The files to change in ``ours`` to merge ``theirs`` (``None`` deletes), and conflicts.

    ``resolutions`` (path -> chosen content) settle conflicts of an earlier attempt.
    """
    base_blobs = git.tree_blobs(base) if base else {}
    our_blobs, their_blobs = git.tree_blobs(ours), git.tree_blobs(theirs)
    take: dict[str, str | None] = {}
    both: list[str] = []
    for path in sorted(set(base_blobs) | set(our_blobs) | set(their_blobs)):
        old, mine, other = base_blobs.get(path), our_blobs.get(path), their_blobs.get(path)
        if mine == other or other == old:
            continue
        if mine == old:
            take[path] = other
        else:
            both.append(path)
    wanted = sorted(
        {blob for blob in take.values() if blob}
        | {
            blob
            for path in both
            for blob in (base_blobs.get(path), our_blobs.get(path), their_blobs.get(path))
            if blob
        }
    )
    data = dict(zip(wanted, git.read_blobs(wanted), strict=True))
    changes: dict[str, bytes | None] = {
        path: (data[blob] if blob else None) for path, blob in take.items()
    }
    conflicts: list[Conflict] = []
    for path in both:

        def content(blobs: Mapping[str, str], path: str = path) -> bytes | None:
            blob = blobs.get(path)
            return data[blob] if blob else None

        if path in resolutions:
            changes[path] = resolutions[path]
            continue
        merged = merge_file(path, content(base_blobs), content(our_blobs), content(their_blobs))
        if isinstance(merged, PrincipleConflict | FileConflict):
            conflicts.append(merged)
        elif merged != content(our_blobs):
            changes[path] = merged
    return changes, conflicts


def merge_file(
    path: str, base: bytes | None, mine: bytes | None, theirs: bytes | None
) -> bytes | None | Conflict:
    """Merge one file changed on both sides, by what it holds (docs/FORMAT.md)."""
    try:
        if path.startswith(files.PRINCIPLES_DIR + "/") and path.endswith(".md"):
            result = merge_principle(*(_principle(d, path) for d in (base, mine, theirs)))
            if isinstance(result, Principle):
                return files.serialise_principle(result)
            return result
        if path == files.CHARTER_FILE and mine is not None and theirs is not None:
            merged_yaml = _merge_charter_yaml(base, mine, theirs)
            if merged_yaml is not None:
                return merged_yaml
        if path == files.PARTICIPANTS_FILE and mine is not None and theirs is not None:
            people = merge_participants(
                files.parse_participants(base) if base else (),
                files.parse_participants(mine),
                files.parse_participants(theirs),
            )
            if people is not None:
                return files.serialise_participants(people)
    except CharterError:
        pass  # a file that does not parse merges as plain text, or conflicts
    texts = [_text(d) for d in (base, mine, theirs)]
    if mine is not None and theirs is not None:
        result_text = merge3(*texts)
        if result_text.text is not None:
            return result_text.text.encode("utf-8")
    return FileConflict(path, texts[0], texts[1], texts[2], merge3(*texts))


def _principle(data: bytes | None, path: str) -> Principle | None:
    return None if data is None else files.parse_principle(data, path)


def _text(data: bytes | None) -> str:
    return "" if data is None else data.decode("utf-8", "replace")


def _merge_charter_yaml(base: bytes | None, mine: bytes, theirs: bytes) -> bytes | None:
    base_meta, base_order = files.parse_charter_meta(base) if base else ({}, [])
    my_meta, my_order = files.parse_charter_meta(mine)
    their_meta, their_order = files.parse_charter_meta(theirs)
    meta = merge_fields(base_meta, my_meta, their_meta)
    order = merge_order(base_order, my_order, their_order)
    if meta is None or order is None:
        return None
    stubs = tuple(Principle(pid, "1", pid, "") for pid in order)
    return files.serialise_charter_meta(Charter(principles=stubs, **meta))


def _check_unsaved(git: GitRepository, contents: Mapping[str, bytes | None]) -> None:
    """Refuse to overwrite a file with changes that are not saved (unless already as wanted)."""
    if not contents:
        return
    for path in git.status(sorted(contents)):
        on_disk = git.path / path
        wanted = contents.get(path)
        current = on_disk.read_bytes() if on_disk.is_file() else None
        if current != wanted:
            raise ValidationError(
                _("{path} has changes that are not saved in the charter's history.").format(
                    path=path
                ),
                _("Save (or undo) those changes, then sync again; nothing was changed."),
            )


# --- conflicts waiting for a resolution --------------------------------------------------------


def pending_conflicts(repository: CharterRepository) -> tuple[Conflict, ...]:
    """The conflicts of the sync waiting for a resolution (empty when there is none)."""
    git = repository.git
    state = _load_state(git)
    ours = git.head()
    if not state or ours is None:
        return ()
    resolutions = {p: base64.b64decode(d) for p, d in state.get("resolutions", {}).items()}
    theirs = state["theirs"]
    _changes, conflicts = merge_trees(git, git.merge_base(ours, theirs), ours, theirs, resolutions)
    return tuple(conflicts)


def resolve_conflict(
    repository: CharterRepository,
    target: str,
    text: str,
    author: str,
    title: str | None = None,
) -> SyncResult:
    """Settle one conflict by taking ``text`` and, once none is left, commit the merge.

    ``target`` is a principle id (``text`` is its body; ``title`` optional) or a file path
    such as ``charter.yaml`` (``text`` is the whole file).
    """
    git = repository.git
    state = _load_state(git)
    if not state:
        raise NotFoundError(_("There is no sync waiting for a conflict to be resolved."))
    conflicts = pending_conflicts(repository)
    for conflict in conflicts:
        if isinstance(conflict, PrincipleConflict) and conflict.principle_id == target:
            principle = conflict.resolve(text, title)
            path, content = files.principle_path(target), files.serialise_principle(principle)
            break
        if isinstance(conflict, FileConflict) and conflict.path == target:
            path, content = target, text.encode("utf-8")
            break
    else:
        raise NotFoundError(
            _("“{target}” has no conflict to resolve.").format(target=target),
            _("Conflicts waiting: {names}.").format(names=", ".join(_name(c) for c in conflicts))
            if conflicts
            else "",
        )
    state.setdefault("resolutions", {})[path] = base64.b64encode(content).decode("ascii")
    return _attempt(repository, state, author, 0)


def abandon_merge(repository: CharterRepository) -> None:
    """Forget the sync waiting for its conflicts; the charter stays as it is."""
    _clear_state(repository.git)


def _name(conflict: Conflict) -> str:
    return conflict.principle_id if isinstance(conflict, PrincipleConflict) else conflict.path


def _state_path(git: GitRepository) -> Path:
    return git.runner.common_dir / _STATE_FILE


def _load_state(git: GitRepository) -> dict[str, Any] | None:
    try:
        state = json.loads(_state_path(git).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and isinstance(state.get("theirs"), str) else None


def _save_state(git: GitRepository, state: Mapping[str, Any]) -> None:
    write_atomic(_state_path(git), json.dumps(state, indent=1).encode("utf-8"))


def _clear_state(git: GitRepository) -> None:
    _state_path(git).unlink(missing_ok=True)
    git.set_ref(PENDING_REF, None)


# --- a server or a shared folder ------------------------------------------------------------------


def sync(
    repository: CharterRepository,
    url: str,
    author: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> SyncResult:
    """Fetch the server's ``main`` (verified in quarantine), merge it, and push the result.

    Adopted versions travel both ways: the server's that are verified and new here are created
    (one of the same name that differs is reported and ours kept; a tag that is not a valid
    version is ignored and reported), and ours that the server lacks are pushed, never forced.

    ``url`` is the authority's git server (https, ssh) or a shared folder (path or file://);
    see :func:`~charter_app.storage.quarantine.check_remote`. Nothing is pushed while
    conflicts wait for a resolution.
    """
    remote = check_remote(url)
    git = repository.git
    result = SyncResult("up-to-date", git.head(), source=remote.url)
    received: list[str] = []
    for _attempt_number in range(_PUSH_ATTEMPTS):
        server_versions: dict[str, str] = {}
        with Quarantine(git, transport_config(remote), limits) as quarantine:
            tip = quarantine.fetch(remote)
            if tip is not None:
                count = quarantine.verify(tip)
                server_versions = quarantine.fetched_versions()
                ignored = quarantine.check_versions(server_versions, tip)
                quarantine.admit()
        if tip is not None:
            git.set_ref(RECEIVED_PREFIX + "server", tip)
            result = merge_incoming(
                repository, tip, author=author, source=remote.url, new_commits=count
            )
            accepted = {n: sha for n, sha in server_versions.items() if n not in ignored}
            added, kept = store_versions(git, accepted)
            received += added
            notices = [*kept, *(_ignored_notice(name) for name in sorted(ignored))]
            result = dataclasses.replace(
                result, new_versions=tuple(received), notices=tuple(notices)
            )
            if result.outcome == "conflicts":
                return result
        head = git.head()
        if head is None:
            return result
        # Never offer a name the server already has, whatever it holds: tags are not moved.
        to_send = {
            name: tag
            for name, tag in local_versions(git, head).items()
            if name not in server_versions
        }
        if head == tip and not to_send:
            return result
        with Quarantine(git, transport_config(remote), limits) as quarantine:
            if head != tip:
                if not quarantine.push(remote, head):
                    continue  # the server moved on meanwhile: fetch and merge again
                git.set_ref(RECEIVED_PREFIX + "server", head)
                result = dataclasses.replace(result, head=head, incoming=tip, pushed=True)
            sent, problem = quarantine.push_versions(remote, to_send)
        notices = list(result.notices)
        if problem:
            unsent = ", ".join(sorted(set(to_send) - set(sent), key=version_key))
            notices.append(
                _("The versions {names} could not be sent to the server ({detail}).").format(
                    names=unsent, detail=problem
                )
            )
        return dataclasses.replace(result, sent_versions=tuple(sent), notices=tuple(notices))
    raise ValidationError(
        _("The server kept changing while sending the charter."),
        _("Sync again in a moment; your charter is saved."),
    )


# --- adopted versions ----------------------------------------------------------------------------


def version_key(name: str) -> tuple[int, ...]:
    """Sort key of a version name: v2.0 before v10.0."""
    return tuple(int(part) for part in name[1:].split(".") if part.isdigit())


def local_versions(git: GitRepository, head: str) -> dict[str, str]:
    """The adopted versions worth sending with ``head``: name -> tag object id of every
    annotated tag with a version name (the same inside) on a commit of ``head``'s history."""
    run = git.runner
    output = run.run(
        run.argv(
            "for-each-ref",
            [
                f"--merged={head}",
                "--format=%(objecttype)%00%(*objecttype)%00%(objectname)%00%(tag)%00%(refname)",
            ],
            ["refs/tags"],
        ),
        read_only=True,
    ).stdout.decode("utf-8", "replace")
    found: dict[str, str] = {}
    for line in output.splitlines():
        fields = line.split("\0")
        if len(fields) != 5:
            continue
        kind, tagged, sha, inner_name, ref = fields
        name = ref.removeprefix(TAGS_PREFIX)
        if kind == "tag" and tagged == "commit" and inner_name == name and VERSION_NAME.match(name):
            found[name] = sha
    return found


def store_versions(
    git: GitRepository, versions: Mapping[str, str], laptop: str | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Create each verified version (name -> tag object id) this charter lacks; one it already
    has is never moved: ``(names added, translated notices for those that differ)``.

    ``laptop`` names the laptop they came from; None for the server.
    """
    existing = git.refs("refs/tags")
    run = git.runner
    added: list[str] = []
    notices: list[str] = []
    for name in sorted(versions, key=version_key):
        tag, ref = versions[name], TAGS_PREFIX + name
        if not VERSION_NAME.match(name):
            raise AssertionError(f"not a checked version name: {name!r}")
        current = existing.get(ref)
        if current is None:
            created = run.run(
                run.argv("update-ref", ["-mcharter: received version"], [ref, tag, "0" * len(tag)]),
                check=False,
            )
            if created.status == 0:
                added.append(name)
                continue
            current = git.refs(ref).get(ref)  # created meanwhile by another program
        if current == tag:
            continue
        if laptop is None:
            notices.append(
                _("Version {name} differs on the server; yours was kept.").format(name=name)
            )
        else:
            notices.append(
                _("Version {name} differs on the other laptop ({laptop}); yours was kept.").format(
                    name=name, laptop=laptop
                )
            )
    return tuple(added), tuple(notices)


def _ignored_notice(name: str) -> str:
    return _(
        "The server holds a tag {name} that is not an adopted version of this charter; "
        "it was ignored."
    ).format(name=name[:80])


def clone_safely(
    source: str | Path, destination: str | Path, limits: ImportLimits = DEFAULT_LIMITS
) -> CharterRepository:
    """A new charter at ``destination`` from a bundle file, a folder or a server address.

    Unlike ``git clone`` nothing of the source's configuration, hooks, filters or submodules
    is used: an empty repository is created, the commits are fetched into quarantine and
    verified, and our own code writes the files.
    """
    target = Path(destination)
    if target.exists() and any(target.iterdir()):
        raise ValidationError(
            _("{path} is not empty.").format(path=target),
            _("Choose a new or empty folder for the charter."),
        )
    created = not target.exists()
    git = GitRepository.init(target)
    repository = CharterRepository(git)
    try:
        if Path(source).is_file():
            from charter_app.storage.bundles import import_bundle

            import_bundle(repository, Path(source), limits=limits)
        else:
            remote = check_remote(str(source))
            with Quarantine(git, transport_config(remote), limits) as quarantine:
                tip = quarantine.fetch(remote)
                if tip is None:
                    raise NotFoundError(
                        _("{address} holds no charter yet.").format(address=remote.url)
                    )
                count = quarantine.verify(tip)
                versions = quarantine.fetched_versions()
                ignored = quarantine.check_versions(versions, tip)
                quarantine.admit()
            merge_incoming(repository, tip, source=remote.url, new_commits=count)
            accepted = {n: sha for n, sha in versions.items() if n not in ignored}
            store_versions(git, accepted)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for entry in target.iterdir():
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        raise
    return repository


class HistoryTexts:
    """What :func:`charter_app.core.blame.blame_principle` reads, from a charter repository:
    the principle's commits in graph order (one ``git log -- path``, helped by the
    commit-graph's changed-path filters) and its bodies in one ``cat-file`` stream, each
    distinct file read once.

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
        self._files: dict[str, bytes] = {}  # by commit: the file last read there
        self._head: str | None = None

    def revisions(self, principle_id: str) -> list[Revision]:
        path = files.principle_path(principle_id)
        if self.cache is None:
            return self.repository.git.path_graph(path)
        head = self._snapshot()
        return [] if head is None else self._path_graph(path, head, None)

    def bodies(self, commits: Sequence[str], principle_id: str) -> list[str | None]:
        path = files.principle_path(principle_id)
        names = [f"{commit}:{path}" for commit in commits]
        bodies: list[str | None] = []
        for commit, data in zip(commits, self.repository.git.read_blobs(names), strict=True):
            if data is None:
                bodies.append(None)
                continue
            self._files[commit] = data
            body = self._parsed.get(data)
            if body is None:
                body = self._parsed[data] = _body(data, path)
            bodies.append(body)
        return bodies

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
        leaving out the history of ``exclude``."""
        options = [
            "-z", LOG_FORMAT, "--topo-order", "--reverse", "--parents", "--no-show-signature",
            "--no-color", "--no-ext-diff",
        ]  # fmt: skip
        operands = [head, f"^{exclude}"] if exclude else [head]
        run = self.repository.git.runner
        parser = LogParser()
        for chunk in run.stream(run.argv("log", options, operands, paths=[path])):
            parser.feed(chunk)
        return parser.finish()


def _is_unwrapped(body: str) -> bool:
    """True when ``unwrap`` would leave ``body`` as it is: in NFC, no line that starts or ends
    with white space, and no line break inside a paragraph (no two text lines in a row)."""
    if "\r" in body:
        return False
    lines = body.split("\n")
    return (
        all(line == line.strip() for line in lines)
        and all(not above or not below for above, below in zip(lines, lines[1:], strict=False))
        and unicodedata.is_normalized("NFC", body)
    )


def _body(data: bytes, path: str) -> str:
    """The body of a principle file as the charter shows it; the front matter's YAML is not
    needed for that (parsed only if the file is not in the usual form)."""
    text = data.decode("utf-8", "replace").replace("\r\n", "\n")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            body = text[end + 5 :].strip("\n")
            if _is_unwrapped(body):
                return body  # the usual case: one paragraph a line, nothing to unwrap
            return unwrap(text[end + 5 :])
    try:
        return files.parse_principle(data, path).body
    except CharterError:
        return text


def conflict_names(conflicts: Sequence[Conflict]) -> list[str]:
    """Principle ids and file paths of ``conflicts``, for messages."""
    return [_name(conflict) for conflict in conflicts]
