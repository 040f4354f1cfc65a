"""Word-level diffs, paragraph alignment and 3-way merges: pure functions on strings.

No Qt, no git and no project imports except ``charter_app.i18n``; every result is a small
frozen dataclass, and every diff rebuilds both texts exactly (see ``reconstruct_old``/``_new``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from charter_app.diffing.accessible import (
        describe_changes,
        render_html,
        render_new_html,
        render_old_html,
    )
    from charter_app.diffing.merge3 import Conflict, MergeResult
    from charter_app.diffing.ops import (
        DiffOp,
        DiffResult,
        apply,
        reconstruct_new,
        reconstruct_old,
    )
    from charter_app.diffing.paragraphs import (
        DEFAULT_BUDGET_S,
        AlignedRow,
        Alignment,
        align_paragraphs,
        diff_words,
    )
    from charter_app.diffing.tokens import DiffOptions, tokenize
    from charter_app.diffing.unwrap import unwrap_markdown

# Each name is imported from its module when first asked for: importing one small module of
# this package (nogc, anchoring, ops) no longer loads every diff module (about 50 ms). The
# 3-way merge function is imported from its module (``charter_app.diffing.merge3``): here its
# name would be the module's once that is imported.
_HOMES = {
    "describe_changes": "accessible",
    "render_html": "accessible",
    "render_new_html": "accessible",
    "render_old_html": "accessible",
    "Conflict": "merge3",
    "MergeResult": "merge3",
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


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


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
    "reconstruct_new",
    "reconstruct_old",
    "render_html",
    "render_new_html",
    "render_old_html",
    "tokenize",
    "unwrap_markdown",
]
