"""The list of principles: number, title, status and counts, the title kept readable
(:mod:`charter_app.ui.fitted_columns`: on a narrow list the status shows its icon alone and the
counts step aside); a section's title spans its own row above its principles.

Widths come from the font, never from the rows: a 1,000-principle charter would be asked for
the size of every row at each change."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from charter_app.core.model import PrincipleStatus
from charter_app.ui.fitted_columns import FittedColumns
from charter_app.ui.principle_model import (
    COLUMNS,
    PrincipleTableModel,
    column_title,
    counts_text,
    status_label,
)

_NUMBER, _TITLE, _STATUS, _COUNTS = map(COLUMNS.index, ("number", "title", "status", "counts"))


class PrincipleTable(QTableView):
    """The principle list's view."""

    def __init__(self, model: PrincipleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self._fit_rows()
        # A section's title spans its row; spans follow the rows whenever they change.
        for signal in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.modelReset,
            model.layoutChanged,
        ):
            signal.connect(self._span_sections)
        # Refits itself when the font changes (text scale, theme); see fit_columns.
        self.columns = FittedColumns(self, model, _TITLE, self._widths, optional=(_COUNTS,))

    @property
    def compact(self) -> bool:
        return self.columns.compact

    def fit_columns(self) -> None:
        """After a change of language: the status words have other widths."""
        self.columns.refit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange):
            self._fit_rows()

    def _span_sections(self, *_args: object) -> None:
        model = self.model()
        self.clearSpans()
        columns = model.columnCount()
        for row in range(model.rowCount()):
            if model.section(row) is not None:
                self.setSpan(row, 0, 1, columns)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def _widths(self, metrics: QFontMetrics) -> dict[int, int]:
        character = metrics.averageCharWidth()
        padding = 3 * character
        icon = self.iconSize().width() or metrics.height()
        advance = metrics.horizontalAdvance
        number = max(advance("10 bis"), advance(column_title("number")))
        status = max(advance(status_label(s)) for s in PrincipleStatus)
        counts = max(advance(counts_text(99, 99)), advance(column_title("counts")))
        return {
            _NUMBER: number + padding,
            _STATUS: status + padding + icon + 4 * character,
            _COUNTS: counts + padding,
        }
