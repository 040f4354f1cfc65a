"""Every free text of a charter that a person typed and that may name someone: comments and
replies (as they read now), amendments' rationales and proposed texts, workshops' titles and
places, moderation reasons and deliberation references. The privacy report lists those that
mention a participant (:mod:`charter_app.core.mentions`) so a facilitator can redact them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from charter_app.core.amendments import Amendment
from charter_app.core.comment_fold import fold_comments
from charter_app.core.events import Event
from charter_app.core.mentions import mentioned
from charter_app.core.model import Participant
from charter_app.i18n import N_

Kind = Literal["comment", "reply", "rationale", "proposal", "workshop", "moderation", "decision"]

KIND_LABELS: dict[str, str] = {
    "comment": N_("Comment"),
    "reply": N_("Reply"),
    "rationale": N_("Amendment rationale"),
    "proposal": N_("Proposed text"),
    "workshop": N_("Workshop title or place"),
    "moderation": N_("Reason for hiding a comment"),
    "decision": N_("Deliberation reference"),
}


@dataclass(frozen=True)
class FreeText:
    """One text typed by a person."""

    kind: Kind
    reference: str
    """What it belongs to: a comment id, an amendment's number (or id), a workshop's number."""
    author: str
    """Who typed it (participant id)."""
    text: str
    redactable: bool = False
    """Whether a facilitator can replace it through an edit event (comments and replies)."""


@dataclass(frozen=True)
class Mention:
    """A free text that names participants."""

    text: FreeText
    participants: tuple[str, ...]
    """Ids of the participants it names (erased ones found by their name's fingerprint)."""


def free_texts(
    events: Sequence[Event],
    amendments: Iterable[Amendment],
    labels: Mapping[str, str] = {},
) -> list[FreeText]:
    """The free texts of ``events`` and ``amendments`` (``labels``: amendment id -> number)."""
    found: list[FreeText] = []
    board = fold_comments(events)
    for thread in board.threads:
        for comment in (thread.root, *thread.replies):
            if comment.retracted:
                continue
            kind: Kind = "comment" if comment.id == thread.id else "reply"
            found.append(FreeText(kind, comment.id, comment.author, comment.text, True))
            if comment.hidden and comment.hidden_reason:
                found.append(
                    FreeText("moderation", comment.id, comment.hidden_by, comment.hidden_reason)
                )
    for amendment in amendments:
        label = labels.get(amendment.id, amendment.id)
        found.append(FreeText("rationale", label, amendment.author, amendment.rationale))
        proposed = "\n".join(part for part in (amendment.title, amendment.body) if part)
        if proposed:
            found.append(FreeText("proposal", label, amendment.author, proposed))
    for event in events:
        if event.type == "workshop-start":
            where = "\n".join(
                str(event.get(key, "")) for key in ("title", "place") if event.get(key)
            )
            found.append(FreeText("workshop", str(event.get("number", "")), event.by, where))
        elif event.type == "decision" and event.get("ref"):
            label = str(event.get("label", "")) or labels.get(str(event.get("target", "")), "")
            found.append(FreeText("decision", label, event.by, str(event.get("ref"))))
    return [text for text in found if text.text.strip()]


def mentions_in(texts: Iterable[FreeText], participants: Iterable[Participant]) -> list[Mention]:
    """The texts that name one of ``participants`` (by name, or by fingerprint if erased)."""
    people = [p for p in participants if p.name or p.fingerprint]
    found = []
    for text in texts:
        named = mentioned(text.text, people)
        if named:
            found.append(Mention(text, tuple(p.id for p in named)))
    return found
