"""``charter`` commands on comments and supports: comment, reply, edit, retract, resolve, hide,
list with anchors in the current text, support and tally."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from charter_app.cli.common import Registrar, author_of, open_repository, print_json, read_text_file
from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import ROLE_LABELS, Charter, Principle, Role
from charter_app.core.supports import POSITION_LABELS, Position, Tally, fold_supports, new_support
from charter_app.core.workshops import tag_with_running_workshop
from charter_app.diffing.anchoring import Anchor
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import N_, _
from charter_app.storage.repository import CharterRepository

STATE_LABELS = {
    "anchored": N_("anchored"),
    "moved": N_("moved"),
    "changed": N_("changed"),
    "orphaned": N_("orphaned"),
}


# -- finding what a command names ----------------------------------------------------------------


def _principle(charter: Charter, reference: str) -> Principle | None:
    """A principle by id, or by its number ("3", "3 bis") when that is unique."""
    principle = charter.principle(reference)
    if principle is not None:
        return principle
    wanted = " ".join(reference.split()).casefold()
    matches = [p for p in charter.principles if p.number.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def _is_amendment_reference(reference: str) -> bool:
    return reference.strip().lower().startswith("a-")


def _amendment(repository: CharterRepository, reference: str) -> tuple[str, str]:
    """(stable id, citable label) of the amendment ``reference`` names, or NotFoundError."""
    # Imported here: amendments are their own topic, loaded only when a command needs them.
    from charter_app.storage.amendments import AmendmentBook

    record = AmendmentBook(repository).ledger().find(reference)
    return record.id, record.label


def _text(args: argparse.Namespace) -> str:
    if args.file:
        return read_text_file(args.file)
    return str(args.text or "")


def _record(
    repository: CharterRepository,
    event: Event,
    author: str,
    message: str,
    trailers: list[tuple[str, str]] | None = None,
) -> None:
    event = tag_with_running_workshop(event, repository.events())
    repository.record([event], author, message, [*(trailers or []), ("Charter-Event", event.id)])
    print(_("Recorded {id}.").format(id=event.id))


def _board(repository: CharterRepository) -> tuple[list[Event], core.CommentBoard]:
    events = repository.events()
    return events, core.fold_comments(events)


def _committed_text_matches(repository: CharterRepository, principle: Principle) -> str:
    """HEAD's id when the principle's committed text is the working tree's, else ""."""
    head = repository.git.head()
    if head is None:
        return ""
    committed = repository.principle_at(principle.id, head)
    return head if committed is not None and committed.body == principle.body else ""


# -- writing ---------------------------------------------------------------------------------------


def cmd_comment(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        text = _text(args)
        if _is_amendment_reference(args.target):
            if args.quote:
                raise ValidationError(
                    _("Only a principle's text can be quoted."),
                    _("Comment on the amendment without --quote."),
                )
            amendment_id, label = _amendment(repository, args.target)
            event = core.new_comment(
                charter, author, amendment_id, text, about="amendment", label=label
            )
            message = _("Comment on amendment {label}").format(label=label)
            trailers = [("Charter-Amendment", label)]
        else:
            principle = _principle(charter, args.target)
            if principle is None:
                raise NotFoundError(
                    _("There is no principle “{id}” in this charter.").format(id=args.target),
                    _("List the principles with “charter principle list”."),
                )
            selector = commit = None
            if args.quote is not None:
                selector = core.passage_for_quote(principle, args.quote, args.before, args.after)
                commit = _committed_text_matches(repository, principle)
            event = core.new_comment(
                charter, author, principle.id, text, passage=selector, commit=commit or ""
            )
            message = _("Comment on principle {number}").format(number=principle.number)
            trailers = [("Charter-Principle", principle.id)]
        _record(repository, event, author, args.message or message, trailers)
    return 0


def cmd_reply(args: argparse.Namespace) -> int:
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        _events, board = _board(repository)
        event = core.new_reply(charter, board, author, args.comment, _text(args))
        message = _("Reply to comment {id}").format(id=event.data["target"][:10])
        _record(repository, event, author, args.message or message)
    return 0


def _simple(
    make: Callable[[Charter, core.CommentBoard, str, argparse.Namespace], Event],
    message: str,
) -> Callable[[argparse.Namespace], int]:
    """A command that turns one comment reference into one event."""

    def handler(args: argparse.Namespace) -> int:
        with open_repository(args) as repository:
            charter = repository.load()
            author = author_of(args, charter)
            _events, board = _board(repository)
            event = make(charter, board, author, args)
            text = _(message).format(id=str(event.data["target"])[:10])
            _record(repository, event, author, args.message or text)
        return 0

    return handler


cmd_comment_edit = _simple(
    lambda charter, board, author, args: core.new_edit(
        charter, board, author, args.comment, _text(args)
    ),
    N_("Edit comment {id}"),
)
cmd_retract = _simple(
    lambda charter, board, author, args: core.new_retraction(charter, board, author, args.comment),
    N_("Retract comment {id}"),
)
cmd_resolve = _simple(
    lambda charter, board, author, args: core.new_resolution(
        charter, board, author, args.comment, True
    ),
    N_("Resolve comment {id}"),
)
cmd_reopen = _simple(
    lambda charter, board, author, args: core.new_resolution(
        charter, board, author, args.comment, False
    ),
    N_("Reopen comment {id}"),
)
cmd_hide = _simple(
    lambda charter, board, author, args: core.new_moderation(
        charter, board, author, args.comment, args.reason, True
    ),
    N_("Hide comment {id}"),
)
cmd_unhide = _simple(
    lambda charter, board, author, args: core.new_moderation(
        charter, board, author, args.comment, "", False
    ),
    N_("Show comment {id} again"),
)


def cmd_support(args: argparse.Namespace) -> int:
    position = (
        Position.OPPOSE if args.oppose else Position.NEUTRAL if args.neutral else Position.SUPPORT
    )
    with open_repository(args) as repository:
        charter = repository.load()
        author = author_of(args, charter)
        if _is_amendment_reference(args.target):
            amendment_id, label = _amendment(repository, args.target)
            tally = fold_supports(repository.events(), charter.participants).get(amendment_id)
            event = new_support(
                charter, author, amendment_id, position, about="amendment", current=tally
            )
            message = _("Position on amendment {label}: {position}").format(
                label=label, position=_(POSITION_LABELS[position])
            )
            trailers = [("Charter-Amendment", label)]
        else:
            events, board = _board(repository)
            target = board.find(args.target).id
            tally = fold_supports(events, charter.participants).get(target)
            event = new_support(
                charter, author, target, position, about="comment", board=board, current=tally
            )
            message = _("Position on comment {id}: {position}").format(
                id=str(event.data["target"])[:10], position=_(POSITION_LABELS[position])
            )
            trailers = []
        _record(repository, event, author, args.message or message, trailers)
    return 0


# -- reading ---------------------------------------------------------------------------------------


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


def _comment_json(comment: core.CommentView, facilitator: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": comment.id,
        "author": comment.author,
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
        events, board = _board(repository)
        threads = list(board.threads)
        if args.principle:
            principle = _principle(charter, args.principle)
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
            _("{count} recorded events could not be applied (see --json).").format(
                count=len(board.ignored)
            )
        )
    return 0


def _thread_json(
    thread: core.Thread,
    charter: Charter,
    anchor: Anchor | None,
    tallies: dict[str, Tally],
    facilitator: bool,
) -> dict[str, Any]:
    data = _comment_json(thread.root, facilitator)
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
    data["replies"] = [_comment_json(reply, facilitator) for reply in thread.replies]
    return data


def _name(charter: Charter, participant_id: str) -> str:
    participant = charter.participant(participant_id)
    return participant.name if participant is not None else participant_id


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
            if _is_amendment_reference(args.target):
                target, _label = _amendment(repository, args.target)
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


# -- registering -----------------------------------------------------------------------------------


def _text_flags(sub: Any, required: bool = True) -> None:
    group = sub.add_mutually_exclusive_group(required=required)
    group.add_argument("--text", help=_("the comment's text"))
    group.add_argument(
        "--file", metavar=_("PATH"), help=_("read the text from a file (- for stdin)")
    )


def _comment_argument(sub: Any) -> None:
    sub.add_argument("comment", metavar=_("COMMENT"), help=_("comment id (or a unique prefix)"))


def register(registrar: Registrar) -> None:
    sub = registrar.command(
        "comment", cmd_comment, _("comment on a principle, a passage of it, or an amendment")
    )
    sub.add_argument(
        "target", metavar="ID", help=_("principle id or number, or amendment number (A-3)")
    )
    sub.add_argument("--quote", help=_("the exact words commented on (must be unique)"))
    sub.add_argument(
        "--before", default="", help=_("words just before the quote, to choose between copies")
    )
    sub.add_argument(
        "--after", default="", help=_("words just after the quote, to choose between copies")
    )
    _text_flags(sub)
    registrar.writer_flags(sub)

    sub = registrar.command("reply", cmd_reply, _("reply to a comment"))
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)

    sub = registrar.command("comment-edit", cmd_comment_edit, _("change the text of your comment"))
    _comment_argument(sub)
    _text_flags(sub)
    registrar.writer_flags(sub)

    for name, handler, help_text in (
        ("retract", cmd_retract, _("withdraw your comment (it stays listed, without its text)")),
        ("resolve", cmd_resolve, _("mark a comment thread as resolved")),
        ("reopen", cmd_reopen, _("reopen a resolved comment thread")),
        ("unhide", cmd_unhide, _("show a hidden comment again (facilitators)")),
    ):
        sub = registrar.command(name, handler, help_text)
        _comment_argument(sub)
        registrar.writer_flags(sub)

    sub = registrar.command("hide", cmd_hide, _("hide a comment, with a reason (facilitators)"))
    _comment_argument(sub)
    sub.add_argument("--reason", required=True, help=_("why it is hidden (shown to readers)"))
    registrar.writer_flags(sub)

    sub = registrar.command(
        "comments", cmd_comments, _("list comment threads, anchored in the current text")
    )
    sub.add_argument("--principle", metavar="ID", help=_("only comments on this principle"))
    sub.add_argument("--open", action="store_true", help=_("only threads not resolved"))
    registrar.json_flag(sub)
    registrar.writer_flags(sub, message=False)

    sub = registrar.command(
        "support", cmd_support, _("take a position on an amendment or a comment (latest counts)")
    )
    sub.add_argument("target", metavar=_("TARGET"), help=_("amendment number (A-3) or comment id"))
    position = sub.add_mutually_exclusive_group()
    position.add_argument("--oppose", action="store_true", help=_("oppose instead of support"))
    position.add_argument("--neutral", action="store_true", help=_("a neutral position"))
    registrar.writer_flags(sub)

    sub = registrar.command("supports", cmd_supports, _("positions taken, by position and role"))
    sub.add_argument("target", nargs="?", metavar=_("TARGET"), help=_("one amendment or comment"))
    registrar.json_flag(sub)
