"""PDF through WeasyPrint: the HTML export laid out for print, tagged (PDF/UA-1), bookmarked.

WeasyPrint writes the structure tree (``/StructTreeRoot``, ``/MarkInfo``), the document
language, the title and subject from the page's ``<title>`` and description, and one bookmark per
heading. Its URL fetcher here refuses every URL, so nothing outside the charter is ever loaded
(the page holds none anyway: this is the second lock).
"""

from __future__ import annotations

from typing import Any

from charter_app.errors import CharterError
from charter_app.export.document import Document
from charter_app.export.html_writer import html_page
from charter_app.i18n import _

PDF_VARIANT = "pdf/ua-1"


class ExportDependencyError(CharterError):
    """A library the export needs is missing on this computer."""


def _weasyprint() -> Any:
    try:
        import weasyprint  # type: ignore[import-untyped]
    except (ImportError, OSError) as error:  # OSError: Pango missing from the system
        raise ExportDependencyError(
            _("PDF export needs WeasyPrint and the Pango library: {reason}").format(reason=error),
            _("Install them (pip install weasyprint; apt-get install libpango-1.0-0 "
              "libpangoft2-1.0-0), or export to ODT and print to PDF from LibreOffice."),
        ) from None  # fmt: skip
    return weasyprint


def _refusing_fetcher(weasyprint: Any) -> Any:
    class RefuseAll(weasyprint.URLFetcher):  # type: ignore[misc]
        """Loads nothing: no image, stylesheet or font from any URL."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"refused: {url[:80]}")

    return RefuseAll()


def render_pdf(html: str) -> bytes:
    """The PDF of a page made by :func:`html_page`."""
    weasyprint = _weasyprint()
    page = weasyprint.HTML(string=html, base_url=None, url_fetcher=_refusing_fetcher(weasyprint))
    data = page.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    assert isinstance(data, bytes)
    return data


def pdf_bytes(document: Document) -> bytes:
    return render_pdf(html_page(document))
