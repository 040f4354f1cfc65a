"""Exports of a charter: HTML, PDF, ODT, DOCX, Markdown and the comparison table.

One converter turns the charter at a version into a :class:`Document` of blocks
(:mod:`charter_app.export.blocks`); one writer per format walks it. The PDF is compiled by Typst
(tagged PDF/UA-1 with bookmarks); no Qt is used, so exports run headless.
"""

from __future__ import annotations

from charter_app.export.anonymity import NameFound
from charter_app.export.api import (
    ExportCancelledError,
    compare_charter,
    export_charter,
    names_in_export,
)
from charter_app.export.document import (
    COMPARISON_FORMATS,
    EXPORT_FORMATS,
    NAMES_MODES,
    ExportOptions,
    canonical_text,
    checksum,
)

__all__ = [
    "COMPARISON_FORMATS",
    "EXPORT_FORMATS",
    "NAMES_MODES",
    "ExportCancelledError",
    "ExportOptions",
    "NameFound",
    "canonical_text",
    "checksum",
    "compare_charter",
    "export_charter",
    "names_in_export",
]
