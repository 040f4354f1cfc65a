"""Qt item models of the council panel: the amendments to decide on and the adopted versions.

Thin adapters over plain frozen values (:class:`AmendmentRow`, :class:`Version`): the models never
read the repository; the panel loads rows off the UI thread and hands them over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from charter_app.core.amendment_state import STATUS_LABELS, AmendmentStatus
from charter_app.core.amendments import KIND_LABELS, TEXT_STATE_LABELS, AmendmentKind, TextState
from charter_app.core.versions import SIGNATURE_LABELS, SignatureState, Version
from charter_app.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""The amendment id (amendments) or the version name (versions)."""

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AmendmentRow:
    """One amendment as the council panel lists it."""

    id: str
    label: str
    """``A-12`` (``A-12 (was A-7)`` when renumbered)."""
    kind: AmendmentKind
    target: str
    """What it changes, for people: ``3. Droits et libertés`` or the parent's number."""
    status: AmendmentStatus
    text_state: TextState | None
    """Against the saved text; None once decided (no longer meaningful)."""
    rationale: str
    author: str

    @property
    def open(self) -> bool:
        """Registered and undecided: the council can decide on it."""
        return self.status is AmendmentStatus.REGISTERED


class AmendmentTableModel(QAbstractTableModel):
    """Number, target, kind, status and text state of every amendment, in words."""

    COLUMNS = 5

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[AmendmentRow] = []

    def set_rows(self, rows: Sequence[AmendmentRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_data(self, row: int) -> AmendmentRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, amendment_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == amendment_id), -1)

    def rows(self) -> list[AmendmentRow]:
        return list(self._rows)

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.COLUMNS:
            return None
        return (_("Number"), _("Principle"), _("Kind"), _("Decision"), _("Text"))[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.rationale or None
        return None

    def _text(self, row: AmendmentRow, column: int) -> str:
        if column == 0:
            return row.label
        if column == 1:
            return row.target
        if column == 2:
            return _(KIND_LABELS[row.kind])
        if column == 3:
            return _(STATUS_LABELS[row.status])
        if row.text_state is None:
            return "—"
        return _(TEXT_STATE_LABELS[row.text_state])

    def retranslate(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 4))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)


def signature_text(version: Version) -> str:
    """The signature state in words (never a colour alone), with the signer when known."""
    text = _(SIGNATURE_LABELS[version.signature.state])
    if version.signature.signer:
        text += f" ({version.signature.signer})"
    return text


SIGNATURE_MARKS: dict[SignatureState, str] = {
    SignatureState.GOOD: "✔",
    SignatureState.BAD: "✖",
    SignatureState.UNSIGNED: "–",
    SignatureState.CANNOT_CHECK: "?",
}
"""A shape next to the words, so the state reads at a glance on a projector too."""


class VersionTableModel(QAbstractTableModel):
    """Adopted versions, oldest first: name, date, deliberation, amendments, signature."""

    COLUMNS = 5

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._versions: list[Version] = []

    def set_versions(self, versions: Sequence[Version]) -> None:
        self.beginResetModel()
        self._versions = list(versions)
        self.endResetModel()

    def versions(self) -> list[Version]:
        return list(self._versions)

    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._versions)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.COLUMNS:
            return None
        return (_("Version"), _("Date"), _("Deliberation"), _("Amendments"), _("Signature"))[
            section
        ]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._versions):
            return None
        version = self._versions[index.row()]
        if role == ID_ROLE:
            return version.name
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 4:
            return version.signature.detail or None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == 0:
            return version.name
        if column == 1:
            return version.date or "—"
        if column == 2:
            return version.ref or "—"
        if column == 3:
            return ", ".join(version.amendments) or "—"
        text = signature_text(version)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{SIGNATURE_MARKS[version.signature.state]} {text}"
        if version.signature.detail:
            text += f". {version.signature.detail}"
        return text

    def retranslate(self) -> None:
        if self._versions:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._versions) - 1, 4))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.COLUMNS - 1)
