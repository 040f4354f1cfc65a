"""Simple bar charts drawn with QPainter, each shown with the same numbers as a table.

The chart is a picture for sighted readers; the table beside it is what a screen reader walks
(and it names every value), so no number is ever only in a drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from charter_app.i18n import _
from charter_app.ui.editor import set_accessible

Bars = Sequence[tuple[str, int]]


def chart_summary(bars: Bars) -> str:
    """The chart in words: ``label: value; label: value``."""
    if not bars:
        return _("No data yet.")
    return "; ".join(f"{label}: {value}" for label, value in bars)


class BarChart(QWidget):
    """Horizontal bars with their label on the left and their value written at their end."""

    MAX_LABEL_CHARS = 40

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Minimum)
        self.setMinimumHeight(self.fontMetrics().height() * 2)

    def set_bars(self, caption: str, bars: Bars) -> None:
        self.caption = caption
        self.bars = [(str(label), int(value)) for label, value in bars]
        set_accessible(self, caption, chart_summary(self.bars))
        self.setToolTip(chart_summary(self.bars))
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.5)

    def sizeHint(self) -> QSize:
        rows = max(1, len(self.bars))
        return QSize(400, rows * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, min(self.sizeHint().height(), 6 * self._row_height()))

    def _label(self, label: str) -> str:
        if len(label) <= self.MAX_LABEL_CHARS:
            return label
        return label[: self.MAX_LABEL_CHARS - 1] + "…"

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        palette = self.palette()
        text_pen = QPen(palette.color(QPalette.WindowText))
        metrics = self.fontMetrics()
        if not self.bars:
            painter.setPen(text_pen)
            painter.drawText(self.rect(), Qt.AlignCenter, _("No data yet."))
            return
        row = self._row_height()
        labels = [self._label(label) for label, _value in self.bars]
        label_width = min(
            max(metrics.horizontalAdvance(label) for label in labels) + 12, self.width() // 2
        )
        value_width = metrics.horizontalAdvance("00000") + 8
        room = max(10, self.width() - label_width - value_width - 8)
        most = max(value for _label, value in self.bars) or 1
        bar_colour = palette.color(QPalette.Highlight)
        for index, ((_label, value), label) in enumerate(zip(self.bars, labels, strict=True)):
            top = 4 + index * row
            painter.setPen(text_pen)
            painter.drawText(
                QRectF(0, top, label_width - 8, row),
                Qt.AlignRight | Qt.AlignVCenter,
                metrics.elidedText(label, Qt.ElideRight, label_width - 8),
            )
            length = room * value / most
            bar = QRectF(label_width, top + row * 0.15, length, row * 0.7)
            painter.fillRect(bar, bar_colour)
            painter.setPen(text_pen)  # an outline: bars stay visible in any theme
            painter.drawRect(bar)
            painter.drawText(
                QRectF(label_width + length + 6, top, value_width, row),
                Qt.AlignLeft | Qt.AlignVCenter,
                str(value),
            )
        painter.end()


class TextTableModel(QAbstractTableModel):
    """A read-only table of text: headers and rows (the first cell of a row is its header)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headers: list[str] = []
        self.rows: list[list[str]] = []

    def set_table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self.headers = [str(h) for h in headers]
        width = len(self.headers)
        self.rows = [[str(c) for c in row][:width] + [""] * (width - len(row)) for row in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole, Qt.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == Qt.TextAlignmentRole and index.column() > 0:
            value = self.rows[index.row()][index.column()]
            if value.lstrip("-").isdigit():
                return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role not in (Qt.DisplayRole, Qt.AccessibleTextRole):
            return None
        if orientation == Qt.Horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        if orientation == Qt.Vertical and 0 <= section < len(self.rows):
            return self.rows[section][0] if self.rows[section] else str(section + 1)
        return None


def table_view(model: TextTableModel, name: str, description: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    set_accessible(view, name, description)
    set_accessible(view.horizontalHeader(), _("Columns"), name)
    set_accessible(view.verticalHeader(), _("Rows"), name)
    return view


class ChartAndTable(QWidget):
    """A caption, a bar chart, and the same numbers (often more) as a table under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption_label = QLabel()
        self.caption_label.setObjectName("chartCaption")
        self.caption_label.setWordWrap(True)
        self.chart = BarChart()
        self.model = TextTableModel(self)
        self.table = table_view(self.model, "", "")
        self.caption_label.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.chart)
        layout.addWidget(self.table, 1)

    def show_data(
        self,
        caption: str,
        bars: Bars,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
    ) -> None:
        self.caption_label.setText(caption)
        self.chart.set_bars(caption, bars)
        self.model.set_table(headers, rows)
        set_accessible(
            self.table,
            _("{caption} (table)").format(caption=caption),
            _("The numbers of the chart “{caption}”, one row each.").format(caption=caption),
        )
