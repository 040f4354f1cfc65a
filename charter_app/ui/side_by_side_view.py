"""Two texts side by side, deletions struck and insertions underlined."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from charter_app.i18n import _
from charter_app.ui.editor import set_accessible


class _HtmlDiffView(QWidget):
    """Old and new text side by side, deletions struck and insertions underlined (not colour
    alone); stands in until the shared ``ui/diff_view.py`` widget exists."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.old_label, self.new_label = QLabel(), QLabel()
        self.old_view, self.new_view = QTextBrowser(), QTextBrowser()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, view in ((self.old_label, self.old_view), (self.new_label, self.new_view)):
            view.setOpenLinks(False)
            view.setTabChangesFocus(True)
            label.setBuddy(view)
            column = QVBoxLayout()
            column.addWidget(label)
            column.addWidget(view, 1)
            layout.addLayout(column, 1)

    def set_texts(self, old: str, new: str, old_label: str, new_label: str) -> None:
        from charter_app.diffing import (
            describe_changes,
            diff_words,
            render_new_html,
            render_old_html,
        )

        result = diff_words(old, new)
        style = "<style>del{text-decoration:line-through;} ins{text-decoration:underline;}</style>"

        def page(fragment: str) -> str:
            return style + "<div style='white-space:pre-wrap'>" + fragment + "</div>"

        self.old_view.setHtml(page(render_old_html(result.ops)))
        self.new_view.setHtml(page(render_new_html(result.ops)))
        self.old_label.setText(old_label)
        self.new_label.setText(new_label)
        changes = " ".join(describe_changes(result.ops)) or _("no change")
        set_accessible(self.old_view, old_label, changes)
        set_accessible(self.new_view, new_label, changes)


def make_diff_view(parent: QWidget | None = None) -> QWidget:
    """The shared side-by-side diff widget when it is there, else a plain HTML one."""
    try:
        from charter_app.ui.diff_view import DiffView  # type: ignore[import-not-found]

        return DiffView(parent)
    except Exception:  # absent or not ready yet: the plain view says the same
        return _HtmlDiffView(parent)
