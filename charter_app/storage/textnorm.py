"""The stored text's canonical form, as the storage names it: the functions live in
:mod:`charter_app.diffing.textnorm` so the core can compare texts as they will be saved."""

from __future__ import annotations

from charter_app.diffing.textnorm import normalise, normalise_line_endings, unwrap

__all__ = ["normalise", "normalise_line_endings", "unwrap"]
