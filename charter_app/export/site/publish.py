"""``publish_site``: the whole site into a folder, all at once, with progress and cancel.

The site is built in memory, written into a new folder beside the destination, and only then
put in its place: a reader (or the web server) never sees half a site, and a cancelled or failed
build leaves the previous one as it was. A destination that holds anything but an earlier site
of Charter Studio is refused, so publishing never deletes someone's files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from charter_app.errors import StorageError, ValidationError
from charter_app.export.api import ExportCancelledError
from charter_app.export.site.downloads import version_downloads
from charter_app.export.site.gather import gather
from charter_app.export.site.model import SiteOptions
from charter_app.export.site.pages import render_pages
from charter_app.export.site.principles import chunk_count
from charter_app.i18n import _, wording
from charter_app.storage.repository import CharterRepository

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
GENERATOR = b'<meta name="generator" content="Charter Studio">'
"""How an earlier site of ours is recognised (its home page carries it)."""


@dataclass(frozen=True)
class Published:
    """What :func:`publish_site` wrote."""

    folder: Path
    files: int
    pages: int
    versions: tuple[str, ...]
    """The versions published, newest first (the working draft, in words, when asked for)."""
    warnings: tuple[str, ...]
    """Sentences for the person publishing (names found in free text...)."""


class _Steps:
    """Progress in steps of known number; each step may stop the build."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.done, self.total = 0, max(total, 1)
        self.progress, self.cancelled = progress, cancelled

    def __call__(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelledError()
        self.done = min(self.done + 1, self.total - 1)
        if self.progress is not None:
            self.progress(self.done, self.total)


def check_destination(out: Path) -> None:
    """Refuse a destination that is a file or a folder holding something else than a site."""
    if out.exists() and not out.is_dir():
        raise ValidationError(
            _("{path} is a file: give the folder the site should be written to.").format(path=out)
        )
    if not out.parent.is_dir():
        raise ValidationError(
            _("Cannot write {path}: the folder {folder} does not exist.").format(
                path=out, folder=out.parent
            ),
            _("Create the folder first, or choose another place."),
        )
    if out.is_dir() and any(out.iterdir()):
        home = out / "index.html"
        if not home.is_file() or GENERATOR not in home.read_bytes()[:4096]:
            raise ValidationError(
                _("The folder {path} is not empty and does not hold a published charter.").format(
                    path=out
                ),
                _("Choose an empty folder (or a new name): publishing replaces the whole folder."),
            )


def build_files(
    repository: CharterRepository,
    options: SiteOptions,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[dict[str, bytes], Published]:
    """Every file of the site (path -> bytes), in the charter's language, and what it holds,
    in the language of the person publishing."""
    language_code = repository.load().language
    with wording(language_code):
        site = gather(repository, options)
        per_version = 6 if options.downloads else 0
        total = len(site.versions) * per_version + chunk_count(site.versions) + 2
        steps = _Steps(total, progress, cancelled)
        steps()
        files: dict[str, bytes] = {}
        if options.downloads:
            versions = []
            for version in site.versions:
                charter, comparison = version_downloads(repository, version, options, files, steps)
                versions.append(replace(version, downloads=charter, comparison=comparison))
            site = replace(site, versions=tuple(versions))
        site = render_pages(site, files, steps)
    names = tuple(version.name for version in site.versions)  # in the app's language
    pages = sum(1 for path in files if path.endswith(".html") and "/downloads/" not in path)
    return files, Published(Path(), len(files), pages, names, site.warnings)


def publish_site(
    repository: CharterRepository,
    out: Path | str,
    options: SiteOptions | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Published:
    """Build the public site of the charter into the folder ``out`` (replaced as a whole)."""
    folder = Path(out).expanduser().absolute()
    check_destination(folder)
    files, summary = build_files(repository, options or SiteOptions(), progress, cancelled)
    write_folder(folder, files)
    if progress is not None:
        progress(1, 1)
    return replace(summary, folder=folder)


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """``files`` as the folder ``folder``, put in place all at once."""
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        for path in sorted(files):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        for directory, _dirs, names in os.walk(staging):
            os.chmod(directory, 0o755)
            for name in names:
                os.chmod(os.path.join(directory, name), 0o644)
        if folder.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}-old-", dir=folder.parent))
            os.replace(folder, retired / folder.name)
            os.replace(staging, folder)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, folder)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise StorageError(
            _("Cannot write the site to {path}: {reason}").format(path=folder, reason=error),
            _("Check that the folder can be written to and that the disk has room."),
        ) from error
