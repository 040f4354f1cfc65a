"""The export entry points the app calls off the UI thread and the CLI calls directly.

Both report progress through ``progress(done, total)`` and stop as soon as ``cancelled()`` says
so, raising :class:`ExportCancelledError` with nothing written. The file is replaced all at once, so
a reader never sees half an export.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from charter_app.errors import CharterError, ValidationError
from charter_app.export.anonymity import NameFound, names_in
from charter_app.export.build import charter_document
from charter_app.export.comparison import comparison_document
from charter_app.export.document import (
    COMPARISON_FORMATS,
    EXPORT_FORMATS,
    Document,
    ExportOptions,
)
from charter_app.i18n import _, app_wording, wording
from charter_app.storage.atomic import write_atomic
from charter_app.storage.repository import CharterRepository

Progress = Callable[[int, int], None]
"""Called with (steps done, total steps)."""
Cancelled = Callable[[], bool]
"""Returns True when the user asked to stop."""

_STEPS = 100
_BUILT = 60  # share of the work done once the document is built; writing takes the rest


class ExportCancelledError(CharterError):
    """The user stopped the export; no file was written."""

    def __init__(self) -> None:
        with app_wording():  # raised while the export speaks the charter's language
            super().__init__(_("The export was cancelled; no file was written."))


def render_bytes(document: Document, format: str) -> bytes:
    """``document`` in ``format`` (html, pdf, odt, docx, md)."""
    if format == "html":
        from charter_app.export.html_writer import html_page

        return html_page(document).encode("utf-8")
    if format == "md":
        from charter_app.export.markdown_writer import markdown_text

        return markdown_text(document).encode("utf-8")
    if format == "pdf":
        from charter_app.export.pdf_writer import pdf_bytes

        return pdf_bytes(document)
    if format == "odt":
        from charter_app.export.odt_writer import odt_bytes

        return odt_bytes(document)
    if format == "docx":
        from charter_app.export.docx_writer import docx_bytes

        return docx_bytes(document)
    raise _unknown_format(format, EXPORT_FORMATS)


def _unknown_format(format: str, allowed: tuple[str, ...]) -> ValidationError:
    return ValidationError(
        _("Unknown export format “{format}”.").format(format=format),
        _("Use one of: {choices}.").format(choices=", ".join(allowed)),
    )


def _checked_output(out: Path | str) -> Path:
    """The output path, refused early (before any work) when it cannot be a file."""
    path = Path(out)
    if path.is_dir():
        raise ValidationError(
            _("{path} is a folder: give the name of the file to write.").format(path=path)
        )
    if not path.parent.is_dir():
        raise ValidationError(
            _("Cannot write {path}: the folder {folder} does not exist.").format(
                path=path, folder=path.parent
            ),
            _("Create the folder first, or choose another place."),
        )
    return path


class _Reporter:
    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress = progress
        self.cancelled = cancelled

    def step(self, done: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelledError()
        if self.progress is not None:
            self.progress(min(done, _STEPS), _STEPS)

    def building(self, done: int, total: int) -> None:
        self.step(_BUILT * done // max(total, 1))


def export_charter(
    repository: CharterRepository,
    format: str,
    out: Path | str,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write the charter at ``options.version`` to ``out`` in ``format``; return the path.

    Raises translated errors for an unknown format or version, an output path that cannot be
    written (:class:`charter_app.errors.StorageError`), and :class:`ExportCancelledError`.
    """
    if format not in EXPORT_FORMATS:
        raise _unknown_format(format, EXPORT_FORMATS)
    path = _checked_output(out)
    reporter = _Reporter(progress, cancelled)
    reporter.step(0)
    document = charter_document(repository, options or ExportOptions(), reporter.building)
    return _write(document, format, path, reporter)


def names_in_export(
    repository: CharterRepository, options: ExportOptions | None = None
) -> list[NameFound]:
    """The registered names an export hiding people (``names`` "roles" or "none") would still
    publish in free texts; [] when it shows names anyway."""
    options = options or ExportOptions()
    if options.names == "names":
        return []
    document = charter_document(repository, options)
    return names_in(document, repository.load().participants)


def compare_charter(
    repository: CharterRepository,
    old: str,
    new: str | None,
    format: str,
    out: Path | str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    language: str | None = None,
) -> Path:
    """Write the comparison table of version ``old`` and ``new`` (None: last saved text), its
    fixed wording in ``language`` (default: the charter's)."""
    if format not in COMPARISON_FORMATS:
        raise _unknown_format(format, COMPARISON_FORMATS)
    path = _checked_output(out)
    reporter = _Reporter(progress, cancelled)
    reporter.step(0)
    document = comparison_document(repository, old, new, reporter.building, language)
    return _write(document, format, path, reporter)


def _write(document: Document, format: str, path: Path, reporter: _Reporter) -> Path:
    reporter.step(_BUILT)
    with wording(document.wording_language):
        data = render_bytes(document, format)
    reporter.step(_STEPS - 1)
    write_atomic(path, data)
    if reporter.progress is not None:
        reporter.progress(_STEPS, _STEPS)
    return path
