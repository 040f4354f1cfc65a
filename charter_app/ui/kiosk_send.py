"""Sending a quick-capture contribution: the checks, the participant, the comment or amendment."""

from __future__ import annotations

from dataclasses import replace

from charter_app.core.amendments import AmendmentKind, draft_amendment
from charter_app.core.comments import new_comment
from charter_app.core.operations import add_participant
from charter_app.core.workshops import running_workshop_label, tag_with_running_workshop
from charter_app.errors import CharterError
from charter_app.i18n import _, number
from charter_app.storage.amendments import AmendmentBook
from charter_app.ui.kiosk_draft import AMENDMENT, MAX_CHARS, Draft


class KioskSendMixin:
    """Part of :class:`~charter_app.ui.kiosk.KioskWindow`: what "Send and hand over" does."""

    _prefilled: str | None

    def _check(self, draft: Draft) -> str | None:
        """The message for what is missing or too long; None when the form can be sent."""
        if not " ".join(draft.name.split()):
            return _("Type your name or a pseudonym first (or choose it in the list).")
        if not draft.text.strip():
            if draft.kind == AMENDMENT:
                return _("Write the new wording of the principle before sending.")
            return _("Type your comment before sending: the text is empty.")
        for text in (draft.text, draft.rationale):
            if len(text) > MAX_CHARS:
                return _("Your text has {count} characters; the limit is {limit}. Shorten it "
                         "before sending.").format(count=number(len(text)),
                                                   limit=number(MAX_CHARS))  # fmt: skip
        if draft.kind == AMENDMENT and not draft.rationale.strip():
            return _("Say why (rationale): an amendment needs one.")
        if not draft.principle:
            return _("Choose the principle you write about.")
        return None

    def send(self) -> bool:
        draft = self.draft()
        problem = self._check(draft)
        if problem is not None:
            self._say(problem, error=True)
            return False
        repository = self.document.repository
        try:
            author, name = self._participant(draft)
            workshop = running_workshop_label(repository.events())
            if draft.kind == AMENDMENT:
                recorded = self._send_amendment(draft, author, workshop)
            else:
                recorded = self._send_comment(draft, author)
        except CharterError as error:
            self._say(f"{error.message} {error.hint}".strip(), error=True)
            return False
        self.recorded.append(recorded)
        self._journal_discard()
        self._prefilled = None
        self.set_draft(Draft(principle=draft.principle))
        self._fill()
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(draft.principle)))
        self._say(
            _("Thank you, {name}: your contribution is recorded. Hand over to the next person.")
            .format(name=name)
        )  # fmt: skip
        self.name_combo.setFocus()
        return True

    def _participant(self, draft: Draft) -> tuple[str, str]:
        """(participant id, name) of the person at the keyboard, registered if they are new."""
        repository = self.document.repository
        charter = repository.load()
        name = " ".join(draft.name.split())
        known = [p for p in charter.participants if p.name.casefold() == name.casefold()]
        if known:
            return known[0].id, known[0].name
        saved, change, participant = add_participant(charter, name, draft.role)
        repository.save(saved, change, participant.id, change.summary)
        self.added_participants = True
        # Keep the window's copies in step, so its next save does not drop the newcomer.
        self.document.saved_charter = replace(
            self.document.saved_charter, participants=saved.participants
        )
        self.document.charter = replace(self.document.charter, participants=saved.participants)
        return participant.id, participant.name

    def _send_comment(self, draft: Draft, author: str) -> str:
        repository = self.document.repository
        charter = repository.load()
        event = new_comment(charter, author, draft.principle, draft.text)
        event = tag_with_running_workshop(event, repository.events())
        principle = charter.principle(draft.principle)
        number = principle.number if principle else draft.principle
        repository.record(
            [event],
            author,
            _("Comment on principle {number}").format(number=number),
            [("Charter-Principle", draft.principle), ("Charter-Event", event.id)],
        )
        return event.id

    def _send_amendment(self, draft: Draft, author: str, workshop: str | None) -> str:
        repository = self.document.repository
        book = AmendmentBook(repository)
        current = repository.load()
        base = book.resolve_base("HEAD")
        amendment = draft_amendment(
            AmendmentKind.MODIFY,
            draft.principle,
            author=author,
            rationale=draft.rationale,
            base=base,
            base_charter=repository.load(base),
            current=current,
            body=draft.text,
            workshop=workshop,
        )
        _sha, _record = book.file(amendment)
        return amendment.id
