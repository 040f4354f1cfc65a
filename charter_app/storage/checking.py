"""Check every file the app reads and report every problem, never only the first.

One function reads one charter file with the very loader the app uses for it
(:func:`parse_file`): ``charter check``, the repair (:mod:`charter_app.storage.repair`) and the
import quarantine (:mod:`charter_app.storage.import_checks`) all call it, so a file that any
of them accepts is a file the app can open. :func:`check_folder` reads a charter's working
tree: ``charter.yaml``, ``participants.yaml``, ``principles/``, ``events/`` and
``amendments/``. A *broken* file cannot be read at all (the app fails on it, and the repair
can set it aside); the other problems are warnings (a number used twice, a file not in
canonical form, invisible direction controls).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from charter_app.core.direction_controls import describe, find_direction_controls
from charter_app.core.model import Principle
from charter_app.errors import CharterError, FormatError
from charter_app.i18n import _
from charter_app.storage import events, files

AMENDMENTS_DIR = "amendments"


@dataclass(frozen=True)
class Problem:
    """One problem of one file."""

    path: str
    """The file, relative to the charter folder (for a principle listed in ``charter.yaml``
    with no file: the missing file)."""
    error: CharterError
    """What is wrong and what to do, in plain words."""
    broken: bool
    """The file cannot be read: whatever reads it fails. False for a warning."""


def parse_file(path: str, data: bytes, label: str = "") -> object:
    """Read ``data`` as the charter file ``path`` with the app's own loader (``label``, such
    as " @ 3f2a9c1b", goes into messages); raise :class:`FormatError` if it cannot be read.
    Files the app never reads (a README) are not parsed: None."""
    name = f"{path}{label}"
    if path == files.CHARTER_FILE:
        return files.parse_charter_meta(data, name)
    if path == files.PARTICIPANTS_FILE:
        return files.parse_participants(data, name)
    if is_principle(path):
        return files.parse_principle(data, name)
    if is_event(path):
        return events.parse_event(data, name)
    if is_amendment(path):
        from charter_app.storage.amendments import parse_amendment  # it imports repository.py

        return parse_amendment(data, name)
    return None


def is_principle(path: str) -> bool:
    return (
        path.startswith(files.PRINCIPLES_DIR + "/")
        and path.endswith(".md")
        and path.count("/") == 1
    )


def is_event(path: str) -> bool:
    """Where the app reads events: ``events/<folder>/<name>.yaml``."""
    return (
        path.startswith(events.EVENTS_DIR + "/") and path.endswith(".yaml") and path.count("/") == 2
    )


def is_amendment(path: str) -> bool:
    """Where the app reads amendments: ``amendments/a-<name>.yaml``."""
    name = path.removeprefix(AMENDMENTS_DIR + "/")
    return name != path and "/" not in name and name.startswith("a-") and name.endswith(".yaml")


def folder_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Every file of ``root`` that the app reads: (relative path, file), in a stable order."""
    for name in (files.CHARTER_FILE, files.PARTICIPANTS_FILE):
        if (root / name).is_file():
            yield name, root / name
    for folder, wanted in (
        (files.PRINCIPLES_DIR, is_principle),
        (events.EVENTS_DIR, is_event),
        (AMENDMENTS_DIR, is_amendment),
    ):
        base = root / folder
        if not base.is_dir():
            continue
        found = []
        for current, folders, names in os.walk(base):
            folders[:] = [f for f in folders if not os.path.islink(os.path.join(current, f))]
            for name in names:
                full = Path(current) / name
                relative = full.relative_to(root).as_posix()
                if wanted(relative) and full.is_file():
                    found.append((relative, full))
        yield from sorted(found)


def check_folder(root: Path) -> list[Problem]:
    """Every problem of the charter in the folder ``root`` (nothing is changed)."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for relative, full in folder_files(root):
        try:
            contents[relative] = full.read_bytes()
        except OSError as error:
            problems.append(
                Problem(
                    relative,
                    FormatError(
                        relative,
                        None,
                        _("the file cannot be read ({reason}).").format(reason=error.strerror),
                    ),
                    broken=True,
                )
            )
    if files.CHARTER_FILE not in contents:
        problems.append(
            Problem(
                files.CHARTER_FILE,
                FormatError(files.CHARTER_FILE, None, _("the charter has no charter.yaml.")),
                broken=True,
            )
        )
    return problems + check_contents(contents)


def check_contents(contents: Mapping[str, bytes]) -> list[Problem]:
    """Every problem of the charter files ``contents`` (path -> bytes)."""
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    for path, data in contents.items():
        try:
            parsed[path] = parse_file(path, data)
        except CharterError as error:
            problems.append(Problem(path, error, broken=True))
            continue
        try:
            text = files.decode(data, path)
        except CharterError:
            continue
        found = find_direction_controls(text)
        if found:
            problems.append(Problem(path, _direction_warning(path, describe(found)), False))
    problems += _principle_problems(contents, parsed)
    problems += [
        Problem(error.path, error, broken=False) for error in files.outline_problems(contents)
    ]
    return problems


def _principle_problems(
    contents: Mapping[str, bytes], parsed: Mapping[str, object]
) -> list[Problem]:
    """Numbers used twice, files not in canonical form, listed principles with no file."""
    problems: list[Problem] = []
    ids: set[str] = set()
    numbers: dict[str, str] = {}
    for path in sorted(p for p in contents if is_principle(p)):
        principle = parsed.get(path)
        if not isinstance(principle, Principle):
            ids.add(Path(path).stem)
            continue
        ids.add(principle.id)
        if principle.number in numbers:
            problems.append(
                Problem(
                    path,
                    FormatError(
                        path,
                        None,
                        _("number {number} is also used by “{other}”.").format(
                            number=principle.number, other=numbers[principle.number]
                        ),
                    ),
                    broken=False,
                )
            )
        numbers[principle.number] = principle.id
        if files.serialise_principle(principle) != contents[path]:
            problems.append(
                Problem(
                    path,
                    FormatError(
                        path,
                        None,
                        _("the file is not in canonical form (line endings, wrapping or spacing)."),
                        _("It will be normalised the next time the principle is saved."),
                    ),
                    broken=False,
                )
            )
    meta = parsed.get(files.CHARTER_FILE)
    order: list[str] = meta[1] if isinstance(meta, tuple) else []
    for missing in (pid for pid in order if pid not in ids):
        problems.append(
            Problem(
                files.principle_path(missing),
                FormatError(
                    files.CHARTER_FILE,
                    None,
                    _("the principle “{id}” is listed but has no file.").format(id=missing),
                    _("Restore the file from history, or run “charter repair”."),
                ),
                broken=True,
            )
        )
    return problems


def _direction_warning(path: str, description: str) -> FormatError:
    return FormatError(
        path,
        None,
        description,
        _(
            "Unless the text really mixes right-to-left writing (Arabic, Hebrew), remove them: "
            "the editor shows where they are."
        ),
    )
