"""The list of principles as a Qt table model over the domain's plain Principle objects.

When the charter has sections, their titles are rows of their own above their principles
(:mod:`charter_app.ui.section_rows`): not selectable, spanning the row, and a place to drop a
principle into that section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from charter_app.core.model import STATUS_LABELS, Principle, PrincipleStatus, Section
from charter_app.i18n import _, ngettext
from charter_app.ui.fitted_columns import IconOnlyTableModel
from charter_app.ui.section_rows import Row, drop_place, row_key, rows_of, section_data
from charter_app.ui.theme import status_icon

MIME_TYPE = "application/x-charter-principle-id"
_ROOT = QModelIndex()
ID_ROLE = int(Qt.UserRole.value) + 1

# Columns are a list so comment and amendment counts can be added later without touching views.
COLUMNS = ("number", "title", "status", "counts")
_DISPLAY, _DECORATION = int(Qt.DisplayRole.value), int(Qt.DecorationRole.value)
_TOOLTIP, _ACCESSIBLE = int(Qt.ToolTipRole.value), int(Qt.AccessibleTextRole.value)
_ID = int(ID_ROLE)


def column_title(column: str) -> str:
    return {
        "number": _("No."),
        "title": _("Title"),
        "status": _("Status"),
        "counts": f"{comment_symbol()} · ✎",
    }[column]


@cache
def comment_symbol() -> str:
    """💬 where a colour-emoji font can draw it; else ❝ (DejaVu and most fonts have it), so an
    offline laptop without emoji fonts never shows an empty box."""
    from PySide6.QtGui import QFontDatabase

    emoji = any("emoji" in family.lower() for family in QFontDatabase.families())
    return "💬" if emoji else "❝"


def counts_text(comments: int, amendments: int) -> str:
    """The counts column: symbols and numbers ("💬 3 · ✎ 2"), never a colour."""
    return f"{comment_symbol()} {comments} · ✎ {amendments}"


def counts_description(comments: int, amendments: int) -> str:
    """What :func:`counts_text` says, in words, for screen readers and tooltips."""
    return "{comments}, {amendments}".format(
        comments=ngettext("{count} comment", "{count} comments", comments).format(count=comments),
        amendments=ngettext("{count} amendment", "{count} amendments", amendments).format(
            count=amendments
        ),
    )


def status_label(status: PrincipleStatus) -> str:
    return _(STATUS_LABELS[status])


class PrincipleTableModel(IconOnlyTableModel):
    """Rows are principles in charter order; structural changes are bracketed for the views."""

    icon_columns = (COLUMNS.index("status"),)

    move_requested = Signal(str, object, object)
    """(principle id, id of the principle it should follow or None for first, id of the section
    it goes into or None for the one it follows): a drop happened."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._counts: dict[str, tuple[int, int]] = {}
        self.read_only = False

    # -- reading ----------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def principle(self, row: int) -> Principle | None:
        """The principle of ``row``; None for a section's title row or no row."""
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        return entry if isinstance(entry, Principle) else None

    def section(self, row: int) -> Section | None:
        """The section whose title is ``row``; None for a principle's row."""
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        return entry if isinstance(entry, Section) else None

    def row_of(self, principle_id: str) -> int:
        for row, entry in enumerate(self._rows):
            if isinstance(entry, Principle) and entry.id == principle_id:
                return row
        return -1

    def ids(self) -> list[str]:
        return [entry.id for entry in self._rows if isinstance(entry, Principle)]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        # Roles compared as ints: views call this thousands of times on a big charter.
        role = int(role)
        row = index.row()
        if not (0 <= row < len(self._rows)) or not index.isValid():
            return None
        principle = self._rows[row]
        column = index.column()
        if isinstance(principle, Section):
            return section_data(principle, column, role)
        if role == _DISPLAY:
            if column == 0:
                return principle.number
            if column == 1:
                return principle.title
            if column == 2:
                return status_label(principle.status) if self.shows_text(column) else None
            if column == 3:
                counts = self._counts.get(principle.id)
                return counts_text(*counts) if counts is not None else ""
            return None
        if role == _DECORATION:
            return status_icon(principle.status.value) if column == 2 else None
        if role == _ID:
            return principle.id
        if role in (_TOOLTIP, _ACCESSIBLE):
            text = _("Principle {number}: {title} — {status}").format(
                number=principle.number,
                title=principle.title,
                status=status_label(principle.status),
            )
            counts = self._counts.get(principle.id)
            return f"{text} — {counts_description(*counts)}" if counts is not None else text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation != Qt.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.DisplayRole:
            return column_title(column) if self.shows_text(section) else None
        if role in (Qt.ToolTipRole, Qt.AccessibleTextRole):
            if column == "counts":
                return _("Comments · amendments")
            if section in self.icon_columns:  # its title, even when only the icons show
                return column_title(column)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemIsDropEnabled if not self.read_only else Qt.NoItemFlags
        if self.section(index.row()) is not None:  # a title: a drop target, never selected
            drop = Qt.ItemIsDropEnabled if not self.read_only else Qt.NoItemFlags
            return Qt.ItemIsEnabled | drop
        flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
        if not self.read_only:
            flags |= Qt.ItemIsDragEnabled
        return flags

    # -- drag and drop: the model only asks; the window runs an undoable move --------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        rows = sorted({index.row() for index in indexes if self.principle(index.row()) is not None})
        if rows:
            data.setData(MIME_TYPE, self._rows[rows[0]].id.encode())
        return data

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return not self.read_only and data is not None and data.hasFormat(MIME_TYPE)

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        principle_id = bytes(data.data(MIME_TYPE).data()).decode()
        if self.row_of(principle_id) < 0:
            return False
        onto = parent.row() if row < 0 and parent.isValid() else -1
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        after_id, section_id = drop_place(self._rows, principle_id, row, onto)
        self.move_requested.emit(principle_id, after_id, section_id)
        # False: the view must not remove the source row; the undoable move reorders the model.
        return False

    # -- updating ----------

    def set_principles(
        self, principles: Sequence[Principle], sections: Sequence[Section] = ()
    ) -> None:
        """Show ``principles`` (under the titles of their ``sections``), telling views exactly
        what changed (insert, remove, move, edit).

        The structural step first moves the rows *as they were*; renumbered or edited rows are
        then announced with ``dataChanged``, so views (and the model tester) see each step whole.
        """
        new = rows_of(principles, sections)
        old = self._rows
        old_ids, new_ids = [row_key(r) for r in old], [row_key(r) for r in new]
        old_set, new_set = set(old_ids), set(new_ids)
        by_id = {row_key(r): r for r in old}
        if old_ids == new_ids:
            pass
        elif len(new) == len(old) + 1 and [i for i in new_ids if i in old_set] == old_ids:
            row = next(r for r, key in enumerate(new_ids) if key not in old_set)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows = [by_id.get(key, new[r]) for r, key in enumerate(new_ids)]
            self.endInsertRows()
        elif len(new) + 1 == len(old) and [i for i in old_ids if i in new_set] == new_ids:
            row = next(r for r, key in enumerate(old_ids) if key not in new_set)
            self.beginRemoveRows(QModelIndex(), row, row)
            self._rows = [by_id[key] for key in new_ids]
            self.endRemoveRows()
        elif (moved := _single_move(old_ids, new_ids)) is not None:
            source, destination = moved
            # Qt's destination is the row index *before* the move, counted in the old list.
            qt_destination = destination + 1 if destination > source else destination
            self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), qt_destination)
            self._rows = [by_id[key] for key in new_ids]
            self.endMoveRows()
        else:
            self.beginResetModel()
            self._rows = new
            self.endResetModel()
            return
        before = self._rows
        self._rows = new
        self._emit_changed_rows(before, new)

    def _emit_changed_rows(self, old: list[Row], new: list[Row]) -> None:
        before = {row_key(r): r for r in old}
        rows = [row for row, r in enumerate(new) if before.get(row_key(r)) != r]
        if rows:
            last_column = len(COLUMNS) - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last_column))

    def set_counts(self, counts: Mapping[str, tuple[int, int]]) -> None:
        """principle id -> (comments, amendments), shown in the counts column; ids not given
        show an empty cell (counts not known yet)."""
        new = dict(counts)
        if new == self._counts:
            return
        rows = [
            row
            for row, p in enumerate(self._rows)
            if isinstance(p, Principle) and new.get(p.id) != self._counts.get(p.id)
        ]
        self._counts = new
        if rows:
            column = COLUMNS.index("counts")
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), column))

    def counts(self, principle_id: str) -> tuple[int, int] | None:
        return self._counts.get(principle_id)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)


def _single_move(old: list[str], new: list[str]) -> tuple[int, int] | None:
    """(source row, destination row) when ``new`` is ``old`` with one element moved (O(n))."""
    if len(old) != len(new) or old == new:
        return None
    first = next(i for i in range(len(old)) if old[i] != new[i])
    last = next(i for i in range(len(old) - 1, -1, -1) if old[i] != new[i])
    # Moved down: old[first] now sits at ``last``; moved up: old[last] now sits at ``first``.
    if new[last] == old[first] and old[first + 1 : last + 1] == new[first:last]:
        return first, last
    if new[first] == old[last] and old[first:last] == new[first + 1 : last + 1]:
        return last, first
    return None
