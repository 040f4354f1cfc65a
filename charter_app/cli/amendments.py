"""``charter`` commands on amendments: amend, amendments, register, withdraw, preview (the
word diff, ``charter diff``, is in ``diffs``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from charter_app.application import amendments as use_cases
from charter_app.application.session import Session
from charter_app.application.written import Written
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    principle_json,
    print_json,
    read_text_file,
    tell,
    written_json,
)
from charter_app.core.amendment_state import (
    DECIDED,
    STATUS_LABELS,
    AmendmentRecord,
    AmendmentStatus,
    principle_of,
    target_label,
)
from charter_app.core.amendments import (
    KIND_LABELS,
    TEXT_STATE_LABELS,
    AmendmentKind,
    Assessment,
    insertion_number,
)
from charter_app.core.model import Charter
from charter_app.core.participants import name_of
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.textnorm import unwrap

# -- charter amend --------------------------------------------------------------------------------


def cmd_amend(args: argparse.Namespace) -> int:
    body = unwrap(read_text_file(args.body_file)) if args.body_file else None
    kind, target = _kind_and_target(args)
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.file_amendment(
            session,
            author,
            kind,
            target,
            rationale=args.rationale or "",
            title=args.title,
            body=body,
            base=args.base,
            workshop=args.workshop,
            draft=args.draft,
        )
        current = session.repository.load()
    tell(written)
    record = written.value
    if args.json:
        print_json(written_json(written, **_record_json(record, None, current)))
    elif record.number is None:
        print(_("Draft amendment {id} saved (not registered).").format(id=record.id))
    else:
        print(_("Amendment {number} registered.").format(number=record.label))
    return 0


def _kind_and_target(args: argparse.Namespace) -> tuple[AmendmentKind, str]:
    chosen = [flag for flag in ("insert_after", "delete", "sub") if getattr(args, flag)]
    if len(chosen) > 1:
        raise ValidationError(_("Choose one of --insert-after, --delete and --sub."))
    if args.sub:
        return AmendmentKind.SUB, args.sub
    anchor = args.insert_after if isinstance(args.insert_after, str) else None
    target = anchor or args.id
    if not target:
        raise ValidationError(_("Say which principle the amendment is about (its id)."))
    if args.insert_after:
        return AmendmentKind.INSERT, target
    if args.delete:
        return AmendmentKind.DELETE, target
    return AmendmentKind.MODIFY, target


def cmd_register(args: argparse.Namespace) -> int:
    return _lifecycle(args, use_cases.register_amendment, _("Amendment {number} registered."))


def cmd_withdraw(args: argparse.Namespace) -> int:
    return _lifecycle(args, use_cases.withdraw_amendment, _("Amendment {number} withdrawn."))


def _lifecycle(
    args: argparse.Namespace,
    action: Callable[[Session, str, str], Written[AmendmentRecord]],
    done: str,
) -> int:
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = action(session, author, args.reference)
    tell(written)
    if args.json:
        print_json(written_json(written, number=written.value.label, id=written.value.id))
    else:
        print(done.format(number=written.value.label))
    return 0


# -- charter amendments ---------------------------------------------------------------------------


def _record_json(
    record: AmendmentRecord, assessment: Assessment | None, charter: Charter
) -> dict[str, Any]:
    amendment = record.amendment
    data: dict[str, Any] = {
        "id": record.id,
        "number": record.label if record.number is not None else None,
        "previous_numbers": [f"A-{n}" for n in record.previous_numbers],
        "display": record.display,
        "status": record.status.value,
        "kind": amendment.kind.value,
        "target": amendment.target,
        "base": amendment.base,
        "author": amendment.author,
        "author_name": name_of(charter, amendment.author),
        "created": amendment.created.isoformat(),
        "workshop": amendment.workshop,
        "title": amendment.title,
        "body": amendment.body,
        "rationale": amendment.rationale,
    }
    if assessment is not None:
        data["state"] = assessment.state.value
        data["state_reason"] = assessment.reason
        data["conflicts"] = [
            {"base": c.base, "current": c.ours, "proposed": c.theirs} for c in assessment.conflicts
        ]
    if amendment.kind is AmendmentKind.INSERT:
        data["new_number"] = insertion_number(charter, amendment)
    return data


def _text_state(record: AmendmentRecord, assessment: Assessment) -> str:
    """How it applies to the text now; "—" once decided or withdrawn (an adopted amendment is
    in the text: saying it "has fallen" would contradict its status)."""
    if record.status in DECIDED or record.status is AmendmentStatus.WITHDRAWN:
        return "—"
    return _(TEXT_STATE_LABELS[assessment.state])


def cmd_amendments(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        book = AmendmentBook(repository)
        charter = repository.load()
        ledger = book.ledger()
        states = book.states(charter, ledger)
    records = [
        record
        for record in ledger.records
        if (args.state is None or states[record.id].state.value == args.state)
        and (args.status is None or record.status.value == args.status)
        and (args.principle is None or principle_of(record.amendment, ledger) == args.principle)
    ]
    if args.json:
        print_json([_record_json(r, states[r.id], charter) for r in records])
        return 0
    if not records:
        print(_("No amendment."))
    for record in records:
        print(
            "  ".join(
                [
                    f"{record.display:<16}",
                    f"{_(STATUS_LABELS[record.status]):<11}",
                    f"{_text_state(record, states[record.id]):<13}",
                    f"{_(KIND_LABELS[record.amendment.kind]):<8}",
                    target_label(charter, record.amendment, ledger),
                    f"({name_of(charter, record.amendment.author)})",
                ]
            )
        )
    return 0


# -- charter preview ------------------------------------------------------------------------------


def cmd_preview(args: argparse.Namespace) -> int:
    references = [r.strip() for r in args.selection.split(",") if r.strip()]
    if not references:
        raise ValidationError(_("Name the amendments to preview, e.g. --with A-1,A-3."))
    with open_repository(args) as repository:
        book = AmendmentBook(repository)
        current = repository.load()
        result, ledger = book.preview(references, current)

    def label(amendment_id: str) -> str:
        record = ledger.get(amendment_id)
        return record.label if record else amendment_id

    changed = sorted({pid for change in result.changes for pid in (*change.principles,)})
    removed = sorted({pid for change in result.changes for pid in change.removed})
    if args.json:
        print_json(
            {
                "applied": [label(a) for a in result.applied],
                "conflicts": [
                    {
                        "amendment": label(c.amendment),
                        "state": c.state.value,
                        "reason": c.reason,
                        "earlier": [label(e) for e in c.earlier],
                        "passages": [
                            {"base": p.base, "current": p.ours, "proposed": p.theirs}
                            for p in c.conflicts
                        ],
                    }
                    for c in result.conflicts
                ],
                "changed": changed,
                "removed": removed,
                "principles": [principle_json(p, True) for p in result.charter.principles],
            }
        )
        return 1 if result.conflicts and args.strict else 0
    print(_("Applied: {numbers}").format(numbers=", ".join(map(label, result.applied)) or "-"))
    for conflict in result.conflicts:
        earlier = ", ".join(label(e) for e in conflict.earlier)
        print(
            _("Not applied: {number} ({state}): {reason}").format(
                number=label(conflict.amendment),
                state=_(TEXT_STATE_LABELS[conflict.state]),
                reason=conflict.reason,
            )
            + (" " + _("It collides with {numbers}.").format(numbers=earlier) if earlier else "")
        )
    for principle_id in removed:
        print(_("Deleted: {id}").format(id=principle_id))
    for principle in result.charter.principles:
        if principle.id in changed:
            print()
            print(
                _("Principle {number}: {title}").format(
                    number=principle.number, title=principle.title
                )
            )
            print(principle.body)
    return 1 if result.conflicts and args.strict else 0
