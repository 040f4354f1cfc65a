"""The side-by-side diff the council's dialogs show (the shared :class:`DiffView`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from charter_app.ui.diff_view import DiffView


def make_diff_view(parent: QWidget | None = None) -> QWidget:
    """Old and new text aligned paragraph by paragraph, deletions struck, insertions
    underlined, with a text equivalent for screen readers."""
    return DiffView(parent)
