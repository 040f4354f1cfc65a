"""USB stick exchange: export the charter as a git bundle, import one through the quarantine.

An export is ``<name>.bundle`` (a plain git bundle: ``git clone`` and ``git fetch`` read it too)
and ``<name>.bundle.sha256`` beside it (``sha256sum -c`` reads it). It carries ``main``,
``refs/charter/exported-by/<laptop>``, which tells the receiver who sent it, and every adopted
version (annotated tag ``refs/tags/v1.0``...) on ``main``'s history. An export for a named
destination (``for_name``) leaves out the commits already sent to it
(``refs/charter/sent/<name>``) and those that came from it (``refs/charter/received/<name>``).

Versions are tiny, so every export carries all of them, even when their commits are left out (a
version adopted on a commit the other laptop already has must still reach it). What each laptop
is known to hold (``refs/charter/sent-versions/<name>/<version>`` and
``refs/charter/received-versions/<name>/<version>``, the tag objects) only decides whether an
export for it has anything new at all (an export with ``since`` alone cannot know, so it is
never "nothing new" while the charter has versions). An import is stricter than a sync with the
server: a reference that is not ``main``, the sender's name or a valid version refuses the whole
bundle.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import secrets
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from charter_app.core.versions import VERSION_NAME
from charter_app.errors import RepositoryError, StorageError, ValidationError
from charter_app.i18n import _
from charter_app.storage import history_rewrite, registry
from charter_app.storage.atomic import storage_error, write_atomic
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID
from charter_app.storage.quarantine import (
    DEFAULT_LIMITS,
    MAIN_REF,
    REGISTRY_REF,
    TAGS_PREFIX,
    ImportLimits,
    ImportRefusedError,
    Quarantine,
    refused,
)
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import (
    RECEIVED_PREFIX,
    SyncResult,
    local_versions,
    merge_incoming,
    store_versions,
)

SENT_PREFIX = "refs/charter/sent/"
EXPORTED_BY_PREFIX = "refs/charter/exported-by/"
SENT_VERSIONS_PREFIX = "refs/charter/sent-versions/"
"""``<laptop>/<version>``: the tag object last sent to that laptop under that name."""
RECEIVED_VERSIONS_PREFIX = "refs/charter/received-versions/"
"""``<laptop>/<version>``: the tag object that laptop last sent under that name."""
CHECKSUM_SUFFIX = ".sha256"
_REGISTRIES_FILE = "charter-registries"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}\Z")
_MAX_HEADER = 1 << 20


class MissingPreviousExportError(RepositoryError):
    """A bundle made "since the last exchange" whose earlier exchange never arrived here."""


def laptop_name(name: str | None = None) -> str:
    """A name for refs and messages: lowercase letters, digits and dashes (default: the
    computer's name)."""
    raw = (name if name is not None else socket.gethostname()).strip().lower()
    cleaned = re.sub(r"[^a-z0-9-]+", "-", raw).strip("-")[:40].strip("-")
    if not cleaned or not _NAME.match(cleaned):
        if name is not None:
            raise ValidationError(
                _("“{name}” cannot name a laptop.").format(name=name),
                _("Use letters, digits and dashes, e.g. mairie-portable-2."),
            )
        return "laptop"
    return cleaned


@dataclass(frozen=True)
class BundleExport:
    """A written export."""

    path: Path
    checksum_path: Path
    tip: str
    commits: int
    """Commits in the bundle."""
    prerequisites: tuple[str, ...]
    """Commits the receiver must already have (empty for a full export)."""
    sender: str
    versions: tuple[str, ...] = ()
    """The adopted versions it carries."""


def export_bundle(
    repository: CharterRepository,
    path: Path | str,
    since: str | None = None,
    for_name: str | None = None,
    sender: str | None = None,
) -> BundleExport:
    """Write the charter's history (all, or only what is new) as a bundle plus its checksum.

    ``since`` is a revision the receiver has; ``for_name`` names the destination laptop, and
    leaves out what was already sent to it or received from it. Every adopted version on the
    history goes with it (see the module docstring).
    """
    git = repository.git
    head = git.head()
    if head is None:
        raise ValidationError(_("The charter has no history to export yet."))
    if MAIN_REF not in git.refs("refs/heads"):
        raise ValidationError(_("The charter has no “main” branch to export."))
    me = laptop_name(sender)
    excluded: set[str] = set()
    if since is not None:
        excluded.add(git.resolve(since))
    if for_name is not None:
        destination = laptop_name(for_name)
        known = git.refs("refs/charter")
        for prefix in (SENT_PREFIX, RECEIVED_PREFIX):
            sha = known.get(prefix + destination)
            if sha and git.is_ancestor(sha, head):
                excluded.add(sha)
    versions = local_versions(git, head)
    names = registry.registry_commit(git)
    run = git.runner
    if any(git.is_ancestor(head, sha) for sha in excluded):
        if not _versions_new_for(git, versions, for_name) and not _registry_new_for(
            git, names, for_name
        ):
            raise ValidationError(
                _("There is nothing new to export since the last exchange."),
                _("Make a full export (without --since or --for) if the other laptop lost it."),
            )
        # Only versions are new: the bundle still needs ``main``, so it carries HEAD's commit
        # alone (the receiver has its parents).
        parents = (
            run.run(run.argv("rev-list", ["--parents", "--max-count=1"], [head]), read_only=True)
            .stdout.decode("ascii", "replace")
            .split()[1:]
        )
        excluded = {sha for sha in parents if OBJECT_ID.match(sha)}
    git.set_ref(EXPORTED_BY_PREFIX + me, head)
    scratch = run.common_dir / f"charter-export-{secrets.token_hex(6)}.bundle"
    # HEAD too, so that ``git clone`` of the bundle checks ``main`` out.
    operands = [
        "HEAD", MAIN_REF, EXPORTED_BY_PREFIX + me,
        *(TAGS_PREFIX + name for name in sorted(versions)),
        *([REGISTRY_REF] if names else []),
        *(f"^{sha}" for sha in sorted(excluded)),
    ]  # fmt: skip
    try:
        run.run(run.argv("bundle create", ["-q"], operands, own_files=[scratch]))
        data = scratch.read_bytes()
    except OSError as error:
        raise storage_error(error, scratch) from None
    finally:
        scratch.unlink(missing_ok=True)
    target = Path(path).absolute()
    write_atomic(target, data)
    checksum_path = target.with_name(target.name + CHECKSUM_SUFFIX)
    digest = hashlib.sha256(data).hexdigest()
    write_atomic(checksum_path, f"{digest}  {target.name}\n".encode())
    if for_name is not None:
        destination = laptop_name(for_name)
        git.set_ref(SENT_PREFIX + destination, head)
        _remember_versions(git, SENT_VERSIONS_PREFIX + destination + "/", versions)
        if names:
            _remember_registry(git, destination, names)
    count = run.run(
        run.argv("rev-list", ["--count"], [head, *(f"^{sha}" for sha in sorted(excluded))]),
        read_only=True,
    ).stdout.decode()
    header = read_header(data)
    return BundleExport(
        target, checksum_path, head, int(count.strip() or 0), header.prerequisites, me,
        tuple(name for _sha, name in header.refs if name.startswith(TAGS_PREFIX)),
    )  # fmt: skip


def _versions_new_for(git: GitRepository, versions: dict[str, str], for_name: str | None) -> bool:
    """Whether the destination may lack one of ``versions`` (always, for an unnamed one)."""
    if not versions:
        return False
    if for_name is None:
        return True
    destination = laptop_name(for_name)
    known = git.refs("refs/charter")
    for name, tag in versions.items():
        held = {
            known.get(f"{prefix}{destination}/{name}")
            for prefix in (SENT_VERSIONS_PREFIX, RECEIVED_VERSIONS_PREFIX)
        }
        if tag not in held:
            return True
    return False


def _registry_new_for(git: GitRepository, names: str | None, for_name: str | None) -> bool:
    """Whether the destination may lack this registry (always, for an unnamed one)."""
    if names is None:
        return False
    if for_name is None:
        return True
    return _registries_known(git).get(laptop_name(for_name)) != names


def _registries_known(git: GitRepository) -> dict[str, str]:
    """The registry each laptop is known to hold (sent to it, or received from it), kept in a
    file of the git folder: a ref would keep a replaced registry, with its names, alive."""
    path = git.runner.common_dir / _REGISTRIES_FILE
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return {}
    known = {}
    for line in lines:
        laptop, _space, sha = line.partition(" ")
        if _NAME.match(laptop) and OBJECT_ID.match(sha):
            known[laptop] = sha
    return known


def _remember_registry(git: GitRepository, laptop: str, sha: str) -> None:
    known = _registries_known(git) | {laptop: sha}
    text = "".join(f"{name} {value}\n" for name, value in sorted(known.items()))
    write_atomic(git.runner.common_dir / _REGISTRIES_FILE, text.encode())


def _remember_versions(git: GitRepository, prefix: str, versions: dict[str, str]) -> None:
    """Record ``versions`` (name -> tag object) under ``prefix`` (one update-ref for all)."""
    lines = [
        f"update {prefix}{name} {tag}\n"
        for name, tag in sorted(versions.items())
        if VERSION_NAME.match(name) and OBJECT_ID.match(tag)
    ]
    if lines:
        run = git.runner
        run.run(run.argv("update-ref", ["--stdin"]), stdin="".join(lines).encode())


@dataclass(frozen=True)
class BundleHeader:
    """The text part of a git bundle (v2 or v3)."""

    prerequisites: tuple[str, ...]
    refs: tuple[tuple[str, str], ...]
    """``(object id, ref name)`` pairs."""
    pack_offset: int
    """Where the pack data starts."""


def read_header(data: bytes) -> BundleHeader:
    """Parse a bundle's header; refuse anything that is not one."""
    end = data.find(b"\n\n", 0, _MAX_HEADER)
    first, _newline, _rest = data[:80].partition(b"\n")
    if end < 0 or first not in (b"# v2 git bundle", b"# v3 git bundle"):
        raise refused(_("this file is not a charter export (not a git bundle)."))
    prerequisites: list[str] = []
    refs: list[tuple[str, str]] = []
    for raw in data[len(first) + 1 : end].split(b"\n"):
        line = raw.decode("utf-8", "replace")
        if line.startswith("@"):
            if line not in ("@object-format=sha1", "@object-format=sha256"):
                raise refused(_("this export uses a git feature the app does not accept."))
        elif line.startswith("-"):
            sha = line[1:].split(" ", 1)[0]
            if not OBJECT_ID.match(sha):
                raise refused(_("this file is not a charter export (not a git bundle)."))
            prerequisites.append(sha)
        else:
            sha, _space, name = line.partition(" ")
            if not OBJECT_ID.match(sha) or not name:
                raise refused(_("this file is not a charter export (not a git bundle)."))
            refs.append((sha, name))
    if data[end + 2 : end + 6] != b"PACK":
        raise refused(_("the file is damaged (truncated or altered)."))
    return BundleHeader(tuple(prerequisites), tuple(refs), end + 2)


def import_bundle(
    repository: CharterRepository,
    path: Path | str,
    author: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> SyncResult:
    """Verify a bundle in quarantine, let its commits in, and merge them (see sync.py).

    A damaged or hostile bundle raises :class:`ImportRefusedError` and changes nothing; one that
    needs an earlier export raises :class:`MissingPreviousExportError`.
    """
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as error:
        raise StorageError(
            _("Cannot read the export {path}: {reason}").format(path=source, reason=error.strerror)
        ) from None
    if size > limits.max_total_bytes:
        raise refused(_("the export is larger than the app accepts."))
    git = repository.git
    with Quarantine(git, (), limits) as quarantine:
        copy = quarantine.folder / "incoming.bundle"
        try:
            shutil.copyfile(source, copy)
            data = copy.read_bytes()
        except OSError as error:
            raise storage_error(error, source) from None
        _check_checksum(source, data)
        header = read_header(data)
        heads = [sha for sha, name in header.refs if name == MAIN_REF]
        senders = [name for _sha, name in header.refs if name.startswith(EXPORTED_BY_PREFIX)]
        versions: dict[str, str] = {}
        registries = [sha for sha, name in header.refs if name == REGISTRY_REF]
        for sha, name in header.refs:
            if (name == "HEAD" and sha in heads) or name == REGISTRY_REF:
                continue
            version = name.removeprefix(TAGS_PREFIX)
            if name.startswith(TAGS_PREFIX) and VERSION_NAME.match(version):
                if version in versions:
                    raise refused(_("it carries the version {name} twice.").format(name=version))
                versions[version] = sha
                continue
            if name != MAIN_REF and not (
                name.startswith(EXPORTED_BY_PREFIX)
                and _NAME.match(name.removeprefix(EXPORTED_BY_PREFIX))
            ):
                raise refused(_("it carries another branch or reference ({ref}).").format(ref=name))
        if len(heads) != 1 or len(senders) > 1 or len(registries) > 1:
            raise refused(_("it does not carry exactly one “main” branch."))
        tip = heads[0]
        sender = senders[0].removeprefix(EXPORTED_BY_PREFIX) if senders else source.stem
        missing = quarantine.missing(header.prerequisites)
        if missing:
            raise MissingPreviousExportError(
                _("This USB export needs the previous export from {laptop} first.").format(
                    laptop=sender
                ),
                _(
                    "Import the earlier export from {laptop} first, or ask {laptop} for a "
                    "full export. Nothing was changed."
                ).format(laptop=sender),
            )
        quarantine.verify_bundle(copy)
        quarantine.receive_pack(data[header.pack_offset :])
        count = quarantine.verify(tip)
        problems = quarantine.check_versions(versions, tip)
        if problems:
            raise refused(problems[min(problems)])
        their_registry = registries[0] if registries else None
        if their_registry is not None:
            quarantine.check_registry(their_registry)
        quarantine.admit()
    # The registry first; what the rest may drop is only forgotten at the end.
    merged = registry.take_in(git, their_registry)
    # A history rewritten without the names on one side: the other is rewritten the same way.
    reconciled = history_rewrite.reconcile(git, tip, versions)
    tip = reconciled.theirs
    known_sender = sender != "laptop" and _NAME.match(sender)
    if known_sender:
        git.set_ref(RECEIVED_PREFIX + sender, tip)
    result = merge_incoming(repository, tip, author=author, source=sender, new_commits=count)
    if reconciled.ours_rewritten or reconciled.theirs_rewritten:
        result = dataclasses.replace(
            result, notices=(*result.notices, history_rewrite.rewritten_notice())
        )
    # After the merge (which may refuse over unsaved changes): the versions' commits are in the
    # object store now, merged or waiting in the pending merge.
    added, notices = store_versions(git, versions, sender)
    if known_sender:
        _remember_versions(git, RECEIVED_VERSIONS_PREFIX + sender + "/", versions)
    if known_sender and their_registry is not None:
        _remember_registry(git, sender, their_registry)
    if reconciled.ours_rewritten or reconciled.theirs_rewritten:
        history_rewrite.forget_old_history(git)
    elif merged.forget:
        registry.forget_unreachable(git)
    return dataclasses.replace(
        result,
        new_versions=added,
        notices=(*result.notices, *notices),
        participants_changed=result.participants_changed or merged.changed,
        erased=merged.erased,
    )


def _check_checksum(source: Path, data: bytes) -> bool:
    """Compare with ``<bundle>.sha256`` when present; False when there is none."""
    checksum_file = source.with_name(source.name + CHECKSUM_SUFFIX)
    try:
        text = checksum_file.read_text("utf-8", "replace")
    except FileNotFoundError:
        return False
    except OSError as error:
        raise storage_error(error, checksum_file) from None
    expected = text.strip().split(" ", 1)[0].lower()
    if hashlib.sha256(data).hexdigest() != expected:
        raise ImportRefusedError(
            _("The export {name} is damaged: its checksum does not match.").format(
                name=source.name
            ),
            _("Copy it again from the other laptop (or export it again). Nothing was changed."),
        )
    return True
