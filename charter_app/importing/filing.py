"""Filing proposed amendments and comments in a charter repository, each by its author."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from charter_app.core.amendments import draft_amendment
from charter_app.core.comments import new_comment, passage_for_quote
from charter_app.core.events import Event
from charter_app.core.model import Role
from charter_app.core.operations import add_participant
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.importing.blocks import Issue, IssueKind
from charter_app.importing.suggestions import ProposedChange, ProposedComment
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.storage.textnorm import unwrap


@dataclass(frozen=True)
class Filed:
    """What was written: the amendment numbers, the number of comments, and what was not."""

    amendments: tuple[str, ...]
    comments: int
    issues: tuple[Issue, ...] = ()

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


def people_in(changes: Sequence[ProposedChange], comments: Sequence[ProposedComment]) -> list[str]:
    """Every name the proposals give: authors of changes and comments, and people credited
    beside an author (who deleted the words another reviewer replaced)."""
    names = [c.author for c in changes] + [c.author for c in comments]
    return names + [name for change in changes for name in change.credits]


def author_ids(
    repository: CharterRepository, caller: str, authors: Iterable[str]
) -> dict[str, str]:
    """The participant id of each suggestion's author, found by name (ignoring case); a name
    nobody has yet becomes a participant (a resident), saved by ``caller``. No author ("")
    is the caller."""
    charter = repository.load()
    ids = {"": caller}
    for name in sorted({name for name in authors if name}):
        known = [p.id for p in charter.participants if p.name.casefold() == name.casefold()]
        if known:
            ids[name] = known[0]
            continue
        charter, change, participant = add_participant(charter, name, Role.RESIDENT)
        repository.save(charter, change, caller)
        ids[name] = participant.id
    return ids


def file_proposals(
    repository: CharterRepository,
    changes: Sequence[ProposedChange],
    comments: Sequence[ProposedComment],
    participant_ids: Mapping[str, str],
    rationale: str,
) -> Filed:
    """File each change as a registered amendment against the current commit, and record the
    comments (anchored to their passage when it is found, else on the whole principle)."""
    charter = repository.load()
    base = repository.git.resolve("HEAD")
    by_number = {principle.number: principle for principle in charter.principles}
    book = AmendmentBook(repository)
    labels: list[str] = []
    issues: list[Issue] = []
    for change in changes:
        principle = by_number[change.number]
        try:
            amendment = draft_amendment(
                change.kind,
                principle.id,
                author=participant_ids[change.author],
                rationale=rationale,
                base=base,
                base_charter=charter,
                current=charter,
                title=change.title,
                body=unwrap(change.body) if change.body is not None else None,
            )
        except ValidationError as error:
            issues.append(
                Issue(
                    IssueKind.TRACKED_CHANGE,
                    _("A change to principle {number} was not filed: {reason}").format(
                        number=change.number, reason=error
                    ),
                    detail=change.body or change.title or "",
                )
            )
            continue
        _sha, record = book.file(amendment)
        labels.append(record.label)
        _credit(repository, amendment.id, record.label, change.credits, participant_ids)
    events_by_author: dict[str, list[Event]] = {}
    for proposed in comments:
        principle = by_number[proposed.number]
        author = participant_ids[proposed.author]
        text, passage = proposed.text, None
        if proposed.quote:
            try:
                passage = passage_for_quote(
                    principle, proposed.quote, proposed.before, proposed.after
                )
            except ValidationError:
                text = f"« {proposed.quote} » — {proposed.text}"
                issues.append(
                    Issue(
                        IssueKind.COMMENT,
                        _(
                            "A comment's passage was not found in principle {number}: it is "
                            "recorded on the whole principle, quoting the passage."
                        ).format(number=proposed.number),
                        detail=proposed.quote,
                    )
                )
        event = new_comment(charter, author, principle.id, text, passage=passage, commit=base)
        events_by_author.setdefault(author, []).append(event)
    for author, events in events_by_author.items():
        repository.record(events, author, _("Comments from an imported document"))
    count = sum(len(events) for events in events_by_author.values())
    return Filed(tuple(labels), count, tuple(issues))


def _credit(
    repository: CharterRepository,
    amendment_id: str,
    label: str,
    credits: Sequence[str],
    participant_ids: Mapping[str, str],
) -> None:
    """Credit the people whose deletions an amendment's replacement completes: a comment of
    theirs on the amendment says so (events carry participant ids, never names)."""
    charter = repository.load()
    for name in credits:
        person = participant_ids.get(name)
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
        repository.record([event], person, _("Comments from an imported document"))
