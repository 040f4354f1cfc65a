"""The list of principles (number, title, status, counts) with a title that stays readable.

Column widths come from the font, never from the rows: a 1,000-principle charter would be asked
for the size of every row at each change. When the list is narrow (a laptop with its docks open,
a projector, large text), the fixed columns would leave the title a word or two: the status then
shows its icon alone (four distinct shapes, never a colour alone) and the counts step aside.
Each row's tooltip, and what a screen reader says of it, still give the status and the counts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from charter_app.core.model import PrincipleStatus
from charter_app.ui.principle_model import (
    COLUMNS,
    PrincipleTableModel,
    column_title,
    counts_text,
    status_label,
)

TITLE_CHARACTERS = 18
"""Below this many average characters of room for the titles, the list turns compact."""

_NUMBER, _TITLE, _STATUS, _COUNTS = map(COLUMNS.index, ("number", "title", "status", "counts"))


class PrincipleTable(QTableView):
    """The principle list's view, its columns fitted to the font and to its width."""

    def __init__(self, model: PrincipleTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        header = self.horizontalHeader()
        for column in (_NUMBER, _STATUS, _COUNTS):
            header.setSectionResizeMode(column, QHeaderView.Interactive)
        header.setSectionResizeMode(_TITLE, QHeaderView.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self._full = (0, 0, 0)  # number, status, counts: as wide as their widest text
        self._icon_only = 0  # the status column with its icon alone
        self.fit_columns()

    @property
    def compact(self) -> bool:
        return self._model.compact_status

    def fit_columns(self) -> None:
        """Widths from the font and the language (after a change of either)."""
        metrics = self.fontMetrics()
        character = metrics.averageCharWidth()
        padding = 3 * character
        icon = self.iconSize().width() or metrics.height()
        advance = metrics.horizontalAdvance
        number = max(advance("10 bis"), advance(column_title("number")))
        status = max(advance(status_label(s)) for s in PrincipleStatus)
        counts = max(advance(counts_text(99, 99)), advance(column_title("counts")))
        self._full = (number + padding, status + padding + icon + 4 * character, counts + padding)
        self._icon_only = icon + padding
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self._arrange()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        number, status, counts = self._full
        title_room = self.viewport().width() - number - status - counts
        compact = title_room < TITLE_CHARACTERS * self.fontMetrics().averageCharWidth()
        self._model.set_compact_status(compact)
        self.setColumnWidth(_NUMBER, number)
        self.setColumnWidth(_STATUS, self._icon_only if compact else status)
        self.setColumnHidden(_COUNTS, compact)
        if not compact:
            self.setColumnWidth(_COUNTS, counts)
