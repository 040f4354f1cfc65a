"""The quick-capture draft: the form as typed, journaled so nothing typed is lost."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from charter_app import paths
from charter_app.core.comments import MAX_COMMENT_CHARS
from charter_app.core.model import Role
from charter_app.errors import CharterError
from charter_app.storage.journal import Journal

MAX_CHARS = MAX_COMMENT_CHARS
"""Longest text accepted (20,000 characters, as a comment may be)."""
JOURNAL_KEY = "kiosk:draft"
JOURNAL_INTERVAL_MS = 3000
COMMENT, AMENDMENT = "comment", "amendment"


def kiosk_journal(charter_path) -> Journal:
    """The kiosk's own journal (apart from the editor's, whose recovery would discard it)."""
    return Journal(charter_path, base_dir=paths.recovery_dir() / "kiosk")


@dataclass(frozen=True)
class Draft:
    """The form as typed, journaled as JSON."""

    name: str = ""
    role: str = Role.RESIDENT.value
    kind: str = COMMENT
    principle: str = ""
    text: str = ""
    rationale: str = ""
    paragraph: str = ""
    """The paragraph a comment is about ("2": the second), "" for the whole principle."""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.text.strip() or self.rationale.strip())


class KioskJournalMixin:
    """Part of :class:`~charter_app.ui.kiosk.KioskWindow`: the draft read from and written to
    the kiosk's journal, and offered back after a stop."""

    def offer_draft(self) -> None:
        """Offer back what was typed when quick capture last stopped without being left."""
        try:
            entries = [e for e in self.journal.pending() if e.key == JOURNAL_KEY]
        except CharterError:
            entries = []
        draft = _draft_of(entries[-1].text) if entries else None
        self._offered = draft
        self.restore_box.setVisible(draft is not None)
        if draft is not None:
            self.restore_button.setFocus()

    def restore_draft(self) -> None:
        if self._offered is not None:
            self.set_draft(self._offered)
        self._offered = None
        self.restore_box.hide()
        self.text_edit.setFocus()

    def discard_draft(self) -> None:
        self._offered = None
        self.restore_box.hide()
        self._journal_discard()
        self.name_combo.setFocus()

    def draft(self) -> Draft:
        return Draft(
            self.name_combo.currentText(),
            str(self.role_combo.currentData()),
            AMENDMENT if self.amendment_radio.isChecked() else COMMENT,
            str(self.principle_combo.currentData() or ""),
            self.text_edit.toPlainText(),
            self.rationale_edit.toPlainText(),
            self.chosen_paragraph(),
        )

    def set_draft(self, draft: Draft) -> None:
        self.name_combo.setEditText(draft.name)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(draft.role)))
        self.principle_combo.setCurrentIndex(max(0, self.principle_combo.findData(draft.principle)))
        (self.amendment_radio if draft.kind == AMENDMENT else self.comment_radio).setChecked(True)
        self.text_edit.setPlainText(draft.text)
        self.rationale_edit.setPlainText(draft.rationale)
        self.show_paragraphs(draft.paragraph)

    def write_journal(self) -> None:
        draft = self.draft()
        try:
            if draft.empty or self._offered is not None:
                if self._offered is None:
                    self.journal.discard(JOURNAL_KEY)
                return
            self.journal.save(JOURNAL_KEY, json.dumps(asdict(draft), ensure_ascii=False), "")
        except CharterError as error:
            self._say(error.message, error=True)

    def _journal_discard(self) -> None:
        try:
            self.journal.discard(JOURNAL_KEY)
        except CharterError as error:
            self._say(error.message, error=True)


def _draft_of(text: str) -> Draft | None:
    try:
        data = json.loads(text)
        draft = Draft(**{k: str(v) for k, v in data.items() if k in Draft.__dataclass_fields__})
    except (ValueError, TypeError, AttributeError):
        return None
    return None if draft.empty else draft
