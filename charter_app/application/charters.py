"""Creating a charter: from a bundled template, a blank one, or an imported document's plan."""

from __future__ import annotations

from pathlib import Path

from charter_app.application.session import Session
from charter_app.core.model import Charter
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import clone_safely
from charter_app.storage.templates import load_template, story_of


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
    *,
    story: bool = True,
) -> Session:
    """A new charter at ``destination`` from a bundled template (or ``blank``); ``numbering``
    ("sequential" or "stable") overrides the template's.

    A template with a story (the example) is cloned with its whole history when taken as it
    is; without ``story``, or given a title, a language or a numbering, only its first text is
    taken, in a history of its own (a real charter does not inherit the example's fictional
    comments and votes)."""
    as_it_is = story and title is None and language is None and numbering is None
    bundle = story_of(name) if as_it_is else None
    if bundle is not None:
        return Session(clone_safely(bundle, destination))
    return create_charter(destination, load_template(name, title, language, numbering))
