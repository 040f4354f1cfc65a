"""Read a Markdown file into blocks: each block keeps its source lines exactly as written."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from charter_app.i18n import _
from charter_app.importing.blocks import Block, BlockKind, Document, Issue, IssueKind

_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)[ \t]*\n(?P<body>.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_LEADING_COMMENT = re.compile(r"\A\s*<!--(?P<body>.*?)-->[ \t]*(?:\n|\Z)", re.DOTALL)
_HTML_COMMENT = re.compile(r"\A\s*<!--(?P<body>.*?)-->\s*\Z", re.DOTALL)
_BOLD_LINE = re.compile(r"\A(\*\*|__)(?!\s)(?P<inner>.+?)(?<!\s)\1\Z", re.DOTALL)

_KINDS = {
    "bullet_list_open": BlockKind.LIST,
    "ordered_list_open": BlockKind.LIST,
    "table_open": BlockKind.TABLE,
    "blockquote_open": BlockKind.QUOTE,
    "code_block": BlockKind.CODE,
    "fence": BlockKind.CODE,
    "hr": BlockKind.RULE,
    "html_block": BlockKind.PARAGRAPH,
}


def _metadata(body: str, message: str) -> Issue:
    return Issue(IssueKind.METADATA, message, detail=body.strip())


def _strip_header(text: str) -> tuple[str, list[Issue]]:
    """Remove front matter and HTML comments that precede the text; they are listed."""
    issues: list[Issue] = []
    while True:
        comment = _LEADING_COMMENT.match(text)
        if comment:
            issues.append(_metadata(comment["body"], _("An HTML comment is not part of the text.")))
            text = text[comment.end() :]
            continue
        front = _FRONT_MATTER.match(text.lstrip("\n"))
        if front:
            issues.append(_metadata(front["body"], _("The file's front matter is not imported.")))
            text = text.lstrip("\n")[front.end() :]
            continue
        return text, issues


def read_markdown(text: str, name: str = "") -> Document:
    """The blocks of a Markdown text (CriticMarkup marks are kept as written)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    text, issues = _strip_header(text)
    lines = text.split("\n")
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    blocks: list[Block] = []
    covered = 0
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.nesting == -1:
            continue
        gap = "\n".join(lines[covered : token.map[0]]).strip("\n")
        if gap.strip():  # link reference definitions have no token: keep them as written
            blocks.append(Block(BlockKind.PARAGRAPH, gap))
        covered = max(covered, token.map[1])
        source = "\n".join(lines[token.map[0] : token.map[1]]).strip("\n")
        if token.type == "heading_open":
            inline = tokens[index + 1]
            blocks.append(Block(BlockKind.HEADING, inline.content.strip(), int(token.tag[1:])))
        elif token.type == "paragraph_open":
            blocks.append(_paragraph(source))
        elif token.type == "html_block" and _HTML_COMMENT.match(source):
            body = _HTML_COMMENT.match(source)
            assert body is not None
            issues.append(_metadata(body["body"], _("An HTML comment is not part of the text.")))
        elif token.type in _KINDS:
            blocks.append(Block(_KINDS[token.type], _dedent(source, token)))
    rest = "\n".join(lines[covered:]).strip("\n")
    if rest.strip():
        blocks.append(Block(BlockKind.PARAGRAPH, rest))
    return Document(tuple(blocks), tuple(issues), name)


def _paragraph(source: str) -> Block:
    bold = _BOLD_LINE.match(source.strip())
    return Block(BlockKind.PARAGRAPH, source.strip(), emphasised=bold is not None)


def _dedent(source: str, token: Token) -> str:
    """Top-level blocks start at the margin, except indented code which needs its indent."""
    return source if token.type == "code_block" else source.strip()
