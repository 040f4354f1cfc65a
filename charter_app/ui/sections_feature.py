"""Edit > Sections: add a section, rename one, and put the selected principle in a section.

A feature (``ui/features.py``): its actions only ask (through the window's interaction, so
tests script the answers) and push one undoable command wrapping a core operation
(:mod:`charter_app.core.sections`, :func:`charter_app.core.operations.move_principle`). The
list shows each section's title above its principles (``ui/section_rows.py``), and a principle
dropped on a title goes into that section.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from charter_app.core import sections
from charter_app.core.outline import parents
from charter_app.i18n import _
from charter_app.ui import commands


class SectionsFeature:
    """The Sections submenu of Edit."""

    def __init__(self, window) -> None:
        self.window = window
        self.menu = QMenu(window)
        self.menu.setObjectName("sectionsMenu")
        self.add_action = QAction(window)
        self.rename_action = QAction(window)
        self.move_action = QAction(window)
        self.add_action.triggered.connect(self.add_section)
        self.rename_action.triggered.connect(self.rename_section)
        self.move_action.triggered.connect(self.move_to_section)
        for action in (self.add_action, self.rename_action, self.move_action):
            self.menu.addAction(action)
        window.edit_menu.insertMenu(window.add_participant_action, self.menu)
        window.edit_menu.insertSeparator(window.add_participant_action)
        for signal in (window.events.opened, window.events.selected):
            signal.connect(lambda *_args: self._update_actions())
        window.events.closed.connect(self._update_actions)
        window.events.retranslate.connect(self.retranslate)
        self.retranslate()
        self._update_actions()

    def retranslate(self) -> None:
        self.menu.setTitle(_("Sect&ions"))
        self.add_action.setText(_("&New section…"))
        self.rename_action.setText(_("&Rename a section…"))
        self.move_action.setText(_("&Put the principle in a section…"))

    def _writable(self):
        document = self.window.document
        return document if document is not None and not document.read_only else None

    def _update_actions(self) -> None:
        document = self._writable()
        has_sections = document is not None and bool(document.charter.sections)
        self.add_action.setEnabled(document is not None)
        self.rename_action.setEnabled(has_sections)
        self.move_action.setEnabled(has_sections and self.window.selected_principle_id is not None)

    def _labels(self, charter) -> list[str]:
        return ["    " * (s.level - 1) + s.title for s in charter.sections]

    def _push(self, operation) -> bool:
        document = self._writable()
        if document is None:
            return False
        pushed = self.window.push_command(commands.OperationCommand(document, operation))
        self._update_actions()
        return pushed

    def add_section(self) -> None:
        document = self._writable()
        if document is None:
            return
        ask = self.window.context.interaction
        title = ask.ask_text(self.window, _("New section"), _("Title of the section:"))
        if not title:
            return
        charter = document.charter
        after, level = None, 1
        selected = charter.principle(self.window.selected_principle_id or "")
        if selected is not None and selected.section:
            chain = parents(charter, selected.section)
            after, level = chain[-1].id, chain[-1].level  # a peer, right after the current one
        self._push(lambda c: sections.add_section(c, title, after, level)[:2])

    def rename_section(self) -> None:
        document = self._writable()
        if document is None or not document.charter.sections:
            return
        charter = document.charter
        ask = self.window.context.interaction
        selected = charter.principle(self.window.selected_principle_id or "")
        ids = [s.id for s in charter.sections]
        current = ids.index(selected.section) if selected and selected.section in ids else 0
        index = ask.ask_choice(
            self.window, _("Rename a section"), _("Section:"), self._labels(charter), current
        )
        if index is None:
            return
        section = charter.sections[index]
        title = ask.ask_text(self.window, _("Rename a section"), _("New title:"), section.title)
        if title:
            self._push(lambda c: sections.edit_section(c, section.id, title=title))

    def move_to_section(self) -> None:
        document = self._writable()
        principle_id = self.window.selected_principle_id
        if document is None or principle_id is None or not document.charter.sections:
            return
        charter = document.charter
        principle = charter.principle(principle_id)
        ids = [s.id for s in charter.sections]
        current = ids.index(principle.section) if principle and principle.section in ids else 0
        index = self.window.context.interaction.ask_choice(
            self.window,
            _("Put the principle in a section"),
            _("Section (the principle goes at its end):"),
            self._labels(charter),
            current,
        )
        if index is None:
            return
        target = ids[index]
        if self._push_move(principle_id, target):
            self.window.select_principle(principle_id)

    def _push_move(self, principle_id: str, section_id: str) -> bool:
        document = self._writable()
        if document is None:
            return False
        command = commands.MovePrincipleCommand(document, principle_id, None, section_id)
        return self.window.push_command(command)
