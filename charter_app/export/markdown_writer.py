"""One Markdown file, written from the blocks with every character of the text escaped, so a
viewer shows the words typed and never turns them into HTML, images or links."""

from __future__ import annotations

import re
from collections.abc import Sequence

from charter_app.export.blocks import (
    Block,
    CodeBlock,
    DiffText,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    plain,
)
from charter_app.export.document import Document
from charter_app.i18n import _

_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&#{}])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])", re.MULTILINE)


def escape_markdown(value: str) -> str:
    """``value`` as literal Markdown text: nothing in it is markup any more."""
    escaped = _SPECIAL.sub(r"\\\1", value)
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2] if m[2][0] in "-+=" else
                           m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)  # fmt: skip


def markdown_text(document: Document) -> str:
    parts: list[str] = []
    toc_done = not document.toc
    for block in document.blocks:
        if not toc_done and isinstance(block, Heading) and block.level == 2:
            parts.append(_toc(document.blocks, document.toc_depth))
            toc_done = True
        parts.append(_block(block))
    return "\n\n".join(part for part in parts if part) + "\n"


def _toc(blocks: Sequence[Block], depth: int = 2) -> str:
    entries = [
        "  " * (b.level - 2) + f"- {escape_markdown(plain(b.spans))}"
        for b in blocks
        if isinstance(b, Heading) and 2 <= b.level <= depth and b.anchor
    ]
    return f"## {escape_markdown(_('Contents'))}\n\n" + "\n".join(entries)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return "#" * max(1, min(block.level, 6)) + " " + _spans(block.spans).replace("\n", " ")
    if isinstance(block, Paragraph):
        return _spans(block.spans)
    if isinstance(block, ListBlock):
        lines = []
        for offset, item in enumerate(block.items):
            marker = f"{block.start + offset}. " if block.ordered else "- "
            inner = "\n\n".join(_block(b) for b in item) or ""
            indented = inner.replace("\n", "\n" + " " * len(marker))
            lines.append(marker + indented)
        return "\n".join(lines)
    if isinstance(block, Quote):
        inner = "\n\n".join(_block(b) for b in block.blocks)
        return "\n".join("> " + line if line else ">" for line in inner.split("\n"))
    if isinstance(block, CodeBlock):
        fence = "`" * max(3, _longest_run(block.text, "`") + 1)
        return f"{fence}\n{block.text}\n{fence}"
    if isinstance(block, Rule):
        return "---"
    if isinstance(block, DiffText):
        pieces = []
        for op in block.ops:
            if op.kind == "equal":
                pieces.append(escape_markdown(op.old if block.side == "old" else op.text))
            elif op.kind == "delete" and block.side == "old":
                pieces.append(f"~~{escape_markdown(op.text)}~~")
            elif op.kind == "insert" and block.side == "new":
                pieces.append(f"**{escape_markdown(op.text)}**")
        return "".join(pieces)
    return _table(block)


def _table(table: Table) -> str:
    def cell(blocks: Sequence[Block]) -> str:
        return " ".join(_block(b).replace("\n", " ") for b in blocks) or " "

    columns = max([len(table.header), *(len(row) for row in table.rows)], default=1)
    header = list(table.header) + [()] * (columns - len(table.header))
    lines = ["| " + " | ".join(cell(c) for c in header) + " |", "|" + " --- |" * columns]
    for row in table.rows:
        lines.append("| " + " | ".join(cell(c) for c in row) + " |")
    return "\n".join(lines)


def _spans(spans: Sequence[Span]) -> str:
    parts = []
    for span in spans:
        value = escape_markdown(span.text).replace("\n", "\\\n")
        if span.code:
            value = "`" + span.text.replace("`", "'") + "`" if "\n" not in span.text else value
        if span.strike:
            value = f"~~{value}~~"
        if span.emphasis:
            value = f"*{value}*"
        if span.strong:
            value = f"**{value}**"
        if span.link is not None:
            value = f"[{value}](<{span.link.replace('>', '%3E').replace('<', '%3C')}>)"
        parts.append(value)
    return "".join(parts)


def _longest_run(value: str, character: str) -> int:
    runs = re.findall(f"{re.escape(character)}+", value)
    return max((len(run) for run in runs), default=0)
