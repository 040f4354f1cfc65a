"""Comments and supports folded from events: threads, edits, retractions, moderation, positions."""

from __future__ import annotations

import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from charter_app.core import comments as core
from charter_app.core.events import Event
from charter_app.core.model import Charter, Participant, Principle, Role
from charter_app.core.supports import Position, fold_supports, new_support
from charter_app.errors import NotFoundError, ValidationError

RESIDENT, ELECTED, STAFF, OTHER = "p-000001", "p-000002", "p-000003", "p-000004"
BODY = (
    "La commune garantit à chaque habitant un accès égal aux services numériques publics.\n"
    "Elle publie ses données. Elle publie ses données."
)
CHARTER = Charter(
    title="Charte",
    principles=(Principle("acces", "1", "Accès", BODY),),
    participants=(
        Participant(RESIDENT, "Claire", Role.RESIDENT),
        Participant(ELECTED, "Jean", Role.ELECTED),
        Participant(STAFF, "Sophie", Role.STAFF),
        Participant(OTHER, "Lili", Role.RESIDENT),
    ),
)
T0 = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)


def at(event: Event, minutes: int) -> Event:
    """The same event, dated ``minutes`` after T0 (so tests control the order)."""
    return Event(event.id, event.type, T0 + timedelta(minutes=minutes), event.by, event.data)


def board(*events: Event) -> core.CommentBoard:
    return core.fold_comments(events)


def test_a_comment_with_replies_edits_and_resolution() -> None:
    comment = at(core.new_comment(CHARTER, RESIDENT, "acces", "Trop vague."), 0)
    state = board(comment)
    reply = at(core.new_reply(CHARTER, state, ELECTED, comment.id, "Précisons."), 1)
    state = board(comment, reply)
    answer = at(core.new_reply(CHARTER, state, RESIDENT, reply.id[:8], "Merci."), 2)
    edit = at(core.new_edit(CHARTER, state, RESIDENT, comment.id, "Trop vague : qui ?"), 3)
    state = board(comment, reply, answer, edit)
    resolve = at(core.new_resolution(CHARTER, state, STAFF, comment.id), 4)
    # Any order of arrival gives the same threads.
    events = [comment, reply, answer, edit, resolve]
    random.Random(7).shuffle(events)
    (thread,) = board(*events).threads
    assert thread.root.text == "Trop vague : qui ?"
    assert thread.root.original_text == "Trop vague."
    assert thread.root.edits == 1
    assert [r.text for r in thread.replies] == ["Précisons.", "Merci."]
    assert thread.replies[1].in_reply_to == reply.id
    assert thread.resolved and thread.resolved_by == STAFF
    assert thread.passage is None


def test_edits_in_the_same_second_follow_the_previous_chain() -> None:
    comment = core.new_comment(CHARTER, RESIDENT, "acces", "v1")
    first = core.new_edit(CHARTER, board(comment), RESIDENT, comment.id, "v2")
    second = core.new_edit(CHARTER, board(comment, first), RESIDENT, comment.id, "v3")
    # Same timestamp; ids are random, so only the chain can tell which came last.
    same = [Event(e.id, e.type, T0, e.by, e.data) for e in (comment, first, second)]
    for _ in range(5):
        random.shuffle(same)
        assert board(*same).threads[0].root.text == "v3"


def test_only_the_author_edits_or_retracts_and_retraction_is_final() -> None:
    comment = at(core.new_comment(CHARTER, RESIDENT, "acces", "Mon avis."), 0)
    state = board(comment)
    with pytest.raises(ValidationError):
        core.new_edit(CHARTER, state, ELECTED, comment.id, "Autre avis.")
    forged = at(Event.create("edit", ELECTED, None, target=comment.id, text="Forgé."), 1)
    retract = at(core.new_retraction(CHARTER, state, RESIDENT, comment.id), 2)
    late_edit = at(Event.create("edit", RESIDENT, None, target=comment.id, text="Après."), 3)
    folded = board(comment, forged, retract, late_edit)
    view = folded.threads[0].root
    assert view.retracted and view.shown_text() is None
    assert view.text == "Après."  # recorded, but a retracted comment is never shown
    assert [i.reason for i in folded.ignored] == ["not-the-author"]
    with pytest.raises(ValidationError):
        core.new_edit(CHARTER, folded, RESIDENT, comment.id, "Encore.")


def test_hiding_is_for_facilitators_and_keeps_the_reason() -> None:
    comment = at(core.new_comment(CHARTER, RESIDENT, "acces", "Propos déplacé."), 0)
    state = board(comment)
    with pytest.raises(ValidationError):
        core.new_moderation(CHARTER, state, ELECTED, comment.id, "hors sujet")
    with pytest.raises(ValidationError):
        core.new_moderation(CHARTER, state, STAFF, comment.id, "  ")
    hide = at(core.new_moderation(CHARTER, state, STAFF, comment.id, "hors sujet"), 1)
    view = board(comment, hide).threads[0].root
    assert view.hidden and view.hidden_reason == "hors sujet" and view.hidden_by == STAFF
    assert view.shown_text() is None
    assert view.shown_text(facilitator=True) == "Propos déplacé."
    unhide = at(core.new_moderation(CHARTER, board(comment, hide), STAFF, comment.id, "", False), 2)
    assert not board(comment, hide, unhide).threads[0].root.hidden


@pytest.mark.parametrize(
    ("make", "error"),
    [
        # A principle that does not exist.
        (lambda: core.new_comment(CHARTER, RESIDENT, "nope", "Texte"), NotFoundError),
        # An empty comment.
        (lambda: core.new_comment(CHARTER, RESIDENT, "acces", "  \n "), ValidationError),
        # Someone not in participants.yaml.
        (lambda: core.new_comment(CHARTER, "p-ffffff", "acces", "Texte"), ValidationError),
        # A reply to an unknown comment.
        (lambda: core.new_reply(CHARTER, board(), RESIDENT, "e-1234", "Oui"), NotFoundError),
        # A prefix too short to name a comment.
        (lambda: core.new_reply(CHARTER, board(), RESIDENT, "e-1", "Oui"), NotFoundError),
    ],
)
def test_bad_requests_are_refused_with_a_typed_error(make: object, error: type) -> None:
    with pytest.raises(error) as raised:
        make()  # type: ignore[operator]
    assert raised.value.message  # a sentence a participant can read


def test_passages_are_checked_when_the_comment_is_made() -> None:
    principle = CHARTER.principles[0]
    with pytest.raises(ValidationError, match="does not contain"):
        core.passage_for_quote(principle, "accès universel")
    with pytest.raises(ValidationError, match="2 times"):
        core.passage_for_quote(principle, "Elle publie ses données.")
    second = core.passage_for_quote(principle, "Elle publie ses données.", before="données. ")
    assert second.start == BODY.rindex("Elle publie")
    event = core.new_comment(CHARTER, RESIDENT, "acces", "Laquelle ?", passage=second, commit="c")
    thread = board(event).threads[0]
    assert thread.passage is not None
    assert thread.passage.selector == second and thread.passage.commit == "c"


def test_anchors_follow_the_current_text_and_orphans_stay_listed() -> None:
    principle = CHARTER.principles[0]
    passage = core.passage_for_quote(principle, "un accès égal aux services")
    on_passage = core.new_comment(
        CHARTER, RESIDENT, "acces", "Égal ?", passage=passage, commit="c1"
    )
    whole = core.new_comment(CHARTER, ELECTED, "acces", "Bien.")
    edited = CHARTER.principles[0].with_changes(body="Préambule. " + BODY)
    charter = Charter(title="Charte", principles=(edited,), participants=CHARTER.participants)
    anchors = core.anchor_threads(
        board(on_passage, whole).threads, charter, lambda pid, commit: BODY
    )
    assert anchors[on_passage.id] is not None
    assert anchors[on_passage.id].state == "anchored"  # type: ignore[union-attr]
    assert anchors[whole.id] is None
    gone = Charter(title="Charte", principles=(), participants=CHARTER.participants)
    anchors = core.anchor_threads(board(on_passage, whole).threads, gone, lambda p, c: BODY)
    assert {a.state for a in anchors.values() if a} == {"orphaned"}


def test_find_accepts_a_unique_prefix_with_or_without_e() -> None:
    comment = core.new_comment(CHARTER, RESIDENT, "acces", "Un avis.")
    state = board(comment)
    assert state.find(comment.id[2:8]).id == comment.id
    assert state.find(comment.id[:8].upper()).id == comment.id


# -- supports ---------------------------------------------------------------------------------


def test_latest_position_counts_and_totals_by_role() -> None:
    first = at(new_support(CHARTER, RESIDENT, "a-000000000001"), 0)
    tallies = fold_supports([first], CHARTER.participants)
    changed = at(
        new_support(
            CHARTER, RESIDENT, "a-000000000001", Position.OPPOSE, current=tallies["a-000000000001"]
        ),
        1,
    )
    others = [
        at(new_support(CHARTER, ELECTED, "a-000000000001"), 2),
        at(new_support(CHARTER, OTHER, "a-000000000001", "neutral"), 3),
    ]
    tally = fold_supports([changed, *others, first], CHARTER.participants)["a-000000000001"]
    assert tally.totals() == {Position.SUPPORT: 1, Position.OPPOSE: 1, Position.NEUTRAL: 1}
    by_role = tally.by_role()
    assert by_role["resident"] == {Position.SUPPORT: 0, Position.OPPOSE: 1, Position.NEUTRAL: 1}
    assert by_role["elected"][Position.SUPPORT] == 1
    assert set(by_role) >= {"resident", "elected", "association", "business", "staff"}


def test_a_change_of_mind_in_the_same_second_follows_the_chain() -> None:
    target = "a-000000000002"
    events: list[Event] = []
    for position in ("support", "oppose", "support", "oppose"):
        current = fold_supports(events, CHARTER.participants).get(target)
        event = new_support(CHARTER, RESIDENT, target, position, current=current)
        events.append(Event(event.id, event.type, T0, event.by, event.data))
    for _ in range(5):
        random.shuffle(events)
        tally = fold_supports(events, CHARTER.participants)[target]
        assert tally.positions == {RESIDENT: Position.OPPOSE}


def test_supports_on_comments_and_erased_participants() -> None:
    comment = core.new_comment(CHARTER, RESIDENT, "acces", "Un avis.")
    state = board(comment)
    support = new_support(CHARTER, ELECTED, comment.id[:8], about="comment", board=state)
    assert support.data["target"] == comment.id
    erased = Charter(title="Charte", participants=CHARTER.participants[:1])
    tally = fold_supports([support], erased.participants)[comment.id]
    assert tally.about == "comment"
    assert tally.by_role()["unknown"][Position.SUPPORT] == 1
    with pytest.raises(ValidationError):
        new_support(CHARTER, ELECTED, "a-000000000001", "maybe")


def test_folded_records_are_what_their_constructors_make() -> None:
    """The fold builds its records without their generated __init__ (core/records.py): each
    must still hold exactly its fields, equal to the constructor's."""
    from dataclasses import fields

    from charter_app.core.comment_threads import CommentView, Passage, Thread
    from charter_app.diffing.anchoring import Selector, make_selector

    text = "Chaque habitant a accès aux services publics numériques."
    people = (Participant("p-000001", "Camille", Role.RESIDENT),)
    charter = Charter("T", principles=(Principle("a", "1", "A", text),), participants=people)
    first = core.new_comment(
        charter, "p-000001", "a", "Lesquels ?", passage=make_selector(text, 27, 35), commit="c0"
    )
    reply = Event.create("reply", "p-000002", target=first.id, text="Tous.")
    board = core.fold_comments([first, reply])
    (thread,) = board.threads
    records = [thread, thread.root, *thread.replies, thread.passage, thread.passage.selector]
    kinds = (Thread, CommentView, CommentView, Passage, Selector)
    for record, kind in zip(records, kinds, strict=True):
        assert set(vars(record)) == {f.name for f in fields(kind)}
        assert kind(**vars(record)) == record


def test_folding_the_same_events_again_gives_the_same_board_and_a_change_is_seen() -> None:
    comment = at(core.new_comment(CHARTER, RESIDENT, "acces", "Trop vague."), 0)
    first = board(comment)
    assert board(comment) is first  # unchanged events: the last board, not a second fold
    copy = Event(comment.id, comment.type, comment.at, comment.by, dict(comment.data))
    assert board(copy) is first  # equal events read again from their files
    edit = at(core.new_edit(CHARTER, first, RESIDENT, comment.id, "Trop vague : qui ?"), 1)
    edited = board(comment, edit)
    assert edited is not first
    assert edited.threads[0].root.text == "Trop vague : qui ?"
    changed = Event(
        comment.id, comment.type, comment.at, comment.by, {**comment.data, "text": "Autre."}
    )
    assert board(changed).threads[0].root.text == "Autre."
    assert board(comment).threads[0].root.text == "Trop vague."


def test_reading_and_folding_comments_loads_no_diff_engine() -> None:
    """A process that shows comments (the phone companion, ``charter comment list``) folds them
    without the word diff, its diff library or its worker processes: they load when a passage's
    text changed."""
    code = (
        "import sys\n"
        "from charter_app.storage.repository import CharterRepository\n"
        "from charter_app.core.comments import fold_comments\n"
        "fold_comments([])\n"
        "unwanted = {'diff_match_patch', 'multiprocessing', 'charter_app.diffing.paragraphs'}\n"
        "print(sorted(set(sys.modules) & unwanted))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
