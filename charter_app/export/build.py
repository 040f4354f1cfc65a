"""The charter at one version as an export :class:`Document`: stamp, preamble, principles,
and the optional provenance appendix."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from charter_app.core.model import Charter
from charter_app.core.outline import outline
from charter_app.errors import ValidationError
from charter_app.export.blocks import (
    Block,
    Heading,
    ListBlock,
    Paragraph,
    Span,
    Table,
    markdown_blocks,
    nested_headings,
    text,
)
from charter_app.export.document import Document, ExportOptions, Stamp, checksum
from charter_app.export.provenance import Provenance, decision_text, provenance
from charter_app.i18n import _, ngettext, wording
from charter_app.storage.repository import CharterRepository
from charter_app.storage.versions import adopted_versions

Tick = Callable[[int, int], None]
"""Called with (principles done, total) while the document is built; may raise to cancel."""


@dataclass(frozen=True)
class Source:
    """The text being exported: the charter at one commit and its stamp."""

    charter: Charter
    stamp: Stamp
    tagged: bool
    """Whether ``stamp.version`` is an adopted version (a tag)."""


def load_source(repository: CharterRepository, version: str | None) -> Source:
    """The charter at ``version`` (a tag or revision; None: HEAD) with its stamp.

    An unknown version raises the storage's translated NotFoundError.
    """
    if version is None and repository.git.head() is None:
        raise ValidationError(
            _("The charter has no saved text to export yet."),
            _("Save the charter first."),
        )
    commit = repository.git.resolve(version or "HEAD")
    charter = repository.load(commit)
    tags = {v.name: v for v in adopted_versions(repository)}
    tag = tags.get(version or "")
    if tag is None:  # HEAD or a commit that happens to be an adopted version
        tag = next((v for v in reversed(list(tags.values())) if v.commit == commit), None)
    if tag is not None:
        stamp = Stamp(tag.name, tag.date, commit, checksum(charter))
    else:
        revision = repository.git.log(rev=commit, max_count=1)[0]
        date = revision.committed_at.date().isoformat()
        stamp = Stamp(commit[:8], date, commit, checksum(charter))
    return Source(charter, stamp, tag is not None)


def stamp_blocks(stamp: Stamp, tagged: bool) -> list[Block]:
    """The version notice every export carries, with the one-line check."""
    if tagged:
        head = _("Adopted version {version} of {date}, commit {commit}.").format(
            version=stamp.version, date=stamp.date, commit=stamp.commit
        )
        rev = stamp.version
    else:
        head = _("Text of {date}, commit {commit} (not an adopted version).").format(
            date=stamp.date, commit=stamp.commit
        )
        rev = stamp.commit
    check = _(
        "To check this text against the charter's repository, run “charter -C CHARTER checksum "
        "--version {rev}”: it must print the SHA-256 above (or see “git -C CHARTER show {rev} "
        "--stat”)."
    ).format(rev=rev)
    return [
        Paragraph(text(head), "meta"),
        Paragraph(text(_("SHA-256 of the text: {sha}").format(sha=stamp.checksum)), "meta"),
        Paragraph(text(check), "meta"),
    ]


def principle_anchor(principle_id: str) -> str:
    return f"principle-{principle_id}"


def section_anchor(section_id: str) -> str:
    return f"section-{section_id}"


def deeper(blocks: Sequence[Block], depth: int) -> tuple[Block, ...]:
    """A principle's blocks with their headings ``depth`` levels down (its own heading stands
    in a section), never below 6."""
    if not depth:
        return tuple(blocks)
    return tuple(
        replace(block, level=min(6, block.level + depth)) if isinstance(block, Heading) else block
        for block in blocks
    )


def charter_document(
    repository: CharterRepository, options: ExportOptions, tick: Tick | None = None
) -> Document:
    """The whole export of the charter at ``options.version``, its fixed wording in
    ``options.language`` (default: the charter's language)."""
    source = load_source(repository, options.version)
    language = options.language or source.charter.language
    with wording(language):
        return _charter_document(repository, source, options, language, tick)


def _charter_document(
    repository: CharterRepository,
    source: Source,
    options: ExportOptions,
    language: str,
    tick: Tick | None,
) -> Document:
    charter = source.charter
    blocks: list[Block] = [Heading(1, text(charter.title), "title")]
    if charter.territory:
        blocks.append(Paragraph(text(charter.territory), "meta"))
    blocks += stamp_blocks(source.stamp, source.tagged)
    if charter.preamble.strip():
        blocks.append(Heading(2, text(_("Preamble")), "preamble"))
        blocks += nested_headings(markdown_blocks(charter.preamble))
    total = len(charter.principles)
    done = 0
    for entry in outline(charter):
        if entry.section is not None:
            section = entry.section
            blocks.append(Heading(2 + entry.depth, text(section.title), section_anchor(section.id)))
            continue
        principle = entry.principle
        assert principle is not None
        if tick is not None and done % 50 == 0:
            tick(done, total)
        done += 1
        heading = f"{principle.number}. {principle.title}"
        blocks.append(Heading(2 + entry.depth, text(heading), principle_anchor(principle.id)))
        blocks += deeper(nested_headings(markdown_blocks(principle.body)), entry.depth)
    if options.provenance:
        history = repository.history(rev=source.stamp.commit)
        found = provenance(repository, source.stamp.commit, charter, options.names, history)
        blocks += provenance_blocks(found, charter)
    if tick is not None:
        tick(total, total)
    return Document(
        charter.title,
        charter.language,
        charter.territory,
        tuple(blocks),
        toc_depth=2 + max((entry.depth for entry in outline(charter)), default=0),
        wording=language,
        author=charter.territory,
        date=source.stamp.date,
    )


def provenance_blocks(found: Provenance, charter: Charter) -> list[Block]:
    """The appendix: one table of adopted amendments, one list of workshops."""
    blocks: list[Block] = [Heading(2, text(_("Provenance of the text")), "provenance")]
    blocks.append(Heading(3, text(_("Adopted amendments"))))
    if found.amendments:
        header = tuple(
            (Paragraph(text(label)),)
            for label in (_("Number"), _("Principle"), _("Author"), _("Rationale"), _("Decision"))
        )
        rows = []
        for amendment in found.amendments:
            principle = charter.principle(amendment.principle)
            target = f"{principle.number}. {principle.title}" if principle else amendment.principle
            rows.append(
                (
                    (Paragraph(text(amendment.label)),),
                    (Paragraph(text(target)),),
                    (Paragraph(text(amendment.author or "—")),),
                    markdown_blocks(amendment.rationale),
                    (Paragraph(text(decision_text(amendment.decision))),),
                )
            )
        # number, principle, author, rationale, decision: the rationale gets the room
        widths = (9, 22, 17, 30, 22)
        blocks.append(Table(header, tuple(rows), _("Adopted amendments"), widths))
    else:
        blocks.append(Paragraph(text(_("No amendment was adopted."))))
    blocks.append(Heading(3, text(_("Workshops"))))
    if found.workshops:
        items = []
        for workshop in found.workshops:
            dates = (
                workshop.first
                if workshop.first == workshop.last
                else _("{first} to {last}").format(first=workshop.first, last=workshop.last)
            )
            line = ngettext(
                "{workshop}: {dates}, {count} contribution recorded",
                "{workshop}: {dates}, {count} contributions recorded",
                workshop.contributions,
            ).format(workshop=workshop.id, dates=dates, count=workshop.contributions)
            items.append((Paragraph((Span(line),)),))
        blocks.append(ListBlock(False, tuple(items)))
    else:
        blocks.append(Paragraph(text(_("No workshop is recorded in the history."))))
    return blocks
