"""What the margin says about each comment thread and each amendment, in words (plain values).

A :class:`CommentNote` or :class:`SuggestionNote` is built off the UI thread from the charter's
comments and amendments (``feature.py``) and drawn as a card beside its passage
(``cards.py``). Everything a person reads is here already translated: names with their role,
states in words, the actions this reader may take. No id is ever shown: amendments are named
by their number, or "draft by NAME" before they have one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from charter_app.i18n import _

if TYPE_CHECKING:
    # The amendments' state is imported when a suggestion's card is written, not for the
    # window's first paint.
    from charter_app.core.amendment_state import AmendmentRecord
    from charter_app.core.amendments import Assessment

MAX_SHOWN = 320
"""Letters of a comment or rationale shown on a card; the whole text is in the thread."""


@dataclass(frozen=True)
class Action:
    """Something a reader can do from a card."""

    key: str
    """reply, support, oppose, neutral, edit, retract, resolve, reopen, hide, unhide, open,
    show, hide-inline, accept, decline, register, withdraw."""
    label: str
    primary: bool = False
    """Shown as a button on the card; the others are in its "More" menu."""


@dataclass(frozen=True)
class CommentNote:
    """A comment thread of a principle, placed at its passage."""

    thread_id: str
    principle: str
    start: int | None
    """Where its passage starts in the principle's text now; None: the whole principle, or a
    passage no longer in the text (the card then stands at the principle's heading)."""
    end: int | None
    heading: str
    """Who wrote it and when: "Marcel Dupuy (Resident), 24 January"."""
    text: str
    state: str
    """"Open", "Resolved", "Hidden by a facilitator"... in words."""
    about: str = ""
    """For a passage no longer in the text: the words it was about."""
    replies: tuple[str, ...] = ()
    """"NAME: text" of each reply."""
    positions: str = ""
    actions: tuple[Action, ...] = ()
    resolved: bool = False

    @property
    def accessible_name(self) -> str:
        return _("Comment by {heading}").format(heading=self.heading)

    @property
    def accessible_text(self) -> str:
        parts = [self.state, self.about, self.text, *self.replies, self.positions]
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class SuggestionNote:
    """An amendment (or a draft) on a principle, placed where it changes the text."""

    amendment_id: str
    principle: str
    """The principle it changes (or the one a new principle would follow)."""
    label: str
    heading: str
    """"A-9 · Aïcha Benali (Resident)"."""
    state: str
    """What it does and how it applies now, in words."""
    rationale: str
    positions: str = ""
    can_show: bool = False
    """It can be shown in the text (it applies, as is or merged with the current text)."""
    actions: tuple[Action, ...] = ()
    changes: str = ""
    """The change written out for a screen reader ("inserted: …")."""

    @property
    def accessible_name(self) -> str:
        return _("Amendment {heading}").format(heading=self.heading)

    @property
    def accessible_text(self) -> str:
        parts = [self.state, self.changes, _("Why: {reason}").format(reason=self.rationale)]
        return " ".join(part for part in [*parts, self.positions] if part)


def shorten(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut at a word before ``limit`` letters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"


def amendment_label(record: AmendmentRecord, author: str) -> str:
    """``A-9``, or "draft by NAME" for an amendment not registered yet (never its id)."""
    if record.number is not None:
        return record.display
    return _("draft by {name}").format(name=author)


def suggestion_state(record: AmendmentRecord, assessment: Assessment | None) -> str:
    """How an amendment stands, in words a resident understands."""
    from charter_app.core.amendment_state import AmendmentStatus
    from charter_app.core.amendments import TextState

    status = record.status
    if status is AmendmentStatus.DRAFT:
        return _("A draft, not registered yet: it has no number and cannot be decided.")
    if status is not AmendmentStatus.REGISTERED:
        return {
            AmendmentStatus.ADOPTED: _("Adopted by the council."),
            AmendmentStatus.REJECTED: _("Rejected by the council."),
            AmendmentStatus.WITHDRAWN: _("Withdrawn."),
            AmendmentStatus.FALLEN: _("Fallen: the council found it no longer applied."),
            AmendmentStatus.NOT_MOVED: _("Not moved in council."),
        }[status]
    state = assessment.state if assessment is not None else TextState.CLEAN
    if state is TextState.CLEAN:
        return _("Waiting for the council; it applies to the text as it stands.")
    if state is TextState.NEEDS_UPDATE:
        return _(
            "Waiting for the council; the text changed since it was written, and its change "
            "still fits in."
        )
    if state is TextState.CONFLICTING:
        return _(
            "Waiting for the council, but the text changed where it proposes a change: it "
            "needs a new wording before it can be adopted."
        )
    reason = assessment.reason if assessment is not None else ""
    return " ".join(
        (_("Waiting for the council, but it no longer changes anything."), reason)
    ).strip()
