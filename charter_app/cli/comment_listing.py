"""``charter comments`` and ``charter supports``: threads in the current text, positions taken."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from charter_app.cli.comment_lookup import (
    amendment_named,
    comment_board,
    is_amendment_reference,
    principle_named,
)
from charter_app.cli.common import author_of, open_repository, print_json
from charter_app.core import comments as core
from charter_app.core.model import ROLE_LABELS, Charter, Role
from charter_app.core.participants import name_of
from charter_app.core.supports import Position, Tally, fold_supports
from charter_app.diffing.anchoring import Anchor
from charter_app.errors import NotFoundError
from charter_app.i18n import N_, _, ngettext
from charter_app.storage.repository import CharterRepository

STATE_LABELS = {
    "anchored": N_("anchored"),
    "moved": N_("moved"),
    "changed": N_("changed"),
    "orphaned": N_("orphaned"),
}


def _anchor_json(anchor: Anchor | None) -> dict[str, Any] | None:
    if anchor is None:
        return None
    return {
        "state": anchor.state,
        "start": anchor.start,
        "end": anchor.end,
        "quote_now": anchor.quote_now,
        "method": anchor.method,
    }


def _comment_json(comment: core.CommentView, facilitator: bool, charter: Charter) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": comment.id,
        "author": comment.author,
        "author_name": name_of(charter, comment.author),
        "at": comment.at.isoformat(),
        "in_reply_to": comment.in_reply_to,
        "text": comment.shown_text(facilitator),
        "edits": comment.edits,
        "retracted": comment.retracted,
        "hidden": comment.hidden,
    }
    if comment.hidden:
        data["hidden_reason"] = comment.hidden_reason
        data["hidden_by"] = comment.hidden_by
    return data


def _tally_json(tally: Tally | None) -> dict[str, int]:
    totals = tally.totals() if tally is not None else dict.fromkeys(Position, 0)
    return {position.value: count for position, count in totals.items()}


def _text_at(repository: CharterRepository) -> Callable[[str, str], str | None]:
    cache: dict[tuple[str, str], str | None] = {}

    def text_at(principle_id: str, commit: str) -> str | None:
        key = (principle_id, commit)
        if key not in cache:
            try:
                principle = repository.principle_at(principle_id, commit)
            except NotFoundError:
                principle = None  # the commit is not in this copy (yet)
            cache[key] = principle.body if principle is not None else None
        return cache[key]

    return text_at


def cmd_comments(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        viewer = author_of(args, charter) if args.author else ""
        events, board = comment_board(repository)
        threads = list(board.threads)
        if args.principle:
            principle = principle_named(charter, args.principle)
            wanted = principle.id if principle is not None else args.principle
            threads = [t for t in threads if t.about == "principle" and t.target == wanted]
        if args.open:
            threads = [t for t in threads if not t.resolved]
        anchors = core.anchor_threads(threads, charter, _text_at(repository))
    facilitator = bool(viewer) and core.is_facilitator(charter, viewer)
    tallies = fold_supports(events, charter.participants)
    if args.json:
        print_json(
            {
                "threads": [
                    _thread_json(t, charter, anchors.get(t.id), tallies, facilitator)
                    for t in threads
                ],
                "ignored": [
                    {"event": item.event.id, "type": item.event.type, "reason": item.reason}
                    for item in board.ignored
                ],
            }
        )
        return 0
    if not threads:
        print(_("No comments."))
    for thread in threads:
        _print_thread(thread, charter, anchors.get(thread.id), tallies, facilitator)
    if board.ignored:
        print(
            ngettext(
                "{count} recorded event could not be applied (see --json).",
                "{count} recorded events could not be applied (see --json).",
                len(board.ignored),
            ).format(count=len(board.ignored))
        )
    return 0


def _thread_json(
    thread: core.Thread,
    charter: Charter,
    anchor: Anchor | None,
    tallies: dict[str, Tally],
    facilitator: bool,
) -> dict[str, Any]:
    data = _comment_json(thread.root, facilitator, charter)
    data.update(about=thread.about, target=thread.target, resolved=thread.resolved)
    principle = charter.principle(thread.target) if thread.about == "principle" else None
    data["principle_number"] = principle.number if principle is not None else None
    if thread.passage is not None:
        selector = thread.passage.selector
        data["passage"] = {
            "quote": selector.quote,
            "prefix": selector.prefix,
            "suffix": selector.suffix,
            "start": selector.start,
            "end": selector.end,
            "commit": thread.passage.commit,
        }
    data["anchor"] = _anchor_json(anchor)
    data["supports"] = _tally_json(tallies.get(thread.id))
    data["replies"] = [_comment_json(reply, facilitator, charter) for reply in thread.replies]
    return data


def _name(charter: Charter, participant_id: str) -> str:
    return name_of(charter, participant_id)


def _shown(comment: core.CommentView, facilitator: bool) -> str:
    if comment.retracted:
        return _("[retracted by its author]")
    if comment.hidden:
        notice = _("[hidden by a facilitator: {reason}]").format(reason=comment.hidden_reason)
        return f"{notice} {comment.text}" if facilitator else notice
    edited = _(" (edited)") if comment.edits else ""
    return comment.text + edited


def _print_thread(
    thread: core.Thread,
    charter: Charter,
    anchor: Anchor | None,
    tallies: dict[str, Tally],
    facilitator: bool,
) -> None:
    root = thread.root
    if thread.about == "amendment":
        where = _("amendment {label}").format(label=thread.target)
    else:
        principle = charter.principle(thread.target)
        number = principle.number if principle is not None else "?"
        where = _("principle {number}").format(number=number)
    status = _("resolved") if thread.resolved else _("open")
    print(
        _("{id}  {who}, {at}, on {where} ({status})").format(
            id=root.id,
            who=_name(charter, root.author),
            at=root.at.strftime("%Y-%m-%d %H:%M"),
            where=where,
            status=status,
        )
    )
    if thread.passage is not None:
        quote = thread.passage.selector.quote
        state = anchor.state if anchor is not None else "orphaned"
        if anchor is None or not anchor.found:
            print(
                "    "
                + _("passage “{quote}” — orphaned: not found in the current text").format(
                    quote=quote
                )
            )
        elif anchor.state in ("anchored", "moved"):
            print(
                "    "
                + _("passage “{quote}” — {state}").format(quote=quote, state=_(STATE_LABELS[state]))
            )
        else:
            print(
                "    "
                + _("passage “{quote}” — changed, now reads “{now}”").format(
                    quote=quote, now=anchor.quote_now
                )
            )
    elif anchor is not None and not anchor.found:
        print("    " + _("the principle no longer exists"))
    print("    " + _shown(root, facilitator))
    totals = tallies.get(root.id)
    if totals is not None:
        counts = totals.totals()
        print(
            "    "
            + _("supports: {support}, opposes: {oppose}, neutral: {neutral}").format(
                support=counts[Position.SUPPORT],
                oppose=counts[Position.OPPOSE],
                neutral=counts[Position.NEUTRAL],
            )
        )
    for reply in thread.replies:
        print(
            "      ↳ "
            + _("{id}  {who}: {text}").format(
                id=reply.id, who=_name(charter, reply.author), text=_shown(reply, facilitator)
            )
        )


def cmd_supports(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        events = repository.events()
        tallies = fold_supports(events, charter.participants)
        if args.target:
            if is_amendment_reference(args.target):
                target, _label = amendment_named(repository, args.target)
            else:
                target = core.fold_comments(events).find(args.target).id
            tallies = {target: tallies.get(target) or Tally(target, "comment")}
    if args.json:
        print_json(
            [
                {
                    "target": tally.target,
                    "about": tally.about,
                    "totals": _tally_json(tally),
                    "by_role": {
                        role: {p.value: n for p, n in counts.items()}
                        for role, counts in tally.by_role().items()
                    },
                    "positions": {pid: p.value for pid, p in tally.positions.items()},
                }
                for tally in tallies.values()
            ]
        )
        return 0
    if not tallies:
        print(_("No positions recorded."))
    for tally in tallies.values():
        counts = tally.totals()
        print(
            _("{target}: supports {support}, opposes {oppose}, neutral {neutral}").format(
                target=tally.target,
                support=counts[Position.SUPPORT],
                oppose=counts[Position.OPPOSE],
                neutral=counts[Position.NEUTRAL],
            )
        )
        for role, by_position in tally.by_role().items():
            if not any(by_position.values()):
                continue
            label = (
                _(ROLE_LABELS[Role(role)]) if role in Role.__members__.values() else _("Unknown")
            )
            print(
                "    "
                + _("{role}: {support} / {oppose} / {neutral}").format(
                    role=label,
                    support=by_position[Position.SUPPORT],
                    oppose=by_position[Position.OPPOSE],
                    neutral=by_position[Position.NEUTRAL],
                )
            )
    return 0
