"""The texts the amendments dock shows: an amendment's diff and its discussion."""

from __future__ import annotations

from charter_app.core.amendments import TEXT_STATE_LABELS, AmendmentKind, TextState
from charter_app.core.comments import Thread
from charter_app.core.model import Charter
from charter_app.core.participants import names_by_id
from charter_app.i18n import _
from charter_app.ui.amendment_snapshot import Snapshot
from charter_app.ui.history_panel import format_when

BASE_TO_PROPOSED, CURRENT_TO_PROPOSED = "base", "current"


def _text(title: str | None, body: str | None) -> str:
    return "\n".join(part for part in (title, body) if part)


def diff_texts(snapshot: Snapshot, amendment_id: str, mode: str) -> tuple[str, str, str, str] | str:
    """(old, new, old label, new label) of an amendment's diff, or why there is none."""
    record = snapshot.ledger.get(amendment_id)
    amendment = snapshot.effective.get(amendment_id)
    if record is None or amendment is None:
        return _("The amendment it targets does not exist.")
    base = snapshot.bases.get(amendment_id)
    number = _("Amendment {number}").format(number=record.display)
    kind = amendment.kind  # type: ignore[attr-defined]
    if mode == BASE_TO_PROPOSED:
        old = _text(base.title, base.body) if base and kind is not AmendmentKind.INSERT else ""
        if kind is AmendmentKind.DELETE:
            new = ""
        elif kind is AmendmentKind.INSERT:
            new = _text(amendment.title, amendment.body)  # type: ignore[attr-defined]
        else:
            title = amendment.title if amendment.title is not None else (base.title if base else "")  # type: ignore[attr-defined]
            body = amendment.body if amendment.body is not None else (base.body if base else "")  # type: ignore[attr-defined]
            new = _text(title, body)
        written_on = snapshot.base_labels.get(amendment_id, "")
        return old, new, _("Text it was written on ({version})").format(version=written_on), number
    assessment = snapshot.states[amendment_id]
    if assessment.state in (TextState.CONFLICTING, TextState.FALLEN):
        state = _(TEXT_STATE_LABELS[assessment.state])
        return _("No merged text: this amendment is {state}. {reason}").format(
            state=state, reason=assessment.reason
        )
    current = snapshot.charter.principle(amendment.target)  # type: ignore[attr-defined]
    old = _text(current.title, current.body) if current and kind is not AmendmentKind.INSERT else ""
    new = "" if kind is AmendmentKind.DELETE else _text(assessment.title, assessment.body)
    return (
        old,
        new,
        _("Current text"),
        _("{number}, merged into the current text").format(number=number),
    )


def thread_text(threads: list[Thread], charter: Charter) -> str:
    """The discussion of an amendment, read-only, oldest first."""
    if not threads:
        return _("No comment on this amendment yet.")
    names = names_by_id(charter)
    lines: list[str] = []
    for thread in threads:
        if lines:
            lines.append("")
        if thread.resolved:
            lines.append(_("[resolved]"))
        for depth, comment in ((0, thread.root), *((1, reply) for reply in thread.replies)):
            if comment.hidden:
                text = _("(hidden by the facilitators)")
            elif comment.retracted:
                text = _("(withdrawn by its author)")
            else:
                text = comment.text
            who = names.get(comment.author, comment.author)
            lines.append(f"{'    ' * depth}{who}, {format_when(comment.at)}: {text}")
    return "\n".join(lines)
