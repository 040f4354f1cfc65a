"""Flags invisible direction controls in the editors (``core/direction_controls.py``).

A right-to-left override makes "live" show as "evil" in every export while the text holds
"live": under the principle editor and the charter's fields, a warning says which controls are
there and on which lines, and a button removes them (one undoable edit). Nothing is removed
without being asked: a text mixing Arabic or Hebrew needs them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from charter_app.core.direction_controls import CONTROLS, describe, find_direction_controls
from charter_app.i18n import N_, _
from charter_app.ui.editor import set_accessible


def without_controls(text: str) -> str:
    return "".join(character for character in text if character not in CONTROLS)


class DirectionWarning(QWidget):
    """A warning line under an editor, shown only while its fields hold direction controls."""

    def __init__(self, editor: QWidget, fields: dict[str, Any]) -> None:
        super().__init__()
        self.fields = fields
        """What each field is called (untranslated) -> its QLineEdit or MarkdownEdit."""
        self.label = QLabel()
        self.label.setObjectName("inlineError")
        self.label.setWordWrap(True)
        self.button = QPushButton()
        self.button.clicked.connect(self.remove)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        editor.layout().addWidget(self)
        for field in fields.values():
            field.textChanged.connect(self.update_now)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(_("Remove them"))
        set_accessible(
            self.button,
            _("Remove the direction controls"),
            _("Removes the invisible direction controls from these fields; undo brings them back."),
        )
        self.update_now()

    def update_now(self, *_args: object) -> None:
        found = []
        for name, field in self.fields.items():
            controls = find_direction_controls(_text(field))
            if controls:
                found.append(f"{_(name)}: {describe(controls)}")
        self.label.setText("⚠ " + " ".join(found) if found else "")
        set_accessible(self.label, _("Invisible direction controls"), " ".join(found))
        self.setVisible(bool(found))

    def remove(self) -> None:
        """Take the controls out of every field, as if typed (each editor makes it undoable)."""
        for field in self.fields.values():
            text = _text(field)
            cleaned = without_controls(text)
            if cleaned == text:
                continue
            if isinstance(field, QLineEdit):
                field.setText(cleaned)
                field.textEdited.emit(cleaned)
            else:
                cursor = field.textCursor()
                cursor.select(cursor.SelectionType.Document)
                cursor.insertText(cleaned)


def _text(field: Any) -> str:
    return str(field.text() if hasattr(field, "text") else field.toPlainText())


class DirectionWarningFeature:
    """Adds the warning under the principle editor and under the charter's fields."""

    def __init__(self, window: Any) -> None:
        principle, charter = window.principle_editor, window.charter_editor
        self.warnings = [
            DirectionWarning(
                principle, {N_("Title"): principle.title_edit, N_("Text"): principle.body_edit}
            ),
            DirectionWarning(
                charter,
                {
                    N_("Charter title"): charter.title_edit,
                    N_("Territory"): charter.territory_edit,
                    N_("Preamble"): charter.preamble_edit,
                },
            ),
        ]
        window.events.retranslate.connect(self.retranslate)

    def retranslate(self) -> None:
        for warning in self.warnings:
            warning.retranslate()
