"""The comparison table a council reads before voting: text in force | new text | amendments.

Principles are matched by id (:mod:`charter_app.core.comparing`): a principle whose number
alone changed takes one short line, and an explicit renumbering between the two versions is
named as such. Sections added, renamed or removed are listed before the table, and the table's
rows stand under their section's title. Each changed one shows a word diff of its plain text (the
diffing package's alignment), deletions struck through on the left and insertions underlined on
the right, plus a sentence per change for screen readers. The amendments that produced a change
are those named by ``Charter-Amendment`` trailers of the commits between the two versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from charter_app.core.amendment_state import Ledger
from charter_app.core.amendments import principle_of
from charter_app.core.comparing import (
    STATUS_LABELS,
    Compared,
    SectionChange,
    counts,
    pair_principles,
    section_changes,
)
from charter_app.core.model import Charter, Principle
from charter_app.core.operations import RENUMBERED_TRAILER
from charter_app.core.outline import parents
from charter_app.core.revision import Revision
from charter_app.diffing import (
    AlignedRow,
    Alignment,
    align_paragraphs,
    describe_changes,
    diff_words,
)
from charter_app.diffing.alignments import align_many
from charter_app.export.blocks import (
    Block,
    Cell,
    DiffText,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    text,
)
from charter_app.export.build import (
    Source,
    Tick,
    load_source,
    stamp_blocks,
    verification_blocks,
)
from charter_app.export.document import Document
from charter_app.export.provenance import ledger_at
from charter_app.i18n import N_, _, wording
from charter_app.rendering import to_plain_paragraphs
from charter_app.storage.repository import CharterRepository


def amendments_by_principle(
    new_history: Sequence[Revision], old_history: Sequence[Revision], ledger: Ledger
) -> dict[str, list[str]]:
    """Amendment numbers from commits reachable from the new version and not the old one."""
    known = {revision.sha for revision in old_history}
    found: dict[str, list[str]] = {}
    for revision in reversed(new_history):  # oldest first: numbers in the order adopted
        if revision.sha in known:
            continue
        labels = [v for k, v in revision.trailers if k.lower() == "charter-amendment"]
        touched = [v for k, v in revision.trailers if k.lower() == "charter-principle"]
        adopted = any(
            k.lower() == "charter-decision" and v.startswith("adopted")
            for k, v in revision.trailers
        )
        for label in labels:
            principles = list(touched)
            try:
                record = ledger.find(label)
            except Exception:  # a number the ledger does not know: trust the trailers
                record = None
            if record is not None and not record.amendment.is_sub:
                target = principle_of(record.amendment)
                if target in touched or (adopted and not touched):
                    principles = [target]
            for principle_id in principles:
                labels_of = found.setdefault(principle_id, [])
                if label not in labels_of:
                    labels_of.append(label)
    return found


def _plain(principle: Principle | None) -> str:
    return "\n".join(to_plain_paragraphs(principle.body)) if principle is not None else ""


def _side(rows: Sequence[AlignedRow], side: str) -> list[Block]:
    return [
        DiffText(row.ops, side)
        for row in rows
        if (row.old if side == "old" else row.new) is not None
    ]


def _plain_blocks(principle: Principle) -> list[Block]:
    return [Paragraph(text(p)) for p in to_plain_paragraphs(principle.body)]


def _section_title(charter: Charter, principle: Principle | None) -> str:
    if principle is None or charter.section(principle.section) is None:
        return _("no section")
    section = charter.section(principle.section)
    assert section is not None
    return section.title


def compared_row(
    item: Compared,
    amendments: Sequence[str],
    sections: tuple[Charter, Charter] | None = None,
    alignment: Alignment | None = None,
) -> tuple[tuple[Cell, ...], bool]:
    """The four cells of one principle, and whether its diff had to be coarser;
    ``sections``: the old and new charters, to name the sections of a principle that moved;
    ``alignment``, for a changed principle, its text's alignment when already made (see
    :func:`comparison_document`)."""
    shown = item.new or item.old
    assert shown is not None
    number = shown.number
    if item.old is not None and item.new is not None and item.old.number != item.new.number:
        number = f"{item.old.number} → {item.new.number}"
    first: Cell = (
        Paragraph(text(f"{number}. {shown.title}", strong=True)),
        Paragraph(text(_(STATUS_LABELS[item.status])), "status"),
    )
    notes: list[Block] = [Paragraph(text(label)) for label in amendments]
    if item.moved and sections is not None:
        old_section, new_section = sections
        notes.append(
            Paragraph(
                text(
                    _("Moved from “{old}” to “{new}”.").format(
                        old=_section_title(old_section, item.old),
                        new=_section_title(new_section, item.new),
                    )
                ),
                "small",
            )
        )
    degraded = False
    if item.status == "renumbered":
        assert item.old is not None and item.new is not None
        line = _("Text unchanged; number {old} becomes {new}.").format(
            old=item.old.number, new=item.new.number
        )
        return (first, (Paragraph(text(line), "small"),), (), tuple(notes)), False
    if item.status == "new":
        assert item.new is not None
        old_cell: list[Block] = [Paragraph(text("—"))]
        new_cell = [Paragraph(text(item.new.title, strong=True)), *_new_text(item.new)]
    elif item.status == "deleted":
        assert item.old is not None
        old_cell = [Paragraph(text(item.old.title, strong=True)), *_deleted_text(item.old)]
        new_cell = [Paragraph(text(_("(deleted)")))]
    elif item.status == "unchanged":
        assert item.old is not None
        old_cell = [Paragraph(text(item.old.title, strong=True)), *_plain_blocks(item.old)]
        new_cell = [Paragraph(text(_("(unchanged)")))]
    else:
        assert item.old is not None and item.new is not None
        title = diff_words(item.old.title, item.new.title)
        if alignment is None:
            alignment = align_paragraphs(_plain(item.old), _plain(item.new))
        degraded = alignment.degraded
        old_cell = [DiffText(title.ops, "old"), *_side(alignment.rows, "old")]
        new_cell = [DiffText(title.ops, "new"), *_side(alignment.rows, "new")]
        for row in (*alignment.rows,):
            notes += [Paragraph(text(line), "small") for line in describe_changes(row.ops)]
        if alignment.degraded:
            notes.append(Paragraph(text(alignment.notice), "small"))
    return (first, tuple(old_cell), tuple(new_cell), tuple(notes)), degraded


def _new_text(principle: Principle) -> list[Block]:
    ops = align_paragraphs("", _plain(principle)).rows
    return _side(ops, "new")


def _deleted_text(principle: Principle) -> list[Block]:
    ops = align_paragraphs(_plain(principle), "").rows
    return _side(ops, "old")


def comparison_document(
    repository: CharterRepository,
    old: str,
    new: str | None,
    tick: Tick | None = None,
    language: str | None = None,
) -> Document:
    """The comparison of version ``old`` with ``new`` (None: the last saved text), its fixed
    wording in ``language`` (default: the charter's)."""
    old_source = load_source(repository, old)
    new_source = load_source(repository, new)
    wording_language = language or new_source.charter.language
    with wording(wording_language):
        document = _comparison_document(repository, old_source, new_source, tick)
    return replace(document, wording=wording_language)


def _comparison_document(
    repository: CharterRepository, old_source: Source, new_source: Source, tick: Tick | None
) -> Document:
    ledger, _events = ledger_at(repository, new_source.stamp.commit)
    # Each side's history is read once (10,000 commits take a while to read from git).
    new_history = repository.history(rev=new_source.stamp.commit)
    old_history = repository.history(rev=old_source.stamp.commit)
    amendments = amendments_by_principle(new_history, old_history, ledger)
    title = _("Comparison of {old} and {new}").format(
        old=old_source.stamp.version, new=new_source.stamp.version
    )
    charter = new_source.charter
    blocks: list[Block] = [
        Heading(1, text(title), "title"),
        Paragraph(text(charter.title), "meta"),
        Heading(2, text(_("Text in force")), "old-version"),
        *stamp_blocks(old_source.stamp, old_source.tagged),
        Heading(2, text(_("New text")), "new-version"),
        *stamp_blocks(new_source.stamp, new_source.tagged),
        Paragraph(
            text(
                _(
                    "In the table, deleted words are struck through in the text in force and "
                    "inserted words are underlined in the new text; the last column lists the "
                    "amendments and each change in words."
                )
            ),
            "small",
        ),
    ]
    header = tuple(
        (Paragraph(text(label)),)
        for label in (_("Principle"), _("Text in force"), _("New text"), _("Amendments"))
    )
    old_charter = old_source.charter
    pairs = pair_principles(old_charter, charter)
    # Every changed principle's text is aligned in one go, in two processes when it pays.
    # The alignments are most of the work: 80 % of the progress, the rows the rest.
    changed = [item for item in pairs if item.status == "changed"]
    total = len(pairs)

    def aligned_so_far(count: int) -> None:
        if tick is not None:
            tick(int(0.8 * total * count / max(len(changed), 1)), total)

    alignments = align_many(
        [(_plain(item.old), _plain(item.new)) for item in changed], done=aligned_so_far
    )
    aligned = dict(zip((id(item) for item in changed), alignments, strict=True))
    rows = []
    degraded = False
    current_section = ""
    for done, item in enumerate(pairs):
        if tick is not None and done % 20 == 0:
            tick(int(0.8 * total + 0.2 * done), total)
        shown = item.new or item.old
        assert shown is not None
        section = shown.section if item.new is not None else current_section
        if section != current_section:
            rows += _section_rows(charter, section, current_section)
            current_section = section
        cells, coarse = compared_row(
            item, amendments.get(shown.id, []), (old_charter, charter), aligned.get(id(item))
        )
        degraded = degraded or coarse
        rows.append(cells)
    blocks += renumbering_blocks(new_history, old_history)
    blocks += section_blocks(section_changes(old_charter, charter))
    blocks.append(Heading(2, text(_("Comparison table")), "comparison"))
    blocks.append(Table(header, tuple(rows), title, widths=(18, 34, 34, 14)))
    summary = _(
        "{changed} changed, {new} new, {deleted} deleted, {renumbered} renumbered only, "
        "{unchanged} unchanged principles."
    ).format(**counts(pairs))
    blocks.insert(2, Paragraph(text(summary), "meta"))
    blocks += verification_blocks(
        [(old_source.stamp, old_source.tagged), (new_source.stamp, new_source.tagged)]
    )
    if tick is not None:
        tick(len(pairs), len(pairs))
    return Document(
        title,
        charter.language,
        title,
        tuple(blocks),
        toc=False,
        landscape=True,
        author=charter.territory,
        date=new_source.stamp.date,
    )


def _section_rows(charter: Charter, section_id: str, previous: str) -> list[tuple[Cell, ...]]:
    """Rows naming the section (and the parts it stands in) the next principles belong to."""
    before = {s.id for s in parents(charter, previous)}
    rows: list[tuple[Cell, ...]] = []
    for section in parents(charter, section_id):
        if section.id in before and section.id != section_id:
            continue
        rows.append(((Paragraph(text(section.title, strong=True), "section"),), (), (), ()))
    return rows


def renumbering_blocks(
    new_history: Sequence[Revision], old_history: Sequence[Revision]
) -> list[Block]:
    """A sentence for each explicit renumbering between the two versions."""
    known = {revision.sha for revision in old_history}
    blocks: list[Block] = []
    for revision in reversed(new_history):
        if revision.sha in known:
            continue
        count = next((v for k, v in revision.trailers if k == RENUMBERED_TRAILER), None)
        if count is None:
            continue
        blocks.append(
            Paragraph(
                text(
                    _(
                        "The principles were renumbered on {date} ({count} numbers changed); "
                        "the table shows each old number beside the new one."
                    ).format(date=revision.authored_at.date().isoformat(), count=count)
                ),
                "meta",
            )
        )
    return blocks


_SECTION_SENTENCES = {
    "new": N_("New section: {new}"),
    "deleted": N_("Section removed: {old}"),
    "renamed": N_("Section renamed: “{old}” becomes “{new}”"),
    "level": N_("Section “{new}” moved to another level"),
}


def section_blocks(changes: Sequence[SectionChange]) -> list[Block]:
    """The sections added, renamed or removed, before the table; nothing when none."""
    if not changes:
        return []
    items = tuple(
        (
            Paragraph(
                text(
                    _(_SECTION_SENTENCES[change.status]).format(
                        old=change.old.title if change.old else "",
                        new=change.new.title if change.new else "",
                    )
                )
            ),
        )
        for change in changes
    )
    return [Heading(2, text(_("Sections")), "sections"), ListBlock(False, items)]
