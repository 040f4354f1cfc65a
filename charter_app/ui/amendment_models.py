"""The amendments as a Qt table model (plain rows in, text and icons out) and its filters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from charter_app.core.amendment_state import (
    STATUS_LABELS,
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
    principle_of,
    target_label,
)
from charter_app.core.amendments import (
    KIND_LABELS,
    TEXT_STATE_LABELS,
    Assessment,
    TextState,
)
from charter_app.core.model import Charter
from charter_app.core.participants import names_by_id
from charter_app.i18n import _
from charter_app.ui.fitted_columns import IconOnlyTableModel
from charter_app.ui.theme import status_icon

_ROOT = QModelIndex()
ID_ROLE = int(Qt.UserRole.value) + 1
PRINCIPLE_ROLE = ID_ROLE + 1
AUTHOR_ROLE = ID_ROLE + 2
STATUS_ROLE = ID_ROLE + 3
STATE_ROLE = ID_ROLE + 4

COLUMNS = ("number", "principle", "author", "status", "state")
OPEN_STATUSES = frozenset({AmendmentStatus.DRAFT, AmendmentStatus.REGISTERED})

# Amendment statuses drawn with the principle status shapes (pencil, bubble, tick, cross).
_STATUS_SHAPES = {
    AmendmentStatus.DRAFT: "draft",
    AmendmentStatus.REGISTERED: "under-discussion",
    AmendmentStatus.ADOPTED: "adopted",
}
_STATE_ICONS = {
    TextState.CLEAN: QStyle.StandardPixmap.SP_DialogApplyButton,
    TextState.NEEDS_UPDATE: QStyle.StandardPixmap.SP_BrowserReload,
    TextState.CONFLICTING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    TextState.FALLEN: QStyle.StandardPixmap.SP_DialogCancelButton,
    TextState.CLOSED: QStyle.StandardPixmap.SP_DialogCloseButton,
}


def column_title(column: str) -> str:
    return {
        "number": _("No."),
        "principle": _("Principle"),
        "author": _("Author"),
        "status": _("Status"),
        "state": _("State"),
    }[column]


def state_icon(state: TextState) -> QIcon:
    return QApplication.style().standardIcon(_STATE_ICONS[state])


def amendment_status_icon(status: AmendmentStatus) -> QIcon:
    return status_icon(_STATUS_SHAPES.get(status, "withdrawn"))


@dataclass(frozen=True)
class AmendmentRow:
    """One amendment, ready to display."""

    record: AmendmentRecord
    assessment: Assessment
    principle_id: str
    """The principle it is about (through its parent for a sub-amendment); "" if unknown."""
    principle_label: str
    """E.g. "3 p-abc", "new 3 bis after p-abc", "on A-2"."""
    author_name: str

    @property
    def id(self) -> str:
        return self.record.id


def build_rows(
    charter: Charter, ledger: Ledger, states: Mapping[str, Assessment]
) -> list[AmendmentRow]:
    names = names_by_id(charter)
    return [
        AmendmentRow(
            record,
            states[record.id],
            principle_of(record.amendment, ledger) or "",
            target_label(charter, record.amendment, ledger),
            names.get(record.amendment.author, record.amendment.author),
        )
        for record in ledger.records
    ]


def amendment_counts(rows: Sequence[AmendmentRow]) -> dict[str, int]:
    """Principle id -> number of its amendments still to decide (draft or registered)."""
    return dict(Counter(row.principle_id for row in rows if row.record.status in OPEN_STATUSES))


class AmendmentTableModel(IconOnlyTableModel):
    """Rows are amendments in ledger order (registered by number, then drafts)."""

    icon_columns = (COLUMNS.index("status"), COLUMNS.index("state"))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[AmendmentRow] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def row(self, row: int) -> AmendmentRow | None:  # type: ignore[override]
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[AmendmentRow]:
        return list(self._rows)

    def row_of(self, amendment_id: str) -> int:
        return next((r for r, row in enumerate(self._rows) if row.id == amendment_id), -1)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        role = int(role)
        column = COLUMNS[index.column()]
        record = row.record
        if role == int(Qt.DisplayRole.value):
            return self._text(row, column) if self.shows_text(index.column()) else None
        if role == int(Qt.DecorationRole.value):
            if column == "status":
                return amendment_status_icon(record.status)
            if column == "state":
                return state_icon(row.assessment.state)
            return None
        if role in (int(Qt.ToolTipRole.value), int(Qt.AccessibleTextRole.value)):
            return self.describe(row)
        roles = {
            ID_ROLE: row.id,
            PRINCIPLE_ROLE: row.principle_id,
            AUTHOR_ROLE: record.amendment.author,
            STATUS_ROLE: record.status.value,
            STATE_ROLE: row.assessment.state.value,
        }
        return roles.get(role)

    @staticmethod
    def _text(row: AmendmentRow, column: str) -> str:
        if column == "number":
            return row.record.display
        if column == "principle":
            kind = _(KIND_LABELS[row.record.amendment.kind])
            return f"{row.principle_label} ({kind})"
        if column == "author":
            return row.author_name
        if column == "status":
            return _(STATUS_LABELS[row.record.status])
        return _(TEXT_STATE_LABELS[row.assessment.state])

    @staticmethod
    def describe(row: AmendmentRow) -> str:
        """The whole row in one sentence (tooltip and screen readers)."""
        text = _("Amendment {number}, {kind}, {principle}, by {author}: {status}, {state}").format(
            number=row.record.display,
            kind=_(KIND_LABELS[row.record.amendment.kind]),
            principle=row.principle_label,
            author=row.author_name,
            status=_(STATUS_LABELS[row.record.status]),
            state=_(TEXT_STATE_LABELS[row.assessment.state]),
        )
        if row.assessment.reason:
            text += f" — {row.assessment.reason}"
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.DisplayRole:
            return column_title(COLUMNS[section]) if self.shows_text(section) else None
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole) and section in self.icon_columns:
            return column_title(COLUMNS[section])  # even when only the icons show
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.NoItemFlags
        return Qt.ItemIsEnabled | Qt.ItemIsSelectable

    def set_rows(self, rows: Sequence[AmendmentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


class AmendmentFilter(QSortFilterProxyModel):
    """Keeps the amendments matching every filter set (None: no filter on that field)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.filters: dict[int, str | None] = dict.fromkeys(
            (PRINCIPLE_ROLE, AUTHOR_ROLE, STATUS_ROLE, STATE_ROLE)
        )

    def set_filter(self, role: int, value: str | None) -> None:
        if self.filters.get(role) != value:
            self.beginFilterChange()
            self.filters[role] = value
            self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        return all(
            wanted is None or index.data(role) == wanted for role, wanted in self.filters.items()
        )
