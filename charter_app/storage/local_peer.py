"""Sync with a folder on this computer without ever running git in it.

A folder (a network share, a USB stick, a colleague's charter) is data, like a bundle: git would
read its configuration and run what it names (hooks, filters when it updates a checked-out
folder, fsmonitor, receive or upload settings, an ``include.path``...), so no git process is
ever started in it. Instead a *stand-in* repository of ours, inside the quarantine, borrows the
folder's objects (``objects/info/alternates``) and holds copies of the names we read from it
ourselves (``refs/heads/main``, the versions ``refs/tags/v*`` and the participants' registry
``refs/charter/registry``, loose or packed). Git fetches from and pushes to the stand-in, with
a configuration we wrote; sending then copies the new pack files into the folder and moves its
names the way git does (a ``.lock`` file created exclusively, the old value checked, then
renamed), never forced: a name moves only from the value read at the start (the registry,
which is replaced rather than extended, too: only after we merged the one we read).

Which folders are accepted:

- a **shared folder** (a bare repository: ``HEAD``, ``objects/`` and ``refs/`` at its top, as
  ``git init --bare`` makes it): received from and sent to;
- an **empty folder**: becomes a shared folder at the first sync;
- a **charter folder someone works in** (it has a ``.git`` folder): received from only, never
  written into (its checked-out files would no longer match);

anything else (a linked work tree, names kept in git's newer "reftable" storage, links to other
places where we would write) is refused in plain words.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from charter_app.core.versions import VERSION_NAME
from charter_app.errors import LockedError, RepositoryError, ValidationError
from charter_app.i18n import _
from charter_app.storage.gitcmd import OBJECT_ID, GitRunner

MAIN = "refs/heads/main"
TAGS = "refs/tags/"
REGISTRY = "refs/charter/registry"
"""The participants' registry (:mod:`charter_app.storage.registry`)."""
_SMALL_FILE = 4096
_MAX_PACKED_REFS = 32 * 1024 * 1024
_WRITTEN_FOLDERS = (
    "objects", "objects/pack", "refs", "refs/heads", "refs/tags", "refs/charter",
)  # fmt: skip
_PACK_ORDER = {".pack": 0, ".rev": 1, ".bitmap": 2, ".idx": 3}

# The stand-in's whole configuration: the git processes a local fetch or push starts in it
# (upload-pack, receive-pack) read this file and nothing of the folder's.
_STAND_IN_CONFIG = """[core]
\trepositoryformatversion = {version}
\tfilemode = true
\tbare = true
\thooksPath = {devnull}
\tfsmonitor = false
\talternateRefsCommand =
\tcommitGraph = false
\tmultiPackIndex = false
\tlogAllRefUpdates = false
[receive]
\tfsckObjects = true
\tunpackLimit = 1
\tautogc = false
\tdenyDeletes = true
\tdenyNonFastForwards = true
[transfer]
\tunpackLimit = 1
[pack]
\tuseBitmaps = false
[gc]
\tauto = 0
{extensions}"""

_SHARED_CONFIG = """[core]
\trepositoryformatversion = {version}
\tfilemode = true
\tbare = true
{extensions}"""


@dataclass(frozen=True)
class LocalFolder:
    """A folder named as a sync address, as found on disk (nothing of it was run)."""

    path: Path
    """The folder, links resolved."""
    git_dir: Path
    """Where its history is: the folder itself when shared (bare), else its ``.git``."""
    shared: bool
    """A shared (bare) folder, which sync writes to; False for a charter someone works in."""
    empty: bool = False
    """An empty folder, which the first sync makes a shared folder."""


def folder_of(url: str) -> Path:
    """The folder a checked local address names (a path, or ``file://``)."""
    if url.startswith("file://"):
        return Path(unquote(urlsplit(url).path))
    return Path(url)


def inspect_folder(url: str) -> LocalFolder:
    """What kind of folder ``url`` is (see the module docstring), or a plain refusal."""
    given = folder_of(url)
    path = Path(os.path.realpath(given))
    dot_git = path / ".git"
    if os.path.lexists(dot_git):
        if dot_git.is_symlink() or not dot_git.is_dir():
            raise _not_accepted(
                given,
                _("{path} shares its history with another folder; Charter Studio does not use it."),
            )
        git_dir, shared = dot_git, False
    elif path.is_dir() and not any(path.iterdir()):
        return LocalFolder(path, path, shared=True, empty=True)
    else:
        git_dir, shared = path, True
    if not (git_dir / "HEAD").is_file() or not (git_dir / "objects").is_dir():
        raise _not_accepted(given, _("{path} is not a shared charter folder."))
    if (git_dir / "commondir").exists() or not (git_dir / "refs" / "heads").is_dir():
        raise _not_accepted(
            given, _("{path} keeps its history in a way Charter Studio cannot read.")
        )
    if shared and any(
        (git_dir / inside).is_symlink() for inside in _WRITTEN_FOLDERS
    ):  # we would write somewhere else than in the folder
        raise _not_accepted(
            given, _("{path} holds links to other places, so it is not written to.")
        )
    return LocalFolder(path, git_dir, shared)


def _not_accepted(path: Path, problem: str) -> ValidationError:
    return ValidationError(
        problem.format(path=path),
        _(
            "Sync with a shared folder (an empty folder becomes one at the first sync), or "
            "with a charter folder to receive its work; nothing was changed."
        ),
    )


def create_shared_folder(folder: LocalFolder, object_format: str) -> LocalFolder:
    """Make the empty ``folder`` a shared folder: an empty history with a ``main`` branch."""
    runner = GitRunner(folder.path, folder.path, folder.path)
    options = ["-q", "--template=", "--initial-branch=main", f"--object-format={object_format}"]
    runner.run(runner.argv("init", options))
    (folder.path / "refs" / "tags").mkdir(exist_ok=True)
    _write_config(folder.path, _SHARED_CONFIG, object_format)
    return LocalFolder(folder.path, folder.path, shared=True)


def _write_config(git_dir: Path, template: str, object_format: str) -> None:
    sha256 = object_format == "sha256"
    text = template.format(
        version=1 if sha256 else 0,
        devnull=os.devnull,
        extensions="[extensions]\n\tobjectformat = sha256\n" if sha256 else "",
    )
    (git_dir / "config").write_text(text, encoding="utf-8")


# --- reading the folder's names ------------------------------------------------------------------


def _small_file(path: Path, limit: int = _SMALL_FILE) -> bytes | None:
    """The bytes of a plain file no larger than ``limit`` (never a link, a pipe or a device)."""
    try:
        details = os.lstat(path)
        if not stat.S_ISREG(details.st_mode) or details.st_size > limit:
            return None
        with open(path, "rb") as stream:
            return stream.read(limit)
    except OSError:
        return None


def _object_id(data: bytes | None, length: int) -> str | None:
    text = (data or b"").decode("ascii", "replace").strip()
    return text if OBJECT_ID.match(text) and len(text) == length else None


def read_names(git_dir: Path, length: int) -> dict[str, str]:
    """``refs/heads/main``, the ``refs/tags/v*`` and ``refs/charter/registry`` of a folder:
    name -> object id of
    ``length`` hex digits. Loose names win over packed ones, as in git; anything else
    (symbolic names, other branches, malformed lines) is left out."""
    names: dict[str, str] = {}
    packed = _small_file(git_dir / "packed-refs", _MAX_PACKED_REFS) or b""
    for line in packed.split(b"\n"):
        sha, _space, name = line.decode("utf-8", "replace").partition(" ")
        if _wanted(name) and _object_id(sha.encode(), length):
            names[name] = sha
    for single in (MAIN, REGISTRY):
        found = _object_id(_small_file(git_dir / single), length)
        if found:
            names[single] = found
    tags = git_dir / "refs" / "tags"
    if tags.is_dir() and not tags.is_symlink():
        for entry in os.scandir(tags):
            tag = _object_id(_small_file(Path(entry.path)), length)
            if VERSION_NAME.match(entry.name) and tag:
                names[TAGS + entry.name] = tag
    return names


def _wanted(name: str) -> bool:
    return name in (MAIN, REGISTRY) or (
        name.startswith(TAGS) and bool(VERSION_NAME.match(name[len(TAGS) :]))
    )


# --- the stand-in ---------------------------------------------------------------------------------


class StandIn:
    """Our own repository standing in for a local folder; see the module docstring."""

    def __init__(self, folder: LocalFolder, path: Path, object_format: str) -> None:
        self.folder = folder
        self.path = path
        self.object_format = object_format
        self.length = 64 if object_format == "sha256" else 40
        self.runner = GitRunner(path, path, path)
        self.names: dict[str, str] = {}
        """The folder's names as copied into the stand-in."""

    def __enter__(self) -> StandIn:
        run = self.runner
        run.run(run.argv("init", ["-q", "--template=", f"--object-format={self.object_format}"]))
        _write_config(self.path, _STAND_IN_CONFIG, self.object_format)
        if self.folder.empty:
            return self
        alternates = self.path / "objects" / "info"
        alternates.mkdir(parents=True, exist_ok=True)
        (alternates / "alternates").write_text(
            f"{self.folder.git_dir / 'objects'}\n", encoding="utf-8"
        )
        found = read_names(self.folder.git_dir, self.length)
        present = self._present(sorted(set(found.values())))
        self.names = {name: sha for name, sha in found.items() if sha in present}
        if MAIN in found and MAIN not in self.names:
            raise RepositoryError(
                _("The shared folder {path} is damaged: part of its history is missing.").format(
                    path=self.folder.path
                ),
                _("Ask whoever looks after it to repair it; nothing was changed here."),
            )
        lines = [f"create {name} {sha}\n" for name, sha in sorted(self.names.items())]
        if lines:
            run.run(run.argv("update-ref", ["--stdin"]), stdin="".join(lines).encode())
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    @property
    def url(self) -> str:
        """What git fetches from and pushes to."""
        return str(self.path)

    def _present(self, objects: Sequence[str]) -> set[str]:
        if not objects:
            return set()
        run = self.runner
        request = "".join(f"{sha}\n" for sha in objects).encode()
        output = run.run(
            run.argv("cat-file", ["--batch-check"]), stdin=request, read_only=True, check=False
        ).stdout.decode("ascii", "replace")
        return {line.split(" ")[0] for line in output.splitlines() if not line.endswith(" missing")}

    # -- sending --------------------------------------------------------------------------------

    def publish(self, names: Mapping[str, str]) -> list[str]:
        """Copy the stand-in's new objects into the folder, then move each of ``names``
        (name -> new object id) from the value the stand-in started with; the names moved
        (one that changed in the folder meanwhile is left as it is)."""
        if not self.folder.shared:
            raise AssertionError("never write into a folder someone works in")
        self._copy_objects()
        moved = []
        for name, new in names.items():
            if not _wanted(name) or not OBJECT_ID.match(new):
                raise AssertionError(f"not a name to publish: {name!r}")
            if self._swap(name, self.names.get(name), new):
                self.names[name] = new
                moved.append(name)
        return moved

    def _copy_objects(self) -> None:
        source = self.path / "objects"
        for folder, files in _object_files(source):
            target = self.folder.git_dir / "objects" / folder.relative_to(source)
            _plain_folder(target, self.folder.git_dir)
            for name in sorted(files, key=lambda n: _PACK_ORDER.get(Path(n).suffix, 0)):
                destination = target / name
                if os.path.lexists(destination):
                    continue
                temporary = target / f"tmp_charter_{os.getpid()}_{name}"
                try:
                    shutil.copyfile(folder / name, temporary)
                    with open(temporary, "rb") as stream:
                        os.fsync(stream.fileno())
                    os.chmod(temporary, 0o444)
                    os.replace(temporary, destination)
                except OSError as error:
                    with contextlib.suppress(OSError):
                        temporary.unlink()
                    raise _write_error(self.folder.path, error) from None

    def _swap(self, name: str, old: str | None, new: str) -> bool:
        """Move ``name`` in the folder from ``old`` (None: absent) to ``new``, as git does."""
        path = self.folder.git_dir / name
        _plain_folder(path.parent, self.folder.git_dir)
        lock = path.with_name(path.name + ".lock")
        try:
            descriptor = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            raise LockedError(
                _("Someone else is sending to the shared folder {path} right now.").format(
                    path=self.folder.path
                ),
                _(
                    "Sync again in a moment. If this lasts, an earlier send was interrupted: "
                    "whoever looks after the folder can remove the file {lock}."
                ).format(lock=lock),
            ) from None
        except OSError as error:
            raise _write_error(self.folder.path, error) from None
        renamed = False
        try:
            current = read_names(self.folder.git_dir, self.length).get(name)
            if current != old:
                return False
            os.write(descriptor, f"{new}\n".encode("ascii"))
            os.fsync(descriptor)
            os.close(descriptor)
            descriptor = -1
            os.replace(lock, path)
            renamed = True
            return True
        except OSError as error:
            raise _write_error(self.folder.path, error) from None
        finally:
            if descriptor != -1:
                os.close(descriptor)
            if not renamed:
                with contextlib.suppress(OSError):
                    lock.unlink()


def _plain_folder(folder: Path, root: Path) -> None:
    """Create ``folder`` under ``root`` if needed; refuse a link on the way (we would write
    somewhere else than the shared folder)."""
    relative = folder.relative_to(root)
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            raise ValidationError(
                _(
                    "The shared folder {path} holds links to other places; it was not written."
                ).format(path=root),
                _("Ask whoever looks after it to check it; your charter is unchanged."),
            )
        if not current.exists():
            try:
                current.mkdir()
            except OSError as error:
                raise _write_error(root, error) from None


def _write_error(path: Path, error: OSError) -> RepositoryError:
    return RepositoryError(
        _("Could not write to the shared folder {path}: {reason}").format(
            path=path, reason=error.strerror or error
        ),
        _("Check that you may write to it and that the disk is not full; your charter is saved."),
    )


def _object_files(objects: Path) -> Iterator[tuple[Path, list[str]]]:
    """Pack files and loose objects of an object folder (``.keep`` files left out)."""
    pack = objects / "pack"
    if pack.is_dir():
        yield pack, [n for n in os.listdir(pack) if n.startswith("pack-") and ".keep" not in n]
    for entry in sorted(objects.iterdir()):
        if len(entry.name) == 2 and entry.is_dir():
            yield entry, os.listdir(entry)
