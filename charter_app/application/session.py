"""An open charter for the use cases: its repository, its one writer, its clock, its listeners.

Every write runs in :meth:`Session.transaction`: first this program's queue for the charter
(:mod:`charter_app.application.queue`), then the operating-system lock that keeps other programs
out (:mod:`charter_app.storage.write_lock`), then the session's clock; a write cut short earlier
is finished first (:mod:`charter_app.storage.interrupted`). Inside, a :class:`Transaction` reads
the charter as it is now on disk and commits. When it ends, every listener hears what changed.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from charter_app.application.queue import queue_for
from charter_app.application.written import Changed, Written
from charter_app.core import clock as clocks
from charter_app.core.events import Event
from charter_app.core.mentions import erased_mentioned
from charter_app.core.model import Charter
from charter_app.core.operations import Change
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext
from charter_app.storage import files
from charter_app.storage.interrupted import Recovery, recover
from charter_app.storage.repository import CharterRepository
from charter_app.storage.write_lock import WAIT_LIMIT_S, WriteLock

log = logging.getLogger(__name__)

T = TypeVar("T")
Listener = Callable[[Written[Any]], None]


class Session:
    """One open charter, written only through :meth:`transaction`."""

    def __init__(
        self,
        repository: CharterRepository,
        *,
        clock: clocks.Clock | None = None,
        wait_limit: float = WAIT_LIMIT_S,
    ) -> None:
        self.repository = repository
        self.path = repository.path
        self.clock = clock
        """The time its writes record; None: the caller's (the system clock by default)."""
        self.wait_limit = wait_limit
        self.on_wait: Callable[[], None] | None = None
        """Called (in the writing thread) when a write has to wait for another one."""
        self._queue = queue_for(self.path)
        self._lock = WriteLock(self.path)
        self.notices: list[str] = []
        """What opening did about a write cut short, in words."""
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()

    @classmethod
    def open(cls, path: Path | str, *, clock: clocks.Clock | None = None) -> Session:
        """Open the charter for writing; a write cut short earlier is dealt with now (unless
        another writer is busy), and :attr:`notices` says what was done."""
        session = cls(CharterRepository.open(path), clock=clock)
        session.notices = session.opening_work()
        return session

    def close(self) -> None:
        self.repository.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- listeners -------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` (in the writing thread) after every write; returns how to stop."""
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _tell(self, written: Written[Any]) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(written)
            except Exception:  # noqa: BLE001 - a broken listener must not undo a write
                log.exception("a listener failed after a write")

    # -- writing ---------------------------------------------------------------------------------

    @contextmanager
    def transaction(self, by: str | None = None) -> Iterator[Transaction]:
        """The charter's one writer, for one use case; ``by`` must be a participant."""
        with self._queue.turn(self.on_wait, self.wait_limit):
            self._lock.acquire(self.on_wait, self.wait_limit)
            try:
                with clocks.using(self.clock or clocks.current()):
                    recovery = recover(self.repository.git, everything=False)
                    transaction = Transaction(self, by, recovery)
                    yield transaction
            finally:
                self._lock.release()
        written = transaction.written
        if written is not None and (written.changed.anything or written.notices):
            self._tell(written)

    @contextmanager
    def reading(self, by: str | None = None) -> Iterator[Transaction]:
        """A transaction that only reads (a "what if" preview): no writer, no waiting."""
        with clocks.using(self.clock or clocks.current()):
            yield Transaction(self, by, Recovery(), read_only=True)

    def recover(self) -> Recovery | None:
        """Finish a write cut short, if no other writer is busy now (opening a charter)."""
        if not self._lock.try_acquire():
            return None
        try:
            with clocks.using(self.clock or clocks.current()):
                return recover(self.repository.git)
        finally:
            self._lock.release()

    def opening_work(self) -> list[str]:
        """What opening a charter does, if no other writer is busy now, in words: finish a
        write cut short (:mod:`charter_app.storage.interrupted`), move the names of a charter
        made before the registry out of its history, and apply the retention rule
        (:mod:`charter_app.application.opening`)."""
        if not self._lock.try_acquire():
            return []
        try:
            with clocks.using(self.clock or clocks.current()):
                notices = recovery_notices(recover(self.repository.git))
                # Imported here: the opening work reads amendments and versions, whose use
                # cases import this module.
                from charter_app.application.opening import registry_work

                return notices + registry_work(self.repository)
        finally:
            self._lock.release()


class Transaction:
    """One use case's reads and commits, inside the charter's one writer."""

    def __init__(
        self, session: Session, by: str | None, recovery: Recovery, read_only: bool = False
    ) -> None:
        self.session = session
        self.read_only = read_only
        self.repository = session.repository
        self.by = by
        self._charter: Charter | None = None
        self._events: list[Event] | None = None
        self._commits: list[str] = []
        self._summary = ""
        self._changed = Changed()
        self._recorded: list[Event] = []
        self._notices = recovery_notices(recovery)
        self.written: Written[Any] | None = None

    # -- reading (fresh from disk, once per transaction) ------------------------------------------

    def charter(self) -> Charter:
        if self._charter is None:
            self._charter = self.repository.load()
        return self._charter

    def events(self) -> list[Event]:
        if self._events is None:
            self._events = self.repository.events()
        return self._events

    def author(self) -> str:
        """Who is writing, checked against the registry (an erased participant cannot)."""
        if not self.by or self.charter().active_participant(self.by) is None:
            raise ValidationError(
                _("Unknown participant “{id}”.").format(id=self.by or ""),
                _("Choose who is writing, or add a participant first."),
            )
        return self.by

    # -- committing --------------------------------------------------------------------------------

    def save(
        self,
        charter: Charter,
        change: Change,
        message: str | None = None,
        author: str | None = None,
        trailers: Sequence[tuple[str, str]] = (),
    ) -> str | None:
        """Commit the charter files ``change`` names; None when they hold that already. The
        participants are not in the history: they replace the registry
        (:mod:`charter_app.storage.registry`), with no commit."""
        self._writable()
        who = author or self.author()
        if change.participants:
            if charter.active_participant(who) is None:
                raise ValidationError(
                    _("Unknown participant “{id}”.").format(id=who),
                    _("Choose who is writing, or add a participant first."),
                )
            if self.repository.store_participants(charter.participants):
                self._committed(None, message or change.summary, Changed(participants=True))
                self._charter = charter
            change = dataclasses.replace(change, participants=False)
        sha = self.repository.save(charter, change, who, message, extra_trailers=trailers)
        if sha is not None:
            self._committed(sha, message or change.summary, Changed.of_change(change))
            self._charter = charter
        return sha

    def store_participants(self, charter: Charter, summary: str) -> bool:
        """Replace the registry by ``charter``'s participants (an erasure); whether it
        changed."""
        self._writable()
        if not self.repository.store_participants(charter.participants):
            return False
        self._committed(None, summary, Changed(participants=True))
        self._charter = charter
        return True

    def record(
        self,
        new_events: Sequence[Event],
        message: str,
        trailers: Sequence[tuple[str, str]] = (),
        to_write: dict[str, bytes | None] | None = None,
        changed: Changed | None = None,
        author: str | None = None,
    ) -> str:
        """Commit ``new_events`` (and the files ``to_write``) in one commit."""
        self._writable()
        sha = self.repository.commit(
            author or self.author(), message, to_write or {}, trailers, new_events
        )
        extra = changed or Changed.of_paths(to_write or {})
        self._committed(sha, message, extra.plus(Changed(events=bool(new_events))))
        self._recorded += new_events
        if self._events is not None:
            self._events = [*self._events, *new_events]
        if to_write and any(path.startswith(files.PRINCIPLES_DIR) for path in to_write):
            self._charter = None
        return sha

    def _writable(self) -> None:
        if self.read_only:
            raise AssertionError("a reading transaction cannot write")

    def note(self, commit: str | None, message: str, changed: Changed) -> None:
        """Count what a storage operation of this transaction did (a sync, a merge, a tag):
        its new commit if it made one, and what it changed."""
        if commit is not None and commit not in self._commits:
            self._commits.append(commit)
        self._summary = message.split("\n", 1)[0]
        self._changed = self._changed.plus(changed)
        self._charter = None
        self._events = None

    def _committed(self, sha: str | None, message: str, changed: Changed) -> None:
        if sha is not None and sha not in self._commits:
            self._commits.append(sha)
        self._summary = message.split("\n", 1)[0]
        self._changed = self._changed.plus(changed)

    def tell(self, notice: str) -> None:
        self._notices.append(notice)

    def flag_erased_names(self, *texts: str | None) -> None:
        """Tell the writer when a text they record names a participant who was erased
        (found by the name's fingerprint, :mod:`charter_app.core.mentions`)."""
        people = self.charter().participants
        named = {p.id for text in texts if text for p in erased_mentioned(text, people)}
        if named:
            self.tell(
                _(
                    "This text seems to name a person who asked to be removed from the "
                    "charter ({ids}). Please take the name out (edit the text)."
                ).format(ids=", ".join(sorted(named)))
            )

    def result(self, value: T) -> Written[T]:
        """What the use case returns: ``value`` and what its commits changed."""
        written = Written(
            value,
            tuple(self._commits),
            self._summary,
            self._changed,
            tuple(self._recorded),
            tuple(self._notices),
        )
        self.written = written
        return written


def recovery_notices(recovery: Recovery) -> list[str]:
    """What to tell a person about a write cut short, in words."""
    notices = []
    if recovery.finished:
        notices.append(
            _("A save interrupted earlier (the computer stopped or the disk was full) was "
              "finished: it had been recorded, and the folder now shows it.")
        )  # fmt: skip
    if recovery.set_aside:
        notices.append(
            ngettext(
                "{count} contribution found in the folder had never been recorded (an "
                "interrupted save); it was kept aside in {folder} and is not listed.",
                "{count} contributions found in the folder had never been recorded (an "
                "interrupted save); they were kept aside in {folder} and are not listed.",
                len(recovery.set_aside),
            ).format(count=len(recovery.set_aside), folder=recovery.folder)
        )
    return notices
