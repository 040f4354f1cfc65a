"""Filing what a document proposes (tracked changes, suggestions, comments): each amendment
and comment by its author, in one go; what cannot be filed is said, never dropped silently."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from charter_app.application.amendments import file_drafted
from charter_app.application.participants import add_authors
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core.amendments import AmendmentKind, draft_amendment
from charter_app.core.comments import new_comment, passage_for_quote
from charter_app.core.events import Event
from charter_app.core.model import Principle
from charter_app.diffing.anchoring import Selector
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.storage.textnorm import unwrap


class ProposedChange(Protocol):
    """An amendment a document proposes (``importing.suggestions.ProposedChange``)."""

    @property
    def kind(self) -> AmendmentKind: ...
    @property
    def number(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def body(self) -> str | None: ...
    @property
    def credits(self) -> tuple[str, ...]:
        """Other people whose tracked changes it holds (who deleted the words it replaces)."""
        ...


class ProposedComment(Protocol):
    """A comment a document holds (``importing.suggestions.ProposedComment``)."""

    @property
    def number(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> str: ...


@dataclass(frozen=True)
class NotAsProposed:
    """A proposal filed differently from what the document said, or not filed: why."""

    what: Literal["change", "comment"]
    message: str
    detail: str


@dataclass(frozen=True)
class Filed:
    """What was written: the amendment numbers, the number of comments, and what was not."""

    amendments: tuple[str, ...]
    comments: int
    not_as_proposed: tuple[NotAsProposed, ...] = ()

    def summary(self) -> str:
        """What was filed, in words (the app and the command line say the same)."""
        count = len(self.amendments)
        amendments = ngettext(
            "Filed {count} amendment ({labels}).", "Filed {count} amendments ({labels}).", count
        ).format(count=count, labels=", ".join(self.amendments) or "-")
        comments = ngettext(
            "Recorded {count} comment.", "Recorded {count} comments.", self.comments
        ).format(count=self.comments)
        return f"{amendments} {comments}"


def file_proposals(
    session: Session,
    by: str,
    changes: Sequence[ProposedChange],
    comments: Sequence[ProposedComment],
    rationale: str,
    authors: Mapping[str, str] | None = None,
) -> Written[Filed]:
    """File each change as a registered amendment against the current commit, by its author,
    and record the comments (on their passage when it is found, else on the whole principle).

    ``authors`` maps each name the document gives to a participant id ("" for ``by``); by
    default a name nobody has yet becomes a participant, registered by ``by``. Someone credited
    beside an amendment's author (who deleted the words it replaces) says so in a comment of
    theirs on it: events carry participant ids, never names.
    """
    with session.transaction(by) as transaction:
        names = [c.author for c in changes] + [c.author for c in comments]
        names += [name for change in changes for name in change.credits]
        ids = dict(authors) if authors is not None else add_authors(transaction, by, names)
        ids.setdefault("", by)
        charter = transaction.charter()
        base = transaction.repository.git.resolve("HEAD")
        by_number = {principle.number: principle for principle in charter.principles}
        labels: list[str] = []
        notes: list[NotAsProposed] = []
        for change in changes:
            principle = by_number[change.number]
            try:
                amendment = draft_amendment(
                    change.kind,
                    principle.id,
                    author=ids[change.author],
                    rationale=rationale,
                    base=base,
                    base_charter=charter,
                    current=charter,
                    title=change.title,
                    body=unwrap(change.body) if change.body is not None else None,
                )
            except ValidationError as error:
                notes.append(
                    NotAsProposed(
                        "change",
                        _("A change to principle {number} was not filed: {reason}").format(
                            number=change.number, reason=error
                        ),
                        change.body or change.title or "",
                    )
                )
                continue
            label = file_drafted(transaction, amendment).label
            labels.append(label)
            _credit(transaction, amendment.id, label, change.credits, ids)
        events_by_author: dict[str, list[Event]] = {}
        for proposed in comments:
            principle = by_number[proposed.number]
            author = ids[proposed.author]
            text, passage = proposed.text, None
            if proposed.quote:
                passage, text = _passage(proposed, principle, notes)
            event = new_comment(charter, author, principle.id, text, passage=passage, commit=base)
            events_by_author.setdefault(author, []).append(event)
        for author, events in events_by_author.items():
            transaction.record(events, _("Comments from an imported document"), author=author)
        count = sum(len(events) for events in events_by_author.values())
        return transaction.result(Filed(tuple(labels), count, tuple(notes)))


def _credit(
    transaction: Transaction,
    amendment_id: str,
    label: str,
    credits: Sequence[str],
    ids: Mapping[str, str],
) -> None:
    """A comment by each person credited on an amendment: they deleted the words it replaces."""
    charter = transaction.charter()
    for name in credits:
        person = ids.get(name)
        if not person or charter.participant(person) is None:
            continue
        event = new_comment(
            charter,
            person,
            amendment_id,
            _("In the imported document, I deleted the words this amendment replaces."),
            about="amendment",
            label=label,
        )
        transaction.record([event], _("Comments from an imported document"), author=person)


def _passage(
    proposed: ProposedComment, principle: Principle, notes: list[NotAsProposed]
) -> tuple[Selector | None, str]:
    """The comment's passage, or (None, the text quoting it) when it is not found."""
    try:
        passage = passage_for_quote(principle, proposed.quote, proposed.before, proposed.after)
    except ValidationError:
        notes.append(
            NotAsProposed(
                "comment",
                _(
                    "A comment's passage was not found in principle {number}: it is "
                    "recorded on the whole principle, quoting the passage."
                ).format(number=proposed.number),
                proposed.quote,
            )
        )
        return None, f"« {proposed.quote} » — {proposed.text}"
    return passage, proposed.text
