"""Section titles among the rows of the principle list: which rows they are, what they show,
and what a drop next to them means. Plain Python (the model and the view only use it)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from charter_app.core.model import Charter, Principle, Section
from charter_app.core.outline import outline
from charter_app.i18n import _

Row = Principle | Section
"""A row of the list: a principle, or the title of a section."""

_DISPLAY, _FONT = int(Qt.DisplayRole.value), int(Qt.FontRole.value)
_TOOLTIP, _ACCESSIBLE = int(Qt.ToolTipRole.value), int(Qt.AccessibleTextRole.value)
INDENT = "    "
"""A section inside another is shown this much further right."""


def rows_of(principles: Sequence[Principle], sections: Sequence[Section]) -> list[Row]:
    """The principles in their order, each section's title above its principles (an empty
    section where it stands); just the principles when there are no sections."""
    if not sections:
        return list(principles)
    charter = Charter("", principles=tuple(principles), sections=tuple(sections))
    rows: list[Row] = []
    for entry in outline(charter):
        if entry.section is not None:
            rows.append(entry.section)
        elif entry.principle is not None:
            rows.append(entry.principle)
    return rows


def row_key(row: Row) -> str:
    """One key per row, principles and sections apart (their ids may coincide)."""
    return f"s:{row.id}" if isinstance(row, Section) else f"p:{row.id}"


def section_data(section: Section, column: int, role: int) -> object:
    """What a section's title row shows: its title, bold, in the first column (the view
    spans it over the row)."""
    if role == _DISPLAY and column == 0:
        return INDENT * (section.level - 1) + section.title
    if role == _FONT:
        font = QFont()
        font.setBold(True)
        return font
    if role in (_TOOLTIP, _ACCESSIBLE):
        return _("Section: {title}").format(title=section.title)
    return None


def drop_place(
    rows: Sequence[Row], principle_id: str, row: int, onto: int
) -> tuple[str | None, str | None]:
    """(principle to follow, section to join) for a principle dropped before row ``row`` or
    onto row ``onto`` (-1: between rows), as ``move_principle`` takes them: (None, section)
    is the end of that section, (None, None) the first place, (id, None) after that principle
    in its section.

    Onto a section's title: the end of that section. Just below a title: the first place in
    that section. Elsewhere: after the principle above.
    """
    target = rows[onto] if 0 <= onto < len(rows) else None
    if isinstance(target, Section):
        return None, target.id
    above = [r for r in rows[:row] if not (isinstance(r, Principle) and r.id == principle_id)]
    principles = [r for r in above if isinstance(r, Principle)]
    if not principles:
        return None, None
    if isinstance(above[-1], Section):
        return principles[-1].id, above[-1].id
    return principles[-1].id, None
