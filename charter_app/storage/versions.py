"""The council's writes: decisions on amendments, adoptions as one commit, and adopted versions.

:class:`Council` is what the CLI and the UI use. A decision is one commit holding its event; an
adoption is one commit holding the principle changes *and* the decision events, or nothing at
all when any amendment of the selection conflicts. An adopted version is an annotated tag,
optionally signed (:mod:`charter_app.storage.signing`, :mod:`charter_app.storage.version_tags`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from charter_app.core.amendment_state import (
    AmendmentRecord,
    AmendmentStatus,
    Ledger,
    fold,
    renumber_events,
)
from charter_app.core.decisions import (
    Decision,
    Outcome,
    adoption_conflict,
    check_can_decide,
    combined_change,
    decision_event,
    decision_trailers,
)
from charter_app.core.model import Charter
from charter_app.core.operations import Change, renumber_charter
from charter_app.core.revision import Signature
from charter_app.core.versions import (
    Version,
    check_version_name,
    parse_version_message,
    version_message,
)
from charter_app.errors import ValidationError
from charter_app.i18n import N_, _
from charter_app.storage import events as events_store
from charter_app.storage import files
from charter_app.storage.amendments import AMENDMENTS_DIR, AmendmentBook, parse_amendment
from charter_app.storage.git import GitRepository
from charter_app.storage.repository import CharterRepository
from charter_app.storage.signing import (
    SIGN_TIMEOUT_S,
    VERIFY_TIMEOUT_S,
    SigningSetup,
    sign_payload,
    user_global_config,
    user_signing_setup,
    verify_tag_object,
)
from charter_app.storage.version_tags import create_signed_tag, tag_objects

__all__ = [
    "CHARTER_PATHS",
    "OUTCOME_SUBJECTS",
    "SIGN_TIMEOUT_S",
    "VERIFY_TIMEOUT_S",
    "Adoption",
    "Council",
    "SigningSetup",
    "charter_files",
    "sign_payload",
    "tag_objects",
    "user_global_config",
    "user_signing_setup",
    "verify_tag_object",
]

CHARTER_PATHS = (files.CHARTER_FILE, files.PARTICIPANTS_FILE, files.PRINCIPLES_DIR)
"""What must match HEAD before the council writes: the text it decides on is the saved one."""


@dataclass(frozen=True)
class Adoption:
    """What adopting a selection did (or, for a dry run, would do)."""

    commit: str | None
    """The new commit; None for a dry run."""
    adopted: tuple[str, ...]
    """The amendments' numbers, in the council's order."""
    change: Change
    charter: Charter
    """The charter with the amendments applied."""


class Council:
    """Decisions and adopted versions of one charter repository."""

    def __init__(self, repository: CharterRepository) -> None:
        self.repository = repository
        self.book = AmendmentBook(repository)

    # -- decisions --------------------------------------------------------------------------------

    def decide(
        self, reference: str, decision: Decision, by: str, workshop: str | None = None
    ) -> tuple[str, AmendmentRecord]:
        """Record ``decision`` on one amendment; adopting it also applies its text (one commit)."""
        if decision.outcome is Outcome.ADOPTED:
            adoption = self.adopt([(reference, decision)], by, workshop)
            assert adoption.commit is not None
            record = self.book.ledger().find(reference)
            return adoption.commit, record
        charter = self.repository.load()
        _require_participant(charter, by)
        ledger = self.book.ledger()
        record = ledger.find(reference)
        event = decision_event(ledger, record, decision, by, workshop)
        outcome = _(OUTCOME_SUBJECTS[decision.outcome])
        sha = self.repository.record(
            [*renumber_events(ledger, by, workshop), event],
            by,
            outcome.format(number=record.label),
            [("Charter-Amendment", record.label), ("Charter-Decision", decision.trailer)],
        )
        updated = self.book.ledger().get(record.id)
        assert updated is not None
        return sha, updated

    def adopt(
        self,
        selection: Sequence[tuple[str, Decision]],
        by: str,
        workshop: str | None = None,
        dry_run: bool = False,
    ) -> Adoption:
        """Adopt amendments in the given order, as one commit: each applied by a 3-way merge
        from its base onto the text the earlier ones left, then its decision recorded.

        If any cannot be applied, nothing is written and :class:`AdoptionConflictError` says which
        and shows both texts.
        """
        if not selection:
            raise ValidationError(_("Name the amendments to adopt, e.g. A-1,A-4."))
        self._require_saved()
        charter = self.repository.load()
        _require_participant(charter, by)
        ledger = self.book.ledger()
        records = [ledger.find(reference) for reference, _decision in selection]
        seen: set[str] = set()
        for record, (_reference, decision) in zip(records, selection, strict=True):
            if record.id in seen:
                raise ValidationError(
                    _("Amendment {number} is named twice.").format(number=record.label)
                )
            seen.add(record.id)
            if decision.outcome is not Outcome.ADOPTED:
                raise ValueError("adopt() only records adoptions")
            check_can_decide(record, Outcome.ADOPTED)
        result, _ledger = self.book.preview([record.id for record in records], charter)
        labels = {record.id: record.label for record in ledger.records}
        if result.conflicts:
            raise adoption_conflict(result.conflicts, labels)
        numbers = tuple(record.label for record in records)
        summary = _("Adopt amendments {numbers}").format(numbers=", ".join(numbers))
        if len(numbers) == 1:
            summary = _("Adopt amendment {number}").format(number=numbers[0])
        change = combined_change(result.changes, summary)
        if dry_run:
            return Adoption(None, numbers, change, result.charter)
        new_events = renumber_events(ledger, by, workshop)
        new_events += [
            decision_event(ledger, record, decision, by, workshop)
            for record, (_reference, decision) in zip(records, selection, strict=True)
        ]
        to_write = charter_files(result.charter, change)
        for event in new_events:
            path = events_store.event_path(event)
            if (self.repository.path / path).exists() or path in to_write:
                raise ValidationError(_("This event is already recorded."))
            to_write[path] = events_store.serialise_event(event)
        trailers = decision_trailers(
            result.changes, [(record.label, decision) for record, (_r, decision) in
                             zip(records, selection, strict=True)]
        )  # fmt: skip
        trailers.append(("Charter-Participant", by))
        trailers += sorted({("Charter-Workshop", e.workshop) for e in new_events if e.workshop})
        body = "\n".join(c.summary for c in result.changes)
        sha = self.repository.git.commit_files(
            to_write, f"{summary}\n\n{body}", Signature.for_participant(by), trailers
        )
        return Adoption(sha, numbers, change, result.charter)

    def _require_saved(self) -> None:
        changed = self.repository.git.status(CHARTER_PATHS)
        if changed:
            raise ValidationError(
                _("The charter has unsaved changes ({paths}).").format(
                    paths=", ".join(sorted(changed))
                ),
                _("Save or discard them first: the council decides on the saved text."),
            )

    # -- versions ---------------------------------------------------------------------------------

    def adopt_version(
        self,
        name: str,
        by: str,
        ref: str,
        when: date | None = None,
        renumber: bool = False,
        sign: bool = False,
    ) -> Version:
        """Tag the current text as the adopted version ``name`` (annotated tag).

        With ``renumber``, "3 bis" numbers become whole numbers first, in one commit. With
        ``sign``, the tag is signed with the user's own key (see the module docstring).
        """
        existing = [tag.name for tag in self.repository.tags()]
        check_version_name(name, existing)
        setup = user_signing_setup(self.repository.git) if sign else None
        if setup is not None:
            setup.require_key()
        self._require_saved()
        charter = self.repository.load()
        _require_participant(charter, by)
        if self.repository.git.head() is None:
            raise ValidationError(_("The charter has no saved text to adopt yet."))
        if renumber:
            renumbered, change = renumber_charter(charter)
            if change.principles:
                message = _("Renumber the principles before adopting {name}").format(name=name)
                self.repository.save(renumbered, change, by, message)
                charter = renumbered
        head = self.repository.git.resolve("HEAD")
        amendments = self._adopted_since_last_version(head)
        message = version_message(name, charter.title, when or date.today(), ref, amendments)
        tagger = Signature.for_participant(by)
        if setup is None:
            self.repository.git.create_tag(name, head, message, tagger)
        else:
            create_signed_tag(self.repository.git, name, head, message, tagger, setup)
        return next(v for v in self.versions() if v.name == name)

    def _adopted_since_last_version(self, head: str) -> list[str]:
        """Numbers of amendments adopted at ``head`` whose decision no earlier version holds."""
        git = self.repository.git
        ledger = _ledger_at(git, head)
        earlier: set[str] = set()
        for tag in self.repository.tags():
            earlier.update(
                path.rsplit("/", 1)[-1]
                for path in git.list_tree(tag.target, events_store.EVENTS_DIR)
            )
        return [
            record.label
            for record in ledger.records
            if record.status is AmendmentStatus.ADOPTED
            and record.outcome_event is not None
            and f"{record.outcome_event}.yaml" not in earlier
        ]

    def versions(self) -> list[Version]:
        """Every adopted version (annotated tag), oldest first, with its signature checked."""
        raw = tag_objects(self.repository.git)
        config = user_global_config(self.repository.git)
        found = []
        for tag in self.repository.tags():
            if tag.name not in raw:
                continue  # a lightweight tag is not an adopted version
            fields = parse_version_message(tag.message)
            tagged = tag.tagged_at.date().isoformat() if tag.tagged_at else ""
            found.append(
                Version(
                    tag.name,
                    tag.target,
                    fields.date or tagged,
                    fields.ref,
                    fields.amendments,
                    tag.tagger,
                    tag.tagged_at,
                    verify_tag_object(raw[tag.name], config),
                )
            )
        return found


OUTCOME_SUBJECTS: dict[Outcome, str] = {
    Outcome.ADOPTED: N_("Amendment {number} adopted"),
    Outcome.REJECTED: N_("Amendment {number} rejected"),
    Outcome.WITHDRAWN: N_("Amendment {number} withdrawn"),
    Outcome.FALLEN: N_("Amendment {number} has fallen"),
    Outcome.NOT_MOVED: N_("Amendment {number} not moved"),
}
"""Commit subjects of decisions (translated when used)."""


def _require_participant(charter: Charter, by: str) -> None:
    if charter.participant(by) is None:
        raise ValidationError(
            _("Unknown participant “{id}”.").format(id=by),
            _("Choose who is writing, or add a participant first."),
        )


def charter_files(charter: Charter, change: Change) -> dict[str, bytes | None]:
    """The files ``change`` names, as :meth:`CharterRepository.save` writes them."""
    to_write: dict[str, bytes | None] = {}
    if change.meta:
        to_write[files.CHARTER_FILE] = files.serialise_charter_meta(charter)
    if change.participants:
        to_write[files.PARTICIPANTS_FILE] = files.serialise_participants(charter.participants)
    for principle_id in change.principles:
        principle = charter.principle(principle_id)
        if principle is not None:
            to_write[files.principle_path(principle_id)] = files.serialise_principle(principle)
    for principle_id in change.removed:
        to_write[files.principle_path(principle_id)] = None
    return to_write


def _ledger_at(git: GitRepository, commit: str) -> Ledger:
    """The amendments' statuses as committed at ``commit`` (not the working tree)."""
    amendments = [
        parse_amendment(data, path)
        for path, data in git.read_tree(commit, AMENDMENTS_DIR).items()
        if path.endswith(".yaml")
    ]
    contents = git.read_tree(commit, events_store.EVENTS_DIR)
    return fold(amendments, events_store.events_from_contents(contents, git.path))
