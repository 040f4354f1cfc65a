"""Opening a charter, run off the UI thread: copy the example if needed, open, load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from charter_app import paths
from charter_app.core.model import Charter


@dataclass(frozen=True)
class LoadedCharter:
    path: Path
    repository: object
    """The :class:`~charter_app.storage.repository.CharterRepository`, handed to the UI thread."""
    charter: Charter
    stable_numbers: bool


def example_folder() -> Path:
    from charter_app.storage.templates import default_example

    return paths.charters_dir() / default_example()


def ensure_example() -> Path:
    """The user's copy of the bundled example, made on first use and reused afterwards."""
    from charter_app.storage import files
    from charter_app.storage.templates import create_from_template, default_example

    folder = example_folder()
    if not (folder / files.CHARTER_FILE).is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        create_from_template(folder, default_example()).close()
    return folder


def load_charter(path: Path | None, *, example: bool = False) -> LoadedCharter:
    from charter_app.storage.repository import CharterRepository

    folder = ensure_example() if example or path is None else Path(path).expanduser()
    folder = folder.resolve()
    repository = CharterRepository.open(folder)
    try:
        charter = repository.load()
        stable = repository.stable_numbers
    except BaseException:
        repository.close()
        raise
    return LoadedCharter(folder, repository, charter, stable)


def create_charter(
    folder: Path, template: str, title: str | None, language: str | None
) -> LoadedCharter:
    """A new charter repository at ``folder`` from the example or blank, then loaded."""
    from charter_app.storage.templates import BLANK, create_from_template, default_example

    name = BLANK if template == "blank" else default_example()
    folder = Path(folder).expanduser()
    folder.parent.mkdir(parents=True, exist_ok=True)
    create_from_template(folder, name, title or None, language).close()
    return load_charter(folder)
