"""Creating a charter: from a bundled template, a blank one, or an imported document's plan."""

from __future__ import annotations

from pathlib import Path

from charter_app.application.session import Session
from charter_app.core.model import Charter
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import load_template


def create_charter(
    destination: Path | str,
    charter: Charter,
    author: str | None = None,
    message: str | None = None,
) -> Session:
    """A new charter repository at ``destination`` (absent or empty) holding ``charter`` as
    its first commit (by ``author``, else by the app itself), opened for writing."""
    return Session(CharterRepository.create(destination, charter, author, message))


def create_from_template(
    destination: Path | str,
    name: str,
    title: str | None = None,
    language: str | None = None,
    numbering: str | None = None,
) -> Session:
    """A new charter at ``destination``, copied from a bundled template (or ``blank``);
    ``numbering`` ("sequential" or "stable") overrides the template's."""
    return create_charter(destination, load_template(name, title, language, numbering))
