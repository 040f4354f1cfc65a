"""``charter`` commands on amendments: amend, amendments, register, withdraw, diff, preview."""

from __future__ import annotations

import argparse
import html
from collections.abc import Iterator
from typing import Any

from charter_app.cli.common import (
    Registrar,
    author_of,
    open_repository,
    principle_json,
    print_json,
    read_text_file,
)
from charter_app.core.amendment_state import (
    REGISTER,
    STATUS_LABELS,
    WITHDRAW,
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
)
from charter_app.core.amendments import (
    AMENDMENT_ID,
    KIND_LABELS,
    TEXT_STATE_LABELS,
    Amendment,
    AmendmentKind,
    Assessment,
    TextState,
    apply_amendment,
    draft_amendment,
    insertion_number,
    parse_number,
)
from charter_app.core.model import Charter, Principle
from charter_app.core.workshops import running_workshop_label
from charter_app.diffing import AlignedRow, align_paragraphs, describe_changes, render_html
from charter_app.diffing import render_new_html as new_html
from charter_app.diffing import render_old_html as old_html
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.storage.textnorm import unwrap

# -- charter amend --------------------------------------------------------------------------------


def cmd_amend(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        book = AmendmentBook(repository)
        current = repository.load()
        author = author_of(args, current)
        base = book.resolve_base(args.base)
        body = unwrap(read_text_file(args.body_file)) if args.body_file else None
        kind, target, parent = _kind_and_target(args, book)
        base_charter = current if base == repository.git.head() else repository.load(base)
        amendment = draft_amendment(
            kind,
            target,
            author=author,
            rationale=args.rationale or "",
            base=base,
            base_charter=base_charter,
            current=current,
            title=args.title,
            body=body,
            workshop=args.workshop or running_workshop_label(repository.events()),
            parent=parent,
        )
        _sha, record = book.file(amendment, register=not args.draft)
    if args.json:
        print_json(_record_json(record, None, current))
    elif record.number is None:
        print(_("Draft amendment {id} saved (not registered).").format(id=record.id))
    else:
        print(_("Amendment {number} registered.").format(number=record.label))
    return 0


def _kind_and_target(
    args: argparse.Namespace, book: AmendmentBook
) -> tuple[AmendmentKind, str, Amendment | None]:
    chosen = [flag for flag in ("insert_after", "delete", "sub") if getattr(args, flag)]
    if len(chosen) > 1:
        raise ValidationError(_("Choose one of --insert-after, --delete and --sub."))
    if args.sub:
        parent = book.ledger().find(args.sub)
        if parent.status is not AmendmentStatus.REGISTERED:
            status = _(STATUS_LABELS[parent.status])
            raise ValidationError(
                _(
                    "Amendment {number} is {status}: only a registered amendment can be "
                    "sub-amended."
                ).format(number=parent.label, status=status)
            )
        return AmendmentKind.SUB, parent.id, parent.amendment
    anchor = args.insert_after if isinstance(args.insert_after, str) else None
    target = anchor or args.id
    if not target:
        raise ValidationError(_("Say which principle the amendment is about (its id)."))
    if args.insert_after:
        return AmendmentKind.INSERT, target, None
    if args.delete:
        return AmendmentKind.DELETE, target, None
    return AmendmentKind.MODIFY, target, None


def cmd_register(args: argparse.Namespace) -> int:
    return _lifecycle(args, REGISTER, _("Amendment {number} registered."))


def cmd_withdraw(args: argparse.Namespace) -> int:
    return _lifecycle(args, WITHDRAW, _("Amendment {number} withdrawn."))


def _lifecycle(args: argparse.Namespace, action: str, done: str) -> int:
    with open_repository(args) as repository:
        author = author_of(args, repository.load())
        _sha, record = AmendmentBook(repository).record(
            args.reference, action, author, running_workshop_label(repository.events())
        )
    print(done.format(number=record.label))
    return 0


# -- charter amendments ---------------------------------------------------------------------------


def _principle_label(charter: Charter, record: AmendmentRecord, ledger: Ledger) -> str:
    amendment = record.amendment
    if amendment.is_sub:
        parent = ledger.get(amendment.target)
        return _("on {number}").format(number=parent.label if parent else amendment.target)
    principle = charter.principle(amendment.target)
    if amendment.kind is AmendmentKind.INSERT:
        number = insertion_number(charter, amendment)
        return _("new {number} after {id}").format(number=number or "?", id=amendment.target)
    return f"{principle.number if principle else '-'} {amendment.target}"


def _record_json(
    record: AmendmentRecord, assessment: Assessment | None, charter: Charter
) -> dict[str, Any]:
    amendment = record.amendment
    author = charter.participant(amendment.author)
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
        "author_name": author.name if author else None,
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
        and (args.principle is None or _about(record, ledger) == args.principle)
    ]
    if args.json:
        print_json([_record_json(r, states[r.id], charter) for r in records])
        return 0
    if not records:
        print(_("No amendment."))
    for record in records:
        author = charter.participant(record.amendment.author)
        print(
            "  ".join(
                [
                    f"{record.display:<16}",
                    f"{_(STATUS_LABELS[record.status]):<11}",
                    f"{_(TEXT_STATE_LABELS[states[record.id].state]):<13}",
                    f"{_(KIND_LABELS[record.amendment.kind]):<8}",
                    _principle_label(charter, record, ledger),
                    f"({author.name if author else record.amendment.author})",
                ]
            )
        )
    return 0


def _about(record: AmendmentRecord, ledger: Ledger) -> str:
    """The principle an amendment is about (through its parent for a sub-amendment)."""
    amendment = record.amendment
    if amendment.is_sub:
        parent = ledger.get(amendment.target)
        return parent.amendment.target if parent else ""
    return amendment.target


# -- charter diff ---------------------------------------------------------------------------------


def _is_amendment(reference: str) -> bool:
    return bool(AMENDMENT_ID.match(reference)) or (
        reference[:2].upper() == "A-" and parse_number(reference) is not None
    )


def _amended_base(repository: CharterRepository, reference: str) -> tuple[Charter, Charter]:
    """The charter at an amendment's base, and the same with the amendment applied."""
    ledger = AmendmentBook(repository).ledger()
    record = ledger.find(reference)
    amendment = record.amendment
    parent = None
    base_commit = amendment.base
    if amendment.is_sub:
        parent_record = ledger.get(amendment.target)
        parent = parent_record.amendment if parent_record else None
        base_commit = parent.base if parent else base_commit
    base = repository.load(base_commit)
    amended, _change = apply_amendment(base, amendment, base, parent=parent, number=record.label)
    return base, amended


def _resolve_pair(
    repository: CharterRepository, old_ref: str, new_ref: str | None
) -> tuple[Charter, Charter]:
    if new_ref is None:
        if _is_amendment(old_ref):
            return _amended_base(repository, old_ref)
        return repository.load(old_ref), repository.load()

    def side(reference: str) -> Charter:
        # An amendment stands for the text with it applied (on its base).
        if _is_amendment(reference):
            return _amended_base(repository, reference)[1]
        return repository.load(reference)

    return side(old_ref), side(new_ref)


def _compared(old: Charter, new: Charter, only: str | None) -> Iterator[dict[str, Any]]:
    """One entry per principle that differs (in the new order, then the removed ones)."""
    ids = [p.id for p in new.principles]
    ids += [p.id for p in old.principles if new.principle(p.id) is None]
    if only is not None:
        if old.principle(only) is None and new.principle(only) is None:
            raise ValidationError(_("There is no principle “{id}” in either text.").format(id=only))
        ids = [only]
    for principle_id in ids:
        before, after = old.principle(principle_id), new.principle(principle_id)
        if (
            before
            and after
            and (before.title, before.body, before.number)
            == (after.title, after.body, after.number)
        ):
            continue
        status = "changed" if before and after else ("added" if after else "removed")
        title = align_paragraphs(before.title if before else "", after.title if after else "")
        body = align_paragraphs(before.body if before else "", after.body if after else "")
        yield {
            "id": principle_id,
            "status": status,
            "old": _side(before),
            "new": _side(after),
            "title": title.rows,
            "rows": body.rows,
            "notice": body.notice or title.notice,
        }


def _same(before: Principle, after: Principle) -> bool:
    return (before.title, before.body, before.number) == (after.title, after.body, after.number)


def _side(principle: Principle | None) -> dict[str, Any] | None:
    return principle_json(principle, with_body=True) if principle else None


def _heading(entry: dict[str, Any]) -> str:
    side = entry["new"] or entry["old"]
    label = {"changed": _("changed"), "added": _("added"), "removed": _("removed")}
    return _("Principle {number}: {title} ({status})").format(
        number=side["number"], title=side["title"], status=label[entry["status"]]
    )


def _inline_text(row: AlignedRow) -> str:
    """A changed paragraph with ``[-deleted-]`` and ``{+inserted+}`` marks (git's word diff)."""
    marks = {"delete": "[-{}-]", "insert": "{{+{}+}}", "equal": "{}"}
    return "".join(marks[op.kind].format(op.text) for op in row.ops)


def _print_text(entries: list[dict[str, Any]]) -> None:
    if not entries:
        print(_("No difference."))
    for entry in entries:
        print(_heading(entry))
        for row in (*entry["title"], *entry["rows"]):
            if row.kind == "equal":
                continue
            prefix = {"changed": "~ ", "inserted": "+ ", "deleted": "- "}[row.kind]
            print(prefix + _inline_text(row))
            for sentence in describe_changes(row.ops) if row.kind == "changed" else ():
                print("    " + sentence)
        if entry["notice"]:
            print(entry["notice"])
        print()


def _html(entries: list[dict[str, Any]]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8"><title>diff</title>',
        "<style>ins{text-decoration:underline;background:#dfd}"
        "del{text-decoration:line-through;background:#fdd}"
        "td{vertical-align:top;padding:.3em;width:50%}</style></head><body>",
    ]
    for entry in entries:
        parts.append(f"<section><h2>{html.escape(_heading(entry))}</h2>")
        parts.append(
            f'<table><thead><tr><th scope="col">{html.escape(_("Before"))}</th>'
            f'<th scope="col">{html.escape(_("After"))}</th></tr></thead><tbody>'
        )
        for row in (*entry["title"], *entry["rows"]):
            if row.old or row.new:  # blank lines between paragraphs make no row
                parts.append(f"<tr><td>{old_html(row.ops)}</td><td>{new_html(row.ops)}</td></tr>")
        parts.append("</tbody></table>")
        if entry["notice"]:
            parts.append(f"<p>{html.escape(entry['notice'])}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _json(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    def rows(aligned: tuple[AlignedRow, ...]) -> list[dict[str, Any]]:
        return [
            {
                "kind": row.kind,
                "old": row.old,
                "new": row.new,
                "ops": [{"kind": op.kind, "text": op.text} for op in row.ops],
                "html": render_html(row.ops),
                "description": list(describe_changes(row.ops)),
            }
            for row in aligned
        ]

    return [
        {**entry, "title": rows(entry["title"]), "rows": rows(entry["rows"])} for entry in entries
    ]


def cmd_diff(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        old, new = _resolve_pair(repository, args.old, args.new)
    entries = list(_compared(old, new, args.principle))
    if args.format == "json":
        print_json(_json(entries))
    elif args.format == "html":
        print(_html(entries))
    else:
        _print_text(entries)
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


# -- registration ---------------------------------------------------------------------------------


def register(registrar: Registrar) -> None:
    sub = registrar.command("amend", cmd_amend, _("propose an amendment (registered at once)"))
    sub.add_argument("id", metavar="ID", nargs="?", help=_("the principle to amend"))
    sub.add_argument("--title", help=_("the proposed title"))
    sub.add_argument("--body-file", metavar="FILE", help=_("the proposed text ('-' for stdin)"))
    sub.add_argument("--rationale", help=_("why this change (required)"))
    sub.add_argument(
        "--insert-after", nargs="?", const=True, metavar="ID",
        help=_("propose a new principle after this one"),
    )  # fmt: skip
    sub.add_argument("--delete", action="store_true", help=_("propose to delete the principle"))
    sub.add_argument("--sub", metavar="A-N", help=_("propose another text for this amendment"))
    sub.add_argument("--draft", action="store_true", help=_("keep it unregistered"))
    sub.add_argument("--base", default="HEAD", metavar="REV", help=_("the text it was written on"))
    sub.add_argument("--workshop", metavar="W-N", help=_("the workshop it comes from"))
    registrar.writer_flags(sub, message=False)
    registrar.json_flag(sub)

    sub = registrar.command("amendments", cmd_amendments, _("list amendments and their states"))
    sub.add_argument("--state", choices=[s.value for s in TextState])
    sub.add_argument("--status", choices=[s.value for s in AmendmentStatus])
    sub.add_argument("--principle", metavar="ID")
    registrar.json_flag(sub)

    for name, handler, help_text in (
        ("register", cmd_register, _("register a draft amendment (it gets its number)")),
        ("withdraw", cmd_withdraw, _("withdraw an amendment")),
    ):
        sub = registrar.command(name, handler, help_text)
        sub.add_argument("reference", metavar="A-N", help=_("amendment number or id"))
        registrar.writer_flags(sub, message=False)

    sub = registrar.command("diff", cmd_diff, _("compare two versions, tags or amendments"))
    sub.add_argument("old", metavar="A", help=_("revision, tag, or amendment (A-3)"))
    sub.add_argument("new", metavar="B", nargs="?", help=_("default: the current text"))
    sub.add_argument("--principle", metavar="ID")
    sub.add_argument("--format", choices=["text", "html", "json"], default="text")

    sub = registrar.command("preview", cmd_preview, _("the charter with amendments applied"))
    sub.add_argument("--with", dest="selection", required=True, metavar="A-1,A-3")
    sub.add_argument(
        "--strict", action="store_true", help=_("exit with 1 if an amendment cannot be applied")
    )
    registrar.json_flag(sub)
