"""Shared pieces of the ``charter`` command line: output, opening a charter, who is writing."""

from __future__ import annotations

import argparse
import json
import json.encoder
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Revision
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.gitlog import RevisionFields
from charter_app.storage.repository import CharterRepository

if TYPE_CHECKING:  # the application layer loads only for the commands that write
    from charter_app.application.session import Session
    from charter_app.application.written import Written

# -- output ----------------------------------------------------------------------------------------


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


_COMPACT = json.JSONEncoder(ensure_ascii=False, default=str)
"""Without indentation json uses its C encoder: a long listing is written many times faster."""
_quote = json.encoder.encode_basestring  # a JSON string, characters kept (C)


def print_json_list(items: Iterable[Any]) -> None:
    """A JSON array with one item per line: long listings (10,000 commits) stay fast to write
    and easy to read or ``grep``. A ``str`` item is taken as JSON already."""
    lines = [item if isinstance(item, str) else _COMPACT.encode(item) for item in items]
    sys.stdout.write("[\n" + ",\n".join(lines) + ("\n]\n" if lines else "]\n"))


def principle_json(principle: Principle, with_body: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": principle.id,
        "number": principle.number,
        "title": principle.title,
        "status": principle.status.value,
        "tags": list(principle.tags),
    }
    if principle.section:
        data["section"] = principle.section
    if with_body:
        data["body"] = principle.body
    return data


def revision_json(revision: Revision) -> str:
    """The commit as one line of JSON: every field, as ``dataclasses.asdict`` would give them
    (trailers as key/value objects, dates in ISO form). Written directly: the copies of
    ``asdict`` and the encoding of one dict per commit were most of ``history --json``."""
    return revision_fields_json(
        (
            revision.sha, revision.parents, revision.author, revision.author_email,
            revision.authored_at.isoformat(), revision.committed_at.isoformat(),
            revision.subject, revision.body, revision.trailers,
        )
    )  # fmt: skip


def revision_fields_json(fields: RevisionFields) -> str:
    """:func:`revision_json` of a commit given as plain fields (dates in ISO form)."""
    sha, parents, author, email, authored_at, committed_at, subject, body, trailers = fields
    parent_list = ", ".join(map(_quote, parents))
    trailer_list = ", ".join(
        f'{{"key": {_quote(key)}, "value": {_quote(value)}}}' for key, value in trailers
    )
    return (
        f'{{"sha": {_quote(sha)}, "parents": [{parent_list}], '
        f'"author": {_quote(author)}, "author_email": {_quote(email)}, '
        f'"authored_at": "{authored_at}", "committed_at": "{committed_at}", '
        f'"subject": {_quote(subject)}, "body": {_quote(body)}, "trailers": [{trailer_list}]}}'
    )


def written_json(written: Written[Any], **value: Any) -> dict[str, Any]:
    """A write's result for ``--json``: its commits, what it changed, and ``value``."""
    changed = written.changed
    return {
        **value,
        "commits": list(written.commits),
        "changed": {
            "principles": list(changed.principles),
            "removed": list(changed.removed),
            "charter": changed.meta,
            "participants": changed.participants,
            "events": [event.id for event in written.events],
            "amendments": list(changed.amendments),
            "versions": list(changed.versions),
        },
        "notices": list(written.notices),
    }


def tell(written: Written[Any]) -> None:
    """Say on stderr what a person must know about a write (an interrupted one finished...)."""
    for notice in written.notices:
        print(notice, file=sys.stderr)


# -- opening ---------------------------------------------------------------------------------------


def open_repository(args: argparse.Namespace) -> CharterRepository:
    """The charter to read (commands that only read)."""
    return CharterRepository.open(Path(args.directory))


def open_session(args: argparse.Namespace) -> Session:
    """The charter to write, through its one writer; a wait for another program is said."""
    from charter_app.application.session import Session

    session = Session.open(Path(args.directory))
    session.on_wait = _say_waiting
    for notice in session.notices:
        print(notice, file=sys.stderr)
    return session


def _say_waiting() -> None:
    print(_("Waiting: another program is writing to this charter…"), file=sys.stderr, flush=True)


def author_of(args: argparse.Namespace, charter: Charter | CharterRepository) -> str:
    """The participant writing: ``--as`` (id or exact name), else $CHARTER_AS, among the
    participants of ``charter`` (of a repository: read alone, not with the whole charter)."""
    from charter_app.core.participants import identify

    people = charter.participants() if isinstance(charter, CharterRepository) else charter
    return identify(people, args.author or os.environ.get("CHARTER_AS", ""))


def read_text_file(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("Cannot read the text file {path}: {reason}").format(path=path, reason=error)
        ) from None


def report_saved(sha: str | None) -> None:
    if sha is None:
        print(_("Nothing to save: the text is unchanged."))
    else:
        print(_("Saved as commit {sha}.").format(sha=sha[:8]))


def report_written(args: argparse.Namespace, written: Written[str | None]) -> int:
    """What a command that saves the charter prints: waits and notices, then the saved commit
    (or, with ``--json``, the written record)."""
    tell(written)
    if args.json:
        print_json(written_json(written))
        return 0
    report_saved(written.value)
    return 0
