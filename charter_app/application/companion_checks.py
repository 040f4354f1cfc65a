"""What the companion checks before it holds or writes a phone's contribution, and how it finds
one that a stop cut short: both read the :class:`~charter_app.application.snapshot.Snapshot`."""

from __future__ import annotations

import unicodedata
from collections.abc import MutableMapping
from datetime import datetime
from typing import TYPE_CHECKING

from charter_app.application.comments import principle_named
from charter_app.application.snapshot import Snapshot
from charter_app.core.amendment_state import AmendmentRecord, AmendmentStatus
from charter_app.core.comment_passages import passage_for_quote
from charter_app.core.comments import MAX_COMMENT_CHARS
from charter_app.core.supports import Position
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _, number
from charter_app.storage.repository import CharterRepository

if TYPE_CHECKING:
    from charter_app.application.companion import Kind, Receipt

MAX_QUOTE_CHARS = 2_000
MAX_DOTS_AT_ONCE = 10


def clean(text: str) -> str:
    """A text as the charter stores it (NFC, LF line ends, no surrounding blanks)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _text(payload: MutableMapping[str, str], name: str, empty: str, limit: int) -> str:
    text = clean(payload.get(name, ""))
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        raise ValidationError(
            _("Your text has {count} characters; the limit is {limit}. Shorten it before "
              "sending.").format(count=number(len(text)), limit=number(limit))
        )  # fmt: skip
    payload[name] = text
    return text


def _amendment(snapshot: Snapshot, reference: str) -> AmendmentRecord:
    record = snapshot.ledger.find(reference)
    if record.status is not AmendmentStatus.REGISTERED:
        raise ValidationError(_("Amendment {number} is no longer under discussion.").format(
            number=record.label))  # fmt: skip
    return record


def check_payload(snapshot: Snapshot, kind: Kind, payload: MutableMapping[str, str]) -> str:
    """Refuse, in words, what could not be written; clean the texts in place. The label of
    what the contribution is about ("3", "A-2")."""
    from charter_app.application.companion import Kind

    target = payload.get("target", "").strip()
    payload["target"] = target
    if kind in (Kind.COMMENT, Kind.REPLY):
        _text(payload, "text", _("Type your comment before sending: the text is empty."),
              MAX_COMMENT_CHARS)  # fmt: skip
    if kind is Kind.REPLY:
        comment = snapshot.board.find(target)
        if comment.shown_text() is None:
            raise ValidationError(_("This comment is no longer shown: it cannot be answered."))
        thread = snapshot.board.thread(comment.id)
        return thread.target if thread is not None else ""
    principle = principle_named(snapshot.charter, target)
    amendment = principle is None and target.lower().startswith("a-")
    payload["about"] = "amendment" if amendment or kind is Kind.POSITION else "principle"
    if kind is Kind.POSITION or (kind is Kind.COMMENT and amendment):
        record = _amendment(snapshot, target)
        payload["target"] = record.id
        if kind is Kind.POSITION and payload.get("position") not in Position._value2member_map_:
            raise ValidationError(_("Choose support, oppose or neutral."))
        return record.label
    if kind is Kind.DOTS:
        try:
            count = int(payload.get("count", "1"))
        except ValueError:
            count = 0
        if count == 0 or abs(count) > MAX_DOTS_AT_ONCE:
            raise ValidationError(_("Place between 1 and {limit} dots at a time.").format(
                limit=MAX_DOTS_AT_ONCE))  # fmt: skip
        payload["count"] = str(count)
        if amendment:
            record = _amendment(snapshot, target)
            payload["target"] = record.id
            return record.label
    if principle is None:
        raise NotFoundError(_("This principle is no longer in the charter."),
                            _("Go back to the charter and choose it again."))  # fmt: skip
    payload["target"] = principle.id
    if kind is Kind.AMENDMENT:
        _text(payload, "text", _("Write the new wording of the principle before sending."),
              MAX_COMMENT_CHARS)  # fmt: skip
        _text(payload, "rationale", _("Say why (rationale): an amendment needs one."),
              MAX_COMMENT_CHARS)  # fmt: skip
    quote = clean(payload.get("quote", ""))
    payload["quote"] = quote
    if kind is Kind.COMMENT and quote:
        if len(quote) > MAX_QUOTE_CHARS:
            raise ValidationError(_("Select a shorter passage (at most {limit} characters).")
                                  .format(limit=number(MAX_QUOTE_CHARS)))  # fmt: skip
        passage_for_quote(principle, quote, payload.get("before", ""), payload.get("after", ""))
    return principle.number


def find_recorded(
    repository: CharterRepository, snapshot: Snapshot, participant: str, receipt: Receipt
) -> str | None:
    """The id of the event or amendment a receipt left pending became, if it is in the
    charter (same author, kind, target and words, recorded after the receipt)."""
    from charter_app.application.companion import Kind

    since = datetime.fromisoformat(receipt.at)
    payload = receipt.payload
    kind = Kind(receipt.kind)
    if kind is Kind.AMENDMENT:
        for record in snapshot.ledger.records:
            amendment = record.amendment
            if (amendment.author == participant and amendment.created >= since
                    and (amendment.body or "").strip() == payload.get("text")):  # fmt: skip
                return record.id
        return None
    wanted = {
        Kind.COMMENT: ("comment", "text", payload.get("text")),
        Kind.REPLY: ("reply", "text", payload.get("text")),
        Kind.POSITION: ("support", "position", payload.get("position")),
        Kind.DOTS: ("dot", "count", payload.get("count")),
    }[kind]
    for event in reversed(snapshot.events):
        if event.at < since:
            break
        if (event.by == participant and event.type == wanted[0]
                and str(event.get(wanted[1])) == wanted[2]
                and event.get("target") == payload.get("target")):  # fmt: skip
            return event.id
    return None
