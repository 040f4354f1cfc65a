"""The domain of the right to be forgotten on toy values: merging registries by id, names and
fingerprints found in free text, redaction, the retention rule's days, and the notice."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charter_app.core.mentions import fingerprint, mentioned, mentions, name_spans, redacted
from charter_app.core.model import Charter, Participant, Role
from charter_app.core.participants import name_of, names_by_id
from charter_app.core.privacy_notice import privacy_notice
from charter_app.core.registry import erase, merge_registries, newly_erased, tombstone
from charter_app.core.retention import Adoption, add_months, due, last_seen, schedule
from charter_app.errors import ValidationError
from charter_app.export.anonymity import names_in
from charter_app.export.blocks import Heading, Paragraph, text
from charter_app.export.document import Document
from charter_app.i18n import set_language

CAMILLE = Participant("p-000001", "Camille Martin", Role.RESIDENT, "Club", registered="2026-01-05")
SOPHIE = Participant("p-000002", "Sophie", Role.STAFF)
LEA = Participant("p-000003", "Léa", Role.ELECTED)


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


# -- erasing and merging --------------------------------------------------------------------------


def test_a_tombstone_keeps_the_role_and_nothing_of_the_name() -> None:
    gone = tombstone(CAMILLE, "2026-04-02", SOPHIE.id)
    assert (gone.name, gone.organisation, gone.role) == ("", "", Role.RESIDENT)
    assert gone.is_erased and "Camille" not in gone.fingerprint
    charter = Charter("C", participants=(gone, SOPHIE))
    assert name_of(charter, CAMILLE.id) == "Removed participant (Resident, p-000001)"
    assert charter.active_participant(CAMILLE.id) is None
    assert charter.active_participants == (SOPHIE,)


def test_only_a_facilitator_erases_and_only_once() -> None:
    charter = Charter("C", participants=(CAMILLE, SOPHIE, LEA))
    with pytest.raises(ValidationError, match="Only a facilitator"):
        erase(charter, CAMILLE.id, LEA.id, "2026-04-02")
    erased, gone = erase(charter, CAMILLE.id, SOPHIE.id, "2026-04-02")
    assert [p.id for p in erased.participants] == [CAMILLE.id, SOPHIE.id, LEA.id]  # in place
    with pytest.raises(ValidationError, match="already erased"):
        erase(erased, CAMILLE.id, SOPHIE.id, "2026-04-03")
    with pytest.raises(ValidationError, match="Unknown participant"):
        erase(charter, "p-999999", SOPHIE.id, "2026-04-02")
    assert gone.erased_by == SOPHIE.id


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        # A newcomer on each side: ours first, theirs after.
        ((CAMILLE,), (SOPHIE,), (CAMILLE, SOPHIE)),
        # An erasure on the other laptop wins over the name here.
        ((CAMILLE, SOPHIE), (tombstone(CAMILLE, "2026-04-02", "p-000002"),),
         (tombstone(CAMILLE, "2026-04-02", "p-000002", ), SOPHIE)),
        # And the other way round.
        ((tombstone(CAMILLE, "2026-04-02", "p-000002"),), (CAMILLE,),
         (tombstone(CAMILLE, "2026-04-02", "p-000002"),)),
    ],
)  # fmt: skip
def test_merging_registries_by_id(
    mine: tuple[Participant, ...],
    theirs: tuple[Participant, ...],
    expected: tuple[Participant, ...],
) -> None:
    merged = merge_registries(mine, theirs)
    assert [p.id for p in merged] == [p.id for p in expected]
    assert [p.is_erased for p in merged] == [p.is_erased for p in expected]


def test_two_erasures_keep_the_earlier_on_every_laptop() -> None:
    early = tombstone(CAMILLE, "2026-04-02", "p-000002")
    late = tombstone(CAMILLE, "2026-05-01", "retention")
    assert merge_registries((early,), (late,)) == merge_registries((late,), (early,)) == (early,)
    assert newly_erased((CAMILLE,), (early,)) == [CAMILLE.id]


_people = st.lists(
    st.builds(
        Participant,
        st.sampled_from(["p-000001", "p-000002", "p-000003"]),
        st.sampled_from(["Ana", "Bo", "Ana Bo"]),
        st.sampled_from(list(Role)),
        erased=st.sampled_from(["", "2026-04-02", "2026-05-01"]),
    ),
    max_size=4,
    unique_by=lambda p: p.id,
)


@given(_people, _people)
def test_every_laptop_ends_with_the_same_people(
    mine: list[Participant], theirs: list[Participant]
) -> None:
    one, other = merge_registries(mine, theirs), merge_registries(theirs, mine)
    assert sorted(one, key=lambda p: p.id) == sorted(other, key=lambda p: p.id)
    gone = {p.id for p in itertools.chain(mine, theirs) if p.is_erased}
    assert {p.id for p in one if p.is_erased} == gone  # an erasure is never undone


# -- names in free text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Comme le disait camille  MARTIN hier.", True),  # case and spacing ignored
        ("Camille Martín l'a dit.", True),  # accents ignored
        ("Camille Martinez l'a dit.", False),  # whole words only
        ("Camille, puis Martin.", False),  # the words in a row
    ],
)
def test_a_name_is_found_as_whole_words(text: str, found: bool) -> None:
    assert mentions(text, CAMILLE) is found
    gone = tombstone(CAMILLE, "2026-04-02", SOPHIE.id)
    assert mentions(text, gone) is found  # the same by fingerprint, once erased


def test_an_export_warns_of_an_erased_name_typed_in_it_without_knowing_the_name() -> None:
    """The export's check for names (:func:`charter_app.export.anonymity.names_in`) finds an
    erased participant's name by its fingerprint, and reports the removed participant."""
    gone = tombstone(CAMILLE, "2026-04-02", SOPHIE.id)
    blocks = (
        Heading(2, text("Principe 1")),
        Paragraph(text("Comme le disait camille MARTIN, et Léa aussi.")),
        Heading(2, text("Principe 2")),
        Paragraph(text("Camille Martinez n'a rien dit.")),
    )
    found = names_in(Document("Charte", "fr", "", blocks), [gone, LEA])
    removed = f"Removed participant (Resident, {CAMILLE.id})"
    assert [(f.name, f.where) for f in found] == [
        ("Léa", "Principe 1"),
        (removed, "Principe 1"),
    ]
    assert "camille MARTIN" in found[1].excerpt


def test_a_fingerprint_is_salted_and_never_the_name() -> None:
    one, other = fingerprint("Camille Martin"), fingerprint("Camille Martin")
    assert one != other and "amille" not in one
    assert fingerprint("Camille Martin", salt="0" * 16) == fingerprint("camille martin", "0" * 16)
    assert fingerprint("   ") == ""


def test_redaction_replaces_every_name_and_keeps_the_rest() -> None:
    text = "Camille Martin et Léa ont parlé ; camille martin a conclu."
    gone = tombstone(CAMILLE, "2026-04-02", SOPHIE.id)
    assert redacted(text, [gone, LEA]) == (
        "[name removed] et [name removed] ont parlé ; [name removed] a conclu."
    )
    assert name_spans(text, LEA) == [(18, 21)]
    assert mentioned(text, [CAMILLE, SOPHIE, LEA]) == [CAMILLE, LEA]


# -- retention ------------------------------------------------------------------------------------


def test_months_are_added_as_a_calendar_does() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_the_rule_counts_from_the_adoption_after_the_last_contribution() -> None:
    charter = Charter("C", participants=(CAMILLE, SOPHIE, LEA), retention_months=12)
    seen = last_seen(charter, [(SOPHIE.id, date(2026, 9, 1)), (CAMILLE.id, date(2026, 2, 1))])
    assert seen[CAMILLE.id] == date(2026, 2, 1)  # the contribution, after the registration
    adoptions = [Adoption("v1.0", date(2026, 3, 1)), Adoption("v2.0", date(2026, 10, 1))]
    plan = {item.participant: item for item in schedule(charter, seen, adoptions)}
    assert plan[CAMILLE.id].due == date(2027, 3, 1)  # took part in the first round only
    assert plan[SOPHIE.id].due == date(2027, 10, 1)  # came back for the second
    assert plan[LEA.id].due == date(2027, 10, 1)  # never seen: the latest adoption
    assert [item.participant for item in due(list(plan.values()), date(2027, 6, 1))] == [CAMILLE.id]
    assert schedule(Charter("C", participants=(CAMILLE,)), seen, adoptions) == []  # no rule


def test_the_notice_says_how_long_and_whom_to_ask() -> None:
    charter = Charter("Charte", retention_months=6, privacy_contact="dpd@lherm.example")
    notice = privacy_notice(charter)
    assert "at most 6 months after the charter" in notice.how_long
    assert notice.whom.endswith("ask dpd@lherm.example.")
    assert notice.text().startswith("Your personal data\n")
    set_language("fr")
    assert "6 mois" in privacy_notice(charter).how_long
    assert names_by_id(Charter("C", participants=(tombstone(LEA, "2026-04-02", "x"),))) == {
        LEA.id: "Participant retiré (Élu, p-000003)"
    }
