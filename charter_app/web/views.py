"""What the phone pages show, built from the workshop snapshot with the project's own pieces:
paragraphs numbered as the projector numbers them, the word diff of an amendment (and its text
version for screen readers), comment threads with pseudonyms and roles."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from charter_app.application.snapshot import Snapshot
from charter_app.core.amendment_state import AmendmentRecord, principle_of
from charter_app.core.comment_threads import CommentView, Thread
from charter_app.core.model import ROLE_LABELS, Principle, Role
from charter_app.core.supports import Position, fold_supports
from charter_app.diffing import align_paragraphs, describe_changes, diff_words, render_html
from charter_app.i18n import _
from charter_app.rendering import to_plain_paragraphs


@dataclass(frozen=True)
class Row:
    """One numbered paragraph ("+" for one an amendment adds), as HTML already escaped."""

    number: str
    html: Markup
    kind: str = "equal"


def numbered(principle: Principle) -> list[Row]:
    """The principle's paragraphs with the projector's numbers (1, 2, 3...)."""
    return [
        Row(str(index), escape(text))
        for index, text in enumerate(to_plain_paragraphs(principle.body), start=1)
    ]


@dataclass(frozen=True)
class AmendmentView:
    record: AmendmentRecord
    principle: Principle | None
    title: Markup
    """The principle's title, with the proposed change marked when there is one."""
    rows: list[Row]
    changes: tuple[str, ...]
    """The text version of the diff, one sentence per change (screen readers)."""
    totals: dict[str, int]
    author: str


def amendment_view(snapshot: Snapshot, record: AmendmentRecord) -> AmendmentView:
    """The amendment as a word diff against the current text, numbered as on the projector."""

    principle = snapshot.charter.principle(principle_of(record.amendment, snapshot.ledger) or "")
    old_text = "\n".join(to_plain_paragraphs(principle.body)) if principle else ""
    new_title, body = snapshot.proposed(record)
    new_text = old_text if body is None else "\n".join(to_plain_paragraphs(body))
    alignment = align_paragraphs(old_text, new_text)
    rows: list[Row] = []
    number = 0
    for row in alignment.rows:
        if row.kind == "inserted":
            shown = "+"
        else:
            number += 1
            shown = str(number)
        rows.append(Row(shown, Markup(render_html(row.ops)), row.kind))  # noqa: S704 - escaped
    old_title = principle.title if principle else ""
    if new_title is not None and new_title != old_title:
        title = Markup(render_html(diff_words(old_title, new_title).ops))  # noqa: S704
    else:
        title = escape(old_title)
    changes = describe_changes(alignment.diff().ops)
    tally = fold_supports(snapshot.events, snapshot.charter.participants).get(record.id)
    counts = tally.totals() if tally else dict.fromkeys(Position, 0)
    return AmendmentView(
        record, principle, title, rows, changes,
        {position.value: counts[position] for position in Position},
        who(snapshot, record.amendment.author),
    )  # fmt: skip


def who(snapshot: Snapshot, participant: str) -> str:
    """A pseudonym and a role, as everyone in the room sees them."""
    person = snapshot.charter.participant(participant)
    if person is None:
        return _("someone")
    role = _(ROLE_LABELS[person.role]) if person.role in Role else str(person.role)
    return _("{name} ({role})").format(name=person.name, role=role.lower())


@dataclass(frozen=True)
class Message:
    id: str
    author: str
    text: str | None
    """None when it is hidden or withdrawn (``note`` says which)."""
    note: str


@dataclass(frozen=True)
class ThreadView:
    id: str
    quote: str
    messages: list[Message]
    resolved: bool


def _message(snapshot: Snapshot, view: CommentView) -> Message:
    note = ""
    if view.retracted:
        note = _("Withdrawn by its author.")
    elif view.hidden:
        note = _("Hidden by the facilitator: {reason}").format(reason=view.hidden_reason or "—")
    return Message(view.id, who(snapshot, view.author), view.shown_text(), note)


def threads(snapshot: Snapshot, target: str) -> list[ThreadView]:
    """The threads on a principle or an amendment, oldest first."""
    found: list[Thread] = snapshot.board.threads_on(target)
    return [
        ThreadView(
            thread.id,
            thread.passage.selector.quote if thread.passage else "",
            [_message(snapshot, view) for view in (thread.root, *thread.replies)],
            thread.resolved,
        )
        for thread in found
    ]
