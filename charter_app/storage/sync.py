"""Bring another laptop's or the server's commits into the charter: sync with a server, clone.

Received commits are verified in a :class:`~charter_app.storage.quarantine.Quarantine` first
(bundles: :mod:`charter_app.storage.bundles`); :func:`merge_incoming`
(:mod:`charter_app.storage.incoming_merge`) then merges them with our own tree merge, file by
file (:mod:`charter_app.storage.tree_merge`): immutable files (events, amendments) simply add up,
a principle edited on both sides merges word by word, and what cannot merge becomes a conflict
object. Until every conflict is resolved (:func:`resolve_conflict`, in
:mod:`charter_app.storage.pending_merge`) the charter is left exactly as it was; the resolution is
an ordinary merge commit with both parents.

Adopted versions (annotated tags ``v1.0``...) travel too
(:mod:`charter_app.storage.version_transfer`): :func:`store_versions` creates the verified ones
this charter lacks and never moves one it has (a different one is reported, ours kept);
:func:`local_versions` lists what to send. What blame reads from the repository is
:class:`HistoryTexts` (:mod:`charter_app.storage.history_texts`).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _
from charter_app.storage import history_rewrite, registry
from charter_app.storage.git import GitRepository
from charter_app.storage.history_texts import HistoryTexts
from charter_app.storage.history_texts import _body as _body
from charter_app.storage.incoming_merge import SyncResult, merge_incoming
from charter_app.storage.local_peer import create_shared_folder, inspect_folder
from charter_app.storage.merge_state import PENDING_REF
from charter_app.storage.pending_merge import (
    abandon_merge,
    conflict_names,
    pending_conflicts,
    resolve_conflict,
)
from charter_app.storage.quarantine import (
    DEFAULT_LIMITS,
    ImportLimits,
    Quarantine,
    check_remote,
    transport_config,
)
from charter_app.storage.remotes import Credentials
from charter_app.storage.repository import CharterRepository
from charter_app.storage.tree_merge import merge_file, merge_trees
from charter_app.storage.version_transfer import local_versions, store_versions, version_key

__all__ = [
    "PENDING_REF",
    "RECEIVED_PREFIX",
    "HistoryTexts",
    "SyncResult",
    "abandon_merge",
    "clone_safely",
    "conflict_names",
    "local_versions",
    "merge_file",
    "merge_incoming",
    "merge_trees",
    "pending_conflicts",
    "resolve_conflict",
    "store_versions",
    "sync",
    "version_key",
]

RECEIVED_PREFIX = "refs/charter/received/"
"""``refs/charter/received/<laptop or server>``: the last commit received from it."""
_PUSH_ATTEMPTS = 3


# --- a server or a shared folder ------------------------------------------------------------------


def sync(
    repository: CharterRepository,
    url: str,
    author: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
    credentials: Credentials | None = None,
) -> SyncResult:
    """:func:`exchange`, then, when names were dropped (an erasure, a history rewritten),
    forget what no longer holds them: in this repository at once, on the server at its next
    garbage collection (docs/DESIGN.md, "Erasing a person")."""
    result = exchange(repository, url, author, limits, credentials)
    if result.rewritten:
        history_rewrite.forget_old_history(repository.git)
    elif result.forget:
        registry.forget_unreachable(repository.git)
    return result


def exchange(
    repository: CharterRepository,
    url: str,
    author: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
    credentials: Credentials | None = None,
) -> SyncResult:
    """Fetch the server's ``main`` (verified in quarantine), merge it, and push the result.

    Adopted versions travel both ways: the server's that are verified and new here are created
    (one of the same name that differs is reported and ours kept; a tag that is not a valid
    version is ignored and reported), and ours that the server lacks are pushed, never forced.

    ``url`` is the authority's git server (https, ssh) or a folder (path or file://); see
    :func:`~charter_app.storage.quarantine.check_remote` and, for the folders accepted (no
    git is ever run in them), :mod:`charter_app.storage.local_peer`. Nothing is pushed while
    conflicts wait for a resolution. ``credentials`` sign in to an https server (kept in
    memory; see :class:`~charter_app.storage.remotes.Credentials`); a server that wants them,
    or refuses them, raises :class:`~charter_app.storage.remotes.SignInError`.
    """
    remote = check_remote(url, credentials)
    git = repository.git
    writable = True
    if remote.local:  # see charter_app.storage.local_peer for the folders accepted
        folder = inspect_folder(remote.url)
        if folder.empty:
            create_shared_folder(folder, git.object_format)
        writable = folder.shared
    result = SyncResult("up-to-date", git.head(), source=remote.url)
    received: list[str] = []
    for _attempt_number in range(_PUSH_ATTEMPTS):
        server_versions: dict[str, str] = {}
        with Quarantine(git, transport_config(remote), limits) as quarantine:
            tip = quarantine.fetch(remote)
            server_registry = quarantine.fetched_registry()
            if tip is not None:
                count = quarantine.verify(tip)
                server_versions = quarantine.fetched_versions()
                ignored = quarantine.check_versions(server_versions, tip)
            quarantine.admit()
        # The registry first: what the rest may drop is only forgotten at the end.
        names = registry.take_in(git, server_registry)
        replacing = None
        if tip is not None:
            accepted = {n: sha for n, sha in server_versions.items() if n not in ignored}
            # A history rewritten without the names on one side: the other is rewritten the
            # same way (storage/history_rewrite.py), and the server's then replaced.
            reconciled = history_rewrite.reconcile(git, tip, accepted)
            if reconciled.theirs_rewritten:
                replacing = tip
            git.set_ref(RECEIVED_PREFIX + "server", reconciled.theirs)
            result = merge_incoming(
                repository, reconciled.theirs, author=author, source=remote.url, new_commits=count
            )
            if reconciled.ours_rewritten or reconciled.theirs_rewritten:
                result = dataclasses.replace(
                    result,
                    notices=(*result.notices, history_rewrite.rewritten_notice()),
                    rewritten=True,
                )
            added, kept = store_versions(git, accepted)
            received += added
            notices = [
                *result.notices,
                *kept,
                *(_ignored_notice(name) for name in sorted(ignored)),
            ]
            result = dataclasses.replace(
                result, new_versions=tuple(received), notices=tuple(notices)
            )
        result = _with_registry(result, names)
        if result.outcome == "conflicts":
            return result
        head = git.head()
        if head is None:
            return result
        if not writable:
            notice = _(
                "{path} is a charter folder someone works in: Charter Studio receives its work "
                "but never writes into it. To send yours, use a shared folder or a USB export."
            ).format(path=remote.url)
            return dataclasses.replace(result, notices=(*result.notices, notice))
        # Never offer a name the server already has, whatever it holds: tags are not moved.
        to_send = {
            name: tag
            for name, tag in local_versions(git, head).items()
            if name not in server_versions
        }
        our_registry = registry.registry_commit(git)
        registry_news = our_registry is not None and our_registry != server_registry
        if head == tip and not to_send and not registry_news:
            return result
        with Quarantine(git, transport_config(remote), limits) as quarantine:
            if head != tip:
                if not quarantine.push(remote, head, replacing):
                    continue  # the server moved on meanwhile: fetch and merge again
                git.set_ref(RECEIVED_PREFIX + "server", head)
                result = dataclasses.replace(result, head=head, incoming=tip, pushed=True)
            if registry_news and our_registry is not None:
                if not quarantine.push_registry(remote, our_registry, server_registry):
                    continue  # its registry changed meanwhile: take it in, then send again
                result = dataclasses.replace(result, pushed=True)
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


def _with_registry(result: SyncResult, merged: registry.RegistryMerge) -> SyncResult:
    """``result`` with what taking in the other side's registry did."""
    if not merged.changed and not merged.forget:
        return result
    return dataclasses.replace(
        result,
        participants_changed=result.participants_changed or merged.changed,
        forget=result.forget or merged.forget,
        erased=tuple(dict.fromkeys([*result.erased, *merged.erased])),
    )


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
                their_registry = quarantine.fetched_registry()
                quarantine.admit()
            merge_incoming(repository, tip, source=remote.url, new_commits=count)
            accepted = {n: sha for n, sha in versions.items() if n not in ignored}
            store_versions(git, accepted)
            registry.take_in(git, their_registry)  # a new charter: nothing to forget yet
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
