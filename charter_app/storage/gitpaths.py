"""Paths the charter's git repository accepts: relative, inside the work tree, never ``.git``."""

from __future__ import annotations

from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.gitlog import check_text

_MAX_PATH = 4096
_WINDOWS_RESERVED = frozenset('\\:*?"<>|')


def check_path(path: str) -> str:
    """A path inside the work tree, relative, with ``/`` separators; refuse anything else."""
    if not isinstance(path, str) or not path or len(path) > _MAX_PATH:
        raise ValidationError(_("{path!r} is not a valid file name.").format(path=path))
    parts = path.split("/")
    bad = (
        path.startswith("/")
        or any(ord(char) < 32 or char == "\x7f" or char in _WINDOWS_RESERVED for char in path)
        or any(part in ("", ".", "..") for part in parts)
        or any(part.rstrip(". ").lower() == ".git" for part in parts)
    )
    if bad:
        raise ValidationError(
            _("{path!r} is not a valid file name in a charter.").format(path=path),
            _("Use a relative path with / between folders, without .. or .git."),
        )
    check_text(path, _("file name"))
    return path
