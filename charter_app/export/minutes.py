"""The minutes of a workshop: attendance, what was proposed and said, tallies, dots, participation.

Built as an export :class:`~charter_app.export.document.Document` of blocks, so the HTML, PDF and
ODT writers of this package lay it out; nothing here writes a format of its own, except the
optional inline SVG bar charts added to the HTML page (each repeats a table that is always
there, so no reader depends on the picture). People are shown as every export shows them:
names with roles, roles only, or nothing (:func:`charter_app.export.provenance.person`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

from charter_app.core import dots as dots_core
from charter_app.core.amendment_state import Ledger, fold
from charter_app.core.amendments import Amendment, AmendmentKind
from charter_app.core.comments import CommentBoard, fold_comments
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.core.participation import ROLES, Participation, participation
from charter_app.core.participation import Table as CountTable
from charter_app.core.workshops import Workshop, WorkshopRegister, fold_workshops
from charter_app.diffing import diff_words
from charter_app.errors import ValidationError
from charter_app.export.anonymity import NameFound, names_in
from charter_app.export.blocks import (
    Block,
    DiffText,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    markdown_blocks,
    text,
)
from charter_app.export.document import Document, NamesMode
from charter_app.export.provenance import person
from charter_app.i18n import _, ngettext, wording
from charter_app.storage.amendments import read_amendments
from charter_app.storage.atomic import write_atomic
from charter_app.storage.repository import CharterRepository

MINUTES_FORMATS = ("html", "pdf", "odt")
NOBODY = "—"
"""What a cell shows for a person when the names option hides them."""


@dataclass(frozen=True)
class Chart:
    """A bar chart drawn from one of the minutes' tables (label -> value)."""

    caption: str
    bars: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Minutes:
    """A workshop's record as blocks, and the bar charts that go with some of its tables."""

    document: Document
    charts: tuple[Chart, ...]
    workshop: Workshop


@dataclass(frozen=True)
class WorkshopRecord:
    """Everything recorded during one workshop, read from the repository (no names applied)."""

    charter: Charter
    workshop: Workshop
    register: WorkshopRegister
    events: tuple[Event, ...]
    ledger: Ledger
    board: CommentBoard
    picture: Participation
    """Contributions made during the workshop only."""
    dots: dots_core.DotResults


def read_record(repository: CharterRepository, reference: str) -> WorkshopRecord:
    """The workshop ``reference`` names (``W-3``) with what was captured during it."""
    charter = repository.load()
    events = repository.events()
    register = fold_workshops(events)
    workshop = register.find(reference)
    amendments = read_amendments(repository.path)
    ledger = fold(amendments, events)
    whole = participation(charter, events, amendments, register)
    picture = Participation(
        tuple(c for c in whole.contributions if c.workshop == workshop.id),
        whole.workshop_labels,
        whole.principle_labels,
    )
    labels = {p.id: f"{p.number}. {p.title}" for p in charter.principles}
    labels |= {r.id: r.label for r in ledger.records}
    results = dots_core.dot_results(events, register, charter.participants, labels, workshop)
    return WorkshopRecord(
        charter, workshop, register, tuple(events), ledger, fold_comments(events), picture, results
    )


def _cell(value: str) -> tuple[Block, ...]:
    return (Paragraph(text(value)),)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], caption: str) -> Table:
    return Table(
        tuple(_cell(h) for h in headers),
        tuple(tuple(_cell(c) for c in row) for row in rows),
        caption,
    )


def _count_table(table: CountTable) -> Table:
    return _table(table.headers, table.rows, table.caption)


def minutes_of(record: WorkshopRecord, names: NamesMode = "names") -> Minutes:
    """The minutes of ``record`` with people shown as ``names`` asks."""
    charter, workshop = record.charter, record.workshop

    def who(participant_id: str) -> str:
        return person(charter, participant_id, names) or NOBODY

    title = _("Minutes of workshop {number}: {title}").format(
        number=workshop.label, title=workshop.title
    )
    blocks: list[Block] = [Heading(1, text(title), "title")]
    blocks.append(Paragraph(text(charter.title), "meta"))
    facts = [
        _("Date: {date}").format(date=workshop.date),
        _("Place: {place}").format(place=workshop.place or NOBODY),
        _("Facilitator: {person}").format(person=who(workshop.facilitator)),
    ]
    if workshop.running:
        facts.append(_("The workshop was still running when these minutes were written."))
    else:
        assert workshop.ended_at is not None
        facts.append(
            _("From {start} to {end}.").format(
                start=workshop.started_at.strftime("%H:%M"), end=workshop.ended_at.strftime("%H:%M")
            )
        )
    blocks += [Paragraph(text(fact), "meta") for fact in facts]
    charts: list[Chart] = []

    blocks += _attendance(record, names, charts)
    blocks += _amendments(record, who)
    blocks += _comments(record, who)
    blocks += _tallies(record, charts)
    blocks += _dots(record, charts)
    blocks.append(Heading(2, text(_("Participation")), "participation"))
    tables = record.picture.tables()
    blocks.append(_count_table(tables[0]))
    blocks.append(_count_table(tables[1]))
    by_role = record.picture.by_role()
    bars = tuple(
        (row[0], sum(by_role[role].values()))
        for role, row in zip(ROLES, tables[0].rows, strict=True)
    )
    charts.append(Chart(tables[0].caption, bars))
    document = Document(
        title, charter.language, charter.territory, tuple(blocks), toc=True,
        author=charter.territory,
    )  # fmt: skip
    return Minutes(document, tuple(charts), workshop)


def _attendance(record: WorkshopRecord, names: NamesMode, charts: list[Chart]) -> list[Block]:
    workshop = record.workshop
    caption = _("Attendance by role")
    rows = [(_(ROLE_LABELS[role]), str(workshop.attendance.get(role.value, 0))) for role in Role]
    rows.append((_("Total"), str(workshop.attendance_total)))
    blocks: list[Block] = [
        Heading(2, text(_("Attendance")), "attendance"),
        _table((_("Role"), _("People present")), rows, caption),
    ]
    charts.append(Chart(caption, tuple((label, int(count)) for label, count in rows[:-1])))
    if workshop.participants and names != "none":
        listed = [person(record.charter, pid, names) for pid in workshop.participants]
        if names == "roles":  # roles only: how many of each, never a list that identifies
            counted: dict[str, int] = {}
            for role in listed:
                counted[role] = counted.get(role, 0) + 1
            listed = [f"{role} × {count}" for role, count in counted.items()]
        blocks.append(Paragraph(text(_("Participants listed by the facilitator:"))))
        blocks.append(ListBlock(False, tuple(_cell(item) for item in listed if item)))
    return blocks


def _principle_label(charter: Charter, principle_id: str) -> str:
    principle = charter.principle(principle_id)
    return f"{principle.number}. {principle.title}" if principle else principle_id


def _proposal_blocks(charter: Charter, amendment: Amendment, parents: Ledger) -> list[Block]:
    """The proposed change, as a word diff against the current text when there is one."""
    if amendment.kind is AmendmentKind.DELETE:
        return [Paragraph(text(_("Delete the principle.")))]
    if amendment.kind is AmendmentKind.INSERT:
        blocks: list[Block] = [Paragraph(text(amendment.title or ""), "small")]
        return blocks + list(markdown_blocks(amendment.body or ""))
    target = amendment
    if amendment.is_sub:
        parent = parents.get(amendment.target)
        if parent is None:
            return list(markdown_blocks(amendment.body or ""))
        target = replace(parent.amendment, title=amendment.title or parent.amendment.title,
                         body=amendment.body if amendment.body is not None
                         else parent.amendment.body)  # fmt: skip
    principle = charter.principle(target.target)
    blocks = []
    if target.title is not None and principle is not None and target.title != principle.title:
        ops = diff_words(principle.title, target.title).ops
        blocks += [DiffText(ops, "old"), DiffText(ops, "new")]
    if target.body is not None:
        if principle is None:
            return blocks + list(markdown_blocks(target.body))
        ops = diff_words(principle.body, target.body).ops
        blocks += [
            Paragraph(text(_("Current text:")), "small"),
            DiffText(ops, "old"),
            Paragraph(text(_("Proposed text:")), "small"),
            DiffText(ops, "new"),
        ]
    return blocks


def _amendments(record: WorkshopRecord, who: Callable[[str], str]) -> list[Block]:
    wanted = {c.source for c in record.picture.contributions if c.kind == "amendment"}
    records = [r for r in record.ledger.records if r.id in wanted]
    blocks: list[Block] = [Heading(2, text(_("Amendments proposed")), "amendments")]
    if not records:
        return [*blocks, Paragraph(text(_("No amendment was proposed during this workshop.")))]
    header = (_("Number"), _("Principle"), _("Author"), _("Proposal"), _("Rationale"))
    rows = []
    for item in records:
        amendment = item.amendment
        if amendment.is_sub:
            parent = record.ledger.get(amendment.target)
            about = _("Sub-amendment of {number}").format(
                number=parent.label if parent else amendment.target
            )
        else:
            about = _principle_label(record.charter, amendment.target)
        rows.append(
            (
                _cell(item.display),
                _cell(about),
                _cell(who(amendment.author)),
                tuple(_proposal_blocks(record.charter, amendment, record.ledger)),
                markdown_blocks(amendment.rationale),
            )
        )
    blocks.append(Table(tuple(_cell(h) for h in header), tuple(rows), _("Amendments proposed")))
    return blocks


def _comments(record: WorkshopRecord, who: Callable[[str], str]) -> list[Block]:
    wanted = {c.source for c in record.picture.contributions if c.kind in ("comment", "reply")}
    blocks: list[Block] = [Heading(2, text(_("Comments")), "comments")]
    labels = {r.id: r.label for r in record.ledger.records}
    rows = []
    for thread in record.board.threads:
        views = [thread.root, *thread.replies]
        if not any(view.id in wanted for view in views):
            continue
        if thread.about == "amendment":
            about = _("Amendment {number}").format(number=labels.get(thread.target, thread.target))
        else:
            about = _principle_label(record.charter, thread.target)
        for view in views:
            if view.id not in wanted:
                continue
            shown = view.shown_text()
            if shown is None:
                shown = (
                    _("(withdrawn by its author)")
                    if view.retracted
                    else _("(hidden by moderation)")
                )
            kind = _("Reply") if view.in_reply_to else _("Comment")
            rows.append((_cell(about), _cell(kind), _cell(who(view.author)), _cell(shown)))
    if not rows:
        return [*blocks, Paragraph(text(_("No comment was made during this workshop.")))]
    header = tuple(_cell(h) for h in (_("About"), _("Kind"), _("Author"), _("Text")))
    blocks.append(Table(header, tuple(rows), _("Comments")))
    return blocks


def _tallies(record: WorkshopRecord, charts: list[Chart]) -> list[Block]:
    tallies = record.register.tallies_of(record.workshop.id)
    blocks: list[Block] = [Heading(2, text(_("Show of hands")), "tallies")]
    if not tallies:
        return [*blocks, Paragraph(text(_("No show of hands was recorded.")))]
    rows = []
    for tally in tallies:
        item = record.ledger.get(tally.amendment)
        rows.append(
            (
                item.label if item else tally.label,
                str(tally.votes_for),
                str(tally.against),
                str(tally.abstain),
            )
        )
    caption = _("Show of hands on the amendments")
    blocks.append(_table((_("Amendment"), _("For"), _("Against"), _("Abstain")), rows, caption))
    return blocks


def _dots(record: WorkshopRecord, charts: list[Chart]) -> list[Block]:
    results = record.dots
    blocks: list[Block] = [Heading(2, text(_("Priorities (dot voting)")), "dots")]
    if not results.rows:
        return [*blocks, Paragraph(text(_("No dot was placed during this workshop.")))]
    blocks.append(
        Paragraph(
            text(
                " ".join(
                    (
                        ngettext(
                            "Each participant had {budget} dot.",
                            "Each participant had {budget} dots.",
                            results.budget,
                        ).format(budget=results.budget),
                        ngettext(
                            "{count} participant placed some.",
                            "{count} participants placed some.",
                            results.participants,
                        ).format(count=results.participants),
                    )
                )  # fmt: skip
            )
        )
    )
    headers, rows = results.table()
    caption = _("Dots per principle or amendment")
    blocks.append(_table(headers, rows, caption))
    charts.append(Chart(caption, tuple(results.chart())))
    return blocks


# -- writing -------------------------------------------------------------------------------------


def svg_bar_chart(chart: Chart) -> str:
    """A small horizontal bar chart as inline SVG, values written beside the bars."""
    if not chart.bars:
        return ""
    row, label_width, bar_width = 26, 260, 300
    most = max((value for _label, value in chart.bars), default=0) or 1
    height = row * len(chart.bars) + 8
    width = label_width + bar_width + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(chart.caption)}">',
        f"<title>{escape(chart.caption)}</title>",
    ]
    for index, (label, value) in enumerate(chart.bars):
        y = 4 + index * row
        length = round(bar_width * value / most)
        short = label if len(label) <= 32 else label[:31] + "…"  # 32 fit the 260 units
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#111">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="18" fill="#1a5fb4" '
            f'stroke="#111" />'
            f'<text x="{label_width + length + 6}" y="{y + 17}" font-size="13" '
            f'fill="#111">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def minutes_html(minutes: Minutes) -> str:
    """The HTML page of the minutes, with an SVG bar chart before each table that has one (the
    table stays: it is what screen readers and print read). The PDF and ODT show the tables."""
    from charter_app.export.html_writer import html_page

    page = html_page(minutes.document)
    for chart in minutes.charts:
        marker = f"<table>\n<caption>{escape(chart.caption)}</caption>"
        svg = svg_bar_chart(chart)
        if svg and marker in page:
            figure = f'<figure aria-hidden="true">{svg}</figure>\n'
            page = page.replace(marker, figure + marker, 1)
    return page


def minutes_bytes(minutes: Minutes, format: str) -> bytes:
    """The minutes in ``format`` (html, pdf, odt), through the export package's writers."""
    if format == "html":
        return minutes_html(minutes).encode("utf-8")
    if format == "pdf":
        from charter_app.export.pdf_writer import pdf_bytes

        return pdf_bytes(minutes.document)
    if format == "odt":
        from charter_app.export.odt_writer import odt_bytes

        return odt_bytes(minutes.document)
    raise ValidationError(
        _("Unknown export format “{format}”.").format(format=format),
        _("Use one of: {choices}.").format(choices=", ".join(MINUTES_FORMATS)),
    )


def names_in_minutes(
    repository: CharterRepository,
    reference: str,
    names: NamesMode,
    language: str | None = None,
) -> list[NameFound]:
    """The registered names minutes hiding people would still publish in free texts."""
    if names == "names":
        return []
    charter = repository.load()
    fold_workshops(repository.events()).find(reference)  # unknown: said in the app's language
    with wording(language or charter.language):
        minutes = minutes_of(read_record(repository, reference), names)
    return names_in(minutes.document, charter.participants)


def export_minutes(
    repository: CharterRepository,
    reference: str,
    format: str,
    out: Path | str,
    names: NamesMode = "names",
    language: str | None = None,
) -> Path:
    """Write the minutes of workshop ``reference`` to ``out``; the file appears all at once.
    The fixed wording is in ``language`` (default: the charter's)."""
    from charter_app.export.api import _checked_output

    if format not in MINUTES_FORMATS:
        raise ValidationError(
            _("Unknown export format “{format}”.").format(format=format),
            _("Use one of: {choices}.").format(choices=", ".join(MINUTES_FORMATS)),
        )
    path = _checked_output(out)
    fold_workshops(repository.events()).find(reference)  # unknown: said in the app's language
    with wording(language or repository.load().language):
        minutes = minutes_of(read_record(repository, reference), names)
        data = minutes_bytes(minutes, format)
    write_atomic(path, data)
    return path
