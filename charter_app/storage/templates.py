"""Bundled example charters (``charters/``) and blank charters to start from."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from charter_app import paths
from charter_app.core.model import Charter
from charter_app.core.operations import set_numbering
from charter_app.errors import NotFoundError
from charter_app.i18n import _
from charter_app.storage import files
from charter_app.storage.repository import CharterRepository

BLANK = "blank"


def templates_dir() -> Path:
    """The bundled example charters (see :func:`charter_app.paths.bundled`)."""
    return paths.bundled("charters")


def template_names() -> list[str]:
    folder = templates_dir()
    found = (
        sorted(p.name for p in folder.iterdir() if (p / files.CHARTER_FILE).is_file())
        if (folder.is_dir())
        else []
    )
    return [*found, BLANK]


def default_example() -> str:
    names = template_names()
    return names[0]


def load_template(
    name: str,
    title: str | None = None,
    language: str | None = None,
    numbering: str | None = None,
) -> Charter:
    """The charter a template describes, read from its plain files (never modified);
    ``numbering`` ("sequential" or "stable") overrides the template's."""
    if name == BLANK:
        charter = Charter(title=title or _("Local digital charter"), language=language or "fr")
        return set_numbering(charter, numbering)[0] if numbering else charter
    folder = templates_dir() / name
    if not (folder / files.CHARTER_FILE).is_file():
        raise NotFoundError(
            _("There is no template named “{name}”.").format(name=name),
            _("Available templates: {names}.").format(names=", ".join(template_names())),
        )
    charter = files.charter_from_files(files.read_folder(folder), root=folder)
    charter = replace(charter, title=title or charter.title, language=language or charter.language)
    return set_numbering(charter, numbering)[0] if numbering else charter


def create_from_template(
    destination: Path | str,
    name: str,
    title: str | None = None,
    language: str | None = None,
    numbering: str | None = None,
) -> CharterRepository:
    """A new charter repository at ``destination``, copied from a template."""
    charter = load_template(name, title, language, numbering)
    return CharterRepository.create(destination, charter)
