"""Block rule: markdown-it's table, except that cells beyond the header's columns stay visible."""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import escapedSplit, getLine
from markdown_it.rules_block.table import table as markdown_it_table
from markdown_it.token import Token

CELL_SEPARATOR = " | "


def table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Parse a GFM table; a body row's extra cells are appended to its last cell.

    GFM drops cells beyond the header's column count; a participant's words must not vanish,
    so they are kept, separated by ``" | "`` as typed.
    """
    first_new_token = len(state.tokens)
    if not markdown_it_table(state, start_line, end_line, silent):
        return False
    if not silent:
        _keep_extra_cells(state, state.tokens[first_new_token:])
    return True


def _keep_extra_cells(state: StateBlock, tokens: Sequence[Token]) -> None:
    in_body = False
    row_cells: list[Token] = []
    row_line = 0
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open" and token.map is not None:
            row_cells, row_line = [], token.map[0]
        elif in_body and token.type == "inline":
            row_cells.append(token)
        elif in_body and token.type == "tr_close" and row_cells:
            columns = escapedSplit(mdTrim(getLine(state, row_line)))
            if columns and columns[0] == "":
                columns.pop(0)
            if columns and columns[-1] == "":
                columns.pop()
            extra = [mdTrim(column) for column in columns[len(row_cells) :]]
            if extra:
                last = row_cells[-1]
                last.content = CELL_SEPARATOR.join([last.content, *extra])
