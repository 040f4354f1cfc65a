"""Use cases of a workshop: start and end it, a show of hands, dots placed on priorities.

Workshop events carry their number; two laptops that started workshops offline renumber them
when they merge, and the first write after that makes the renumbering permanent (the pending
``renumber`` events are committed with it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from charter_app.application.amendments import ledger_of
from charter_app.application.comments import principle_named
from charter_app.application.session import Session, Transaction
from charter_app.application.written import Written
from charter_app.core import dots as dots_core
from charter_app.core import workshops as core
from charter_app.core.events import Event
from charter_app.errors import NotFoundError
from charter_app.i18n import _


def _record(
    transaction: Transaction,
    events: Sequence[Event],
    message: str,
    trailers: Sequence[tuple[str, str]] = (),
) -> None:
    """Commit ``events`` with any pending workshop renumbering (so numbers stop moving)."""
    register = core.fold_workshops(transaction.events())
    pending = core.renumber_events(register, transaction.author())
    transaction.record([*pending, *events], message, trailers)


def start_workshop(
    session: Session,
    by: str,
    title: str,
    *,
    day: str | None = None,
    place: str = "",
    attendance: Mapping[str, int] | None = None,
    participants: Sequence[str] = (),
    dots: int = core.DEFAULT_DOTS,
    message: str | None = None,
) -> Written[core.Workshop]:
    """Start a workshop (``by`` facilitates it): everything captured until it ends is tagged
    with its number."""
    with session.transaction(by) as transaction:
        register = core.fold_workshops(transaction.events())
        event = core.new_start(
            transaction.charter(),
            register,
            transaction.author(),
            title,
            day=day,
            place=place,
            attendance=attendance,
            participants=participants,
            dots=dots,
        )
        label = str(event.get("number"))
        subject = _("Workshop {number} starts: {title}").format(
            number=label, title=event.get("title")
        )
        _record(transaction, [event], message or subject)
        transaction.flag_erased_names(str(event.get("title", "")), str(event.get("place", "")))
        started = core.fold_workshops(transaction.events()).get(event.id)
        assert started is not None
        return transaction.result(started)


def end_workshop(
    session: Session, by: str, reference: str | None = None, message: str | None = None
) -> Written[Event]:
    """End the running workshop (or the one ``reference`` names)."""
    with session.transaction(by) as transaction:
        register = core.fold_workshops(transaction.events())
        event = core.new_end(transaction.charter(), register, transaction.author(), reference)
        subject = _("Workshop {number} ends").format(number=event.workshop)
        _record(transaction, [event], message or subject)
        return transaction.result(event)


def record_tally(
    session: Session,
    by: str,
    amendment: str,
    votes_for: int | str,
    against: int | str,
    abstain: int | str = 0,
    message: str | None = None,
) -> Written[Event]:
    """A show of hands on an amendment in the running workshop (a second one replaces it)."""
    with session.transaction(by) as transaction:
        record = ledger_of(transaction).find(amendment)
        register = core.fold_workshops(transaction.events())
        event = core.new_tally(
            transaction.charter(), register, transaction.author(), record.id, record.label,
            votes_for, against, abstain,
        )  # fmt: skip
        subject = _("Show of hands on {number} in {workshop}: {for_}-{against}-{abstain}").format(
            number=record.label,
            workshop=event.workshop,
            for_=votes_for,
            against=against,
            abstain=abstain,
        )
        _record(transaction, [event], message or subject, [("Charter-Amendment", record.label)])
        return transaction.result(event)


def place_dots(
    session: Session, by: str, target: str, count: int = 1, message: str | None = None
) -> Written[tuple[int, int]]:
    """Place ``count`` of ``by``'s dots on a principle (id or number) or an amendment
    (``A-3``); a negative count takes dots back. The value: (dots left, budget)."""
    with session.transaction(by) as transaction:
        charter, events = transaction.charter(), transaction.events()
        register = core.fold_workshops(events)
        about: dots_core.DotAbout = "principle"
        label = ""
        principle = principle_named(charter, target)
        if principle is not None:
            target_id = principle.id
        elif target.strip().lower().startswith("a-"):
            record = ledger_of(transaction).find(target)
            target_id, label, about = record.id, record.label, "amendment"
        else:
            raise NotFoundError(
                _("There is no principle or amendment “{reference}”.").format(reference=target),
                _("Give a principle id or number, or an amendment number such as A-3."),
            )
        author = transaction.author()
        event = dots_core.new_placement(
            charter, events, register, author, target_id, count, about=about, label=label
        )
        subject = _("Dots: {count} on {target}").format(count=count, target=label or target_id)
        _record(transaction, [event], message or subject)
        events = transaction.events()
        left = dots_core.dots_left(events, core.fold_workshops(events), author)
        return transaction.result(left)
