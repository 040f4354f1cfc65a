"""The workshop companion's use cases: participants' phones join, send contributions (published
at once or held until the facilitator accepts them), and the facilitator revokes a phone.

Every contribution is written by the use cases every surface shares (comments, amendments,
positions, dots), as the participant the phone joined as, tagged with the running workshop: no
file or commit is composed here. What is not the charter's lives in a :class:`Companion`
(secrets, phones, receipts, the held queue), saved outside the repository at each change
(:mod:`charter_app.storage.companion_store`), so a restart keeps the session.

**Nothing doubled.** Each submission carries an idempotency key; a key already seen returns
its first receipt, even when the two arrive at the same moment (the second waits for the
first). A receipt is saved as *pending* before its write and *published* after it; if the
laptop stops in between, opening again looks for the contribution in the charter (same author,
kind, target and words, recorded after the receipt) and settles the receipt either way, so a
phone's retry neither loses nor doubles it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from charter_app.application import amendments, comments, workshops
from charter_app.application.companion_checks import check_payload, find_recorded
from charter_app.application.participants import participant_named
from charter_app.application.session import Session
from charter_app.application.snapshot import Snapshot, SnapshotCache
from charter_app.application.written import Written
from charter_app.core import clock
from charter_app.core.model import Role
from charter_app.core.workshops import Workshop
from charter_app.errors import NotFoundError, ValidationError
from charter_app.i18n import _
from charter_app.storage import companion_store

CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
"""Letters and digits nobody confuses on a projector (no O/0, I/1, B/8, S/5, G/6, Z/2)."""
CODE_LENGTH = 6
MAX_NAME_CHARS = 60
READ_AGE_S = 1.0
"""A phone's page may show writes made elsewhere up to a second late (its own at once)."""


class Moderation(StrEnum):
    PUBLISHED = "published"
    """Contributions are written as soon as they arrive."""
    HELD = "held"
    """Texts wait until the facilitator accepts them (positions and dots carry no text and
    are written at once)."""


class Kind(StrEnum):
    COMMENT = "comment"
    REPLY = "reply"
    AMENDMENT = "amendment"
    POSITION = "position"
    DOTS = "dots"


TEXT_KINDS = frozenset({Kind.COMMENT, Kind.REPLY, Kind.AMENDMENT})


class State(StrEnum):
    PENDING = "pending"
    """Being written now (or cut short by a stop: settled when the companion opens again)."""
    UNSENT = "unsent"
    """A write cut short that never reached the charter: the phone's retry writes it."""
    HELD = "held"
    PUBLISHED = "published"
    DECLINED = "declined"


@dataclass(frozen=True)
class Phone:
    """One phone that joined: who it writes as."""

    id: str
    secret_hash: str
    """SHA-256 of the secret its cookie holds (the secret itself is never saved)."""
    participant: str
    name: str
    role: str
    joined: str
    revoked: bool = False
    browser: str = ""
    """SHA-256 of the browser's own random value: a revoked phone cannot join again from it."""


@dataclass(frozen=True)
class Receipt:
    """What became of one submission (its idempotency key)."""

    key: str
    phone: str
    kind: str
    state: str
    at: str
    payload: Mapping[str, str] = field(default_factory=dict)
    """The submission as sent: kept, so nothing held, declined or cut short is lost."""
    ref: str = ""
    """The event or amendment id once written."""
    label: str = ""
    """What it is about, for people ("3", "A-2")."""
    problem: str = ""
    """Why it could not be written, in words."""


RECEIPT_FIELDS = tuple(f.name for f in fields(Receipt))
Listener = Callable[[], None]


class Companion:
    """The companion of one charter and one running workshop; thread-safe."""

    def __init__(self, session: Session, data: dict[str, Any], path: Path) -> None:
        self.session = session
        self.path = path
        self.snapshots = SnapshotCache(session.repository, max_age=READ_AGE_S)
        self.token: str = data["token"]
        self.code: str = data["code"]
        self.key: bytes = bytes.fromhex(data["key"])
        self.workshop_id: str = data["workshop"]
        self.facilitator: str = data["facilitator"]
        self.moderation = Moderation(data.get("moderation", Moderation.PUBLISHED))
        self.dots_open: bool = bool(data.get("dots_open", False))
        self.phones = {p["id"]: Phone(**p) for p in data.get("phones", [])}
        self.receipts = {r["key"]: Receipt(**r) for r in data.get("receipts", [])}
        self.version = int(data.get("version", 0))
        """Grows at every change of the companion's own state (phones, the held queue...)."""
        self._lock = threading.Condition()
        self._save_lock = threading.Lock()
        self._saved_version = -1
        self._listeners: list[Listener] = []
        self.closed = False
        self._saved_receipts: dict[str, tuple[Receipt, dict[str, Any]]] = {}
        self._written_at: dict[str, float] = {}
        """When each phone last wrote (``time.monotonic()``): its pages show its own write at
        once, while the others read a snapshot up to :data:`READ_AGE_S` old."""

    # -- opening and closing ----------------------------------------------------------------------

    @classmethod
    def open(
        cls, session: Session, by: str, moderation: Moderation | str | None = None
    ) -> Companion:
        """Open the phones' access to the workshop running now (``by`` facilitates); the
        session saved for this workshop is resumed (same link, same code, same phones)."""
        snapshot = SnapshotCache(session.repository).get()
        facilitator = snapshot.charter.participant(by)
        if facilitator is None:
            raise ValidationError(
                _("Unknown participant “{id}”.").format(id=by),
                _("Choose who is writing, or add a participant first."),
            )
        workshop = snapshot.register.current()
        if workshop is None:
            raise ValidationError(
                _("No workshop is running: phones can only join a workshop."),
                _("Start a workshop first (Workshop > Start a workshop, or “charter workshop "
                  "start”)."),
            )  # fmt: skip
        path = companion_store.state_path(session.path)
        data = companion_store.load(path)
        if data is None or data.get("workshop") != workshop.id:
            if data is not None:
                companion_store.close(path, _stamp().replace(":", ""))
            data = {
                "token": secrets.token_urlsafe(16),
                "code": "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH)),
                "key": secrets.token_hex(32),
                "workshop": workshop.id,
                "facilitator": by,
            }
        data["facilitator"] = by
        if moderation is not None:
            data["moderation"] = Moderation(moderation).value
        companion = cls(session, data, path)
        companion._settle_pending()
        companion.version += 1
        companion._flush()
        return companion

    def close(self) -> Path | None:
        """Stop: every link and cookie stops working. The state is kept aside (a text still
        waiting for the facilitator with it); where, or None."""
        with self._save_lock, self._lock:
            self.closed = True
            self._lock.notify_all()
            where = companion_store.close(self.path, _stamp().replace(":", ""))
        self._tell()
        return where

    @property
    def workshop(self) -> Workshop | None:
        """The workshop the phones write in, while it runs (None once it ended)."""
        workshop = self.snapshots.get().register.current()
        return workshop if workshop is not None and workshop.id == self.workshop_id else None

    def snapshot_for(self, phone: Phone) -> Snapshot:
        """What ``phone``'s pages show: its own writes at once, others' a second late at most."""
        return self.snapshots.get(newer_than=self._written_at.get(phone.id, 0.0))

    def check_open(self) -> None:
        if self.closed or self.workshop is None:
            raise ValidationError(
                _("The workshop is over: contributions from phones are closed."),
                _("Thank you for taking part. Keep your text if it was not sent."),
            )

    # -- listeners ---------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (in the changing thread) after every change of phones or held
        contributions; returns how to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _tell(self) -> None:
        for listener in list(self._listeners):
            listener()

    # -- secrets -----------------------------------------------------------------------------------

    def sign(self, *parts: str) -> str:
        """An HMAC of ``parts`` with the session's key (CSRF tokens, cookies)."""
        message = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def verify(self, signature: str, *parts: str) -> bool:
        return hmac.compare_digest(signature.encode("ascii", "replace"), self.sign(*parts).encode())

    def token_matches(self, token: str) -> bool:
        return hmac.compare_digest(token.encode("utf-8", "replace"), self.token.encode())

    def code_matches(self, code: str) -> bool:
        typed = "".join(code.split()).replace("-", "").upper()
        return hmac.compare_digest(typed.encode("utf-8", "replace"), self.code.encode())

    @property
    def code_display(self) -> str:
        return f"{self.code[:3]}-{self.code[3:]}"

    # -- phones ------------------------------------------------------------------------------------

    def phone(self, secret: str) -> Phone | None:
        """The phone whose cookie holds ``secret``, unless revoked (or the companion closed)."""
        if self.closed:
            return None
        wanted = _digest(secret)
        for phone in list(self.phones.values()):
            if hmac.compare_digest(phone.secret_hash, wanted) and not phone.revoked:
                return phone
        return None

    def barred(self, browser: str) -> bool:
        """Whether a phone revoked by the facilitator joined from this browser."""
        wanted = _digest(browser)
        return any(p.revoked and p.browser == wanted for p in list(self.phones.values()))

    def join(self, name: str, role: Role | str, browser: str = "") -> tuple[Phone, str]:
        """A phone joins as ``name`` (a pseudonym, or a name the facilitator registered) with
        ``role``: (the phone, the secret for its cookie)."""
        self.check_open()
        name = " ".join(name.split())
        if not name:
            raise ValidationError(_("Choose a pseudonym first."))
        if len(name) > MAX_NAME_CHARS:
            raise ValidationError(
                _("A pseudonym has at most {limit} characters.").format(limit=MAX_NAME_CHARS)
            )
        if role not in Role._value2member_map_:
            raise ValidationError(_("Choose your role in the list."))
        charter = self.snapshots.get().charter
        known = [p for p in charter.participants if p.name.casefold() == name.casefold()]
        with self._lock:
            claimed = {p.participant for p in self.phones.values()}
            if known and (known[0].id == self.facilitator or known[0].id in claimed):
                raise ValidationError(
                    _("The name “{name}” is already taken in this workshop.").format(name=name),
                    _("Choose another pseudonym."),
                )
        participant = participant_named(self.session, name, role).value
        secret = secrets.token_urlsafe(24)
        phone = Phone(
            id="ph-" + secrets.token_hex(4),
            secret_hash=_digest(secret),
            participant=participant.id,
            name=participant.name,
            role=participant.role.value,
            joined=_stamp(),
            browser=_digest(browser) if browser else "",
        )
        with self._lock:
            if participant.id in {p.participant for p in self.phones.values()}:
                raise ValidationError(
                    _("The name “{name}” is already taken in this workshop.").format(name=name),
                    _("Choose another pseudonym."),
                )
            self.phones[phone.id] = phone
            self._written_at[phone.id] = time.monotonic()
            self._changed()
        self._flush()
        return phone, secret

    def revoke(self, phone_id: str) -> Phone:
        """The facilitator revokes one phone: it can no longer read or send (what it sent
        stays; what it had waiting stays for the facilitator to decide)."""
        with self._lock:
            phone = self.phones.get(phone_id)
            if phone is None:
                raise NotFoundError(_("This phone is not connected."))
            phone = replace(phone, revoked=True)
            self.phones[phone_id] = phone
            self._changed()
        self._flush()
        return phone

    # -- the facilitator's settings ----------------------------------------------------------------

    def set_moderation(self, moderation: Moderation | str) -> None:
        with self._lock:
            self.moderation = Moderation(moderation)
            self._changed()
        self._flush()

    def set_dots_open(self, open_: bool) -> None:
        with self._lock:
            self.dots_open = open_
            self._changed()
        self._flush()

    # -- contributions -----------------------------------------------------------------------------

    def submit(
        self, phone: Phone, key: str, kind: Kind | str, payload: Mapping[str, str]
    ) -> Receipt:
        """Record a phone's contribution (or hold it), once per idempotency ``key``."""
        kind = Kind(kind)
        payload = {name: str(value) for name, value in payload.items()}
        label = None
        while True:
            with self._lock:
                seen = self._seen(key, phone)
                if seen is not None:
                    return seen
                if label is not None:  # checked below, and nobody took the key meanwhile
                    hold = self.moderation is Moderation.HELD and kind in TEXT_KINDS
                    receipt = Receipt(
                        key, phone.id, kind.value, State.HELD if hold else State.PENDING,
                        _stamp(), payload, label=label,
                    )  # fmt: skip
                    self.receipts[key] = receipt
                    self._changed()
                    break
            # Checking reads the charter: outside the lock, so other phones are not kept waiting.
            self.check_open()
            if kind is Kind.DOTS and not self.dots_open:
                raise ValidationError(
                    _("Dot voting is not open now."), _("Wait for the facilitator to open it.")
                )
            label = check_payload(self.snapshot_for(phone), kind, payload)
        self._flush()  # saved as pending before it is written: see _settle_pending
        if hold:
            return receipt
        return self._write(receipt, phone.participant)

    def settled(self, phone: Phone, key: str) -> Receipt | None:
        """The receipt of ``key`` when ``phone`` sent it already and nothing is left to do (a
        retry after the Wi-Fi dropped): answered at once, without waiting for the writer."""
        seen = self.receipts.get(key)
        if seen is None or seen.phone != phone.id or seen.state in (State.PENDING, State.UNSENT):
            return None
        return seen

    def _seen(self, key: str, phone: Phone) -> Receipt | None:
        """The receipt of ``key`` if it was sent already (waiting, inside the lock, while it
        is being written by another request); None when it must be written now."""
        while True:
            seen = self.receipts.get(key)
            if seen is not None and seen.phone != phone.id:
                raise ValidationError(_("This form was already sent from another phone."))
            if seen is None or seen.state == State.UNSENT:
                return None
            if seen.state != State.PENDING:
                return seen
            self._lock.wait(timeout=60)

    def accept(self, key: str) -> Receipt:
        """The facilitator accepts a held contribution: it is written as its author's."""
        with self._lock:
            receipt = self.receipts.get(key)
            if receipt is None or receipt.state != State.HELD:
                raise NotFoundError(_("This contribution is no longer waiting."))
            phone = self.phones[receipt.phone]
            receipt = replace(receipt, state=State.PENDING, problem="")
            self.receipts[key] = receipt
            self._changed()
        self._flush()
        try:
            return self._write(receipt, phone.participant)
        except Exception:
            with self._lock:
                self.receipts[key] = replace(receipt, state=State.HELD)
                self._changed()
            self._flush()
            raise

    def decline(self, key: str) -> Receipt:
        """The facilitator declines a held contribution: never written, its text kept here."""
        with self._lock:
            receipt = self.receipts.get(key)
            if receipt is None or receipt.state != State.HELD:
                raise NotFoundError(_("This contribution is no longer waiting."))
            receipt = replace(receipt, state=State.DECLINED)
            self.receipts[key] = receipt
            self._changed()
        self._flush()
        return receipt

    def held(self) -> list[Receipt]:
        # No lock: a copy of the values is taken at once, and the window's thread reads this.
        return [r for r in list(self.receipts.values()) if r.state == State.HELD]

    def mine(self, phone: Phone) -> list[Receipt]:
        return [r for r in list(self.receipts.values()) if r.phone == phone.id]

    def _write(self, receipt: Receipt, participant: str) -> Receipt:
        try:
            written = write_contribution(
                self.session, participant, Kind(receipt.kind), receipt.payload
            )
        except Exception:
            with self._lock:
                self.receipts.pop(receipt.key, None)
                self._changed()
            self._flush()
            raise
        self._written_at[receipt.phone] = time.monotonic()
        done = replace(receipt, state=State.PUBLISHED, ref=_ref_of(written))
        with self._lock:
            self.receipts[receipt.key] = done
            self._changed()
        self._flush()
        return done

    def _settle_pending(self) -> None:
        """After a stop: each receipt left pending is published if its write reached the
        charter, else unsent (the phone's retry writes it)."""
        pending = [r for r in self.receipts.values() if r.state == State.PENDING]
        if not pending:
            return
        snapshot = self.snapshots.get()
        for receipt in pending:
            phone = self.phones.get(receipt.phone)
            found = (
                find_recorded(self.session.repository, snapshot, phone.participant, receipt)
                if phone is not None
                else None
            )
            self.receipts[receipt.key] = replace(
                receipt, state=State.PUBLISHED if found else State.UNSENT, ref=found or ""
            )

    # -- saving ------------------------------------------------------------------------------------

    def _changed(self) -> None:
        """Inside the lock: the state moved (:meth:`_flush` saves it once the lock is free)."""
        self.version += 1
        self._lock.notify_all()

    def _flush(self) -> None:
        """Save the state as it is now, outside the lock (other phones and the window keep
        reading meanwhile), unless a later save did already; then tell the listeners."""
        with self._save_lock:
            with self._lock:
                fresh = not self.closed and self.version > self._saved_version
                state, version = (self._state(), self.version) if fresh else ({}, 0)
            if fresh:
                companion_store.save(self.path, state)
                self._saved_version = version
        self._tell()

    def _state(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "code": self.code,
            "key": self.key.hex(),
            "workshop": self.workshop_id,
            "facilitator": self.facilitator,
            "moderation": self.moderation.value,
            "dots_open": self.dots_open,
            "version": self.version,
            "phones": [asdict(p) for p in self.phones.values()],
            "receipts": [self._saved_receipt(r) for r in self.receipts.values()],
        }

    def _saved_receipt(self, receipt: Receipt) -> dict[str, Any]:
        """``receipt`` as saved: made once per receipt (they are immutable, replaced when they
        change), since the whole state is saved twice for every contribution of the room."""
        cached = self._saved_receipts.get(receipt.key)
        if cached is None or cached[0] is not receipt:
            saved = {name: getattr(receipt, name) for name in RECEIPT_FIELDS}
            cached = self._saved_receipts[receipt.key] = (
                receipt,
                {**saved, "payload": dict(receipt.payload)},
            )
        return cached[1]


def write_contribution(
    session: Session, by: str, kind: Kind, payload: Mapping[str, str]
) -> Written[Any]:
    """Write one contribution through the use case every surface shares."""
    text = payload.get("text", "")
    if kind is Kind.COMMENT:
        target = payload["target"]
        if payload.get("about") == "amendment":
            return comments.comment_on_amendment(session, by, target, text)
        quote = payload.get("quote") or None
        return comments.comment_on_principle(
            session, by, target, text, quote=quote,
            before=payload.get("before", ""), after=payload.get("after", ""),
        )  # fmt: skip
    if kind is Kind.REPLY:
        return comments.reply(session, by, payload["target"], text)
    if kind is Kind.AMENDMENT:
        return amendments.file_amendment(
            session, by, "modify", payload["target"],
            rationale=payload.get("rationale", ""), body=text,
        )  # fmt: skip
    if kind is Kind.POSITION:
        return comments.take_position(session, by, payload["target"], payload["position"])
    return workshops.place_dots(session, by, payload["target"], int(payload.get("count", "1")))


def _ref_of(written: Written[Any]) -> str:
    value = written.value
    ref = getattr(value, "id", None)
    if isinstance(ref, str):
        return ref
    return written.events[-1].id if written.events else ""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def _stamp() -> str:
    now: datetime = clock.now()
    return now.isoformat(timespec="seconds")
