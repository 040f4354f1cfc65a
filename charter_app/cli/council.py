"""``charter`` commands of the council: decide, adopt-batch, adopt (a version), versions."""

from __future__ import annotations

import argparse
from typing import Any

from charter_app.cli.common import Registrar, author_of, open_repository, print_json
from charter_app.core.decisions import (
    OUTCOME_LABELS,
    Outcome,
    check_reference,
    make_decision,
    parse_date,
)
from charter_app.core.versions import SIGNATURE_LABELS, Version
from charter_app.i18n import _
from charter_app.storage.versions import Council

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
    with open_repository(args) as repository:
        author = author_of(args, repository.load())
        sha, record = Council(repository).decide(args.reference, decision, author, args.workshop)
    if args.json:
        print_json({"amendment": record.label, "decision": decision.trailer, "commit": sha})
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
    with open_repository(args) as repository:
        author = author_of(args, repository.load())
        adoption = Council(repository).adopt(
            [(reference, decision) for reference in references],
            author,
            args.workshop,
            dry_run=args.dry_run,
        )
    if args.json:
        print_json(
            {
                "adopted": list(adoption.adopted),
                "commit": adoption.commit,
                "changed": list(adoption.change.principles),
                "removed": list(adoption.change.removed),
                "dry_run": adoption.commit is None,
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
    with open_repository(args) as repository:
        author = author_of(args, repository.load())
        version = Council(repository).adopt_version(
            args.name, author, ref, when, renumber=args.renumber, sign=args.sign
        )
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
        versions = Council(repository).versions()
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


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "decide", cmd_decide, _("record the council's decision on an amendment")
    )
    sub.add_argument("reference", metavar="A-N", help=_("amendment number or id"))
    outcome = sub.add_mutually_exclusive_group(required=True)
    outcome.add_argument("--adopt", action="store_true", help=_("adopt it (applies its text)"))
    outcome.add_argument("--reject", action="store_true", help=_("reject it"))
    outcome.add_argument("--withdraw", action="store_true", help=_("withdrawn in session"))
    outcome.add_argument("--fallen", action="store_true", help=_("it has fallen"))
    outcome.add_argument(
        "--not-moved", dest="not_moved", action="store_true", help=_("it was not moved")
    )
    sub.add_argument("--votes", metavar="FOR,AGAINST,ABSTAIN", help=_("the vote, e.g. 14,3,2"))
    sub.add_argument("--ref", metavar=_("TEXT"), help=_("the deliberation reference"))
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the date of the deliberation"))
    sub.add_argument("--workshop", metavar="W-N", help=_("the session it was decided in"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command(
        "adopt-batch", cmd_adopt_batch, _("adopt several amendments in one step, in this order")
    )
    sub.add_argument("selection", metavar="A-1,A-4", help=_("amendments, in the council's order"))
    sub.add_argument("--ref", metavar=_("TEXT"), help=_("the deliberation reference"))
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the date of the deliberation"))
    sub.add_argument("--workshop", metavar="W-N", help=_("the session it was decided in"))
    sub.add_argument(
        "--dry-run", action="store_true", help=_("only check that they all apply (what if)")
    )
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command("adopt", cmd_adopt, _("adopt the current text as a version (tag)"))
    sub.add_argument("name", metavar="vN.N", help=_("the version name, e.g. v1.0"))
    sub.add_argument(
        "--ref", metavar=_("TEXT"), required=True, help=_("the deliberation reference")
    )
    sub.add_argument("--date", metavar="YYYY-MM-DD", help=_("the date of the deliberation"))
    sub.add_argument(
        "--renumber", action="store_true", help=_("turn “3 bis” numbers into whole numbers first")
    )
    sub.add_argument("--sign", action="store_true", help=_("sign the version with your key"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command("versions", cmd_versions, _("list adopted versions and signatures"))
    registrar.json_flag(sub)
