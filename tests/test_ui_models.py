"""Qt item models checked with pytest-qt's model tester, through real structural changes."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import UTC, datetime

from charter_app.core import operations
from charter_app.core.model import Charter, Participant, Role
from charter_app.core.revision import Revision
from charter_app.ui.history_panel import HistoryModel, entries_from
from charter_app.ui.principle_model import PrincipleTableModel, _single_move


def _charter(count: int) -> Charter:
    charter = Charter("Charte")
    for i in range(count):
        charter, _change, _p = operations.add_principle(charter, f"Principe {i}", f"Texte {i}")
    return charter


def test_principle_model_through_insert_move_remove_and_edit(qtmodeltester):
    model = PrincipleTableModel()
    charter = _charter(5)
    model.set_principles(charter.principles)
    qtmodeltester.check(model)
    ids = [p.id for p in charter.principles]

    charter, _c, added = operations.add_principle(charter, "Nouveau", after_id=ids[1])
    model.set_principles(charter.principles)
    assert model.row_of(added.id) == 2
    assert model.index(2, 0).data() == "3"
    charter, _c = operations.move_principle(charter, ids[0], ids[3])
    model.set_principles(charter.principles)
    assert model.ids() == [p.id for p in charter.principles]
    charter, _c = operations.move_principle(charter, ids[4], None)
    model.set_principles(charter.principles)
    assert model.ids()[0] == ids[4]
    charter, _c = operations.remove_principle(charter, ids[2])
    model.set_principles(charter.principles)
    charter, _c = operations.edit_principle(charter, ids[1], title="Autre")
    model.set_principles(charter.principles)
    assert model.ids() == [p.id for p in charter.principles]
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == [
        p.number for p in charter.principles
    ]
    qtmodeltester.check(model)


def test_single_move_detection():
    assert _single_move(list("abcde"), list("bcade")) == (0, 2)
    assert _single_move(list("abcde"), list("aebcd")) == (4, 1)
    assert _single_move(list("abcde"), list("badce")) is None  # two swaps: a reset
    assert _single_move(list("abc"), list("abc")) is None


def test_history_model(qtmodeltester):
    model = HistoryModel()
    charter = Charter("C", participants=(Participant("p-aaaaaa", "Camille", Role.RESIDENT),))
    when = datetime(2026, 3, 12, 19, 42, tzinfo=UTC)
    revisions = [
        Revision("a" * 40, (), "p-aaaaaa", "x", when, when, "Premier", "", ()),
        Revision("b" * 40, (), "p-gone00", "x", when, when, "Second", "", ()),
    ]
    model.set_entries(entries_from(revisions, charter))
    qtmodeltester.check(model)
    assert model.index(0).data().startswith("Camille — ")
    assert model.index(1).data().startswith("p-gone00")  # erased participants stay pseudonymous


def test_a_narrow_principle_list_keeps_its_titles_readable(qtbot):
    from PySide6.QtCore import Qt

    from charter_app.ui.fitted_columns import TITLE_CHARACTERS
    from charter_app.ui.principle_table import PrincipleTable

    model = PrincipleTableModel()
    charter = _charter(3)
    charter, _c = operations.edit_principle(
        charter, charter.principles[0].id, title="Souveraineté numérique de la collectivité"
    )
    model.set_principles(charter.principles)
    model.set_counts({p.id: (2, 1) for p in charter.principles})
    table = PrincipleTable(model)
    qtbot.addWidget(table)
    table.show()
    status, counts = 2, 3

    table.resize(1000, 300)  # wide: every column, the status in words
    qtbot.waitUntil(lambda: not table.compact)
    assert model.index(0, status).data() == "Draft"
    assert model.headerData(status, Qt.Horizontal) == "Status"
    assert not table.isColumnHidden(counts)
    assert "2" in model.index(0, counts).data()

    table.resize(280, 300)  # a laptop with its docks open, or large text
    qtbot.waitUntil(lambda: table.compact)
    room = TITLE_CHARACTERS * table.fontMetrics().averageCharWidth()
    assert table.columnWidth(1) >= room
    assert table.isColumnHidden(counts)
    assert model.index(0, status).data() is None  # the icon alone...
    assert model.index(0, status).data(Qt.DecorationRole) is not None
    tooltip = model.index(0, status).data(Qt.ToolTipRole)  # ...the words stay for everyone
    assert "Draft" in tooltip and "2 comments" in tooltip
    assert model.headerData(status, Qt.Horizontal, Qt.ToolTipRole) == "Status"
    qtbot.waitUntil(lambda: table.columnWidth(1) >= room)

    table.resize(1000, 300)
    qtbot.waitUntil(lambda: not table.compact)
    assert model.index(0, status).data() == "Draft"
