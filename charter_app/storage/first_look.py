"""The charter's text read from its folder alone, for a first look before it is opened.

The desktop paints the reading view from this while the charter is being opened for writing:
no git process, no lock, nothing written (principles already parsed come from the user's cache,
:mod:`charter_app.storage.principle_cache`, and lines with markup read at the last start from
:mod:`charter_app.storage.reading_cache`). Opening the charter properly (which finishes or sets
aside a write cut short) follows and replaces what this read.
"""

from __future__ import annotations

from pathlib import Path

from charter_app.core.model import Charter
from charter_app.errors import CharterError
from charter_app.rendering import reading
from charter_app.storage import files, principle_cache, reading_cache


def read_charter_text(folder: Path) -> Charter | None:
    """The charter in ``folder``'s working files, or None when they cannot be read as they are
    (not a charter, a file half written): the proper opening then says what is wrong."""
    if not (folder / files.CHARTER_FILE).is_file():
        return None
    index = principle_cache.index_for(folder)
    try:
        reading.remember(reading_cache.load(folder))  # lines with markup read at the last start
        contents = files.read_folder(folder)
        return files.charter_from_files(
            contents, root=folder, parse=index.parser(files.parse_principle)
        )
    except (CharterError, OSError, ValueError):
        return None


def keep_reading(folder: Path, charter: Charter) -> None:
    """Keep the lines of ``charter`` that need the Markdown parser, as read, for the next first
    look at ``folder`` (writes the user's cache: never in the UI's thread)."""
    texts = [charter.preamble, *(principle.body for principle in charter.principles)]
    reading_cache.save(folder, reading.inline_table(texts))
