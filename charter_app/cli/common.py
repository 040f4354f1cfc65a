"""Shared pieces of the ``charter`` command line: output, opening a charter, who is writing."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from charter_app.application.participants import identify
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.core.model import Charter, Principle
from charter_app.core.revision import Revision
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.repository import CharterRepository

# -- output ----------------------------------------------------------------------------------------


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


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


def revision_json(revision: Revision) -> dict[str, Any]:
    data = asdict(revision)
    data["trailers"] = [{"key": k, "value": v} for k, v in revision.trailers]
    data["authored_at"] = revision.authored_at.isoformat()
    data["committed_at"] = revision.committed_at.isoformat()
    return data


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
    session = Session.open(Path(args.directory))
    session.on_wait = _say_waiting
    for notice in session.notices:
        print(notice, file=sys.stderr)
    return session


def _say_waiting() -> None:
    print(_("Waiting: another program is writing to this charter…"), file=sys.stderr, flush=True)


def author_of(args: argparse.Namespace, charter: Charter) -> str:
    """The participant writing: ``--as`` (id or exact name), else $CHARTER_AS."""
    return identify(charter, args.author or os.environ.get("CHARTER_AS", ""))


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
