"""The charter's files and the domain objects they hold, both ways (docs/FORMAT.md)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from charter_app.core.model import (
    FORMAT_VERSION,
    MAX_SECTION_LEVEL,
    Charter,
    DecisionRule,
    InsertionStyle,
    NumberingMode,
    Participant,
    Principle,
    PrincipleStatus,
    Role,
    Section,
)
from charter_app.core.numbering import is_valid_number
from charter_app.core.operations import Change
from charter_app.core.outline import grouping_problem
from charter_app.errors import CharterError, FormatError
from charter_app.i18n import _
from charter_app.storage import yamlplain, yamlsafe
from charter_app.storage.textnorm import normalise, normalise_line_endings, unwrap

CHARTER_FILE = "charter.yaml"
PARTICIPANTS_FILE = "participants.yaml"
PRINCIPLES_DIR = "principles"
PRINCIPLE_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
PARTICIPANT_ID = re.compile(r"^p-[0-9a-f]{6}$")
_CHARTER_KEYS = (
    "format",
    "title",
    "territory",
    "language",
    "decision_rule",
    "preamble",
    "numbering",
    "insertions",
    "sections",
    "principles",
    "retention_months",
    "privacy_contact",
)


def principle_path(principle_id: str) -> str:
    return f"{PRINCIPLES_DIR}/{principle_id}.md"


def decode(data: bytes, path: Path | str) -> str:
    """UTF-8 text with LF endings; a BOM is tolerated on reading (the next save drops it)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(
            path,
            line,
            _("this file is not valid UTF-8 text."),
            _("Save it as UTF-8 in a text editor; nothing was changed."),
        ) from None
    return normalise_line_endings(text.removeprefix("\ufeff"))


def offering_repair(error: FormatError) -> FormatError:
    """``error`` (a file of the working tree that cannot be read) with a hint naming the repair,
    which sets such a file aside (:mod:`charter_app.storage.repair`)."""
    return FormatError(
        error.path,
        error.line,
        error.problem,
        _(
            "Correct the file in a text editor, or set it aside with “charter repair” (in the "
            "app: File > Check and repair the charter's files); nothing was changed."
        ),
    )


# -- principles ---------------------------------------------------------------------------------


def parse_principle(data: bytes, path: Path | str) -> Principle:
    text = decode(data, path)
    if not text.startswith("---\n"):
        raise FormatError(
            path,
            1,
            _("the file must start with a line holding only “---”."),
            _("Add the front matter (id, number, title) between two “---” lines."),
        )
    end = text.find("\n---\n", 3)
    if end == -1:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise FormatError(
                path,
                1,
                _("the front matter has no closing “---” line."),
                _("Add a line holding only “---” after the title, tags and status."),
            )
    front = yamlsafe.load(text[4 : end + 1], path, first_line=2)
    if not isinstance(front, dict):
        raise FormatError(path, 2, _("the front matter must be a list of “key: value” lines."))
    body = text[end + 5 :]
    # os.path: a Path for each of thousands of principles adds up.
    stem = os.path.splitext(os.path.basename(str(path)))[0]
    return _principle_from_front(front, body, path, stem)


def _principle_from_front(
    front: Mapping[str, Any], body: str, path: Path | str, stem: str
) -> Principle:
    def text_field(key: str, required: bool = True) -> str:
        value = front.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise FormatError(
                path, None, _("the field “{key}” must be a non-empty text.").format(key=key)
            )
        return value

    principle_id = text_field("id")
    if not PRINCIPLE_ID.match(principle_id) or principle_id != stem:
        raise FormatError(
            path,
            None,
            _("the id “{id}” must match the file name and use only a-z, 0-9 and “-”.").format(
                id=principle_id
            ),
        )
    number = text_field("number")
    if not is_valid_number(number):
        raise FormatError(
            path, None, _("“{number}” is not a principle number.").format(number=number)
        )
    status_text = text_field("status", required=False) or PrincipleStatus.DRAFT.value
    try:
        status = PrincipleStatus(status_text)
    except ValueError:
        raise FormatError(
            path,
            None,
            _("unknown status “{status}”.").format(status=status_text),
            _("Use one of: {choices}.").format(choices=", ".join(s.value for s in PrincipleStatus)),
        ) from None
    section = front.get("section", "")
    if not isinstance(section, str) or (section and not PRINCIPLE_ID.match(section)):
        raise FormatError(
            path, None, _("“section” must be the id of a section, such as “chapitre-2”.")
        )
    tags = front.get("tags", [])
    if isinstance(tags, str):
        tags = [tags] if tags else []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise FormatError(path, None, _("“tags” must be a list of words."))
    return Principle(
        id=principle_id,
        number=number,
        title=normalise(text_field("title")),
        body=unwrap(body),
        status=status,
        tags=tuple(normalise(tag) for tag in tags),
        section=section,
    )


def serialise_principle(principle: Principle) -> bytes:
    front: dict[str, Any] = {
        "id": principle.id,
        "number": principle.number,
        "title": normalise(principle.title),
        "status": principle.status.value,
    }
    if principle.section:
        front["section"] = principle.section
    if principle.tags:
        front["tags"] = [normalise(tag) for tag in principle.tags]
    body = unwrap(principle.body)
    # The common case without loading PyYAML; the same bytes either way.
    text = yamlplain.dump(front)
    if text is None:
        text = yamlsafe.dump(front)
    return f"---\n{text}---\n{body}\n".encode()


# -- participants -------------------------------------------------------------------------------


def parse_participants(
    data: bytes, path: Path | str = PARTICIPANTS_FILE
) -> tuple[Participant, ...]:
    """The registry (docs/FORMAT.md): people with their names, and *tombstones* of the erased
    (an id and a role, never a name: one found beside ``erased`` is not read)."""
    document = yamlsafe.load(decode(data, path), path)
    entries = document.get("participants", []) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise FormatError(path, 1, _("expected a “participants:” list."))
    participants = []
    for entry in entries:
        if not isinstance(entry, dict) or not PARTICIPANT_ID.match(str(entry.get("id", ""))):
            raise FormatError(path, None, _("each participant needs an id such as “p-3f9a1c”."))
        try:
            role = Role(entry.get("role", ""))
        except ValueError:
            raise FormatError(
                path,
                None,
                _("unknown role “{role}”.").format(role=entry.get("role", "")),
                _("Use one of: {choices}.").format(choices=", ".join(r.value for r in Role)),
            ) from None
        erased = _field(entry, "erased")
        if erased:
            participants.append(
                Participant(
                    id=entry["id"],
                    name="",
                    role=role,
                    erased=erased,
                    erased_by=_field(entry, "erased_by"),
                    fingerprint=_field(entry, "fingerprint"),
                )
            )
            continue
        participants.append(
            Participant(
                id=entry["id"],
                name=normalise(str(entry.get("name", ""))),
                role=role,
                organisation=normalise(str(entry.get("organisation", ""))),
                registered=_field(entry, "registered"),
            )
        )
    return tuple(participants)


def _field(entry: Mapping[str, Any], key: str) -> str:
    value = entry.get(key, "")
    return normalise(value) if isinstance(value, str) else ""


def serialise_participants(participants: tuple[Participant, ...]) -> bytes:
    entries: list[dict[str, str]] = []
    for p in participants:
        if p.is_erased:
            tombstone = {"id": p.id, "role": p.role.value, "erased": p.erased}
            if p.erased_by:
                tombstone["erased_by"] = p.erased_by
            if p.fingerprint:
                tombstone["fingerprint"] = p.fingerprint
            entries.append(tombstone)
            continue
        entry = {"id": p.id, "name": p.name, "role": p.role.value, "organisation": p.organisation}
        if p.registered:
            entry["registered"] = p.registered
        entries.append(entry)
    return yamlsafe.dump({"participants": entries}).encode()


# -- charter.yaml -------------------------------------------------------------------------------


def parse_charter_meta(
    data: bytes, path: Path | str = CHARTER_FILE
) -> tuple[dict[str, Any], list[str]]:
    """The fields of charter.yaml (typed as the schema says) and the principle order."""
    document = yamlsafe.load(decode(data, path), path)
    if not isinstance(document, dict):
        raise FormatError(path, 1, _("charter.yaml must be a list of “key: value” lines."))
    version = document.get("format", "")
    if not (isinstance(version, str) and version.isdigit()):
        raise FormatError(path, None, _("“format” must be a whole number such as 1."))
    if int(version) > FORMAT_VERSION:
        raise FormatError(
            path,
            None,
            _("this charter uses format {found}, newer than this app knows ({known}).").format(
                found=version, known=FORMAT_VERSION
            ),
            _("Update Charter Studio to open it; nothing was changed."),
        )
    title = document.get("title", "")
    if not isinstance(title, str) or not title.strip():
        raise FormatError(path, None, _("the charter needs a “title”."))
    order = document.get("principles", [])
    if not isinstance(order, list) or not all(isinstance(item, str) for item in order):
        raise FormatError(path, None, _("“principles” must be the list of principle ids."))
    rule_text = document.get("decision_rule", DecisionRule.SIMPLE_MAJORITY.value)
    try:
        rule = DecisionRule(rule_text)
    except ValueError:
        raise FormatError(
            path,
            None,
            _("unknown decision rule “{rule}”.").format(rule=rule_text),
            _("Use one of: {choices}.").format(choices=", ".join(r.value for r in DecisionRule)),
        ) from None
    language = document.get("language", "fr")
    numbering = _choice(document, "numbering", NumberingMode, NumberingMode.SEQUENTIAL, path)
    insertions = _choice(document, "insertions", InsertionStyle, InsertionStyle.SUFFIX, path)
    retention = document.get("retention_months", "0")
    if not (isinstance(retention, str) and retention.isdigit() and int(retention) <= 1200):
        raise FormatError(
            path,
            None,
            _("“retention_months” must be a whole number of months, such as 12 (0: no rule)."),
        )
    meta = {
        "format": int(version),
        "title": normalise(title),
        "territory": normalise(str(document.get("territory", ""))),
        "language": language if language in ("fr", "en") else "fr",
        "decision_rule": rule,
        "preamble": unwrap(str(document.get("preamble", ""))),
        "numbering": numbering,
        "insertions": insertions,
        "sections": _sections(document.get("sections", []), path),
        "retention_months": int(retention),
        "privacy_contact": normalise(" ".join(str(document.get("privacy_contact", "")).split())),
        "extra": tuple((k, v) for k, v in document.items() if k not in _CHARTER_KEYS),
    }
    return meta, order


_E = TypeVar("_E", NumberingMode, InsertionStyle)


def _choice(
    document: Mapping[str, Any], key: str, kind: type[_E], default: _E, path: Path | str
) -> _E:
    value = document.get(key, default.value)
    try:
        return kind(value)
    except ValueError:
        raise FormatError(
            path,
            None,
            _("unknown value “{value}” for “{key}”.").format(value=value, key=key),
            _("Use one of: {choices}.").format(choices=", ".join(k.value for k in kind)),
        ) from None


def _sections(entries: Any, path: Path | str) -> tuple[Section, ...]:
    """The ``sections:`` list: each an id, a title and an optional level (1 to 3)."""
    if not isinstance(entries, list):
        raise FormatError(path, None, _("“sections” must be a list of sections."))
    sections: list[Section] = []
    seen: set[str] = set()
    for entry in entries:
        section_id = entry.get("id", "") if isinstance(entry, dict) else ""
        title = entry.get("title", "") if isinstance(entry, dict) else ""
        level = entry.get("level", "1") if isinstance(entry, dict) else ""
        if (
            not isinstance(section_id, str)
            or not PRINCIPLE_ID.match(section_id)
            or section_id in seen
            or not isinstance(title, str)
            or not title.strip()
            or not (isinstance(level, str) and level.isdigit())
            or not 1 <= int(level) <= MAX_SECTION_LEVEL
        ):
            raise FormatError(
                path,
                None,
                _("each section needs its own id (a-z, 0-9, “-”), a title and a level 1 to 3."),
            )
        seen.add(section_id)
        sections.append(Section(section_id, normalise(title), int(level)))
    return tuple(sections)


def required_format(charter: Charter) -> int:
    """The oldest format that holds ``charter``: 2 when it uses stable numbering, dashed
    insertions or numbers, or sections (an app knowing only format 1 would undo them)."""
    dashed = any("-" in principle.number for principle in charter.principles)
    if (
        charter.numbering is not NumberingMode.SEQUENTIAL
        or charter.insertions is not InsertionStyle.SUFFIX
        or charter.sections
        or dashed
    ):
        return 2
    return 1


def serialise_charter_meta(charter: Charter) -> bytes:
    document: dict[str, Any] = {
        "format": required_format(charter),
        "title": normalise(charter.title),
        "territory": normalise(charter.territory),
        "language": charter.language,
        "decision_rule": charter.decision_rule.value,
        # A block ending with a newline ("|", not "|-"), as people write it by hand.
        "preamble": unwrap(charter.preamble) + "\n" if charter.preamble.strip() else "",
    }
    if charter.numbering is not NumberingMode.SEQUENTIAL:
        document["numbering"] = charter.numbering.value
    if charter.insertions is not InsertionStyle.SUFFIX:
        document["insertions"] = charter.insertions.value
    if charter.sections:
        document["sections"] = [
            {"id": s.id, "title": normalise(s.title), **({"level": s.level} if s.level > 1 else {})}
            for s in charter.sections
        ]
    # Written only when set, so that charters without them keep their files as they were.
    if charter.retention_months:
        document["retention_months"] = str(charter.retention_months)
    if charter.privacy_contact:
        document["privacy_contact"] = normalise(charter.privacy_contact)
    document["principles"] = [principle.id for principle in charter.principles]
    document.update(dict(charter.extra))
    return yamlsafe.dump(document).encode()


def assemble(
    meta: Mapping[str, Any],
    order: list[str],
    principles: Mapping[str, Principle],
    participants: tuple[Participant, ...],
    path: Path | str = CHARTER_FILE,
) -> Charter:
    """The charter from its parts; principles missing from the order list come last."""
    missing = [pid for pid in order if pid not in principles]
    if missing:
        raise FormatError(
            path,
            None,
            _("charter.yaml lists principles with no file: {ids}.").format(ids=", ".join(missing)),
            _("Restore the files from history or remove the ids from the list."),
        )
    listed = set(order)  # a set: with thousands of principles a list made this quadratic
    rest = sorted(pid for pid in principles if pid not in listed)
    ordered = tuple(principles[pid] for pid in [*order, *rest])
    return Charter(principles=ordered, participants=participants, **meta)


def serialise_charter(charter: Charter) -> dict[str, bytes]:
    """Every file of the charter's history, by path: the participants are not among them
    (they live in the registry, :mod:`charter_app.storage.registry`)."""
    files = {CHARTER_FILE: serialise_charter_meta(charter)}
    for principle in charter.principles:
        files[principle_path(principle.id)] = serialise_principle(principle)
    return files


def charter_from_files(
    contents: Mapping[str, bytes],
    label: str = "",
    root: Path | None = None,
    parse: Callable[[bytes, str], Principle] | None = None,
) -> Charter:
    """The charter from its files' bytes by path; ``label`` (" @ 3f2a9c1b") or ``root`` (a folder)
    makes error messages name the revision or folder the file came from. ``parse`` reads a
    principle file (:func:`parse_principle`, or the same answered from a cache)."""
    parse = parse or parse_principle

    def where(name: str) -> str:
        return f"{root / name if root else name}{label}"

    if CHARTER_FILE not in contents:
        raise FormatError(where(CHARTER_FILE), None, _("the charter has no charter.yaml."))
    meta, order = parse_charter_meta(contents[CHARTER_FILE], where(CHARTER_FILE))
    participants: tuple[Participant, ...] = ()
    if PARTICIPANTS_FILE in contents:
        participants = parse_participants(contents[PARTICIPANTS_FILE], where(PARTICIPANTS_FILE))
    principles: dict[str, Principle] = {}
    for name, data in contents.items():
        if name.startswith(PRINCIPLES_DIR + "/") and name.endswith(".md"):
            principle = parse(data, where(name))
            principles[principle.id] = principle
    return assemble(meta, order, principles, participants, where(CHARTER_FILE))


def outline_problems(contents: Mapping[str, bytes]) -> list[FormatError]:
    """Sections the files hold but the order breaks: a principle naming a section charter.yaml
    does not list, a section whose principles are apart or out of the section order, principles
    without a section after sectioned ones. [] when the files do not parse (reported apart)."""
    try:
        charter = charter_from_files(contents)
    except CharterError:
        return []
    known = {section.id for section in charter.sections}
    problems = [
        FormatError(
            principle_path(p.id),
            None,
            _("the section “{id}” is not listed in charter.yaml.").format(id=p.section),
            _("Add it to “sections:” in charter.yaml, or remove the principle's “section” line."),
        )
        for p in charter.principles
        if p.section and p.section not in known
    ]
    split = grouping_problem(charter.principles, charter.sections)
    if split is not None:
        section = charter.section(split)
        problems.append(
            FormatError(
                CHARTER_FILE,
                None,
                _("the principles of section “{title}” are not together in “principles:”.").format(
                    title=section.title if section else _("(no section)")
                ),
                _("Move them next to each other, in the order of “sections:”."),
            )
        )
    return problems


def read_folder(folder: Path) -> dict[str, bytes]:
    """The charter's files in a plain folder (a working tree or a bundled template)."""
    contents: dict[str, bytes] = {}
    for name in (CHARTER_FILE, PARTICIPANTS_FILE):
        if (folder / name).is_file():
            contents[name] = (folder / name).read_bytes()
    principles_dir = folder / PRINCIPLES_DIR
    if principles_dir.is_dir():
        # os.scandir: the folder listing says which entries are files, without a stat each.
        with os.scandir(principles_dir) as entries:
            for entry in entries:
                if entry.name.endswith(".md") and entry.is_file():
                    with open(entry.path, "rb") as stream:
                        contents[f"{PRINCIPLES_DIR}/{entry.name}"] = stream.read()
    return contents


def charter_files(charter: Charter, change: Change) -> dict[str, bytes | None]:
    """The files ``change`` names (None: deleted), as a commit writes them; the participants
    are never among them (see :mod:`charter_app.storage.registry`)."""
    to_write: dict[str, bytes | None] = {}
    if change.meta:
        to_write[CHARTER_FILE] = serialise_charter_meta(charter)
    for principle_id in change.principles:
        principle = charter.principle(principle_id)
        if principle is not None:
            to_write[principle_path(principle_id)] = serialise_principle(principle)
    for principle_id in change.removed:
        to_write[principle_path(principle_id)] = None
    return to_write
