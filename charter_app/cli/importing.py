"""``charter import``, ``import-suggestions`` and ``export-criticmarkup``: bring in a charter
or suggestions from a word processor file or Markdown, and take a copy offline."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from charter_app.cli.common import Registrar, author_of, open_repository, print_json
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import KIND_LABELS, Amendment
from charter_app.core.model import NumberingMode
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.importing.blocks import Issue
from charter_app.importing.filing import author_ids, file_proposals, people_in
from charter_app.importing.matching import SuggestionPlan, plan_suggestions
from charter_app.importing.offline import export_criticmarkup
from charter_app.importing.plan import ImportPlan, apply_plan, plan_import
from charter_app.importing.reader import read_document
from charter_app.storage.amendments import AmendmentBook


def _print_report(report: tuple[Issue, ...]) -> None:
    if not report:
        return
    print(_("Report:"))
    for issue in report:
        where = f" [{issue.where}]" if issue.where else ""
        print(f"  - {issue.message}{where}")
        for line in issue.detail.splitlines()[:3]:
            print(f"      {line}")


def print_plan(plan: ImportPlan) -> None:
    print(_("Title: {title}").format(title=plan.title))
    print(plan.rule)
    if plan.preamble:
        print(_("Preamble: {words} words").format(words=len(plan.preamble.split())))
    for principle in plan.principles:
        tag = f"  ({principle.section})" if principle.section else ""
        print(f"  {principle.number}. {principle.title}{tag}")
    _print_report(plan.report)


def _say(args: argparse.Namespace, text: str) -> None:
    """A sentence for the person: on standard error when standard output holds JSON, so that
    ``--json`` output always parses."""
    print(text, file=sys.stderr if getattr(args, "json", False) else sys.stdout)


def _confirm(args: argparse.Namespace, question: str) -> bool:
    """--yes, or a "y" typed at a terminal; with no terminal, nothing is written."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        _say(args, _("Nothing was written: run again with --yes to confirm."))
        return False
    prompt = f"{question} [y/N] "
    if getattr(args, "json", False):
        print(prompt, end="", file=sys.stderr, flush=True)
        prompt = ""
    answer = input(prompt).strip().lower()
    confirmed = answer in ("y", "yes", "o", "oui", _("y"))
    if not confirmed:
        _say(args, _("Nothing was written."))
    return confirmed


def cmd_import(args: argparse.Namespace) -> int:
    plan = plan_import(read_document(args.file), args.title)
    if args.numbering:
        plan = replace(plan, numbering=NumberingMode(args.numbering))
    if args.json:
        print_json(
            {
                "title": plan.title,
                "preamble": plan.preamble,
                "rule": plan.rule,
                "numbering": plan.numbering.value,
                "insertions": plan.insertions.value,
                "sections": [{"title": s.title, "level": s.level} for s in plan.sections],
                "principles": [vars(p) for p in plan.principles],
                "report": [
                    {
                        "kind": i.kind.value,
                        "message": i.message,
                        "where": i.where,
                        "detail": i.detail,
                    }
                    for i in plan.report
                ],
            }
        )
    else:
        print_plan(plan)
    if not _confirm(args, _("Create the charter in {dir}?").format(dir=args.dir)):
        return 0
    with apply_plan(plan, args.dir) as repository:
        count = len(repository.load().principles)
    _say(
        args,
        ngettext(
            "Created the charter “{title}” in {path} ({count} principle).",
            "Created the charter “{title}” in {path} ({count} principles).",
            count,
        ).format(title=plan.title, path=args.dir, count=count),
    )
    return 0


def _print_suggestions(plan: SuggestionPlan) -> None:
    for change in plan.changes:
        who = change.author or _("you")
        label = f" ({change.label})" if change.label else ""
        print(
            _("  {kind} principle {number}, by {who}{label}").format(
                kind=_(KIND_LABELS[change.kind]), number=change.number, who=who, label=label
            )
        )
    for comment in plan.comments:
        print(
            _("  comment on principle {number}: {text}").format(
                number=comment.number, text=comment.text[:60]
            )
        )
    if not plan.changes and not plan.comments:
        print(_("No suggestions: the file reads as the charter does."))
    _print_report(plan.report)


def cmd_import_suggestions(args: argparse.Namespace) -> int:
    if not (args.rationale or "").strip():
        raise ValidationError(_("Give the reason for these changes with --rationale."))
    document = read_document(args.file)
    with open_repository(args) as repository:
        charter = repository.load()
        caller = author_of(args, charter)
        book = AmendmentBook(repository)
        pending = [
            r.amendment
            for r in book.ledger().records
            if r.status in (AmendmentStatus.REGISTERED, AmendmentStatus.DRAFT)
        ]
        plan = plan_suggestions(document, charter, pending)
        _print_suggestions(plan)
        if not (plan.changes or plan.comments) or not _confirm(args, _("File them?")):
            return 0
        ids = author_ids(repository, caller, people_in(plan.changes, plan.comments))
        filed = file_proposals(repository, plan.changes, plan.comments, ids, args.rationale)
    _print_report(filed.issues)
    print(filed.summary())
    return 0


def cmd_export_criticmarkup(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        book = AmendmentBook(repository)
        ledger = book.ledger()
        states = book.states(charter, ledger)
        principle_id = None
        if args.principle:
            found = charter.principle(args.principle) or next(
                (p for p in charter.principles if p.number == args.principle), None
            )
            if found is None:
                raise ValidationError(
                    _("There is no principle “{id}” in this charter.").format(id=args.principle)
                )
            principle_id = found.id

        def proposal(amendment: Amendment) -> tuple[str, str] | None:
            assessment = states.get(amendment.id)
            if assessment is None or assessment.state.value in ("conflicting", "fallen"):
                return None
            principle = charter.principle(amendment.target)
            title = assessment.title or (principle.title if principle else "")
            return title, assessment.body or ""

        pending = [
            (r.label, r.amendment) for r in ledger.records if r.status is AmendmentStatus.REGISTERED
        ]
        copy = export_criticmarkup(charter, pending, proposal, principle_id, args.amendment)
    if args.output:
        Path(args.output).write_text(copy.text, encoding="utf-8")
        print(_("Written to {path}.").format(path=args.output), file=sys.stderr)
    else:
        sys.stdout.write(copy.text)
    if copy.left_out:
        print(
            _(
                "Not written (another amendment changes the same principle, or it conflicts): "
                "{labels}. Export each alone with --amendment."
            ).format(labels=", ".join(copy.left_out)),
            file=sys.stderr,
        )
    return 0


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "import",
        cmd_import,
        _("create a charter from a Markdown, DOCX or ODT file (shows the plan first)"),
    )
    sub.add_argument("file", metavar=_("FILE"))
    sub.add_argument("dir", metavar=_("DIR"), help=_("new or empty folder for the charter"))
    sub.add_argument("--title", help=_("the charter's title (default: the document's)"))
    sub.add_argument("--yes", action="store_true", help=_("create without asking"))
    sub.add_argument(
        "--numbering",
        choices=[mode.value for mode in NumberingMode],
        help=_("default: stable when the document numbers its principles, else sequential"),
    )
    registrar.json_flag(sub)

    sub = registrar.command(
        "import-suggestions",
        cmd_import_suggestions,
        _("file a revised copy's changes, tracked changes and comments as amendments"),
    )
    sub.add_argument("file", metavar=_("FILE"))
    registrar.writer_flags(sub, message=False)
    sub.add_argument("--rationale", required=True, help=_("why these changes (required)"))
    sub.add_argument("--yes", action="store_true", help=_("file without asking"))

    sub = registrar.command(
        "export-criticmarkup",
        cmd_export_criticmarkup,
        _("write the charter with its pending amendments as CriticMarkup, to work offline"),
    )
    sub.add_argument("-o", "--output", metavar=_("FILE"), help=_("file to write (default: stdout)"))
    sub.add_argument("--principle", metavar=_("ID"), help=_("only this principle (id or number)"))
    sub.add_argument("--amendment", metavar="A-N", help=_("only this amendment"))
