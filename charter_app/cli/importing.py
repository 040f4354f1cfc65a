"""``charter import``, ``import-suggestions`` and ``export-criticmarkup``: bring in a charter
or suggestions from a word processor file or Markdown, and take a copy offline."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from charter_app.cli.common import author_of, open_repository, open_session, print_json, tell
from charter_app.core.amendments import KIND_LABELS
from charter_app.core.model import NumberingMode
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.importing.blocks import Issue
from charter_app.importing.filing import as_filed, file_proposals
from charter_app.importing.in_charter import criticmarkup_in, suggestions_in
from charter_app.importing.matching import SuggestionPlan
from charter_app.importing.plan import ImportPlan, apply_plan, plan_import
from charter_app.importing.reader import read_document


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
        # On stderr: a --json listing on stdout stays parseable.
        print(_("Nothing was written: run again with --yes to confirm."), file=sys.stderr)
        return False
    prompt = f"{question} [y/N] "
    if getattr(args, "json", False):
        print(prompt, end="", file=sys.stderr, flush=True)
        prompt = ""
    answer = input(prompt).strip().lower()
    confirmed = answer in ("y", "yes", "o", "oui", _("y"))
    if not confirmed:
        print(_("Nothing was written."), file=sys.stderr)
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
                "principles": [
                    {k: v for k, v in vars(p).items() if k != "section_index"}
                    for p in plan.principles
                ],
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
    with apply_plan(plan, args.dir) as session:
        count = len(session.repository.load().principles)
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
    with open_session(args) as session:
        caller = author_of(args, session.repository)
        plan = suggestions_in(session.repository, document)
        if args.json:
            print_json(_suggestions_json(plan))
        else:
            _print_suggestions(plan)
        if not (plan.changes or plan.comments) or not _confirm(args, _("File them?")):
            return 0
        written = file_proposals(session, caller, plan.changes, plan.comments, args.rationale)
    tell(written)
    filed = as_filed(written.value)
    if args.json:
        print_json({"amendments": list(filed.amendments), "comments": filed.comments,
                    "commits": list(written.commits)})  # fmt: skip
        return 0
    _print_report(filed.issues)
    print(filed.summary())
    return 0


def _suggestions_json(plan: SuggestionPlan) -> dict[str, object]:
    return {
        "changes": [
            {"kind": c.kind.value, "number": c.number, "author": c.author, "title": c.title,
             "body": c.body, "label": c.label}
            for c in plan.changes
        ],
        "comments": [
            {"number": c.number, "author": c.author, "text": c.text, "quote": c.quote}
            for c in plan.comments
        ],
        "report": [{"kind": i.kind.value, "message": i.message} for i in plan.report],
    }  # fmt: skip


def cmd_export_criticmarkup(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        copy = criticmarkup_in(repository, args.principle, args.amendment)
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
