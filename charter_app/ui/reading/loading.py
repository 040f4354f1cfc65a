"""What the margin shows, read off the UI thread, then put in words for the reader.

:func:`load_reading` runs in a worker: every comment, position and amendment of the charter as
saved, each thread placed in the text being read (the working copy, which may hold unsaved
edits). :func:`make_annotations` then builds, on the UI thread, the cards' words for the person
reading (their name, whether they facilitate, whether they may write).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from charter_app.core import comments as core
from charter_app.core.amendment_state import AmendmentRecord, AmendmentStatus, principle_of
from charter_app.core.amendments import AmendmentKind, TextState
from charter_app.core.model import Charter
from charter_app.core.supports import Position, Tally
from charter_app.diffing import describe_changes, diff_words
from charter_app.i18n import _, ngettext
from charter_app.ui.amendment_snapshot import Snapshot, load_snapshot
from charter_app.ui.comment_models import (
    CommentData,
    ThreadEntry,
    Viewer,
    anchor_entries,
    comment_body,
    load_comment_data,
    repository_text_at,
)
from charter_app.ui.history_panel import format_when
from charter_app.ui.reading.blocks import Suggestion
from charter_app.ui.reading.notes import (
    Action,
    CommentNote,
    SuggestionNote,
    amendment_label,
    suggestion_state,
)
from charter_app.ui.reading.view import Annotations

PENDING = (AmendmentStatus.DRAFT, AmendmentStatus.REGISTERED)


@dataclass(frozen=True)
class ReadingData:
    """Comments and amendments of the charter as saved, threads placed in the working text."""

    comments: CommentData
    snapshot: Snapshot
    entries: tuple[ThreadEntry, ...]
    charter: Charter
    """The working charter the threads were placed in."""


def load_reading(path: Path, charter: Charter) -> ReadingData:
    """Read everything the margin shows (in a worker: a repository of its own)."""
    comments = load_comment_data(path, charter.participants)
    snapshot = load_snapshot(path)
    threads = [t for t in comments.board.threads if t.about == "principle"]
    text_at, _fetched, close = repository_text_at(path, {})
    try:
        entries = anchor_entries(threads, charter, text_at)
    finally:
        close()
    return ReadingData(comments, snapshot, tuple(entries), charter)


@dataclass(frozen=True)
class Reader:
    """Who reads: their participant id (None: nobody chosen), and what they may do."""

    me: str | None
    writable: bool
    viewer: Viewer


def reader_of(charter: Charter, me: str | None, writable: bool) -> Reader:
    viewer = Viewer(
        {p.id: p.name for p in charter.participants},
        {p.id: p.role.value for p in charter.participants},
        bool(me) and core.is_facilitator(charter, me),
    )
    return Reader(me, writable, viewer)


def make_annotations(data: ReadingData, reader: Reader) -> Annotations:
    tallies = data.comments.tallies
    comments = tuple(
        note
        for entry in data.entries
        if (note := comment_note(entry, reader, tallies.get(entry.thread.id))) is not None
    )
    suggestions: list[SuggestionNote] = []
    texts: dict[str, Suggestion] = {}
    snapshot = data.snapshot
    for record in snapshot.ledger.records:
        if record.status not in PENDING:
            continue
        note, suggestion = suggestion_note(record, snapshot, data.charter, reader, tallies)
        if note is None:
            continue
        suggestions.append(note)
        if suggestion is not None:
            texts[record.id] = suggestion
    return Annotations(comments, tuple(suggestions), texts, reader.writable)


# -- comments ----------------------------------------------------------------------------------


def comment_note(entry: ThreadEntry, reader: Reader, tally: Tally | None) -> CommentNote | None:
    thread = entry.thread
    root = thread.root
    if root.retracted and not thread.replies:
        return None
    viewer = reader.viewer
    heading = _("{who}, {when}").format(who=viewer.who(root.author), when=format_when(root.at))
    anchor = entry.anchor
    start = end = None
    about = ""
    state = _("Resolved.") if thread.resolved else ""
    if thread.passage is None:
        state = " ".join(filter(None, (_("On the whole principle."), state)))
    elif anchor is None or not anchor.found or anchor.start is None:
        about = _("It was about these words, no longer in the text: “{quote}”").format(
            quote=thread.passage.selector.quote
        )
    else:
        start, end = anchor.start, anchor.end
        if anchor.state == "changed":
            state = " ".join(filter(None, (_("The words it is about were changed since."), state)))
    replies = tuple(
        _("{name}: {text}").format(name=viewer.names.get(r.author, _("someone")),
                                   text=comment_body(r, viewer))
        for r in thread.replies
    )  # fmt: skip
    return CommentNote(
        thread.id,
        thread.target,
        start,
        end,
        heading,
        comment_body(root, viewer),
        state,
        about,
        replies,
        positions_text(tally),
        comment_actions(entry, reader),
        thread.resolved,
    )


def comment_actions(entry: ThreadEntry, reader: Reader) -> tuple[Action, ...]:
    actions: list[Action] = []
    root = entry.thread.root
    live = not root.retracted
    if reader.writable and reader.me and live:
        actions.append(Action("reply", _("&Reply…"), primary=True))
        actions += [
            Action("support", _("Support")),
            Action("oppose", _("Oppose")),
            Action("neutral", _("Neutral")),
        ]
        if root.author == reader.me:
            actions += [Action("edit", _("Edit my comment…")), Action("retract", _("Retract it"))]
        if reader.viewer.facilitator or root.author == reader.me:
            resolve = Action("reopen", _("Reopen the thread")) if entry.thread.resolved else (
                Action("resolve", _("Resolve the thread"))
            )  # fmt: skip
            actions.append(resolve)
        if reader.viewer.facilitator:
            actions.append(
                Action("unhide", _("Show it again")) if root.hidden else
                Action("hide", _("Hide it…"))
            )  # fmt: skip
    actions.append(Action("open", _("Read the whole thread")))
    return tuple(actions)


def positions_text(tally: Tally | None) -> str:
    if tally is None:
        return ""
    totals = tally.totals()
    parts = [
        ngettext("{count} supports", "{count} support", totals[Position.SUPPORT]),
        ngettext("{count} opposes", "{count} oppose", totals[Position.OPPOSE]),
        ngettext("{count} is neutral", "{count} are neutral", totals[Position.NEUTRAL]),
    ]
    counts = (totals[Position.SUPPORT], totals[Position.OPPOSE], totals[Position.NEUTRAL])
    shown = [part.format(count=count) for part, count in zip(parts, counts, strict=True) if count]
    return " · ".join(shown)


# -- amendments --------------------------------------------------------------------------------


def suggestion_note(
    record: AmendmentRecord,
    snapshot: Snapshot,
    charter: Charter,
    reader: Reader,
    tallies: Mapping[str, Tally],
) -> tuple[SuggestionNote | None, Suggestion | None]:
    amendment = record.amendment
    principle = principle_of(amendment, snapshot.ledger)
    if principle is None or charter.principle(principle) is None:
        return None, None
    viewer = reader.viewer
    author = viewer.names.get(amendment.author, _("someone"))
    label = amendment_label(record, author)
    who = viewer.who(amendment.author)
    heading = f"{label} · {who}" if record.number is not None else label.capitalize()
    assessment = snapshot.states.get(record.id)
    effective = snapshot.effective.get(record.id)
    suggestion = None
    can_show = (
        assessment is not None
        and assessment.state in (TextState.CLEAN, TextState.NEEDS_UPDATE)
        and effective is not None
    )
    current = charter.principle(principle)
    changes = ""
    if can_show and assessment is not None and effective is not None and current is not None:
        kind = effective.kind  # type: ignore[attr-defined]
        suggestion = Suggestion(
            record.id, label, kind, effective.target,  # type: ignore[attr-defined]
            assessment.title, None if kind is AmendmentKind.DELETE else assessment.body,
        )  # fmt: skip
        new_body = "" if kind is AmendmentKind.DELETE else (assessment.body or current.body)
        if kind is not AmendmentKind.INSERT:
            changes = " ".join(describe_changes(diff_words(current.body, new_body).ops))
    what = _what(amendment.kind, snapshot, record)
    state = " ".join((what, suggestion_state(record, assessment)))
    note = SuggestionNote(
        record.id,
        principle,
        label,
        heading,
        state,
        amendment.rationale,
        positions_text(tallies.get(record.id)),
        can_show,
        suggestion_actions(record, reader, can_show),
        changes,
    )
    return note, suggestion


def _what(kind: AmendmentKind, snapshot: Snapshot, record: AmendmentRecord) -> str:
    if kind is AmendmentKind.SUB:
        parent = snapshot.ledger.get(record.amendment.target)
        label = parent.label if parent is not None and parent.number is not None else ""
        return _("Proposes another wording for amendment {label}.").format(label=label)
    return {
        AmendmentKind.MODIFY: _("Proposes a new wording."),
        AmendmentKind.INSERT: _("Proposes a new principle after this one."),
        AmendmentKind.DELETE: _("Proposes to remove this principle."),
    }[kind]


def suggestion_actions(
    record: AmendmentRecord, reader: Reader, can_show: bool
) -> tuple[Action, ...]:
    actions: list[Action] = []
    if can_show:
        actions.append(Action("show", _("&Show in the text"), primary=True))
        actions.append(Action("hide-inline", _("&Hide from the text"), primary=True))
    registered = record.status is AmendmentStatus.REGISTERED
    if reader.writable and reader.me:
        if registered:
            if can_show:  # it applies: the council can adopt it as it stands
                actions.append(Action("accept", _("&Accept…"), primary=True))
            actions += [
                Action("decline", _("&Decline…"), primary=True),
                Action("support", _("Support")),
                Action("oppose", _("Oppose")),
                Action("neutral", _("Neutral")),
            ]
        elif record.status is AmendmentStatus.DRAFT:
            actions.append(Action("register", _("Register it (give it a number)")))
        if record.amendment.author == reader.me:
            actions.append(Action("withdraw", _("Withdraw it")))
    actions.append(Action("open", _("Compare in the council workspace")))
    return tuple(actions)
