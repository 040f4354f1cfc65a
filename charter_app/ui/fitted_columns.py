"""Tables whose title column stays readable on a narrow screen.

Facilitators work on laptops with docks open, on projectors, and with large text. The columns
beside a title (a number, a status, a state, counts) have fixed widths from the font; the title
takes what is left. When that would be fewer than :data:`TITLE_CHARACTERS` average characters,
the table turns compact: its status-like columns show their icon alone (each has a distinct
shape, never a colour alone) under a header still in words, as wide as that word; if the title
still lacks room, optional columns step aside. Each row's tooltip and what a screen reader says
of it keep every word; so does each header's tooltip. A table without icons
(:class:`StretchedColumn`) keeps its title column at least as wide as its header's word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

TITLE_CHARACTERS = 22
"""Below this many average characters of room for the title, a table turns compact."""


class IconOnlyTableModel(QAbstractTableModel):
    """A table model whose :attr:`icon_columns` can show their icon without their text."""

    icon_columns: tuple[int, ...] = ()
    icon_only = False

    def shows_text(self, column: int) -> bool:
        return not (self.icon_only and column in self.icon_columns)

    def set_icon_only(self, icon_only: bool) -> None:
        if icon_only == self.icon_only:
            return
        self.icon_only = icon_only
        rows = self.rowCount()
        for column in self.icon_columns:
            self.headerDataChanged.emit(Qt.Horizontal, column, column)
            if rows:
                self.dataChanged.emit(self.index(0, column), self.index(rows - 1, column))


class FittedColumns(QObject):
    """Sizes ``table``'s columns: ``widths(metrics)`` gives every column's full width but the
    title's, which stretches; compact when the title would lack room (see the module
    docstring). Refits itself when the table's font changes; call :meth:`refit` when the
    language or the rows the widths depend on change."""

    def __init__(
        self,
        table: QTableView,
        model: IconOnlyTableModel,
        title: int,
        widths: Callable[[QFontMetrics], dict[int, int]],
        optional: Sequence[int] = (),
    ) -> None:
        super().__init__(table)
        self._table, self._model, self._widths = table, model, widths
        self._optional = frozenset(optional)
        self._full: dict[int, int] = {}
        self._icon_widths: dict[int, int] = {}
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(title, QHeaderView.Stretch)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)
        self.refit()

    @property
    def compact(self) -> bool:
        return self._model.icon_only

    def refit(self) -> None:
        metrics = self._table.fontMetrics()
        self._full = self._widths(metrics)
        icon = self._table.iconSize().width() or metrics.height()
        padding = 3 * metrics.averageCharWidth()
        header = self._table.horizontalHeader().fontMetrics()
        self._icon_widths = {
            column: max(
                icon + padding,
                header.horizontalAdvance(
                    str(self._model.headerData(column, Qt.Horizontal, Qt.DisplayRole) or "")
                )
                + padding,
            )
            for column in self._model.icon_columns
        }
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self._table and kind in (QEvent.FontChange, QEvent.StyleChange):
            self.refit()
        elif watched is not self._table and kind == QEvent.Resize:
            self._arrange()
        return False

    def _arrange(self) -> None:
        """Icons alone when the title lacks room; then, if it still does, no optional columns."""
        table = self._table
        width = table.viewport().width()
        needed = TITLE_CHARACTERS * table.fontMetrics().averageCharWidth()
        icons_only = width - sum(self._full.values()) < needed
        widths = {
            column: self._icon_widths.get(column, full) if icons_only else full
            for column, full in self._full.items()
        }
        hide = icons_only and width - sum(widths.values()) < needed
        self._model.set_icon_only(icons_only)
        for column, column_width in widths.items():
            hidden = hide and column in self._optional
            table.setColumnHidden(column, hidden)
            if not hidden:
                table.setColumnWidth(column, column_width)


class StretchedColumn(QObject):
    """Sizes ``table``'s columns for a table without icons: every column as wide as its words,
    ``stretch`` taking the rest, yet never narrower than its header's word. When the room is
    short the other columns give theirs back, down to their cells' longest word (they wrap onto
    the row's second line), and only when even that does not fit, down to their header."""

    def __init__(self, table: QTableView, stretch: int) -> None:
        super().__init__(table)
        self._table, self._stretch = table, stretch
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(False)
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.dataChanged,
            model.headerDataChanged,
        ):
            signal.connect(self.refit)
        self.refit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() in (QEvent.Resize, QEvent.FontChange, QEvent.StyleChange):
            self.refit()
        return False

    def refit(self, *_args: object) -> None:
        table, header = self._table, self._table.horizontalHeader()
        columns = [c for c in range(header.count()) if not table.isColumnHidden(c)]
        if self._stretch not in columns:
            return
        # A header's own width: its word, margins, the room of a sort arrow. The table asks
        # for the room of its headers (its dock is not made narrower than that).
        headers = {c: header.sectionSizeFromContents(c).width() for c in columns}
        bar = table.style().pixelMetric(table.style().PixelMetric.PM_ScrollBarExtent)
        needed = sum(headers.values()) + bar + 2 * table.frameWidth()
        if table.minimumWidth() != needed:
            table.setMinimumWidth(needed)
        room = table.viewport().width()
        # The columns beside the title also keep their cells' longest word (they wrap between
        # words), when the room allows; the title's long cells may end in "…" (a row's tooltip
        # and what a screen reader says keep every word).
        least = dict(headers)
        for c in columns:
            if c != self._stretch:
                least[c] = max(headers[c], self._longest_word(c))
        if sum(least.values()) > room:
            least = headers
        wanted = {c: max(least[c], table.sizeHintForColumn(c)) for c in columns}
        others = [c for c in columns if c != self._stretch]
        short = sum(wanted[c] for c in others) + least[self._stretch] - room
        widths = dict(wanted)
        if short > 0:  # the widest columns give back first, never below their least
            spare = {c: wanted[c] - least[c] for c in others}
            total = sum(spare.values())
            for c in others:
                if total:
                    widths[c] = wanted[c] - min(spare[c], -(-short * spare[c] // total))
        widths[self._stretch] = max(least[self._stretch], room - sum(widths[c] for c in others))
        for column in columns:
            if header.sectionSize(column) != widths[column]:
                header.resizeSection(column, widths[column])

    def _longest_word(self, column: int) -> int:
        table, model = self._table, self._table.model()
        metrics = table.fontMetrics()
        margin = table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1
        words = {
            word
            for row in range(min(model.rowCount(), 200))
            for word in str(model.index(row, column).data(Qt.DisplayRole) or "").split()
        }
        longest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        return longest + 2 * margin + table.showGrid()
