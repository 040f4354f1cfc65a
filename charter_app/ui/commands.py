"""Undoable user actions: each QUndoCommand wraps one pure core operation.

A command keeps the working charter from before and after the operation (charters are immutable,
so this costs two references), which makes undo exact. Typing in one field of one principle
merges into a single command (``id``/``mergeWith``), so Ctrl+Z undoes a burst, not a letter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from charter_app.core import operations
from charter_app.core.model import Charter, PrincipleStatus
from charter_app.core.operations import Change
from charter_app.ui.document import CharterDocument

# Command ids: same id + same target => typing in the same field merges.
_MERGE_IDS = {"title": 1, "body": 2, "tags": 3, "charter-title": 4, "territory": 5, "preamble": 6}


class CharterCommand(QUndoCommand):
    """Base: apply ``before``/``after`` charters to the document."""

    def __init__(self, document: CharterDocument) -> None:
        super().__init__()
        self.document = document
        self.before: Charter = document.charter
        self.after: Charter | None = None
        self.change: Change | None = None

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        raise NotImplementedError

    def prepare(self) -> bool:
        """Run the operation now (it may raise a CharterError); False if it changes nothing.

        Called before pushing, so an error reaches the user instead of Qt's redo().
        """
        self.after, self.change = self.perform(self.before)
        self.setText(self.change.summary)
        return self.after is not self.before

    def redo(self) -> None:
        if self.after is None:
            self.prepare()
        assert self.change is not None
        self.document.apply(self.after, self.change)

    def undo(self) -> None:
        assert self.change is not None
        self.document.apply(self.before, self.change)

    @property
    def summary(self) -> str:
        return self.change.summary if self.change else ""


class EditPrincipleCommand(CharterCommand):
    """Change one field (title, body, tags or status) of one principle."""

    def __init__(
        self, document: CharterDocument, principle_id: str, field: str, value: object
    ) -> None:
        super().__init__(document)
        self.principle_id = principle_id
        self.field = field
        self.value = value

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        if self.field == "status":
            value: object = PrincipleStatus(self.value)
        else:
            value = self.value
        return operations.edit_principle(charter, self.principle_id, **{self.field: value})

    def id(self) -> int:
        return _MERGE_IDS.get(self.field, -1)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditPrincipleCommand)
            and other.principle_id == self.principle_id
            and other.field == self.field
            and other.after is not None
        ):
            return False
        self.value, self.after, self.change = other.value, other.after, other.change
        self.setText(other.text())
        if self.after == self.before:
            self.setObsolete(True)  # typed then erased: nothing left to undo
        return True


class EditCharterCommand(CharterCommand):
    """Change the charter's title, territory or preamble."""

    def __init__(self, document: CharterDocument, field: str, value: str) -> None:
        super().__init__(document)
        self.field = field
        self.value = value

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        key = "title" if self.field == "charter-title" else self.field
        return operations.edit_charter(charter, **{key: self.value})

    def id(self) -> int:
        return _MERGE_IDS[self.field]

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (
            isinstance(other, EditCharterCommand)
            and other.field == self.field
            and other.after is not None
        ):
            return False
        self.value, self.after, self.change = other.value, other.after, other.change
        self.setText(other.text())
        if self.after == self.before:
            self.setObsolete(True)
        return True


class MovePrincipleCommand(CharterCommand):
    """Move a principle after another, or to the end of a section (``after_id`` None)."""

    def __init__(
        self,
        document: CharterDocument,
        principle_id: str,
        after_id: str | None,
        section_id: str | None = None,
    ) -> None:
        super().__init__(document)
        self.principle_id = principle_id
        self.after_id = after_id
        self.section_id = section_id

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        return operations.move_principle(
            charter,
            self.principle_id,
            self.after_id,
            self.document.stable_numbers,
            section=self.section_id,
        )


class OperationCommand(CharterCommand):
    """Any core operation on the charter (adding or renaming a section...)."""

    def __init__(
        self, document: CharterDocument, operation: Callable[[Charter], tuple[Charter, Change]]
    ) -> None:
        super().__init__(document)
        self.operation = operation

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        return self.operation(charter)


class AddPrincipleCommand(CharterCommand):
    def __init__(self, document: CharterDocument, title: str, after_id: str | None) -> None:
        super().__init__(document)
        self.title = title
        self.after_id = after_id
        self.added_id: str | None = None

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        new, change, added = operations.add_principle(
            charter, self.title, after_id=self.after_id, stable_numbers=self.document.stable_numbers
        )
        self.added_id = added.id
        return new, change


class RemovePrincipleCommand(CharterCommand):
    def __init__(self, document: CharterDocument, principle_id: str) -> None:
        super().__init__(document)
        self.principle_id = principle_id

    def perform(self, charter: Charter) -> tuple[Charter, Change]:
        return operations.remove_principle(charter, self.principle_id, self.document.stable_numbers)
