"""Amendment files ``amendments/<id>.yaml``, their lifecycle events, and base texts read from git.

An amendment file is written once, by its author, in the same commit as its registration event;
everything that happens to it later is a new event file (the use cases that write them are in
:mod:`charter_app.application.amendments`). :class:`AmendmentBook` reads the files, folds the
events and computes states and previews.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from charter_app.core.amendment_state import (
    Ledger,
    fold,
    renumber_events,
)
from charter_app.core.amendments import (
    AMENDMENT_ID,
    Amendment,
    AmendmentKind,
    Assessment,
    TextState,
)
from charter_app.core.model import Charter, Principle
from charter_app.core.whatif import WhatIfResult, base_requests, text_states, what_if
from charter_app.errors import FormatError
from charter_app.i18n import _
from charter_app.storage import files, yamlsafe
from charter_app.storage.repository import CharterRepository
from charter_app.storage.textnorm import normalise, unwrap

AMENDMENTS_DIR = "amendments"
_COMMIT = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
_KEYS = ("id", "kind", "target", "base", "author", "created", "workshop")
_BLOCKS = ("title", "body", "rationale")


def amendment_path(amendment_id: str) -> str:
    return f"{AMENDMENTS_DIR}/{amendment_id}.yaml"


# -- the file -------------------------------------------------------------------------------------


def _block(text: str) -> str:
    """A ``|`` block: YAML writes a text holding a line break as a literal block."""
    return text + "\n"


def serialise_amendment(amendment: Amendment) -> bytes:
    document: dict[str, Any] = {
        "id": amendment.id,
        "kind": amendment.kind.value,
        "target": amendment.target,
        "base": amendment.base,
        "author": amendment.author,
        "created": amendment.created.isoformat(),
    }
    if amendment.workshop:
        document["workshop"] = amendment.workshop
    if amendment.title is not None:
        document["title"] = _block(normalise(amendment.title))
    if amendment.body is not None:
        document["body"] = _block(unwrap(amendment.body))
    document["rationale"] = _block(unwrap(amendment.rationale))
    return yamlsafe.dump(document).encode()


def parse_amendment(data: bytes, path: Path | str) -> Amendment:
    document = yamlsafe.load(files.decode(data, path), path)
    if not isinstance(document, dict):
        raise FormatError(path, 1, _("an amendment file must be a list of “key: value” lines."))
    for key in (*_KEYS, *_BLOCKS):
        if key in document and not isinstance(document[key], str):
            raise FormatError(path, None, _("the field “{key}” must be a text.").format(key=key))
    amendment_id = document.get("id", "")
    if not AMENDMENT_ID.match(amendment_id) or Path(str(path).split(" @ ")[0]).stem != amendment_id:
        raise FormatError(
            path, None, _("the amendment has no valid id (“a-” and 12 hex digits, as its name).")
        )
    try:
        kind = AmendmentKind(document.get("kind", ""))
    except ValueError:
        raise FormatError(
            path,
            None,
            _("unknown amendment kind “{kind}”.").format(kind=document.get("kind", "")),
            _("Use one of: {choices}.").format(choices=", ".join(k.value for k in AmendmentKind)),
        ) from None
    if not _COMMIT.match(document.get("base", "")):
        raise FormatError(path, None, _("“base” must be a full commit id."))
    try:
        created = datetime.fromisoformat(document.get("created", ""))
    except ValueError:
        raise FormatError(path, None, _("the amendment has no valid date (“created”).")) from None
    rationale = unwrap(document.get("rationale", ""))
    if not rationale.strip() or not document.get("target") or not document.get("author"):
        raise FormatError(path, None, _("an amendment needs a target, an author and a rationale."))
    title = document.get("title")
    body = document.get("body")
    return Amendment(
        id=amendment_id,
        kind=kind,
        target=document["target"],
        base=document["base"],
        author=document["author"],
        rationale=rationale,
        created=created,
        title=normalise(title) if title is not None else None,
        body=unwrap(body) if body is not None else None,
        workshop=document.get("workshop") or None,
    )


def read_amendments(root: Path) -> list[Amendment]:
    """Every amendment file in the working tree ``root``, oldest first."""
    folder = root / AMENDMENTS_DIR
    found = []
    if folder.is_dir():
        for path in folder.glob("a-*.yaml"):
            try:
                found.append(_parsed(path.read_bytes(), f"{AMENDMENTS_DIR}/{path.name}"))
            except FormatError as error:
                raise files.offering_repair(error) from None
    return sorted(found, key=lambda a: (a.created, a.id))


_PARSED: dict[tuple[str, bytes], Amendment] = {}
_PARSED_LOCK = threading.Lock()
_PARSED_MAX = 20_000


def _parsed(data: bytes, name: str) -> Amendment:
    """``parse_amendment``, remembered by name and content: an amendment file is written once
    and never edited, and the phone companion reads them all several times a second."""
    key = (name, hashlib.sha256(data).digest())
    amendment = _PARSED.get(key)
    if amendment is None:
        amendment = parse_amendment(data, name)
        with _PARSED_LOCK:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            _PARSED[key] = amendment
    return amendment


# -- base texts -----------------------------------------------------------------------------------


class BaseTexts:
    """Principles as they were at given commits, cached per (commit, principle).

    :meth:`prefetch` reads every missing one in a single ``git cat-file --batch`` stream, and a
    file content seen at several commits is parsed once.
    """

    def __init__(self, repository: CharterRepository) -> None:
        self._repository = repository
        self._cache: dict[tuple[str, str], Principle | None] = {}
        self._parsed: dict[bytes, Principle] = {}

    def prefetch(self, wanted: Iterable[tuple[str, str]]) -> None:
        missing = sorted({key for key in wanted if key not in self._cache})
        if not missing:
            return
        names = [f"{commit}:{files.principle_path(pid)}" for commit, pid in missing]
        # One git process for all of them.
        contents = self._repository.git.read_blobs(names)
        for (commit, pid), data in zip(missing, contents, strict=True):
            self._cache[(commit, pid)] = None if data is None else self._parse(data, commit, pid)

    def _parse(self, data: bytes, commit: str, principle_id: str) -> Principle:
        principle = self._parsed.get(data)
        if principle is None:
            path = f"{files.principle_path(principle_id)} @ {commit[:8]}"
            principle = self._parsed[data] = files.parse_principle(data, path)
        return principle

    def __call__(self, commit: str, principle_id: str) -> Principle | None:
        if (commit, principle_id) not in self._cache:
            self.prefetch([(commit, principle_id)])
        return self._cache[(commit, principle_id)]


# -- the book -------------------------------------------------------------------------------------


class AmendmentBook:
    """The amendments of one charter repository: read, fold, assess, preview."""

    def __init__(self, repository: CharterRepository) -> None:
        self.repository = repository
        self.base_texts = BaseTexts(repository)

    def amendments(self) -> list[Amendment]:
        return read_amendments(self.repository.path)

    def ledger(self) -> Ledger:
        return fold(self.amendments(), self.repository.events())

    def resolve_base(self, rev: str) -> str:
        """The full commit id of ``rev``; a translated NotFoundError for an unknown revision."""
        return self.repository.git.resolve(rev)

    def states(
        self, charter: Charter | None = None, ledger: Ledger | None = None
    ) -> dict[str, Assessment]:
        """The computed state of every amendment against ``charter`` (default: working tree)."""
        charter = charter if charter is not None else self.repository.load()
        ledger = ledger if ledger is not None else self.ledger()
        parents = {r.id: r.amendment for r in ledger.records}
        self.base_texts.prefetch(base_requests(parents.values(), parents))
        return text_states(charter, ledger, self.base_texts)

    def preview(
        self, references: Sequence[str], charter: Charter | None = None
    ) -> tuple[WhatIfResult, Ledger]:
        """The "what if" charter with the amendments ``references`` (``A-3`` or ids) applied."""
        charter = charter if charter is not None else self.repository.load()
        ledger = self.ledger()
        records = [ledger.find(reference) for reference in references]
        parents = {r.id: r.amendment for r in ledger.records}
        selection = [r.amendment for r in records]
        self.base_texts.prefetch(base_requests(selection, parents))
        labels = {r.id: r.label for r in ledger.records}
        return what_if(charter, selection, self.base_texts, parents, labels), ledger


def count_states(states: Mapping[str, Assessment]) -> dict[TextState, int]:
    counts = dict.fromkeys(TextState, 0)
    for assessment in states.values():
        counts[assessment.state] += 1
    return counts


def record_renumberings(repository: CharterRepository, by: str) -> str | None:
    """Commit the ``renumber`` events that make pending renumberings permanent (after a sync
    brought amendments registered with the same number); None when there are none."""
    book = AmendmentBook(repository)
    new_events = renumber_events(book.ledger(), by)
    if not new_events:
        return None
    return repository.record(new_events, by, _("Renumber amendments registered twice"))
