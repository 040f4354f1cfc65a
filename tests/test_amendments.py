"""Amendments in the core: lifecycle rules, numbers after offline merges, states, what-if."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from charter_app.core.amendment_state import (
    AmendmentStatus,
    Ledger,
    fold,
    lifecycle_event,
    renumber_events,
    transition,
)
from charter_app.core.amendments import (
    Amendment,
    AmendmentKind,
    TextState,
    apply_amendment,
    assess,
    draft_amendment,
)
from charter_app.core.events import Event
from charter_app.core.model import Charter, Participant, Principle, Role
from charter_app.core.whatif import text_states, what_if
from charter_app.errors import CharterError, NotFoundError, ValidationError

S = AmendmentStatus
BASE = "b" * 40
T0 = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)
AUTHOR = "p-3f9a1c"


# -- lifecycle -----------------------------------------------------------------------------------

ALLOWED = [
    (S.DRAFT, "register", S.REGISTERED),  # a draft gets its number
    (S.DRAFT, "withdraw", S.WITHDRAWN),  # its author abandons a draft
    (S.REGISTERED, "withdraw", S.WITHDRAWN),  # withdrawn before the vote
    (S.REGISTERED, "adopted", S.ADOPTED),  # the council adopts it
    (S.REGISTERED, "rejected", S.REJECTED),  # the council rejects it
    (S.REGISTERED, "fallen", S.FALLEN),  # an adopted rival made it pointless
    (S.REGISTERED, "not-moved", S.NOT_MOVED),  # nobody defended it in session
]

REFUSED = [
    (S.DRAFT, "adopted", "draft"),  # a draft has no number: it cannot be voted on
    (S.DRAFT, "rejected", "draft"),  # idem for a rejection
    (S.REGISTERED, "register", "already registered"),  # registered twice
    (S.ADOPTED, "adopted", "already been decided"),  # deciding an already-decided amendment
    (S.REJECTED, "adopted", "already been decided"),  # reversing a decision
    (S.ADOPTED, "withdraw", "already been decided"),  # withdrawing an adopted amendment
    (S.FALLEN, "withdraw", "already been decided"),  # withdrawing a fallen one
    (S.NOT_MOVED, "register", "already been decided"),  # re-registering after a decision
    (S.WITHDRAWN, "adopted", "withdrawn"),  # voting on a withdrawn amendment
    (S.WITHDRAWN, "withdraw", "withdrawn"),  # withdrawing twice
    (S.WITHDRAWN, "register", "withdrawn"),  # registering a withdrawn draft
    (S.REGISTERED, "postponed", "Unknown decision"),  # an outcome the format does not know
]


@pytest.mark.parametrize(("status", "action", "expected"), ALLOWED)
def test_allowed_transitions(status: S, action: str, expected: S) -> None:
    assert transition(status, action) is expected


@pytest.mark.parametrize(("status", "action", "fragment"), REFUSED)
def test_refused_transitions_say_why(status: S, action: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        transition(status, action)
    assert fragment in caught.value.message


# -- numbers folded from events ------------------------------------------------------------------


def amendment(amendment_id: str, **changes: object) -> Amendment:
    fields: dict[str, object] = {
        "id": amendment_id,
        "kind": AmendmentKind.MODIFY,
        "target": "p1",
        "base": BASE,
        "author": AUTHOR,
        "rationale": "why",
        "created": T0,
        "body": "text",
    }
    fields.update(changes)
    return Amendment(**fields)  # type: ignore[arg-type]


def event(event_id: str, type_: str, minutes: int, **data: str) -> Event:
    return Event(event_id, type_, T0 + timedelta(minutes=minutes), AUTHOR, dict(data))


def ids(n: int) -> list[str]:
    return [f"a-{k:012x}" for k in range(1, n + 1)]


def test_duplicate_number_earliest_keeps_it_and_the_other_takes_the_next_free() -> None:
    a, b, c = ids(3)
    events = [
        event("e-0000000000000002", "register", 5, target=b, number="A-7"),  # later claim
        event("e-0000000000000001", "register", 1, target=a, number="A-7"),  # earliest
        event("e-0000000000000003", "register", 2, target=c, number="A-8"),
    ]
    ledger = fold([amendment(x) for x in (a, b, c)], events)
    assert ledger.find(a).number == 7
    assert ledger.find(c).number == 8
    assert ledger.find(b).number == 9
    assert ledger.find(b).display == "A-9 (was A-7)"
    assert [(p.owner, p.old, p.new, p.kept_by) for p in ledger.pending] == [(b, 7, 9, a)]


def test_same_time_ties_are_broken_by_event_id_whatever_the_input_order() -> None:
    a, b = ids(2)
    first = event("e-00000000000000aa", "register", 0, target=b, number="A-1")
    second = event("e-00000000000000bb", "register", 0, target=a, number="A-1")
    for order in ([first, second], [second, first]):
        ledger = fold([amendment(a), amendment(b)], order)
        assert (ledger.find(b).number, ledger.find(a).number) == (1, 2)


def test_recorded_renumbering_is_final_and_a_second_copy_of_it_is_ignored() -> None:
    a, b, c = ids(3)
    registrations = [
        event("e-0000000000000001", "register", 1, target=a, number="A-7"),
        event("e-0000000000000002", "register", 2, target=b, number="A-7"),
    ]
    ledger = fold([amendment(a), amendment(b)], registrations)
    recorded = renumber_events(ledger, AUTHOR)
    assert [(e.get("from"), e.get("to"), e.get("reason")) for e in recorded] == [
        ("A-7", "A-8", "duplicate-number")
    ]
    # Recorded at minute 10; later another copy registers A-8, and a laptop that had not seen
    # the first renumbering records its own (stale) one.
    later = [
        *registrations,
        event("e-0000000000000005", "renumber", 10, target=b, **{"from": "A-7", "to": "A-8"}),
        event("e-0000000000000009", "register", 60, target=c, number="A-8"),
        event("e-000000000000000a", "renumber", 61, target=b, **{"from": "A-7", "to": "A-9"}),
    ]
    ledger = fold([amendment(a), amendment(b), amendment(c)], later)
    assert ledger.find(b).display == "A-8 (was A-7)"  # recorded first: it keeps A-8
    assert ledger.find(c).display == "A-9 (was A-8)"
    assert "e-000000000000000a" in ledger.find(b).ignored
    assert ledger.find("A-7").id == a


def test_invalid_event_from_another_copy_is_ignored_not_fatal() -> None:
    (a,) = ids(1)
    events = [
        event("e-0000000000000001", "register", 1, target=a, number="A-1"),
        event("e-0000000000000002", "withdraw", 2, target=a),
        event("e-0000000000000003", "decision", 3, target=a, outcome="adopted"),
    ]
    record = fold([amendment(a)], events).find("A-1")
    assert record.status is S.WITHDRAWN
    assert record.ignored == ("e-0000000000000003",)


def test_register_event_takes_the_next_number_and_refuses_a_second_registration() -> None:
    a, b = ids(2)
    ledger = fold([amendment(a), amendment(b)], [])
    first = lifecycle_event(ledger, a, "register", AUTHOR)
    assert first.get("number") == "A-1"
    ledger = fold([amendment(a), amendment(b)], [first])
    assert lifecycle_event(ledger, b, "register", AUTHOR).get("number") == "A-2"
    with pytest.raises(ValidationError):
        lifecycle_event(ledger, a, "register", AUTHOR)
    with pytest.raises(NotFoundError):
        Ledger(()).find("A-3")


def test_an_event_never_sorts_before_the_one_it_follows_within_the_same_second() -> None:
    (a,) = ids(1)
    registered = event("e-ffffffffffffffff", "register", 0, target=a, number="A-1")
    registered = Event(registered.id, registered.type, datetime.now(UTC) + timedelta(hours=1),
                       AUTHOR, registered.data)  # fmt: skip
    withdrawal = lifecycle_event(fold([amendment(a)], [registered]), a, "withdraw", AUTHOR)
    assert withdrawal.at > registered.at
    record = fold([amendment(a)], [withdrawal, registered]).find(a)
    assert (record.status, record.label, record.ignored) == (S.WITHDRAWN, "A-1", ())


# -- states against the current text -------------------------------------------------------------

PUBLISH = "Les données publiques sont publiées chaque année sur le site de la commune."
TWIN = "Les données publiques sont publiées chaque année sur le site de la commune, en ligne."
ACCESS = "Chaque service désigne un référent accessibilité."


def charter(*principles: Principle) -> Charter:
    return Charter(
        title="Charte",
        principles=principles,
        participants=(Participant(AUTHOR, "Camille", Role.RESIDENT),),
    )


def principle(body: str, principle_id: str = "p1", title: str = "Données") -> Principle:
    return Principle(principle_id, "1" if principle_id == "p1" else "2", title, body)


BASE_CHARTER = charter(principle(f"{PUBLISH}\n\n{TWIN}"), principle(ACCESS, "p2", "Accès"))


def modify(body: str | None = None, title: str | None = None, target: str = "p1") -> Amendment:
    return draft_amendment(
        "modify",
        target,
        author=AUTHOR,
        rationale="Plus souvent",
        base=BASE,
        base_charter=BASE_CHARTER,
        current=BASE_CHARTER,
        title=title,
        body=body,
    )


MONTHLY = modify(f"{PUBLISH.replace('chaque année', 'chaque mois')}\n\n{TWIN}")


def base_of(commit: str, principle_id: str) -> Principle | None:
    assert commit == BASE
    return BASE_CHARTER.principle(principle_id)


def test_clean_when_the_text_is_the_one_its_author_saw() -> None:
    result = assess(BASE_CHARTER, MONTHLY, base_of(BASE, "p1"))
    assert result.state is TextState.CLEAN
    new, change = apply_amendment(BASE_CHARTER, MONTHLY, BASE_CHARTER, number="A-1")
    assert new.principle("p1") == principle(MONTHLY.body or "")
    assert ("Charter-Amendment", "A-1") in change.trailers


def test_needs_update_when_another_paragraph_changed_and_the_merge_keeps_both() -> None:
    current = charter(principle(f"{PUBLISH}\n\n{TWIN} Elles sont libres."))
    result = assess(current, MONTHLY, base_of(BASE, "p1"))
    assert result.state is TextState.NEEDS_UPDATE
    assert (
        result.body
        == f"{PUBLISH.replace('chaque année', 'chaque mois')}\n\n{TWIN} Elles sont libres."
    )


def test_conflicting_when_the_same_words_changed_since() -> None:
    current = charter(principle(f"{PUBLISH.replace('chaque année', 'chaque semaine')}\n\n{TWIN}"))
    result = assess(current, MONTHLY, base_of(BASE, "p1"))
    assert result.state is TextState.CONFLICTING
    assert result.conflicts and "chaque année" in result.conflicts[0].base
    with pytest.raises(ValidationError):
        apply_amendment(current, MONTHLY, BASE_CHARTER)


def test_near_identical_sentence_elsewhere_never_receives_the_change() -> None:
    # The sentence the amendment changes was removed; its near twin is still there. A fuzzy
    # patch would put "chaque mois" into the twin. The merge must refuse instead.
    current = charter(principle(TWIN))
    result = assess(current, MONTHLY, base_of(BASE, "p1"))
    assert result.state is TextState.CONFLICTING
    assert result.body is None
    with pytest.raises(ValidationError):
        apply_amendment(current, MONTHLY, BASE_CHARTER)
    # Same sentence in another principle: untouched whatever happens to the target.
    elsewhere = charter(principle(TWIN), principle(PUBLISH, "p2", "Accès"))
    assert assess(elsewhere, MONTHLY, base_of(BASE, "p1")).state is TextState.CONFLICTING


@pytest.mark.parametrize(
    ("current", "why"),
    [
        (charter(principle(ACCESS, "p2", "Accès")), "target principle deleted"),
        (charter(principle(MONTHLY.body or "")), "its change is already in the text"),
    ],
)
def test_fallen(current: Charter, why: str) -> None:
    assert assess(current, MONTHLY, base_of(BASE, "p1")).state is TextState.FALLEN, why


def test_title_only_amendment_keeps_a_body_changed_since() -> None:
    retitled = modify(title="Données ouvertes")
    current = charter(principle(f"{PUBLISH}\n\nAutre texte."))
    result = assess(current, retitled, base_of(BASE, "p1"))
    assert (result.state, result.title, result.body) == (
        TextState.NEEDS_UPDATE,
        "Données ouvertes",
        f"{PUBLISH}\n\nAutre texte.",
    )


def test_insert_becomes_bis_and_delete_keeps_other_numbers() -> None:
    insert = draft_amendment(
        "insert", "p1", author=AUTHOR, rationale="Manque", base=BASE,
        base_charter=BASE_CHARTER, current=BASE_CHARTER, title="Sobriété", body="Moins.",
    )  # fmt: skip
    new, _change = apply_amendment(BASE_CHARTER, insert, BASE_CHARTER)
    assert [(p.number, p.title) for p in new.principles] == [
        ("1", "Données"),
        ("1 bis", "Sobriété"),
        ("2", "Accès"),
    ]
    delete = draft_amendment(
        "delete", "p1", author=AUTHOR, rationale="Redondant", base=BASE,
        base_charter=BASE_CHARTER, current=BASE_CHARTER,
    )  # fmt: skip
    new, change = apply_amendment(BASE_CHARTER, delete, BASE_CHARTER)
    assert [p.number for p in new.principles] == ["2"] and change.removed == ("p1",)


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "target", "rationale", "body", "fragment"),
    [
        ("modify", "p9", "why", "x", "no principle “p9”"),  # principle does not exist
        ("modify", "p1", "  ", "x", "rationale"),  # blank rationale
        ("modify", "p1", "why", f"{PUBLISH}\n\n{TWIN}", "identical"),  # changes nothing
        ("modify", "p1", "why", None, "proposed text"),  # proposes nothing at all
        ("insert", "p9", "why", "x", "no principle “p9”"),  # anchor does not exist
        ("delete", "p1", "why", "x", "proposes no text"),  # a deletion with a text
    ],
)
def test_bad_amendments_are_refused(
    kind: str, target: str, rationale: str, body: str | None, fragment: str
) -> None:
    with pytest.raises(CharterError) as caught:
        draft_amendment(
            kind, target, author=AUTHOR, rationale=rationale, base=BASE,
            base_charter=BASE_CHARTER, current=BASE_CHARTER, body=body,
            title="T" if kind == "insert" else None,
        )  # fmt: skip
    assert fragment in caught.value.message


def test_sub_amendment_replaces_the_parent_text() -> None:
    sub = draft_amendment(
        "sub", MONTHLY.id, author=AUTHOR, rationale="Trimestriel", base=BASE,
        base_charter=BASE_CHARTER, current=BASE_CHARTER, parent=MONTHLY,
        body=f"{PUBLISH.replace('chaque année', 'chaque trimestre')}\n\n{TWIN}",
    )  # fmt: skip
    new, _change = apply_amendment(BASE_CHARTER, sub, BASE_CHARTER, parent=MONTHLY)
    p1 = new.principle("p1")
    assert p1 is not None and "chaque trimestre" in p1.body and "chaque mois" not in p1.body
    with pytest.raises(ValidationError):  # a sub-amendment to a sub-amendment
        draft_amendment(
            "sub", sub.id, author=AUTHOR, rationale="x", base=BASE, base_charter=BASE_CHARTER,
            current=BASE_CHARTER, parent=sub, body="autre",
        )  # fmt: skip


def test_states_of_a_sub_amendment_follow_its_parent() -> None:
    sub = draft_amendment(
        "sub", MONTHLY.id, author=AUTHOR, rationale="x", base=BASE, base_charter=BASE_CHARTER,
        current=BASE_CHARTER, parent=MONTHLY, title="Publication",
    )  # fmt: skip
    registered = [
        event("e-0000000000000001", "register", 1, target=MONTHLY.id, number="A-1"),
        event("e-0000000000000002", "register", 2, target=sub.id, number="A-2"),
    ]
    states = text_states(BASE_CHARTER, fold([MONTHLY, sub], registered), base_of)
    assert states[sub.id].state is TextState.CLEAN
    withdrawn = [*registered, event("e-0000000000000003", "withdraw", 3, target=MONTHLY.id)]
    states = text_states(BASE_CHARTER, fold([MONTHLY, sub], withdrawn), base_of)
    assert states[sub.id].state is TextState.FALLEN


# -- what if -------------------------------------------------------------------------------------

WEEKLY = modify(f"{PUBLISH.replace('chaque année', 'chaque semaine')}\n\n{TWIN}")
REFERENT = modify(ACCESS.replace("un référent", "deux référents"), target="p2")


def test_what_if_applies_in_order_and_lists_the_conflicting_one() -> None:
    result = what_if(BASE_CHARTER, [MONTHLY, REFERENT, WEEKLY], base_of)
    assert result.applied == (MONTHLY.id, REFERENT.id)
    assert [(c.amendment, c.state, c.earlier) for c in result.conflicts] == [
        (WEEKLY.id, TextState.CONFLICTING, (MONTHLY.id,))
    ]
    p1, p2 = result.charter.principles
    assert "chaque mois" in p1.body and "chaque semaine" not in p1.body
    assert p2.body == "Chaque service désigne deux référents accessibilité."
    # The other order keeps the other one: the conflict is between them, not in either.
    reverse = what_if(BASE_CHARTER, [WEEKLY, MONTHLY], base_of)
    assert reverse.applied == (WEEKLY.id,)
    assert reverse.conflicts[0].amendment == MONTHLY.id
    assert BASE_CHARTER.principle("p1") == principle(f"{PUBLISH}\n\n{TWIN}")  # nothing mutated


def test_what_if_an_earlier_deletion_makes_a_later_amendment_fall() -> None:
    delete = draft_amendment(
        "delete", "p1", author=AUTHOR, rationale="Redondant", base=BASE,
        base_charter=BASE_CHARTER, current=BASE_CHARTER,
    )  # fmt: skip
    result = what_if(BASE_CHARTER, [delete, MONTHLY], base_of)
    assert result.applied == (delete.id,)
    assert result.conflicts[0].state is TextState.FALLEN
    assert result.conflicts[0].earlier == (delete.id,)
