"""What the reading view shows, as plain values: blocks of styled text that know their source.

A block is one thing a reader sees on its own line: the charter's title, a principle's heading,
one paragraph or list item. Each letter of a principle's paragraph knows its index in the
principle's Markdown body (``sources``), so a passage selected by a reader becomes a passage of
the source (a comment's anchor, the words an amendment replaces). A suggestion shown in the text
(an amendment, as Word's track changes shows it) adds inserted letters (index ``-1``) and marks
deleted ones. No Qt here: the text view draws these blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from charter_app.core.amendments import AmendmentKind
from charter_app.core.model import Charter, Principle
from charter_app.diffing import align_paragraphs, diff_words
from charter_app.i18n import _
from charter_app.rendering.reading import ReadLine, Run, read_line

BlockKind = Literal[
    "title", "subtitle", "section", "principle", "paragraph", "item", "numbered", "heading",
    "quote",
]  # fmt: skip
Change = Literal["", "insert", "delete"]
INSERTED = -1
"""The source index of a letter a suggestion adds (it is in no source yet)."""


@dataclass(frozen=True)
class Segment:
    """A stretch of a block's text with one look."""

    text: str
    style: Run | None = None
    """Bold, italic, code, link of the words (None: plain)."""
    change: Change = ""
    """"insert" or "delete" inside a suggestion shown in the text."""


@dataclass(frozen=True)
class Block:
    """One line of the reading view."""

    kind: BlockKind
    segments: tuple[Segment, ...]
    principle: str | None = None
    """The principle it belongs to (its heading included); None for the title and preamble."""
    number: str = ""
    """The paragraph's number in its principle, drawn beside it ("" for none)."""
    marker: str = ""
    """"•" or "3." before a list item."""
    sources: tuple[int, ...] = ()
    """For a principle's paragraph: each letter's index in the body (``INSERTED`` for letters
    a suggestion adds), then the end of its line; empty for other blocks."""
    suggestion: str = ""
    """The amendment shown in this block, if any."""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True)
class Suggestion:
    """An amendment as it would change the text now (its 3-way merge with the saved text)."""

    amendment_id: str
    label: str
    """"A-9", or the words naming a draft."""
    kind: AmendmentKind
    target: str
    """The principle it changes or removes, or the one a new principle goes after."""
    title: str | None = None
    """The title it proposes (None: unchanged)."""
    body: str | None = None
    """The text it proposes (None: unchanged)."""


@dataclass
class _Builder:
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: BlockKind, text: str, **values: object) -> None:
        self.blocks.append(Block(kind, (Segment(text),) if text else (), **values))  # type: ignore[arg-type]


def build_blocks(
    charter: Charter,
    suggestions: Sequence[Suggestion] = (),
    made: Mapping[tuple[Principle, Suggestion | None], list[Block]] | None = None,
) -> list[Block]:
    """Every block of ``charter`` in reading order, ``suggestions`` shown in the text;
    ``made`` holds principles' blocks built before (by :func:`principle_blocks`)."""
    builder = _Builder()
    builder.add("title", charter.title)
    if charter.territory:
        builder.add("subtitle", charter.territory)
    if charter.preamble.strip():
        builder.add("section", _("Preamble"))
        for line in _lines_of(charter.preamble):
            builder.blocks.append(_plain_block(line))
    changes = {s.target: s for s in suggestions if s.kind is not AmendmentKind.INSERT}
    inserts: dict[str, list[Suggestion]] = {}
    for suggestion in suggestions:
        if suggestion.kind is AmendmentKind.INSERT:
            inserts.setdefault(suggestion.target, []).append(suggestion)
    for principle in charter.principles:
        key = (principle, changes.get(principle.id))
        known = made.get(key) if made is not None else None
        builder.blocks.extend(known if known is not None else principle_blocks(*key))
        for insert in inserts.get(principle.id, ()):
            builder.blocks.extend(inserted_principle(insert))
    return builder.blocks


def principle_blocks(principle: Principle, suggestion: Suggestion | None = None) -> list[Block]:
    """A principle's heading and paragraphs, with ``suggestion`` (modify or delete) shown."""
    shown = suggestion.amendment_id if suggestion is not None else ""
    deleted = suggestion is not None and suggestion.kind is AmendmentKind.DELETE
    number = f"{principle.number}. "
    title: tuple[Segment, ...] = (Segment(number), Segment(principle.title, None, "delete"))
    if not deleted:
        new_title = suggestion.title if suggestion is not None else None
        if new_title is None or new_title == principle.title:
            title = (Segment(number + principle.title),)
        else:
            title = (Segment(number), *_diff_segments(principle.title, new_title))
    blocks = [Block("principle", title, principle.id, suggestion=shown, level=2)]
    new_body = suggestion.body if suggestion is not None else None
    if deleted:
        new_body = ""
    if new_body is None or new_body == principle.body:
        for counter, (offset, line) in enumerate(_offset_lines(principle.body), start=1):
            blocks.append(_source_block(read_line(line, offset), principle.id, str(counter)))
        return blocks
    return blocks + _suggested_body(principle, new_body, shown)


def inserted_principle(suggestion: Suggestion) -> list[Block]:
    """A new principle an amendment proposes, every letter inserted."""
    heading = _("New principle proposed by {label}: {title}").format(
        label=suggestion.label, title=suggestion.title or ""
    )
    shown = suggestion.amendment_id
    blocks = [Block("principle", (Segment(heading, None, "insert"),), suggestion=shown, level=2)]
    for line in _lines_of(suggestion.body or ""):
        segments = tuple(Segment(s.text, s.style, "insert") for s in _styled(line))
        blocks.append(Block(_kind(line), segments, None, "", line.marker, suggestion=shown))
    return blocks


def _suggested_body(principle: Principle, new_body: str, shown: str) -> list[Block]:
    old_offsets = _line_offsets(principle.body)
    blocks: list[Block] = []
    old_index = counter = 0
    for row in align_paragraphs(principle.body, new_body).rows:
        offset = None
        if row.old is not None:
            offset = old_offsets[old_index]
            old_index += 1
        if not (row.old or "").strip() and not (row.new or "").strip():
            continue
        if row.kind == "equal" and offset is not None and row.old is not None:
            counter += 1
            block = _source_block(read_line(row.old, offset), principle.id, str(counter))
            blocks.append(replace(block, suggestion=shown))
            continue
        old = read_line(row.old, offset or 0) if row.old is not None and row.old.strip() else None
        new = read_line(row.new) if row.new is not None and row.new.strip() else None
        if old is not None:
            counter += 1
        segments: list[Segment] = []
        sources: list[int] = []
        old_at = 0
        for op in diff_words(old.text if old else "", new.text if new else "", budget_s=None).ops:
            if op.kind == "insert":
                segments.append(Segment(op.text, None, "insert"))
                sources.extend([INSERTED] * len(op.text))
                continue
            assert old is not None
            length = len(op.old)
            segments.append(Segment(op.old, None, "delete" if op.kind == "delete" else ""))
            sources.extend(old.sources[old_at : old_at + length])
            old_at += length
        end = old.sources[-1] if old is not None else INSERTED
        shape = new or old
        assert shape is not None
        blocks.append(
            Block(
                _kind(shape),
                tuple(segments),
                principle.id,
                str(counter) if old is not None else "",
                shape.marker,
                (*sources, end),
                shown,
            )
        )
    return blocks


def _diff_segments(old: str, new: str) -> tuple[Segment, ...]:
    return tuple(
        Segment(op.old if op.kind != "insert" else op.text, None,
                "" if op.kind == "equal" else op.kind)  # type: ignore[arg-type]
        for op in diff_words(old, new, budget_s=None).ops
    )  # fmt: skip


def _source_block(line: ReadLine, principle_id: str, number: str) -> Block:
    return Block(
        _kind(line), _styled(line), principle_id, number, line.marker, line.sources,
        level=line.level,
    )  # fmt: skip


def _plain_block(line: ReadLine) -> Block:
    return Block(_kind(line), _styled(line), None, "", line.marker, level=line.level)


def _kind(line: ReadLine) -> BlockKind:
    return line.kind


def _styled(line: ReadLine) -> tuple[Segment, ...]:
    segments = []
    for run in line.runs:
        plain = not (run.strong or run.emphasis or run.code or run.struck or run.link)
        segments.append(Segment(line.text[run.start : run.end], None if plain else run))
    return tuple(segments)


def _offset_lines(body: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in body.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


def _line_offsets(body: str) -> list[int]:
    offsets, offset = [], 0
    for line in body.split("\n"):
        offsets.append(offset)
        offset += len(line) + 1
    return offsets


def _lines_of(text: str) -> list[ReadLine]:
    return [read_line(line, offset) for offset, line in _offset_lines(text)]
