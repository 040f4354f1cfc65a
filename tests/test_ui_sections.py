"""Sections in the desktop app: titles above their principles in the list, Edit > Sections to
add and rename them and to put a principle in one, and a drop onto a title; all undoable and
saved to the files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt

from charter_app.core import operations, sections
from charter_app.core.model import Charter
from charter_app.storage.repository import CharterRepository
from charter_app.ui.principle_model import MIME_TYPE, PrincipleTableModel
from charter_app.ui.sections_feature import SectionsFeature
from tests import ui_conftest_helpers as helpers

app_home, charter_path = helpers.app_home, helpers.charter_path
interaction, window = helpers.interaction, helpers.window

TITLE = "Titre I : Les engagements"


def feature_of(window) -> SectionsFeature:
    return next(f for f in window.features if isinstance(f, SectionsFeature))


def test_model_lists_section_titles_above_their_principles(qtmodeltester):
    charter = operations.add_principle(Charter("C"), "Un")[0]
    charter = operations.add_principle(charter, "Deux")[0]
    charter, _change, section = sections.add_section(charter, "Partie 1")
    charter, _change = operations.move_principle(charter, "deux", None, section=section.id)
    model = PrincipleTableModel()
    model.set_principles(charter.principles, charter.sections)
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == ["1", "Partie 1", "2"]
    assert model.principle(1) is None and model.section(1) == section
    assert not model.flags(model.index(1, 0)) & Qt.ItemIsSelectable
    assert model.row_of("deux") == 2 and model.ids() == ["un", "deux"]
    # dropped onto the title: the end of that section
    data = model.mimeData([model.index(0, 0)])
    assert data.hasFormat(MIME_TYPE)
    asked: list[tuple] = []
    model.move_requested.connect(lambda *args: asked.append(args))
    model.dropMimeData(data, Qt.MoveAction, -1, -1, model.index(1, 0))
    assert asked == [("un", None, section.id)]


def test_sections_from_the_edit_menu(qtbot, window, interaction):
    feature = feature_of(window)
    assert not feature.move_action.isEnabled()  # no section yet
    interaction.texts = [TITLE]
    feature.add_action.trigger()
    charter = window.document.charter
    assert [s.title for s in charter.sections] == [TITLE]
    section_id = charter.sections[0].id
    first = charter.principles[0].id
    window.select_principle(first)
    assert feature.move_action.isEnabled()
    interaction.choices = [0]
    feature.move_action.trigger()
    charter = window.document.charter
    assert charter.principles[-1].id == first and charter.principle(first).section == section_id
    model, table = window.model, window.table
    title_row = model.rowCount() - 2
    assert model.section(title_row).title == TITLE
    assert table.columnSpan(title_row, 0) == model.columnCount()
    assert model.principle(title_row + 1).id == first
    window.undo_stack.undo()  # back out of the section, then redo
    assert window.document.charter.principle(first).section == ""
    window.undo_stack.redo()
    interaction.choices = [0]
    interaction.texts = ["Titre I : Nos engagements"]
    feature.rename_action.trigger()
    assert window.document.charter.sections[0].title == "Titre I : Nos engagements"
    assert window.save()
    with CharterRepository.open(window.document.path) as repository:
        saved = repository.load()
    assert saved.sections[0].title == "Titre I : Nos engagements"
    assert saved.principle(first).section == section_id
