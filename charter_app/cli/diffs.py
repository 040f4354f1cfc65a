"""``charter diff``: a readable word diff of two versions, tags or amendments (text, HTML or
JSON; ``--json`` is ``--format json``)."""

from __future__ import annotations

import argparse
import html
from collections.abc import Iterator
from typing import Any

from charter_app.cli.common import open_repository, principle_json, print_json
from charter_app.core.amendments import AMENDMENT_ID, apply_amendment, parse_number
from charter_app.core.model import Charter, Principle
from charter_app.diffing import AlignedRow, align_paragraphs, describe_changes, render_html
from charter_app.diffing import render_new_html as new_html
from charter_app.diffing import render_old_html as old_html
from charter_app.errors import ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository


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
    if args.format == "json" or args.json:
        print_json(_json(entries))
    elif args.format == "html":
        print(_html(entries))
    else:
        _print_text(entries)
    return 0
