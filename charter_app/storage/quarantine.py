"""A quarantine for commits from elsewhere: fetched apart, verified, and only then let in.

Commits from a USB stick or a server land first in a temporary bare repository inside the
charter's git folder, which borrows the charter's objects (``objects/info/alternates``) but has
its own objects, refs and configuration, written by us. Nothing there is reachable from the
charter, so refusing an import is deleting that folder: the charter's refs, files and objects stay
exactly as they were. What is checked before anything moves:

- every received object, by ``git index-pack --strict`` (the checks of ``git fsck --strict``,
  applied to exactly the received objects, and the pack's own checksum: a damaged pack fails);
- connectivity: every object the new commits need is received or already in the charter;
- content: every file any new commit adds or changes is a plain file (no symbolic link, no
  submodule) at a path the charter format allows, within the size limits, and the tip names no
  two files that differ only by case; the tip reads as a charter;
- adopted versions (:meth:`Quarantine.check_versions`): each is an annotated tag (a tag object,
  verified with the rest) with a version name, the same name inside, on a commit of the
  verified ``main`` history.

:meth:`Quarantine.admit` then moves the verified objects into the charter's object store, the
way git's own receive quarantine does, and the caller merges.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from charter_app.core.versions import VERSION_NAME
from charter_app.errors import CharterError, RepositoryError, ValidationError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner

ALLOWED_PATH = re.compile(
    r"(?:charter\.yaml|participants\.yaml|README\.md"
    r"|principles/[a-z][a-z0-9-]{0,63}\.md"
    r"|amendments/a-[0-9a-f]{12}\.yaml"
    r"|events/[0-9]{4}/e-[0-9a-f]{16}\.yaml)\Z"
)
"""Every path an imported commit may add or change (docs/FORMAT.md)."""

MAIN_REF = "refs/heads/main"
TAGS_PREFIX = "refs/tags/"
"""Adopted versions are annotated tags ``refs/tags/v1.0`` (docs/DESIGN.md §3)."""
_INCOMING = "refs/charter/quarantine/incoming"
_INCOMING_TAGS = "refs/charter/quarantine/tags/"
_HAVE = "refs/charter/quarantine/have"
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_HELPER = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*::")
_SCP_LIKE = re.compile(r"[^/:@]+@[^/:]+:[^/].*\Z|[A-Za-z0-9.-]{2,}:[^/\\].*\Z")


@dataclass(frozen=True)
class ImportLimits:
    """How much an import may carry; anything larger is refused before it is let in."""

    max_file_bytes: int = 4 * 1024 * 1024
    """Largest file a new commit may add (a principle is a few kilobytes)."""
    max_total_bytes: int = 256 * 1024 * 1024
    """Largest bundle, and largest sum of the files at the imported tip."""


DEFAULT_LIMITS = ImportLimits()


class ImportRefusedError(RepositoryError):
    """Received data failed a check; the charter was left exactly as it was."""


def refused(reason: str) -> ImportRefusedError:
    return ImportRefusedError(
        _("The received charter data was refused: {reason}").format(reason=reason),
        _("Nothing was changed. Ask the sender for a new export, or sync with the server."),
    )


# --- remote addresses ------------------------------------------------------------------------


@dataclass(frozen=True)
class Remote:
    """A checked sync address: what git is given and the one transport allowed for it."""

    url: str
    protocol: str
    """``https``, ``ssh``, ``file``, and ``git``/``http`` for a server on this computer only."""

    @property
    def local(self) -> bool:
        return self.protocol == "file"


def check_remote(address: str) -> Remote:
    """Accept only ordinary transports: https, ssh (also ``user@host:path``), a folder or
    ``file://``; plain ``git://`` and ``http://`` only on this computer (tests, a local server).
    Transport helpers (``ext::``, ``fd::``, any ``name::``) and anything that git could read as
    an option are refused."""
    text = address.strip()

    def refuse() -> ValidationError:
        return ValidationError(
            _("“{address}” is not a sync address Charter Studio accepts.").format(address=text),
            _(
                "Use the server's https:// or ssh:// address, or a shared folder; other kinds "
                "of addresses can run programs and are refused."
            ),
        )

    if not text or text.startswith("-") or any(ord(char) < 32 for char in text):
        raise refuse()
    if _HELPER.match(text):
        raise refuse()
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme in ("https", "ssh", "git+ssh", "ssh+git"):
            protocol = "https" if scheme == "https" else "ssh"
        elif scheme == "file":
            protocol = "file"
        elif scheme in ("http", "git") and (parts.hostname or "") in _LOOPBACK:
            protocol = scheme
        else:
            raise refuse()
        if (parts.hostname or "").startswith("-"):
            raise refuse()
        return Remote(text, protocol)
    if _SCP_LIKE.match(text) and not Path(text).exists():
        if text.split(":", 1)[0].rpartition("@")[2].startswith("-"):
            raise refuse()
        return Remote(text, "ssh")
    folder = Path(text).expanduser().absolute()
    if not folder.is_dir():
        raise ValidationError(
            _("The folder {path} does not exist.").format(path=folder),
            _("Check the shared folder's path, or use the server's address."),
        )
    return Remote(str(folder), "file")


def transport_config(remote: Remote) -> list[tuple[str, str]]:
    """``-c`` settings allowing exactly ``remote``'s transport (plus ours for local peers)."""
    allowed = {"https", "ssh", "file", remote.protocol}
    return [("protocol.allow", "never")] + [
        (f"protocol.{name}.allow", "always") for name in sorted(allowed)
    ]


# Local transports start the other side's git on this computer, without our ``-c`` settings
# (git clears them for the child), so its hooks and configuration would run: name the program
# with the settings it needs. (``uploadpack.packObjectsHook`` is only read from the user's own
# configuration, never the repository's.)
_LOCAL_PEER_CONFIG = (
    f"-c core.hooksPath={os.devnull} -c core.fsmonitor=false -c core.alternateRefsCommand= "
    "-c receive.fsckObjects=true"
)
LOCAL_UPLOAD_PACK = f"git {_LOCAL_PEER_CONFIG} upload-pack"
LOCAL_RECEIVE_PACK = f"git {_LOCAL_PEER_CONFIG} receive-pack"


# --- the quarantine ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Admitted:
    """What an import brought, once verified and let into the charter's object store."""

    tip: str
    """The received ``main`` commit."""
    new_commits: int
    """Commits the charter did not have."""


class Quarantine:
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
        shutil.rmtree(self.folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.folder.parent.rmdir()

    def _charter_tips(self) -> list[str]:
        refs = self.git.refs("refs/heads") | self.git.refs("refs/charter")
        return [sha for name, sha in refs.items() if OBJECT_ID.match(sha)]

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
        refspecs = [f"+{MAIN_REF}:{_INCOMING}", f"+{TAGS_PREFIX}v*:{_INCOMING_TAGS}v*"]
        argv = run.argv("fetch", options, user_revisions=[remote.url, *refspecs])
        result = run.run(argv, environment=_transport_environment(remote), check=False)
        if result.status != 0:
            lowered = result.stderr.lower()
            if "couldn't find remote ref" in lowered:
                return None
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

    def push(self, remote: Remote, commit: str) -> bool:
        """Push ``commit`` to the remote's ``main``, never forced; False when the remote moved
        on meanwhile (then fetch and merge again)."""
        run = self.runner
        options = ["--quiet", "--no-verify", "--no-recurse-submodules", "--porcelain"]
        if remote.local:
            options.append(f"--receive-pack={LOCAL_RECEIVE_PACK}")
        argv = run.argv("push", options, user_revisions=[remote.url, f"{commit}:{MAIN_REF}"])
        result = run.run(argv, environment=_transport_environment(remote), check=False)
        if result.status == 0:
            return True
        output = result.stdout.decode("utf-8", "replace") + result.stderr
        if "stale info" in output or "rejected" in output or "fetch first" in output:
            return False
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
        argv = run.argv("push", options, user_revisions=[remote.url, *refspecs])
        result = run.run(argv, environment=_transport_environment(remote), check=False)
        sent = []
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            flag, _tab, rest = line.partition("\t")
            target = rest.partition("\t")[0].rpartition(":")[2]
            if flag in ("*", "=") and target.startswith(TAGS_PREFIX):
                sent.append(target.removeprefix(TAGS_PREFIX))
        return sent, "" if result.status == 0 else _last_line(result.stderr)

    # -- verifying ---------------------------------------------------------------------------------

    def verify(self, tip: str) -> int:
        """Check the commits reachable from ``tip`` that the charter lacks; return their count."""
        run = self.runner
        haves = [f"^{sha}" for sha in sorted(set(self._charter_tips()))]
        listing = run.run(
            run.argv("rev-list", ["--objects", "--no-object-names"], [tip, *haves]),
            check=False,
            read_only=True,
        )
        if listing.status != 0:
            raise refused(_("some of its objects are missing."))
        commits = run.run(
            run.argv("rev-list", ["--count"], [tip, *haves]), read_only=True
        ).stdout.decode()
        self._check_changes(tip, haves)
        self._check_tip(tip)
        return int(commits.strip() or 0)

    def check_versions(self, versions: Mapping[str, str], tip: str) -> dict[str, str]:
        """Why each of ``versions`` (name -> object id) is not an adopted version of the history
        of ``tip`` (already verified); empty when all are.

        An adopted version is a tag object (objects were verified on receipt) no larger than a
        file may be, named by the version rule of :mod:`charter_app.core.versions` with the
        same name inside, and tagging a commit that ``tip`` contains.
        """
        names = sorted(versions)
        kinds = self._kinds([versions[name] for name in names])
        readable = [
            versions[name]
            for name in names
            if kinds.get(versions[name], ("", 0))[0] == "tag"
            and kinds[versions[name]][1] <= self.limits.max_file_bytes
        ]
        contents = self._contents(readable)
        problems: dict[str, str] = {}
        for name in names:
            sha = versions[name]
            kind, size = kinds.get(sha, ("missing", 0))
            if not VERSION_NAME.match(name):
                problems[name] = _("“{name}” is not the name of a version.").format(name=name)
            elif kind == "missing":
                problems[name] = _("the version {name} is incomplete.").format(name=name)
            elif kind != "tag":
                problems[name] = _(
                    "{name} is a plain tag, not an adopted version (it records no decision)."
                ).format(name=name)
            elif size > self.limits.max_file_bytes or sha not in contents:
                problems[name] = _("the version {name} is too large.").format(name=name)
            else:
                problem = self._tag_problem(contents[sha], name, tip)
                if problem:
                    problems[name] = problem
        return problems

    def _tag_problem(self, tag_object: bytes, name: str, tip: str) -> str | None:
        """Why a tag object is not the version ``name`` of ``tip``'s history, or None."""
        header = tag_object.split(b"\n\n", 1)[0].decode("utf-8", "replace").split("\n")
        fields = dict(line.partition(" ")[::2] for line in header[:3])
        commit = fields.get("object", "")
        if fields.get("tag") != name:
            return _("the version {name} is named {other} inside.").format(
                name=name, other=fields.get("tag", "?")[:80]
            )
        if fields.get("type") == "commit" and OBJECT_ID.match(commit):
            run = self.runner
            argv = run.argv("merge-base", ["--is-ancestor"], [commit, tip])
            if run.run(argv, read_only=True, check=False).status == 0:
                return None
        return _("the version {name} does not point at a text of this charter's history.").format(
            name=name
        )

    def _kinds(self, objects: Sequence[str]) -> dict[str, tuple[str, int]]:
        """Type and size of each of ``objects`` that exists (received or the charter's)."""
        if not objects:
            return {}
        run = self.runner
        request = "".join(f"{sha}\n" for sha in objects).encode()
        output = run.run(
            run.argv("cat-file", ["--batch-check"]), stdin=request, read_only=True
        ).stdout.decode("ascii", "replace")
        kinds = {}
        for line in output.splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[2].isdigit() and OBJECT_ID.match(parts[0]):
                kinds[parts[0]] = (parts[1], int(parts[2]))
        return kinds

    def _contents(self, objects: Sequence[str]) -> dict[str, bytes]:
        """The raw content of each of ``objects`` (which exist), by id."""
        if not objects:
            return {}
        run = self.runner
        request = "".join(f"{sha}\n" for sha in objects).encode()
        stream = run.run(run.argv("cat-file", ["--batch"]), stdin=request, read_only=True).stdout
        found: dict[str, bytes] = {}
        position = 0
        for sha in objects:
            end = stream.index(b"\n", position)
            header = stream[position:end].split(b" ")
            if len(header) != 3 or not header[2].isdigit():
                position = end + 1
                continue
            size = int(header[2])
            found[sha] = stream[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        return found

    def _check_changes(self, tip: str, haves: Sequence[str]) -> None:
        """Every file a new commit adds or changes, compared with its first parent (or with
        nothing for a first commit): by induction that covers every file of every new tree."""
        run = self.runner
        options = [
            "-z", "--format=tformat:%x01%H", "--raw", "-r", "--root", "--no-abbrev",
            "--no-renames", "--diff-merges=first-parent", "--no-ext-diff", "--no-textconv",
        ]  # fmt: skip
        output = run.run(run.argv("log", options, [tip, *haves]), read_only=True).stdout
        new_blobs: dict[str, str] = {}
        for record in output.split(b"\x01")[1:]:
            fields = record.split(b"\0")
            position = 1
            while position + 1 < len(fields):
                meta = fields[position].decode("ascii", "replace").lstrip("\n")
                path = fields[position + 1].decode("utf-8", "replace")
                position += 2
                if not meta.startswith(":"):
                    continue
                _old_mode, new_mode, _old_blob, new_blob, status = meta[1:].split(" ")
                if status.startswith("D"):
                    continue
                self._check_entry(path, new_mode)
                new_blobs[new_blob] = path
        sizes = self._sizes(list(new_blobs))
        for blob, path in new_blobs.items():
            if sizes.get(blob, 0) > self.limits.max_file_bytes:
                raise refused(
                    _("the file {path} is larger than {limit} MB.").format(
                        path=path, limit=self.limits.max_file_bytes // (1024 * 1024) or 1
                    )
                )

    @staticmethod
    def _check_entry(path: str, mode: str) -> None:
        if mode == "120000":
            raise refused(_("it contains a symbolic link ({path}).").format(path=path))
        if mode == "160000":
            raise refused(_("it contains a submodule ({path}).").format(path=path))
        if mode != "100644":
            raise refused(_("it contains an unusual file ({path}).").format(path=path))
        if not ALLOWED_PATH.match(path):
            raise refused(
                _("it contains a file that has no place in a charter ({path}).").format(path=path)
            )

    def _sizes(self, blobs: Sequence[str]) -> dict[str, int]:
        if not blobs:
            return {}
        run = self.runner
        request = "".join(f"{blob}\n" for blob in blobs).encode()
        output = run.run(
            run.argv("cat-file", ["--batch-check"]), stdin=request, read_only=True
        ).stdout.decode("ascii", "replace")
        sizes = {}
        for line in output.splitlines():
            parts = line.split(" ")
            if len(parts) == 3 and parts[2].isdigit():
                sizes[parts[0]] = int(parts[2])
        return sizes

    def _check_tip(self, tip: str) -> None:
        run = self.runner
        output = run.run(
            run.argv("ls-tree", ["-r", "-z", "-l", "--full-tree"], [tip]), read_only=True
        ).stdout.decode("utf-8", "replace")
        seen: dict[str, str] = {}
        total = 0
        for record in output.split("\0"):
            if not record:
                continue
            meta, _tab, path = record.partition("\t")
            size = meta.split()[-1]
            total += int(size) if size.isdigit() else 0
            folded = unicodedata.normalize("NFC", path).casefold()
            if folded in seen:
                raise refused(
                    _("{one} and {other} differ only by case.").format(one=seen[folded], other=path)
                )
            seen[folded] = path
        if total > self.limits.max_total_bytes:
            raise refused(_("the charter it carries is too large."))
        contents = self.repository.read_tree(tip, "")
        try:
            files.charter_from_files(
                {k: v for k, v in contents.items() if not k.startswith("events/")},
                label=f" @ {tip[:8]}",
            )
        except CharterError as error:
            raise refused(
                _("its charter cannot be read ({problem}).").format(problem=error.message)
            ) from None

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


def _transport_environment(remote: Remote) -> Mapping[str, str]:
    allowed = sorted({"https", "ssh", "file", remote.protocol})
    return {"GIT_ALLOW_PROTOCOL": ":".join(allowed), "GIT_PROTOCOL_FROM_USER": "0"}


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "?"
