"""Each published version in every export format, and its comparison table with the one before.

The files are the exports themselves (:func:`charter_app.export.api.render_bytes` on the same
documents ``charter export`` and ``charter compare`` build), with the provenance appendix and
people shown as the site's names option asks. They are dated by their text, so rebuilding the
site gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from charter_app.core.operations import slugify
from charter_app.export.api import render_bytes
from charter_app.export.build import charter_document
from charter_app.export.comparison import comparison_document
from charter_app.export.document import COMPARISON_FORMATS, EXPORT_FORMATS, ExportOptions
from charter_app.export.site.model import DRAFT, Download, SiteOptions, VersionView
from charter_app.i18n import _, current_language
from charter_app.storage.repository import CharterRepository

FORMAT_LABELS: dict[str, str] = {
    "pdf": "PDF",
    "odt": "ODT",
    "docx": "DOCX",
    "html": "HTML",
    "md": "Markdown",
}
"""Format names are the same in every language."""

Files = dict[str, bytes]


def version_downloads(
    repository: CharterRepository,
    version: VersionView,
    options: SiteOptions,
    files: Files,
    step: Callable[[], None],
) -> tuple[tuple[Download, ...], tuple[Download, ...]]:
    """Write ``version``'s downloads into ``files`` (path -> bytes); the charter's downloads and
    the comparison table's. ``step`` is called between files (it may raise to cancel)."""
    stem = slugify(version.charter.title, set()) or "charter"
    folder = f"{version.key}/downloads"
    reference = None if version.key == DRAFT else version.key
    document = charter_document(repository, ExportOptions(reference, options.names, True))
    charter: list[Download] = []
    for format in EXPORT_FORMATS:
        step()
        path = f"{folder}/{stem}-{version.key}.{format}"
        files[path] = render_bytes(document, format)
        charter.append(Download(path, format, len(files[path])))
    comparison: list[Download] = []
    if version.previous is not None:
        compared = comparison_document(repository, version.previous, reference)
        name = _("comparison")
        for format in COMPARISON_FORMATS:
            if format == "html":
                continue  # the principle pages show the same comparison
            step()
            path = f"{folder}/{stem}-{name}-{version.previous}-{version.key}.{format}"
            files[path] = render_bytes(compared, format)
            comparison.append(Download(path, format, len(files[path])))
    return tuple(charter), tuple(comparison)


def size_text(size: int) -> str:
    """``12 KB``, ``1.4 MB``: what a reader needs to decide to download on a phone."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=max(1, round(size / 1024)))
    shown = f"{size / (1024 * 1024):.1f}"
    if current_language() == "fr":
        shown = shown.replace(".", ",")
    return _("{size} MB").format(size=shown)
