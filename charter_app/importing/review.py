"""Which suggested changes of a block to take: none (the original), all, or one author's."""

from __future__ import annotations

from collections.abc import Callable

from charter_app.importing import criticmarkup
from charter_app.importing.blocks import Block
from charter_app.importing.criticmarkup import Mark

Choice = Callable[[Block, Mark], bool]
"""Whether to accept one change mark of one block."""


def author_of(block: Block, mark: Mark) -> str:
    """Who made ``mark`` ("" when the file does not say, as in plain CriticMarkup)."""
    return block.authors[mark.slot] if 0 <= mark.slot < len(block.authors) else ""


def original(block: Block, mark: Mark) -> bool:
    return False


def everything(block: Block, mark: Mark) -> bool:
    return True


def by_author(name: str) -> Choice:
    return lambda block, mark: author_of(block, mark) == name


def text_of(block: Block, choice: Choice) -> str:
    if "{" not in block.markdown:
        return block.markdown
    return criticmarkup.resolve(block.markdown, lambda mark: choice(block, mark))
