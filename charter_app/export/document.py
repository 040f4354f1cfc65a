"""What an export holds, independent of its format: title, stamp, and a list of blocks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from charter_app.core.model import Charter
from charter_app.core.outline import outline
from charter_app.export.blocks import Block

NamesMode = Literal["names", "roles", "none"]
NAMES_MODES: tuple[NamesMode, ...] = ("names", "roles", "none")

ExportFormat = Literal["html", "pdf", "odt", "docx", "md"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("html", "pdf", "odt", "docx", "md")
COMPARISON_FORMATS: tuple[ExportFormat, ...] = ("html", "pdf", "odt", "docx")


@dataclass(frozen=True)
class ExportOptions:
    """What the user chose in the export dialog or on the command line."""

    version: str | None = None
    """An adopted version (``v1.0``) or any revision; None: the last saved text (HEAD)."""
    names: NamesMode = "names"
    """Contributors shown by name (and role), by role only, or not at all."""
    provenance: bool = False
    """Add the appendix: adopted amendments, decisions, votes and workshops."""
    language: str | None = None
    """The language of the export's fixed wording ("Preamble", "Contents"); None: the
    charter's own, whatever the app's language is."""


@dataclass(frozen=True)
class Stamp:
    """Which text this is, so anyone can check it against the repository."""

    version: str
    """The tag (``v1.0``) or, for text not adopted as a version, the short commit id."""
    date: str
    """The adoption date recorded in the tag, else the commit date (``YYYY-MM-DD``)."""
    commit: str
    """The full commit id."""
    checksum: str
    """SHA-256 of :func:`canonical_text` at that commit."""


@dataclass(frozen=True)
class Document:
    """One export: metadata and the blocks every writer walks in order."""

    title: str
    language: str
    subject: str
    """The territory, or what the document compares (PDF subject, DOCX/ODT description)."""
    blocks: tuple[Block, ...]
    toc: bool = True
    """Whether writers add a table of contents built from the anchored headings of levels 2
    to ``toc_depth``."""
    toc_depth: int = 2
    """The deepest heading level the contents list: 2 for principles alone, more when they
    stand in sections (a section at 2, its principles at 3...)."""
    landscape: bool = False
    """Wide pages (the comparison table)."""
    date: str = ""
    """The date of the text (``YYYY-MM-DD``): PDF, ODT and DOCX files carry it instead of the
    clock's, so the same text gives the same bytes; "" for the clock's."""
    wording: str = ""
    """The language of the fixed wording ("" : ``language``); writers translate into it."""
    author: str = ""
    """Who publishes it: the authority (the charter's territory); metadata of DOCX and ODT."""

    @property
    def wording_language(self) -> str:
        return self.wording or self.language


def canonical_text(charter: Charter) -> str:
    """The text a checksum covers: title, preamble, then each principle as stored, in order,
    each section's title ("§ Titre I") where it starts (a charter without sections: as before).

    Deterministic from the files of one commit, whatever the export format, so
    ``charter checksum --version v1.0`` on any clone prints the same value.
    """
    parts = [f"# {charter.title}", charter.preamble.strip()]
    for entry in outline(charter):
        if entry.section is not None:
            parts.append(f"§ {entry.section.title}")
        elif entry.principle is not None:
            principle = entry.principle
            parts.append(f"## {principle.number}. {principle.title}\n\n{principle.body.strip()}")
    return "\n\n".join(part for part in parts if part) + "\n"


def checksum(charter: Charter) -> str:
    """The SHA-256 (hex) of :func:`canonical_text`."""
    return hashlib.sha256(canonical_text(charter).encode("utf-8")).hexdigest()
