"""Opening a charter, run off the UI thread: copy the example if needed, open, load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from charter_app import paths
from charter_app.core.model import Charter

if TYPE_CHECKING:
    from charter_app.application.session import Session
    from charter_app.storage.repository import CharterRepository


@dataclass(frozen=True)
class LoadedCharter:
    path: Path
    session: Session
    """The charter opened for writing, handed to the UI thread."""
    charter: Charter
    stable_numbers: bool
    head: str | None = None
    """The commit the charter was read at: the base of the editor's next save."""
    notices: tuple[str, ...] = ()
    """What opening did about a write cut short earlier, in words."""

    @property
    def repository(self) -> CharterRepository:
        return self.session.repository


def example_folder() -> Path:
    from charter_app.storage.templates import default_example

    return paths.charters_dir() / default_example()


def ensure_example() -> Path:
    """The user's copy of the bundled example, made on first use and reused afterwards."""
    from charter_app.application.charters import create_from_template
    from charter_app.storage import files
    from charter_app.storage.templates import default_example

    folder = example_folder()
    if not (folder / files.CHARTER_FILE).is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        create_from_template(folder, default_example()).close()
    return folder


def first_look(path: Path | None, *, example: bool = False) -> Charter | None:
    """The charter's text as its folder holds it, read without opening it (no git, nothing
    written), for the reading view to paint first; None when there is nothing to read cheaply
    (the example not copied yet, a file that does not parse)."""
    from charter_app.storage.first_look import read_charter_text

    folder = example_folder() if example or path is None else Path(path).expanduser()
    return read_charter_text(folder.resolve())


def load_charter(path: Path | None, *, example: bool = False) -> LoadedCharter:
    from charter_app.application.session import Session

    folder = ensure_example() if example or path is None else Path(path).expanduser()
    folder = folder.resolve()
    session = Session.open(folder)
    try:
        repository = session.repository
        charter = repository.load()
        stable = repository.stable_numbers
        from charter_app.storage.first_look import keep_reading

        keep_reading(folder, charter)  # the next start's first look reads these lines at once
        head = repository.git.head()
    except BaseException:
        session.close()
        raise
    return LoadedCharter(folder, session, charter, stable, head, tuple(session.notices))


def create_charter(
    folder: Path, template: str, title: str | None, language: str | None
) -> LoadedCharter:
    """A new charter repository at ``folder`` from the example or blank, then loaded."""
    from charter_app.application.charters import create_from_template
    from charter_app.storage.templates import BLANK, default_example

    name = BLANK if template == "blank" else default_example()
    folder = Path(folder).expanduser()
    folder.parent.mkdir(parents=True, exist_ok=True)
    create_from_template(folder, name, title or None, language).close()
    return load_charter(folder)
