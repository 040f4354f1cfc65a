"""Word-level diffs, paragraph alignment and 3-way merges: pure functions on strings.

No Qt, no git and no project imports except ``charter_app.i18n``; every result is a small
frozen dataclass, and every diff rebuilds both texts exactly (see ``reconstruct_old``/``_new``).
"""

from __future__ import annotations

from charter_app.diffing.accessible import (
    describe_changes,
    render_html,
    render_new_html,
    render_old_html,
)
from charter_app.diffing.merge3 import Conflict, MergeResult, merge3
from charter_app.diffing.ops import DiffOp, DiffResult, apply, reconstruct_new, reconstruct_old
from charter_app.diffing.paragraphs import (
    DEFAULT_BUDGET_S,
    AlignedRow,
    Alignment,
    align_paragraphs,
    diff_words,
)
from charter_app.diffing.tokens import DiffOptions, tokenize
from charter_app.diffing.unwrap import unwrap_markdown

__all__ = [
    "DEFAULT_BUDGET_S",
    "AlignedRow",
    "Alignment",
    "Conflict",
    "DiffOp",
    "DiffOptions",
    "DiffResult",
    "MergeResult",
    "align_paragraphs",
    "apply",
    "describe_changes",
    "diff_words",
    "merge3",
    "reconstruct_new",
    "reconstruct_old",
    "render_html",
    "render_new_html",
    "render_old_html",
    "tokenize",
    "unwrap_markdown",
]
