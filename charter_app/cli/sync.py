"""``charter`` commands for reading history and syncing: blame, bundle, import-bundle, sync,
conflicts, resolve-conflict."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from charter_app.application import sync as use_cases
from charter_app.application.session import Session
from charter_app.cli.common import (
    author_of,
    open_repository,
    open_session,
    print_json,
    read_text_file,
    tell,
)
from charter_app.core.blame import Attribution, BlameSpan, blame_principle
from charter_app.core.merging import Conflict, FileConflict, PrincipleConflict
from charter_app.core.participants import names_by_id
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.bundles import export_bundle
from charter_app.storage.remotes import Credentials
from charter_app.storage.sync import HistoryTexts, SyncResult, pending_conflicts


def _attribution_json(
    attribution: Attribution, proposers: dict[str, str], names: dict[str, str]
) -> dict[str, Any]:
    proposer = proposers.get(attribution.amendment or "")
    return {
        "commit": attribution.commit,
        "author": attribution.author,
        "author_name": names.get(attribution.author, attribution.author),
        "amendment": attribution.amendment,
        "proposed_by": proposer,
        "proposed_by_name": names.get(proposer, proposer) if proposer else None,
        "workshop": attribution.workshop,
        "authored_at": attribution.authored_at.isoformat(),
        "subject": attribution.subject,
    }


def _span_json(span: BlameSpan, proposers: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    data = {"start": span.start, "end": span.end, "text": span.text}
    data |= _attribution_json(span.attribution, proposers, names)
    if span.others:
        data["others"] = [_attribution_json(other, proposers, names) for other in span.others]
    return data


def _describe(attribution: Attribution, names: dict[str, str], proposers: dict[str, str]) -> str:
    proposer = proposers.get(attribution.amendment or "")
    who = proposer if proposer is not None else attribution.author
    parts = [attribution.commit[:8], names.get(who, who)]
    if attribution.amendment:
        parts.append(_("amendment {number}").format(number=attribution.amendment))
    if proposer is not None and proposer != attribution.author:
        recorder = names.get(attribution.author, attribution.author)
        parts.append(_("recorded by {name}").format(name=recorder))
    if attribution.workshop:
        parts.append(_("workshop {name}").format(name=attribution.workshop))
    return ", ".join(parts)


def cmd_blame(args: argparse.Namespace) -> int:
    # Only what the blame needs: the principle's own history (saved blames make a second
    # blame cheap), today's names, and the amendments' proposers if an amendment is named.
    with open_repository(args) as repository:
        if repository.principle_at(args.id, "HEAD") is None:
            raise NotFoundError(
                _("There is no principle “{id}” in this charter.").format(id=args.id),
                _("List the principles to see their ids."),
            )
        blame = blame_principle(HistoryTexts(repository), args.id)
        attributions = [
            attribution
            for span in (*blame.sentences, *blame.words)
            for attribution in (span.attribution, *span.others)
        ]
        proposers = (
            AmendmentBook(repository).ledger().proposers()
            if any(attribution.amendment for attribution in attributions)
            else {}
        )
        names = names_by_id(repository.participants())
    if args.json:
        print_json(
            {
                "principle": blame.principle_id,
                "revisions": blame.revisions,
                "sentences": [_span_json(span, proposers, names) for span in blame.sentences],
                "words": [_span_json(span, proposers, names) for span in blame.words],
            }
        )
        return 0
    spans = blame.words if args.words else blame.sentences
    for span in spans:
        print(f"[{_describe(span.attribution, names, proposers)}]")
        if span.others:
            others = "; ".join(_describe(other, names, proposers) for other in span.others)
            print("  " + _("also: {others}").format(others=others))
        print("  " + span.text.strip())
    return 0


def _author(args: argparse.Namespace, session: Session) -> str | None:
    """The participant syncing, if given (it records amendment renumberings after a merge)."""
    if not (args.author or os.environ.get("CHARTER_AS")):
        return None
    return author_of(args, session.repository)


def _report(result: SyncResult, as_json: bool) -> int:
    if as_json:
        print_json(
            {
                "outcome": result.outcome,
                "head": result.head,
                "incoming": result.incoming,
                "new_commits": result.new_commits,
                "source": result.source,
                "pushed": result.pushed,
                "new_versions": list(result.new_versions),
                "sent_versions": list(result.sent_versions),
                "notices": list(result.notices),
                "conflicts": [_conflict_json(c) for c in result.conflicts],
            }
        )
        return 2 if result.conflicts else 0
    messages = {
        "up-to-date": _("Already up to date: nothing new from {source}."),
        "fast-forward": _("Received {count} new commit(s) from {source}."),
        "merged": _("Merged {count} new commit(s) from {source}."),
        "conflicts": _("Received {count} new commit(s) from {source}, but some texts conflict."),
    }
    print(messages[result.outcome].format(count=result.new_commits, source=result.source))
    if result.pushed:
        print(_("Sent the charter to {source}.").format(source=result.source))
    if result.new_versions:
        print(_("Adopted versions received: {names}.").format(names=", ".join(result.new_versions)))
    if result.sent_versions:
        print(_("Adopted versions sent: {names}.").format(names=", ".join(result.sent_versions)))
    for notice in result.notices:
        print(notice)
    if result.conflicts:
        _print_conflicts(result.conflicts)
        return 2
    return 0


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    if isinstance(conflict, PrincipleConflict):

        def body(principle: Any) -> str | None:
            return None if principle is None else str(principle.body)

        return {
            "principle": conflict.principle_id,
            "fields": list(conflict.fields),
            "base": body(conflict.base),
            "mine": body(conflict.mine),
            "theirs": body(conflict.theirs),
            "regions": [
                {"base": c.base, "mine": c.ours, "theirs": c.theirs}
                for c in conflict.body.conflicts
            ],
        }
    return {
        "file": conflict.path,
        "base": conflict.base,
        "mine": conflict.mine,
        "theirs": conflict.theirs,
        "regions": [
            {"base": c.base, "mine": c.ours, "theirs": c.theirs} for c in conflict.merged.conflicts
        ],
    }


def _print_conflicts(conflicts: tuple[Conflict, ...]) -> None:
    for conflict in conflicts:
        if isinstance(conflict, PrincipleConflict):
            print(
                _("Principle {id}: changed differently on both laptops ({what}).").format(
                    id=conflict.principle_id, what=", ".join(conflict.fields)
                )
            )
            regions = conflict.body.conflicts
        else:
            assert isinstance(conflict, FileConflict)
            print(_("File {path}: changed differently on both sides.").format(path=conflict.path))
            regions = conflict.merged.conflicts
        for region in regions:
            print("  " + _("mine:   {text}").format(text=region.ours))
            print("  " + _("theirs: {text}").format(text=region.theirs))
    print(
        _(
            "Choose the text with: charter resolve-conflict ID --file FILE --as PARTICIPANT "
            "(nothing changes until every conflict is resolved)."
        )
    )


def cmd_bundle(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        export = export_bundle(
            repository, args.output, since=args.since, for_name=args.for_name, sender=args.sender
        )
    if args.json:
        print_json(
            {
                "path": str(export.path),
                "checksum": str(export.checksum_path),
                "tip": export.tip,
                "commits": export.commits,
                "prerequisites": list(export.prerequisites),
                "sender": export.sender,
            }
        )
        return 0
    print(
        _("Wrote {path} ({count} commit(s)) and its checksum {checksum}.").format(
            path=export.path, count=export.commits, checksum=export.checksum_path.name
        )
    )
    return 0


def cmd_import_bundle(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        written = use_cases.import_bundle(session, _author(args, session), args.file)
    tell(written)
    return _report(written.value, args.json)


def cmd_sync(args: argparse.Namespace) -> int:
    credentials = _credentials(args.user) if args.user else None
    with open_session(args) as session:
        written = use_cases.sync(session, _author(args, session), args.url, credentials)
    tell(written)
    return _report(written.value, args.json)


def _credentials(user: str) -> Credentials:
    """``user`` with the password from $CHARTER_SYNC_PASSWORD, else asked without echo."""
    secret = os.environ.get("CHARTER_SYNC_PASSWORD")
    if secret is None:
        if not sys.stdin.isatty():
            raise ValidationError(
                _("No password for {user}.").format(user=user),
                _("Set CHARTER_SYNC_PASSWORD, or run the command in a terminal to type it."),
            )
        secret = getpass.getpass(_("Password or token for {user}: ").format(user=user))
    return Credentials(user, secret)


def cmd_conflicts(args: argparse.Namespace) -> int:
    if args.abandon:
        with open_session(args) as session:
            use_cases.abandon_sync(session)
        if args.json:
            print_json({"abandoned": True})
        else:
            print(_("The sync waiting for a resolution was abandoned; nothing was changed."))
        return 0
    with open_repository(args) as repository:
        conflicts = pending_conflicts(repository)
    if args.json:
        print_json([_conflict_json(c) for c in conflicts])
    elif conflicts:
        _print_conflicts(conflicts)
    else:
        print(_("No conflict is waiting."))
    return 0


def cmd_resolve_conflict(args: argparse.Namespace) -> int:
    text = "" if args.delete else read_text_file(args.file)
    with open_session(args) as session:
        author = author_of(args, session.repository)
        written = use_cases.resolve_conflict(
            session, author, args.id, text, title=args.title, delete=args.delete
        )
    tell(written)
    result = written.value
    if args.json:
        return _report(result, True)
    if result.conflicts:
        print(_("Resolved {id}; conflicts left:").format(id=args.id))
        _print_conflicts(result.conflicts)
        return 2
    print(
        _("Every conflict is resolved: merged as commit {sha}.").format(sha=(result.head or "")[:8])
    )
    return 0
