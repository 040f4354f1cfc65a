"""Sending a quick-capture contribution: the checks, the participant, the comment or amendment."""

from __future__ import annotations

from charter_app.application.amendments import file_amendment
from charter_app.application.comments import comment_on_principle
from charter_app.application.participants import participant_named
from charter_app.application.session import Session
from charter_app.application.written import Changed, Written
from charter_app.core.amendments import AmendmentKind
from charter_app.core.model import Participant
from charter_app.i18n import _, number
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
        written = self.feature.window.operations.run_now(
            lambda session: send_draft(session, draft), failed=self._refused
        )
        if written is None:
            return False
        recorded, participant, registered = written.value
        if registered:
            self.added_participants = True
        self.recorded.append(recorded)
        self._journal_discard()
        self._prefilled = None
        self.set_draft(Draft(principle=draft.principle))
        self._fill()
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(draft.principle)))
        self._say(
            _("Thank you, {name}: your contribution is recorded. Hand over to the next person.")
            .format(name=participant.name)
        )  # fmt: skip
        self.name_combo.setFocus()
        return True

    def _refused(self, error: BaseException) -> None:
        message = getattr(error, "message", str(error))
        hint = getattr(error, "hint", "")
        self._say(f"{message} {hint}".strip(), error=True)


def send_draft(session: Session, draft: Draft) -> Written[tuple[str, Participant, bool]]:
    """Off the UI thread: the person at the keyboard (registered if new), then their comment
    or amendment; (what was recorded, who, whether they were registered now)."""
    before = {p.id for p in session.repository.load().participants}
    participant = participant_named(session, draft.name, draft.role).value
    if draft.kind == AMENDMENT:
        written = file_amendment(
            session,
            participant.id,
            AmendmentKind.MODIFY,
            draft.principle,
            rationale=draft.rationale,
            body=draft.text,
        )
        recorded = written.value.id
    else:
        event = comment_on_principle(session, participant.id, draft.principle, draft.text)
        written, recorded = event, event.value.id
    return Written(
        (recorded, participant, participant.id not in before),
        written.commits,
        written.summary,
        written.changed.plus(Changed(participants=participant.id not in before)),
        written.events,
        written.notices,
    )
