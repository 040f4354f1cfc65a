"""Principle numbers and the operations that add, move and remove principles."""

from __future__ import annotations

import pytest

from charter_app.core import operations
from charter_app.core.model import Charter, Principle, Role
from charter_app.core.numbering import insertion_point, parse_number
from charter_app.errors import NotFoundError, ValidationError


def charter_of(*numbers: str) -> Charter:
    return Charter(
        title="T",
        principles=tuple(Principle(f"p{i}", n, f"Titre {i}", "") for i, n in enumerate(numbers)),
    )


def numbers(charter: Charter) -> list[str]:
    return [p.number for p in charter.principles]


@pytest.mark.parametrize(
    ("existing", "after", "position", "number"),
    [
        (["1", "2", "3"], "p1", 2, "2 bis"),  # plain insertion after 2
        (["1", "2", "2 bis", "3"], "p1", 3, "2 ter"),  # bis taken: ter, placed after 2 bis
        (["1", "2", "2 bis", "3"], "p2", 3, "2 ter"),  # after 2 bis: still the 2 family
        (["1", "2"], "p1", 2, "2 bis"),  # after the last one
        ([], None, 0, "1"),  # empty charter
    ],
)
def test_insertion_numbers_follow_design(
    existing: list[str], after: str | None, position: int, number: str
) -> None:
    charter = charter_of(*existing)
    assert insertion_point(charter.principles, after) == (position, number)


def test_numbers_sort_like_people_expect() -> None:
    ordered = ["1", "2", "2 bis", "2 ter", "2 quater", "10"]
    assert sorted(ordered, key=parse_number) == ordered
    assert str(parse_number("12 quinquies")) == "12 quinquies"


@pytest.mark.parametrize("bad", ["", "bis", "3bis", "3 zeta", "-1", "3 BIS", "1.5"])
def test_bad_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        parse_number(bad)


def test_draft_numbers_follow_the_order() -> None:
    charter = charter_of("1", "2", "3")
    charter, change, added = operations.add_principle(charter, "Nouveau", after_id="p0")
    assert numbers(charter) == ["1", "2", "3", "4"]
    assert added.number == "2"
    assert set(change.principles) == {added.id, "p1", "p2"}  # renumbered files are rewritten
    assert change.meta  # the order in charter.yaml changed


def test_stable_numbers_insert_bis_and_touch_nothing_else() -> None:
    charter = charter_of("1", "2", "3")
    charter, change, added = operations.add_principle(
        charter, "Nouveau", after_id="p1", stable_numbers=True
    )
    assert numbers(charter) == ["1", "2", "2 bis", "3"]
    assert change.principles == (added.id,)


def test_stable_numbers_add_at_the_end_takes_the_next_whole_number() -> None:
    charter, change, added = operations.add_principle(
        charter_of("1", "2", "2 bis", "3"), "Nouveau", stable_numbers=True
    )
    assert numbers(charter) == ["1", "2", "2 bis", "3", "4"]
    assert added.number == "4" and change.principles == (added.id,)


def test_move_in_draft_renumbers_and_stable_move_takes_a_suffix() -> None:
    draft, change = operations.move_principle(charter_of("1", "2", "3"), "p2", None)
    assert [p.id for p in draft.principles] == ["p2", "p0", "p1"]
    assert numbers(draft) == ["1", "2", "3"]
    stable, _ = operations.move_principle(charter_of("1", "2", "3"), "p0", "p1", True)
    assert [(p.id, p.number) for p in stable.principles] == [
        ("p1", "2"), ("p0", "2 bis"), ("p2", "3"),
    ]  # fmt: skip


def test_edit_unknown_principle_and_empty_title() -> None:
    charter = charter_of("1")
    with pytest.raises(NotFoundError):
        operations.edit_principle(charter, "nope", title="X")
    with pytest.raises(ValidationError):
        operations.edit_principle(charter, "p0", title="   ")
    unchanged, change = operations.edit_principle(charter, "p0", title="Titre 0")
    assert unchanged is charter and change.is_empty


def test_ids_are_stable_slugs() -> None:
    charter = charter_of()
    charter, _, first = operations.add_principle(charter, "Souveraineté numérique !")
    charter, _, second = operations.add_principle(charter, "Souveraineté numérique")
    assert (first.id, second.id) == ("souverainete-numerique", "souverainete-numerique-2")
    charter, _ = operations.edit_principle(charter, first.id, title="Autre titre")
    assert charter.principles[0].id == "souverainete-numerique"  # a new title keeps the id
    charter, _, third = operations.add_principle(charter, "2030 : objectifs")
    assert third.id == "principe-2030-objectifs"


def test_participant_needs_name_and_known_role() -> None:
    charter = charter_of()
    with pytest.raises(ValidationError):
        operations.add_participant(charter, "  ", Role.RESIDENT)
    with pytest.raises(ValidationError):
        operations.add_participant(charter, "Ana", "king")
    charter, change, person = operations.add_participant(charter, " Ana  Lopez ", "elected")
    assert person.name == "Ana Lopez" and person.role is Role.ELECTED
    assert "Ana" not in change.summary  # names stay out of commit messages
