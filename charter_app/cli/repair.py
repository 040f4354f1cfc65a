"""``charter repair``: set aside the files that cannot be read, so the rest of the charter works.

The files are kept, never deleted (see :mod:`charter_app.storage.repair`); ``charter check``
lists every problem first.
"""

from __future__ import annotations

import argparse
import os

from charter_app.application.repair import repair_charter
from charter_app.application.session import Session
from charter_app.cli.common import author_of, open_session, print_json
from charter_app.errors import FormatError
from charter_app.storage.files import PARTICIPANT_ID
from charter_app.storage.repair import RepairResult, describe


def cmd_repair(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = repair_charter(session, _author(args, session)).value
    if args.json:
        print_json(_as_json(result))
    else:
        for line in describe(result):
            print(line)
    return 1 if result.unrepaired else 0


def _author(args: argparse.Namespace, session: Session) -> str | None:
    """``--as`` (or $CHARTER_AS) if given: by name when the charter can be read, else an id;
    without it the app itself signs the repair."""
    given = args.author or os.environ.get("CHARTER_AS", "")
    if not given:
        return None
    try:
        charter = session.repository.load()
    except FormatError:
        if PARTICIPANT_ID.match(given):
            return given
        raise
    return author_of(args, charter)


def _as_json(result: RepairResult) -> dict[str, object]:
    return {
        "folder": str(result.folder) if result.folder else None,
        "set_aside": list(result.set_aside),
        "restored": [{"path": r.path, "saved": r.when.isoformat()} for r in result.restored],
        "dropped": list(result.dropped),
        "commit": result.commit,
        "unrepaired": [
            {"path": p.path, "message": p.error.message, "hint": p.error.hint}
            for p in result.unrepaired
        ],
    }
