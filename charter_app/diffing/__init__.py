"""Word-level diffs, paragraph alignment and 3-way merges: pure functions on strings.

No Qt, no git and no project imports except ``charter_app.i18n``; every result is a small
frozen dataclass, and every diff rebuilds both texts exactly (see ``reconstruct_old``/``_new``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from charter_app.lazy import load_names_when_asked

if TYPE_CHECKING:
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

# Each name is imported from its module when first asked for: opening a charter needs only the
# stored text's form (``diffing.textnorm``), not the diff engine (about a fifth of a command's
# imports, with the process pool of the batch diffs).
_HOMES = {
    "describe_changes": "accessible",
    "render_html": "accessible",
    "render_new_html": "accessible",
    "render_old_html": "accessible",
    "Conflict": "merge3",
    "MergeResult": "merge3",
    "merge3": "merge3",
    "DiffOp": "ops",
    "DiffResult": "ops",
    "apply": "ops",
    "reconstruct_new": "ops",
    "reconstruct_old": "ops",
    "DEFAULT_BUDGET_S": "paragraphs",
    "AlignedRow": "paragraphs",
    "Alignment": "paragraphs",
    "align_paragraphs": "paragraphs",
    "diff_words": "paragraphs",
    "DiffOptions": "tokens",
    "tokenize": "tokens",
    "unwrap_markdown": "unwrap",
}


__getattr__ = load_names_when_asked(__name__, _HOMES, function="merge3")

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
