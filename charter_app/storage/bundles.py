"""USB stick exchange: export the charter as a git bundle, import one through the quarantine.

An export is ``<name>.bundle`` (a plain git bundle: ``git clone`` and ``git fetch`` read it too)
and ``<name>.bundle.sha256`` beside it (``sha256sum -c`` reads it). It carries ``main`` and
``refs/charter/exported-by/<laptop>``, which tells the receiver who sent it. An export for a
named destination (``for_name``) leaves out what was already sent to it
(``refs/charter/sent/<name>``) and what came from it (``refs/charter/received/<name>``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

from charter_app.errors import RepositoryError, StorageError, ValidationError
from charter_app.i18n import _
from charter_app.storage.atomic import storage_error, write_atomic
from charter_app.storage.gitcmd import OBJECT_ID
from charter_app.storage.quarantine import (
    DEFAULT_LIMITS,
    MAIN_REF,
    ImportLimits,
    ImportRefusedError,
    Quarantine,
    refused,
)
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import RECEIVED_PREFIX, SyncResult, merge_incoming

SENT_PREFIX = "refs/charter/sent/"
EXPORTED_BY_PREFIX = "refs/charter/exported-by/"
CHECKSUM_SUFFIX = ".sha256"
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


def export_bundle(
    repository: CharterRepository,
    path: Path | str,
    since: str | None = None,
    for_name: str | None = None,
    sender: str | None = None,
) -> BundleExport:
    """Write the charter's history (all, or only what is new) as a bundle plus its checksum.

    ``since`` is a revision the receiver has; ``for_name`` names the destination laptop, and
    leaves out what was already sent to it or received from it.
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
    if any(git.is_ancestor(head, sha) for sha in excluded):
        raise ValidationError(
            _("There is nothing new to export since the last exchange."),
            _("Make a full export (without --since or --for) if the other laptop lost it."),
        )
    git.set_ref(EXPORTED_BY_PREFIX + me, head)
    run = git.runner
    scratch = run.common_dir / f"charter-export-{secrets.token_hex(6)}.bundle"
    # HEAD too, so that ``git clone`` of the bundle checks ``main`` out.
    operands = ["HEAD", MAIN_REF, EXPORTED_BY_PREFIX + me, *(f"^{sha}" for sha in sorted(excluded))]
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
        git.set_ref(SENT_PREFIX + laptop_name(for_name), head)
    count = run.run(
        run.argv("rev-list", ["--count"], [head, *(f"^{sha}" for sha in sorted(excluded))]),
        read_only=True,
    ).stdout.decode()
    header = read_header(data)
    return BundleExport(
        target, checksum_path, head, int(count.strip() or 0), header.prerequisites, me
    )


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
        for sha, name in header.refs:
            if name == "HEAD" and sha in heads:
                continue
            if name != MAIN_REF and not (
                name.startswith(EXPORTED_BY_PREFIX)
                and _NAME.match(name.removeprefix(EXPORTED_BY_PREFIX))
            ):
                raise refused(_("it carries another branch or reference ({ref}).").format(ref=name))
        if len(heads) != 1 or len(senders) > 1:
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
        quarantine.admit()
    if sender != "laptop" and _NAME.match(sender):
        git.set_ref(RECEIVED_PREFIX + sender, tip)
    return merge_incoming(repository, tip, author=author, source=sender, new_commits=count)


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
