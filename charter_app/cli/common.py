"""Shared pieces of the ``charter`` command line: output, who is writing, reading files."""

from __future__ import annotations

import argparse
import json
import json.encoder
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Revision
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.repository import CharterRepository

Handler = Callable[[argparse.Namespace], int]


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
    if with_body:
        data["body"] = principle.body
    return data


def revision_json(revision: Revision) -> str:
    """The commit as one line of JSON: every field, as ``dataclasses.asdict`` would give them
    (trailers as key/value objects, dates in ISO form). Written directly: the copies of
    ``asdict`` and the encoding of one dict per commit were most of ``history --json``."""
    parents = ", ".join(map(_quote, revision.parents))
    trailers = ", ".join(
        f'{{"key": {_quote(key)}, "value": {_quote(value)}}}' for key, value in revision.trailers
    )
    return (
        f'{{"sha": {_quote(revision.sha)}, "parents": [{parents}], '
        f'"author": {_quote(revision.author)}, "author_email": {_quote(revision.author_email)}, '
        f'"authored_at": "{revision.authored_at.isoformat()}", '
        f'"committed_at": "{revision.committed_at.isoformat()}", '
        f'"subject": {_quote(revision.subject)}, "body": {_quote(revision.body)}, '
        f'"trailers": [{trailers}]}}'
    )


# -- helpers -------------------------------------------------------------------------------------


def open_repository(args: argparse.Namespace) -> CharterRepository:
    return CharterRepository.open(Path(args.directory))


def author_of(args: argparse.Namespace, charter: Charter) -> str:
    """The participant writing: ``--as`` (id or exact name), else $CHARTER_AS."""
    given = args.author or os.environ.get("CHARTER_AS", "")
    if not given:
        raise ValidationError(
            _("Say who is writing with --as (a participant id or name)."),
            _("List participants with “charter participant list”."),
        )
    if charter.participant(given) is not None:
        return given
    matches = [p.id for p in charter.participants if p.name.casefold() == given.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise ValidationError(
        _("Unknown participant “{who}”.").format(who=given),
        _("Add them with “charter participant add NAME --role ROLE”.")
        if not matches
        else _("Several participants have this name; use the id."),
    )


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


class Registrar:
    """Adds subcommands; each ``cli/<topic>.py`` module has ``register(registrar)``."""

    def __init__(self, commands: Any) -> None:
        self.commands = commands

    def command(self, name: str, handler: Handler, help_text: str, parent: Any = None) -> Any:
        sub = (parent or self.commands).add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    @staticmethod
    def json_flag(sub: Any) -> None:
        sub.add_argument("--json", action="store_true", help=_("print JSON"))

    @staticmethod
    def writer_flags(sub: Any, message: bool = True) -> None:
        sub.add_argument(
            "--as", dest="author", metavar=_("PARTICIPANT"),
            help=_("who is writing (participant id or name; default $CHARTER_AS)"),
        )  # fmt: skip
        if message:
            sub.add_argument("-m", "--message", help=_("commit message (default: what changed)"))
