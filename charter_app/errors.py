"""Typed errors: each carries a translated message and what the user can do next."""

from __future__ import annotations

from pathlib import Path

from charter_app.i18n import _


class CharterError(Exception):
    """Base of every error a participant may see; never shown with a traceback."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class FormatError(CharterError):
    """A file of the charter cannot be read as it stands; it is left untouched."""

    def __init__(self, path: Path | str, line: int | None, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = (
            _("{path}, line {line}").format(path=path, line=line) if line is not None else str(path)
        )
        super().__init__(
            _("{where}: {problem}").format(where=where, problem=problem),
            hint or _("Correct the file in a text editor; nothing was changed."),
        )


class NotACharterError(CharterError):
    """The folder is not a charter repository."""


class RepositoryError(CharterError):
    """Git refused or failed an operation on the charter repository."""


class StorageError(CharterError):
    """The disk refused a write (full, read-only, permission)."""


class NotFoundError(CharterError):
    """A principle, participant, revision or amendment that does not exist."""


class ValidationError(CharterError):
    """A value given by the user does not fit (empty title, unknown role...)."""


class LockedError(CharterError):
    """Another program holds the charter or its git index."""
