"""A quarantine for commits from elsewhere: fetched apart, verified, and only then let in.

Commits from a USB stick or a server land first in a temporary bare repository inside the
charter's git folder, which borrows the charter's objects (``objects/info/alternates``) but has
its own objects, refs and configuration, written by us. Nothing there is reachable from the
charter, so refusing an import is deleting that folder: the charter's refs, files and objects stay
exactly as they were. What is checked before anything moves is listed in
:mod:`charter_app.storage.import_checks`; the addresses accepted, in
:mod:`charter_app.storage.remotes`.

:meth:`Quarantine.admit` then moves the verified objects into the charter's object store, the
way git's own receive quarantine does, and the caller merges.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from charter_app.core.versions import VERSION_NAME
from charter_app.errors import RepositoryError
from charter_app.i18n import _
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner
from charter_app.storage.import_checks import (
    ALLOWED_PATH,
    DEFAULT_LIMITS,
    ImportLimits,
    ImportRefusedError,
    QuarantineChecks,
    refused,
)
from charter_app.storage.local_peer import StandIn, inspect_folder
from charter_app.storage.remotes import (
    LOCAL_RECEIVE_PACK,
    LOCAL_UPLOAD_PACK,
    Remote,
    check_remote,
    sign_in_error,
    sign_in_refused,
    transport_config,
    transport_environment,
)

__all__ = [
    "ALLOWED_PATH",
    "DEFAULT_LIMITS",
    "LOCAL_RECEIVE_PACK",
    "LOCAL_UPLOAD_PACK",
    "MAIN_REF",
    "TAGS_PREFIX",
    "Admitted",
    "ImportLimits",
    "ImportRefusedError",
    "Quarantine",
    "Remote",
    "check_remote",
    "refused",
    "transport_config",
]

MAIN_REF = "refs/heads/main"
TAGS_PREFIX = "refs/tags/"
"""Adopted versions are annotated tags ``refs/tags/v1.0`` (docs/DESIGN.md §3)."""
_INCOMING = "refs/charter/quarantine/incoming"
_INCOMING_TAGS = "refs/charter/quarantine/tags/"
_INCOMING_REGISTRY = "refs/charter/quarantine/registry"
_OUTGOING_REGISTRY = "refs/charter/outgoing-registry"
_OUTGOING_MAIN = "refs/charter/outgoing-main"
REGISTRY_REF = "refs/charter/registry"
"""The participants' registry (:mod:`charter_app.storage.registry`), which travels too."""
_HAVE = "refs/charter/quarantine/have"


# --- the quarantine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Admitted:
    """What an import brought, once verified and let into the charter's object store."""

    tip: str
    """The received ``main`` commit."""
    new_commits: int
    """Commits the charter did not have."""


class Quarantine(QuarantineChecks):
    """A temporary bare repository inside the charter's git folder; see the module docstring.

    Use as a context manager: the folder is removed on exit, whatever happened.
    """

    def __init__(
        self,
        git: GitRepository,
        transport: Sequence[tuple[str, str]] = (),
        limits: ImportLimits = DEFAULT_LIMITS,
    ) -> None:
        self.git = git
        self.limits = limits
        main = git.runner
        self._main_objects = main.common_dir / "objects"
        self.folder = main.common_dir / "charter-quarantine" / secrets.token_hex(8)
        overrides = [
            *transport,
            ("fetch.fsckObjects", "true"),
            ("transfer.fsckObjects", "true"),
            ("fetch.unpackLimit", "1"),  # always a pack: one file to verify and move
            ("transfer.unpackLimit", "1"),
            ("fetch.writeCommitGraph", "false"),
            ("fetch.recurseSubmodules", "false"),
            ("submodule.recurse", "false"),
            ("core.alternateRefsCommand", ""),
            ("core.sharedRepository", "false"),
        ]
        self.runner = GitRunner(self.folder, self.folder, self.folder, overrides)
        self.repository = GitRepository(self.runner, git.object_format)
        self._stand_in: StandIn | None = None

    def __enter__(self) -> Quarantine:
        try:
            self.folder.mkdir(parents=True)
        except OSError as error:
            raise RepositoryError(
                _("Could not prepare the import: {reason}").format(reason=error.strerror)
            ) from None
        run = self.runner
        options = ["-q", "--template=", f"--object-format={self.git.object_format}"]
        run.run(run.argv("init", options))
        (self.folder / "objects" / "info" / "alternates").write_text(
            f"{self._main_objects}\n", encoding="utf-8"
        )
        # What the charter has: negotiation with a server and the connectivity checks start
        # from these.
        lines = [
            f"create {_HAVE}/{k} {sha}\n" for k, sha in enumerate(sorted(set(self._charter_tips())))
        ]
        if lines:
            run.run(run.argv("update-ref", ["--stdin"]), stdin="".join(lines).encode())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stand_in is not None:
            self._stand_in.__exit__()
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.folder.parent.rmdir()

    # -- receiving --------------------------------------------------------------------------------

    def receive_pack(self, pack: bytes) -> None:
        """Store a bundle's pack, checking every object as ``git fsck --strict`` would."""
        run = self.runner
        result = run.run(
            run.argv("index-pack", ["--strict", "--fix-thin", "--stdin"]), stdin=pack, check=False
        )
        if result.status != 0:
            raise refused(
                _("the data is damaged or malformed ({detail}).").format(
                    detail=_last_line(result.stderr)
                )
            )

    def missing(self, commits: Sequence[str]) -> list[str]:
        """Those of ``commits`` that the charter does not have."""
        if not commits:
            return []
        run = self.runner
        request = "".join(f"{sha}\n" for sha in commits).encode()
        output = run.run(
            run.argv("cat-file", ["--batch-check"]), stdin=request, read_only=True
        ).stdout.decode("ascii", "replace")
        return [line.split(" ")[0] for line in output.splitlines() if line.endswith(" missing")]

    def verify_bundle(self, bundle: Path) -> None:
        """``git bundle verify`` on our copy of the bundle (inside the quarantine)."""
        run = self.runner
        result = run.run(
            run.argv("bundle verify", ["-q"], own_files=[bundle]), check=False, read_only=True
        )
        if result.status != 0:
            raise refused(
                _("git does not accept it as a bundle ({detail}).").format(
                    detail=_last_line(result.stderr)
                )
            )

    def stand_in(self, remote: Remote) -> StandIn:
        """The stand-in of a local folder (:mod:`charter_app.storage.local_peer`): git fetches
        from it and pushes to it, never to the folder itself."""
        if self._stand_in is None:
            folder = inspect_folder(remote.url)
            stand_in = StandIn(folder, self.folder / "peer", self.git.object_format)
            self._stand_in = stand_in.__enter__()
        return self._stand_in

    def _address(self, remote: Remote) -> str:
        return self.stand_in(remote).url if remote.local else remote.url

    def fetch(self, remote: Remote) -> str | None:
        """Fetch the remote's ``main`` and its tags ``v*`` (:meth:`fetched_versions`) into the
        quarantine; None when the remote has no ``main``."""
        run = self.runner
        options = [
            "--quiet", "--no-tags", "--no-write-fetch-head", "--no-recurse-submodules",
            "--no-auto-gc", "--no-show-forced-updates",
        ]  # fmt: skip
        if remote.local:
            options.append(f"--upload-pack={LOCAL_UPLOAD_PACK}")
        # The registry as a pattern: a server that has none yet is no error.
        refspecs = [
            f"+{MAIN_REF}:{_INCOMING}",
            f"+{TAGS_PREFIX}v*:{_INCOMING_TAGS}v*",
            f"+{REGISTRY_REF}*:{_INCOMING_REGISTRY}*",
        ]
        argv = run.argv("fetch", options, user_revisions=[self._address(remote), *refspecs])
        result = run.run(argv, environment=transport_environment(remote), check=False)
        if result.status != 0:
            lowered = result.stderr.lower()
            if "couldn't find remote ref" in lowered:
                return None
            if sign_in_refused(result.stderr):
                raise sign_in_error(remote)
            if any(word in lowered for word in ("fsck", "error in object", "corrupt", "bad ")):
                raise refused(
                    _("the server sent malformed data ({detail}).").format(
                        detail=_last_line(result.stderr)
                    )
                )
            raise RepositoryError(
                _("Could not reach {address}: {detail}").format(
                    address=remote.url, detail=_last_line(result.stderr)
                ),
                _("Check the address and the network, then sync again; nothing was changed."),
            )
        return self.repository.resolve(_INCOMING)

    def fetched_versions(self) -> dict[str, str]:
        """The remote's tags named ``v*`` that :meth:`fetch` brought: name -> object id (not
        checked yet: see :meth:`check_versions`)."""
        found = self.repository.refs(_INCOMING_TAGS)
        return {ref.removeprefix(_INCOMING_TAGS): sha for ref, sha in found.items()}

    def fetched_registry(self) -> str | None:
        """The remote's registry that :meth:`fetch` brought, checked
        (:meth:`~charter_app.storage.import_checks.QuarantineChecks.check_registry`); None
        when it has none."""
        sha = self.repository.refs(_INCOMING_REGISTRY).get(_INCOMING_REGISTRY)
        if sha is None:
            return None
        self.check_registry(sha)
        return sha

    def push_registry(self, remote: Remote, commit: str, expected: str | None) -> bool:
        """Replace the remote's registry by ``commit`` if it still is ``expected`` (None: it
        has none): the registry is replaced, never appended, so this is no fast-forward, but
        it is never forced over a registry we have not merged. False when the remote's
        changed meanwhile (then fetch and merge again)."""
        run = self.runner
        address = self._address(remote)
        if remote.local:
            # The stand-in receives it under a new name (its own rules refuse to move a name
            # backwards); the folder's name moves from ``expected`` only (see local_peer).
            argv = run.argv(
                "push",
                ["--quiet", "--no-verify", "--porcelain", f"--receive-pack={LOCAL_RECEIVE_PACK}"],
                user_revisions=[address, f"{commit}:{_OUTGOING_REGISTRY}"],
            )
            result = run.run(argv, check=False)
            if result.status != 0:
                raise self._send_error(remote, result.stderr)
            return bool(self.stand_in(remote).publish({REGISTRY_REF: commit}))
        lease = f"--force-with-lease={REGISTRY_REF}:{expected or ''}"
        options = ["--quiet", "--no-verify", "--no-recurse-submodules", "--porcelain", lease]
        argv = run.argv("push", options, user_revisions=[address, f"{commit}:{REGISTRY_REF}"])
        result = run.run(argv, environment=transport_environment(remote), check=False)
        if result.status == 0:
            return True
        output = result.stdout.decode("utf-8", "replace") + result.stderr
        if "stale info" in output or "rejected" in output or "fetch first" in output:
            return False
        if sign_in_refused(result.stderr):
            raise sign_in_error(remote)
        raise self._send_error(remote, result.stderr)

    @staticmethod
    def _send_error(remote: Remote, stderr: str) -> RepositoryError:
        return RepositoryError(
            _("Could not send the charter to {address}: {detail}").format(
                address=remote.url, detail=_last_line(stderr)
            ),
            _("Check that you may write to it, then sync again; your charter is unchanged."),
        )

    def push(self, remote: Remote, commit: str, replacing: str | None = None) -> bool:
        """Push ``commit`` to the remote's ``main``, never forced; False when the remote moved
        on meanwhile (then fetch and merge again). ``replacing``: the remote's ``main`` as
        fetched, a history that still held names, which ``commit`` holds rewritten
        (:mod:`charter_app.storage.history_rewrite`): it is replaced, if it is still there."""
        run = self.runner
        options = ["--quiet", "--no-verify", "--no-recurse-submodules", "--porcelain"]
        target = MAIN_REF
        if remote.local:
            options.append(f"--receive-pack={LOCAL_RECEIVE_PACK}")
            if replacing is not None:
                target = _OUTGOING_MAIN  # the folder's name moves below, from ``replacing``
        elif replacing is not None:
            options.append(f"--force-with-lease={MAIN_REF}:{replacing}")
        address = self._address(remote)
        argv = run.argv("push", options, user_revisions=[address, f"{commit}:{target}"])
        result = run.run(argv, environment=transport_environment(remote), check=False)
        if result.status == 0:
            if remote.local:  # the folder moved on since the stand-in read it: not moved
                stand_in = self.stand_in(remote)
                if replacing is not None and stand_in.names.get(MAIN_REF) != replacing:
                    return False
                return bool(stand_in.publish({MAIN_REF: commit}))
            return True
        output = result.stdout.decode("utf-8", "replace") + result.stderr
        if "stale info" in output or "rejected" in output or "fetch first" in output:
            return False
        if sign_in_refused(result.stderr):
            raise sign_in_error(remote)
        raise RepositoryError(
            _("Could not send the charter to {address}: {detail}").format(
                address=remote.url, detail=_last_line(result.stderr)
            ),
            _("Check that you may write to it, then sync again; your charter is unchanged."),
        )

    def push_versions(self, remote: Remote, versions: Mapping[str, str]) -> tuple[list[str], str]:
        """Create the remote's tags ``versions`` (name -> tag object id), never forced, never
        moving or deleting one: ``(names sent, git's last words when some were not)``."""
        if not versions:
            return [], ""
        run = self.runner
        # Not --quiet: it would also silence the porcelain line of each tag sent.
        options = ["--no-verify", "--no-recurse-submodules", "--porcelain", "--no-progress"]
        if remote.local:
            options.append(f"--receive-pack={LOCAL_RECEIVE_PACK}")
        refspecs = []
        for name, tag in sorted(versions.items()):
            if not VERSION_NAME.match(name) or not OBJECT_ID.match(tag):
                raise AssertionError(f"not a version: {name!r} {tag!r}")
            refspecs.append(f"{tag}:{TAGS_PREFIX}{name}")
        argv = run.argv("push", options, user_revisions=[self._address(remote), *refspecs])
        result = run.run(argv, environment=transport_environment(remote), check=False)
        sent = []
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            flag, _tab, rest = line.partition("\t")
            target = rest.partition("\t")[0].rpartition(":")[2]
            if flag in ("*", "=") and target.startswith(TAGS_PREFIX):
                sent.append(target.removeprefix(TAGS_PREFIX))
        problem = "" if result.status == 0 else _last_line(result.stderr)
        if remote.local:
            created = {TAGS_PREFIX + name: versions[name] for name in sent if name in versions}
            moved = self.stand_in(remote).publish(created)
            sent = [name.removeprefix(TAGS_PREFIX) for name in moved]
            if len(moved) < len(created) and not problem:
                problem = _("the shared folder received another version of the same name.")
        return sent, problem

    # -- letting in ----------------------------------------------------------------------------

    def admit(self) -> None:
        """Move the verified objects into the charter's object store (packs: data first, index
        last, so git never sees an index without its pack)."""
        source = self.folder / "objects"
        order = {".pack": 0, ".rev": 1, ".bitmap": 2, ".idx": 3}
        for folder, names in _object_files(source):
            target = self._main_objects / folder.relative_to(source)
            target.mkdir(parents=True, exist_ok=True)
            for name in sorted(names, key=lambda n: order.get(Path(n).suffix, 0)):
                destination = target / name
                if destination.exists():
                    continue
                try:
                    os.replace(folder / name, destination)
                except OSError as error:
                    raise RepositoryError(
                        _("Could not store the received data: {reason}").format(
                            reason=error.strerror
                        )
                    ) from None


def _object_files(objects: Path) -> Iterator[tuple[Path, list[str]]]:
    pack = objects / "pack"
    if pack.is_dir():
        kept = [n for n in os.listdir(pack) if n.startswith("pack-") and not n.endswith(".keep")]
        yield pack, kept
    for entry in sorted(objects.iterdir()):
        if len(entry.name) == 2 and entry.is_dir():
            yield entry, os.listdir(entry)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "?"
