"""``charter`` commands of the council: decide, adopt-batch, adopt (a version), versions."""

from __future__ import annotations

import argparse
from typing import Any

from charter_app.application import council
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    print_json,
    tell,
    written_json,
)
from charter_app.core.decisions import (
    OUTCOME_LABELS,
    Outcome,
    check_reference,
    make_decision,
    parse_date,
)
from charter_app.core.versions import SIGNATURE_LABELS, Version
from charter_app.i18n import _
from charter_app.storage.versions import adopted_versions

_OUTCOME_FLAGS = (
    ("adopt", Outcome.ADOPTED),
    ("reject", Outcome.REJECTED),
    ("withdraw", Outcome.WITHDRAWN),
    ("fallen", Outcome.FALLEN),
    ("not_moved", Outcome.NOT_MOVED),
)


def cmd_decide(args: argparse.Namespace) -> int:
    outcome = next(outcome for flag, outcome in _OUTCOME_FLAGS if getattr(args, flag))
    decision = make_decision(outcome, args.votes, args.ref, args.date)
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = council.decide(session, author, args.reference, decision, args.workshop)
    tell(written)
    record, sha = written.value, written.commit or ""
    if args.json:
        print_json(
            written_json(written, amendment=record.label, decision=decision.trailer, commit=sha)
        )
        return 0
    print(
        _("Amendment {number}: {outcome} (commit {sha}).").format(
            number=record.label,
            outcome=_(OUTCOME_LABELS[decision.outcome])
            + (f" {decision.votes}" if decision.votes else ""),
            sha=sha[:8],
        )
    )
    return 0


def cmd_adopt_batch(args: argparse.Namespace) -> int:
    references = [r.strip() for r in args.selection.split(",") if r.strip()]
    decision = make_decision(Outcome.ADOPTED, None, args.ref, args.date)
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = council.adopt(
            session,
            author,
            [(reference, decision) for reference in references],
            args.workshop,
            dry_run=args.dry_run,
        )
    tell(written)
    adoption = written.value
    if args.json:
        print_json(
            {
                "adopted": list(adoption.adopted),
                "commit": adoption.commit,
                "changed": list(adoption.change.principles),
                "removed": list(adoption.change.removed),
                "dry_run": adoption.commit is None,
                "notices": list(written.notices),
            }
        )
        return 0
    numbers = ", ".join(adoption.adopted)
    if adoption.commit is None:
        print(_("All of {numbers} apply, in this order.").format(numbers=numbers))
        for principle_id in adoption.change.principles:
            principle = adoption.charter.principle(principle_id)
            if principle is not None:
                print(
                    "  "
                    + _("Principle {number}: {title}").format(
                        number=principle.number, title=principle.title
                    )
                )
        for principle_id in adoption.change.removed:
            print("  " + _("Deleted: {id}").format(id=principle_id))
        print(_("Nothing was recorded (dry run)."))
    else:
        print(
            _("Adopted {numbers} in one commit ({sha}).").format(
                numbers=numbers, sha=adoption.commit[:8]
            )
        )
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    ref = check_reference(args.ref)
    when = parse_date(args.date) if args.date else None
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = council.adopt_version(
            session, author, args.name, ref, when, renumber=args.renumber, sign=args.sign
        )
    tell(written)
    version = written.value
    if args.json:
        print_json(_version_json(version))
        return 0
    print(
        _("Version {name} adopted on commit {sha}.").format(
            name=version.name, sha=version.commit[:8]
        )
    )
    print(_("Amendments included: {numbers}").format(numbers=", ".join(version.amendments) or "-"))
    print(_(SIGNATURE_LABELS[version.signature.state]))
    return 0


def _version_json(version: Version) -> dict[str, Any]:
    return {
        "name": version.name,
        "date": version.date,
        "ref": version.ref,
        "commit": version.commit,
        "amendments": list(version.amendments),
        "tagger": version.tagger,
        "tagged_at": version.tagged_at.isoformat() if version.tagged_at else None,
        "signature": {
            "state": version.signature.state.value,
            "signer": version.signature.signer,
            "detail": version.signature.detail,
        },
    }


def cmd_versions(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        versions = adopted_versions(repository)
    if args.json:
        print_json([_version_json(version) for version in versions])
        return 0
    if not versions:
        print(_("No version has been adopted yet."))
    for version in versions:
        signature = _(SIGNATURE_LABELS[version.signature.state])
        if version.signature.signer:
            signature += f" ({version.signature.signer})"
        print(
            "  ".join(
                [
                    f"{version.name:<8}",
                    version.date or "-",
                    version.commit[:8],
                    version.ref or "-",
                    _("amendments: {numbers}").format(numbers=", ".join(version.amendments) or "-"),
                    signature,
                ]
            )
        )
        if version.signature.detail:
            print("          " + version.signature.detail)
    return 0
