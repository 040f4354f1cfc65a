"""Use cases on comments and positions: comment, reply, edit, retract, resolve, hide, support.

Each records one immutable event (tagged with the running workshop) in one commit; the
``Charter-Event`` trailer names it, so ``git log`` finds the commit of any comment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from charter_app.application.amendments import ledger_of
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core import comments as core
from charter_app.core.comments import CommentBoard
from charter_app.core.events import Event
from charter_app.core.mentions import redacted
from charter_app.core.model import Charter, Principle
from charter_app.core.supports import POSITION_LABELS, Position, fold_supports, new_support
from charter_app.core.workshops import tag_with_running_workshop
from charter_app.diffing.anchoring import Selector
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import N_, _


def principle_named(charter: Charter, reference: str) -> Principle | None:
    """A principle by id, or by its number ("3", "3 bis") when that is unique."""
    principle = charter.principle(reference)
    if principle is not None:
        return principle
    wanted = " ".join(reference.split()).casefold()
    matches = [p for p in charter.principles if p.number.casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def is_amendment_reference(reference: str) -> bool:
    return reference.strip().lower().startswith("a-")


def _principle(charter: Charter, reference: str) -> Principle:
    principle = principle_named(charter, reference)
    if principle is None:
        raise NotFoundError(
            _("There is no principle “{id}” in this charter.").format(id=reference),
            _("List the principles with “charter principle list”."),
        )
    return principle


def _record(
    transaction: Transaction,
    event: Event,
    message: str,
    trailers: Sequence[tuple[str, str]] = (),
) -> Written[Event]:
    event = tag_with_running_workshop(event, transaction.events())
    transaction.record([event], message, [*trailers, ("Charter-Event", event.id)])
    if event.type in (core.COMMENT, core.REPLY, core.EDIT, core.HIDE):
        transaction.flag_erased_names(event.get("text"), event.get("reason"))
    return transaction.result(event)


def committed_text_commit(transaction: Transaction, principle: Principle) -> str:
    """The last commit's id when it holds exactly this text of the principle, else ""."""
    repository = transaction.repository
    head = repository.git.head()
    if head is None:
        return ""
    committed = repository.principle_at(principle.id, head)
    return head if committed is not None and committed.body == principle.body else ""


def comment_on_principle(
    session: Session,
    by: str,
    reference: str,
    text: str,
    *,
    passage: Selector | None = None,
    quote: str | None = None,
    before: str = "",
    after: str = "",
    message: str | None = None,
) -> Written[Event]:
    """A comment on a principle (id or number): on the whole of it, on ``passage`` (a selector
    in its saved text), or on the words ``quote`` (unique, or told apart by ``before`` and
    ``after``)."""
    with session.transaction(by) as transaction:
        charter = transaction.charter()
        principle = _principle(charter, reference)
        if passage is None and quote is not None:
            passage = core.passage_for_quote(principle, quote, before, after)
        commit = committed_text_commit(transaction, principle) if passage is not None else ""
        event = core.new_comment(
            charter, transaction.author(), principle.id, text, passage=passage, commit=commit
        )
        subject = _("Comment on principle {number}").format(number=principle.number)
        return _record(
            transaction, event, message or subject, [("Charter-Principle", principle.id)]
        )


def comment_on_amendment(
    session: Session, by: str, reference: str, text: str, message: str | None = None
) -> Written[Event]:
    with session.transaction(by) as transaction:
        record = ledger_of(transaction).find(reference)
        event = core.new_comment(
            transaction.charter(),
            transaction.author(),
            record.id,
            text,
            about="amendment",
            label=record.label,
        )
        subject = _("Comment on amendment {label}").format(label=record.label)
        return _record(
            transaction, event, message or subject, [("Charter-Amendment", record.label)]
        )


def comment(
    session: Session, by: str, target: str, text: str, **passage: str | None
) -> Written[Event]:
    """A comment on a principle or (``A-3``) an amendment, as the command line names them."""
    if is_amendment_reference(target):
        if passage.get("quote"):
            raise ValidationError(
                _("Only a principle's text can be quoted."),
                _("Comment on the amendment without --quote."),
            )
        return comment_on_amendment(session, by, target, text, passage.get("message"))
    return comment_on_principle(
        session,
        by,
        target,
        text,
        quote=passage.get("quote"),
        before=passage.get("before") or "",
        after=passage.get("after") or "",
        message=passage.get("message"),
    )


OnComment = Callable[[Charter, CommentBoard, str], Event]


def _on_comment(
    session: Session, by: str, make: OnComment, subject: str, message: str | None
) -> Written[Event]:
    with session.transaction(by) as transaction:
        board = core.fold_comments(transaction.events())
        event = make(transaction.charter(), board, transaction.author())
        text = _(subject).format(id=str(event.data["target"])[:10])
        return _record(transaction, event, message or text)


def reply(
    session: Session, by: str, reference: str, text: str, message: str | None = None
) -> Written[Event]:
    return _on_comment(
        session,
        by,
        lambda charter, board, author: core.new_reply(charter, board, author, reference, text),
        N_("Reply to comment {id}"),
        message,
    )


def edit_comment(
    session: Session, by: str, reference: str, text: str, message: str | None = None
) -> Written[Event]:
    return _on_comment(
        session,
        by,
        lambda charter, board, author: core.new_edit(charter, board, author, reference, text),
        N_("Edit comment {id}"),
        message,
    )


def redact_comment(
    session: Session, by: str, reference: str, text: str | None = None, message: str | None = None
) -> Written[Event]:
    """A facilitator takes personal data out of a comment or reply: its text becomes ``text``,
    or, when None, the same text with every participant's name (erased ones too) replaced by
    “[name removed]”. The earlier text stays in the charter's history (docs/DESIGN.md)."""

    def make(charter: Charter, board: CommentBoard, author: str) -> Event:
        new_text = text
        if new_text is None:
            comment = board.find(reference)
            new_text = redacted(comment.text, charter.participants)
            if new_text == comment.text:
                raise ValidationError(
                    _("This comment names no participant; nothing was recorded."),
                    _("Give the new text with --text to change it anyway."),
                )
        return core.new_redaction(charter, board, author, reference, new_text)

    return _on_comment(session, by, make, N_("Redact comment {id}"), message)


def retract_comment(
    session: Session, by: str, reference: str, message: str | None = None
) -> Written[Event]:
    return _on_comment(
        session,
        by,
        lambda charter, board, author: core.new_retraction(charter, board, author, reference),
        N_("Retract comment {id}"),
        message,
    )


def set_resolved(
    session: Session, by: str, reference: str, resolved: bool, message: str | None = None
) -> Written[Event]:
    return _on_comment(
        session,
        by,
        lambda charter, board, author: core.new_resolution(
            charter, board, author, reference, resolved
        ),
        N_("Resolve comment {id}") if resolved else N_("Reopen comment {id}"),
        message,
    )


def set_hidden(
    session: Session,
    by: str,
    reference: str,
    hidden: bool,
    reason: str = "",
    message: str | None = None,
) -> Written[Event]:
    """A facilitator hides a comment (with a reason readers see) or shows it again."""
    return _on_comment(
        session,
        by,
        lambda charter, board, author: core.new_moderation(
            charter, board, author, reference, reason if hidden else "", hidden
        ),
        N_("Hide comment {id}") if hidden else N_("Show comment {id} again"),
        message,
    )


def take_position(
    session: Session,
    by: str,
    target: str,
    position: Position | str,
    message: str | None = None,
) -> Written[Event]:
    """``by``'s position (support, oppose, neutral) on an amendment (``A-3``) or a comment;
    the latest position of each person counts."""
    position = Position(position) if position in Position._value2member_map_ else position
    with session.transaction(by) as transaction:
        charter, events = transaction.charter(), transaction.events()
        author = transaction.author()
        tallies = fold_supports(events, charter.participants)
        label = _(POSITION_LABELS[position]) if isinstance(position, Position) else str(position)
        if is_amendment_reference(target):
            record = ledger_of(transaction).find(target)
            event = new_support(
                charter, author, record.id, position, current=tallies.get(record.id)
            )
            subject = _("Position on amendment {label}: {position}").format(
                label=record.label, position=label
            )
            return _record(
                transaction, event, message or subject, [("Charter-Amendment", record.label)]
            )
        board = core.fold_comments(events)
        comment_id = board.find(target).id
        event = new_support(
            charter,
            author,
            comment_id,
            position,
            about="comment",
            board=board,
            current=tallies.get(comment_id),
        )
        subject = _("Position on comment {id}: {position}").format(
            id=comment_id[:10], position=label
        )
        return _record(transaction, event, message or subject)
