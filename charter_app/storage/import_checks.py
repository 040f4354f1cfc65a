"""What received commits and versions must pass before they are let into the charter.

- every received object, by ``git index-pack --strict`` (checked on receipt by the quarantine);
- connectivity: every object the new commits need is received or already in the charter;
- content: every file any new commit adds or changes is a plain file (no symbolic link, no
  submodule) at a path the charter format allows, within the size limits, and the tip names no
  two files that differ only by case; the tip reads as a charter, and every file the new
  commits bring that is still at the tip (events and amendments too) reads with the loader the
  app uses for it (:func:`charter_app.storage.checking.parse_file`), so nothing let in can make
  the app fail afterwards. (Older versions in the history are only checked for their kind and
  size: a file set aside by a repair stays in the history, and must not stop a sync.)
- adopted versions (:meth:`QuarantineChecks.check_versions`): each is an annotated tag (a tag
  object, verified with the rest) with a version name, the same name inside, on a commit of the
  verified ``main`` history.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from charter_app.core.versions import VERSION_NAME
from charter_app.errors import CharterError, RepositoryError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.checking import is_principle, parse_file
from charter_app.storage.git import GitRepository
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner

ALLOWED_PATH = re.compile(
    r"(?:charter\.yaml|participants\.yaml|README\.md"
    r"|principles/[a-z][a-z0-9-]{0,63}\.md"
    r"|amendments/a-[0-9a-f]{12}\.yaml"
    r"|events/[0-9]{4}/e-[0-9a-f]{16}\.yaml)\Z"
)
"""Every path an imported commit may add or change (docs/FORMAT.md)."""


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


class QuarantineChecks:
    """The checks of :class:`~charter_app.storage.quarantine.Quarantine`, on what it received."""

    git: GitRepository
    """The charter's repository."""
    limits: ImportLimits
    runner: GitRunner
    """Runs git in the quarantine."""
    repository: GitRepository
    """The quarantine as a repository (it borrows the charter's objects)."""

    def _charter_tips(self) -> list[str]:
        refs = self.git.refs("refs/heads") | self.git.refs("refs/charter")
        return [sha for name, sha in refs.items() if OBJECT_ID.match(sha)]

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
        new_blobs = self._check_changes(tip, haves)
        self._check_tip(tip, set(new_blobs))
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

    def check_registry(self, commit: str) -> None:
        """Refuse a received registry (:mod:`charter_app.storage.registry`) that is not one
        commit with no parent holding only ``participants.yaml``, readable by the app."""
        kind, size = self._kinds([commit]).get(commit, ("missing", 0))
        if kind != "commit" or size > self.limits.max_file_bytes:
            raise refused(_("its list of participants is not one the app writes."))
        header = self._contents([commit])[commit].split(b"\n\n", 1)[0].split(b"\n")
        if any(line.startswith(b"parent ") for line in header) or not header[0].startswith(
            b"tree "
        ):
            raise refused(_("its list of participants is not one the app writes."))
        tree = header[0][5:].decode("ascii", "replace")
        entries = _tree_entries(self._contents([tree]).get(tree, b""), len(commit) // 2)
        if len(entries) != 1 or entries[0][:2] != ("100644", files.PARTICIPANTS_FILE):
            raise refused(_("its list of participants holds other files."))
        blob = entries[0][2]
        blob_kind, blob_size = self._kinds([blob]).get(blob, ("missing", 0))
        if blob_kind != "blob" or blob_size > self.limits.max_file_bytes:
            raise refused(_("its list of participants is too large."))
        try:
            files.parse_participants(self._contents([blob])[blob])
        except CharterError as error:
            raise refused(
                _("its list of participants cannot be read ({problem}).").format(
                    problem=error.message.rstrip(".")
                )
            ) from None

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

    def _check_changes(self, tip: str, haves: Sequence[str]) -> dict[str, str]:
        """Every file a new commit adds or changes, compared with its first parent (or with
        nothing for a first commit): by induction that covers every file of every new tree.
        Returns those files' contents: blob id -> path."""
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
        sizes = {blob: size for blob, (_kind, size) in self._kinds(list(new_blobs)).items()}
        for blob, path in new_blobs.items():
            if sizes.get(blob, 0) > self.limits.max_file_bytes:
                raise refused(
                    _("the file {path} is larger than {limit} MB.").format(
                        path=path, limit=self.limits.max_file_bytes // (1024 * 1024) or 1
                    )
                )
        return new_blobs

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

    def _check_tip(self, tip: str, new_blobs: set[str]) -> None:
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
        blobs = self.repository.tree_blobs(tip)
        wanted = sorted(
            path
            for path, blob in blobs.items()
            if blob in new_blobs or not path.startswith(("events/", "amendments/"))
        )
        contents = dict(
            zip(wanted, self.repository.read_blobs([blobs[p] for p in wanted]), strict=True)
        )
        for path in wanted:
            data = contents[path]
            if data is None or blobs[path] not in new_blobs:
                continue
            try:
                parse_file(path, data)
            except CharterError as error:
                raise refused(
                    _("a file it carries cannot be read ({problem}).").format(problem=error.message)
                ) from None
        try:
            files.charter_from_files(
                {
                    path: data
                    for path, data in contents.items()
                    if data is not None
                    and (
                        path in (files.CHARTER_FILE, files.PARTICIPANTS_FILE) or is_principle(path)
                    )
                },
                label=f" @ {tip[:8]}",
            )
        except CharterError as error:
            raise refused(
                _("its charter cannot be read ({problem}).").format(
                    problem=error.message.rstrip(".")
                )
            ) from None


def _tree_entries(tree: bytes, id_bytes: int) -> list[tuple[str, str, str]]:
    """``(mode, name, object id)`` of each entry of a raw tree object."""
    entries = []
    position = 0
    while position < len(tree):
        end = tree.find(b"\0", position)
        if end < 0 or end + 1 + id_bytes > len(tree):
            return []
        mode, _space, name = tree[position:end].partition(b" ")
        object_id = tree[end + 1 : end + 1 + id_bytes].hex()
        entries.append(
            (mode.decode("ascii", "replace"), name.decode("utf-8", "replace"), object_id)
        )
        position = end + 1 + id_bytes
    return entries
