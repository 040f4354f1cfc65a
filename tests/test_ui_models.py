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
