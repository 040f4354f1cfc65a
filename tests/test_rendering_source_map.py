"""Source maps: each preview block names the source lines it comes from."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

from charter_app.rendering import BlockMap, block_at_line, render

DOCUMENT = """\
# Principe 1

Le conseil publie
ses décisions.

- une
- deux

> citation

| a | b |
|---|---|
| 1 | 2 |

```
code
```

***
Dernier paragraphe.
"""

VOID = {"hr", "br"}


class TopLevelLines(HTMLParser):
    """The tag and ``data-line`` of each top-level element of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.blocks: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.blocks.append((tag, int(dict(attrs)["data-line"] or "")))
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.blocks.append((tag, int(dict(attrs)["data-line"] or "")))

    def handle_endtag(self, tag: str) -> None:
        self.depth -= 1


def reference_maps(markdown: str) -> list[tuple[int, int]]:
    """Top-level block maps from a plain markdown-it, independent of charter_app."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [
        (token.map[0], token.map[1])
        for token in tokens
        if token.level == 0 and token.nesting >= 0 and token.map is not None
    ]


def test_data_line_values_match_markdown_it_token_maps() -> None:
    rendered = render(DOCUMENT)
    parser = TopLevelLines()
    parser.feed(rendered.html)
    expected = reference_maps(DOCUMENT)
    assert [line for _, line in parser.blocks] == [start for start, _ in expected]
    assert [(b.start_line, b.end_line) for b in rendered.source_map] == expected
    assert [b.tag for b in rendered.source_map] == [tag for tag, _ in parser.blocks]


def test_source_map_of_the_sample_document() -> None:
    assert render(DOCUMENT).source_map == (
        BlockMap(0, 1, "h1"),
        BlockMap(2, 4, "p"),
        BlockMap(5, 8, "ul"),  # markdown-it counts the blank line ending a list in it
        BlockMap(8, 9, "blockquote"),
        BlockMap(10, 13, "table"),
        BlockMap(14, 17, "pre"),
        BlockMap(18, 19, "hr"),
        BlockMap(19, 20, "p"),
    )


def test_selector_finds_the_block() -> None:
    block = render(DOCUMENT).source_map[5]
    assert block.selector == 'pre[data-line="14"]'
    assert '<pre data-line="14">' in render(DOCUMENT).html


def test_nested_blocks_carry_their_own_line() -> None:
    html = render("- une\n\n  suite\n").html
    assert '<p data-line="2">suite</p>' in html


def test_windows_line_endings_count_lines_the_same() -> None:
    assert render(DOCUMENT.replace("\n", "\r\n")).source_map == render(DOCUMENT).source_map


def test_block_at_line_follows_the_editor() -> None:
    source_map = render(DOCUMENT).source_map
    assert block_at_line(source_map, 0) == BlockMap(0, 1, "h1")
    assert block_at_line(source_map, 3) == BlockMap(2, 4, "p")
    # A blank line between blocks belongs to the block above it.
    assert block_at_line(source_map, 4) == BlockMap(2, 4, "p")
    assert block_at_line(source_map, 500) == BlockMap(19, 20, "p")
    assert block_at_line((), 3) is None
    assert block_at_line(render("\n\ntexte").source_map, 0) is None
