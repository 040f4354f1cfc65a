"""Numbering modes: a charter keeps the numbers it was given (stable), or numbers follow the
order until adoption (sequential); dashed numbers ("29-1") and dashed insertions; the explicit
renumbering; and how charter.yaml stores it all."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from charter_app.core import operations
from charter_app.core.amendments import Amendment, AmendmentKind, insertion_number
from charter_app.core.model import Charter, InsertionStyle, NumberingMode, Principle
from charter_app.core.numbering import insertion_point, parse_number
from charter_app.errors import FormatError, ValidationError
from charter_app.storage import files


def charter_of(*numbers: str, **settings: object) -> Charter:
    principles = tuple(Principle(f"p{i}", n, f"Titre {i}", "") for i, n in enumerate(numbers))
    return replace(Charter(title="T", principles=principles), **settings)  # type: ignore[arg-type]


def numbers(charter: Charter) -> list[str]:
    return [p.number for p in charter.principles]


def test_dashed_numbers_sort_as_rules_of_procedure_read() -> None:
    ordered = ["29", "29 bis", "29-1", "29-1 bis", "29-2", "29-10", "30", "80-1", "80-1-1", "80-2"]
    assert sorted(reversed(ordered), key=parse_number) == ordered
    assert str(parse_number("146-1-1")) == "146-1-1"


@pytest.mark.parametrize("bad", ["29-", "-1", "29--1", "29-1-2-3-4", "29 -1", "29-1A"])
def test_malformed_dashed_numbers_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        parse_number(bad)


@pytest.mark.parametrize(
    ("existing", "after", "expected"),
    [
        (["49", "49-1", "50"], "p1", (2, "49-2")),  # the next dashed number fits before 50
        (["49", "49-1", "49-2", "50"], "p1", (2, "49-1-1")),  # 49-2 taken: one level down
        (["49", "50"], "p0", (1, "49-1")),  # after a whole number: its first dashed one
        (["49", "49-1", "49-2", "50"], "p0", (3, "49-3")),  # after 49: after its whole family
        (["80-1", "80-1-1", "80-2"], "p0", (2, "80-1-2")),  # 80-2 taken, 80-1-1 too
    ],
)
def test_dashed_insertions(existing: list[str], after: str, expected: tuple[int, str]) -> None:
    charter = charter_of(*existing)
    assert insertion_point(charter.principles, after, InsertionStyle.DASH) == expected


def test_suffix_insertion_after_a_dashed_number() -> None:
    charter = charter_of("49", "49-1", "50")
    assert insertion_point(charter.principles, "p1") == (2, "49-1 bis")


def test_stable_charter_never_renumbers_on_add_move_or_remove() -> None:
    charter = charter_of("29", "29-1", "30", "31", numbering=NumberingMode.STABLE)
    charter, change, added = operations.add_principle(charter, "Nouveau", after_id="p1")
    assert numbers(charter) == ["29", "29-1", "29-1 bis", "30", "31"]
    assert change.principles == (added.id,)  # no other file is rewritten
    charter, change = operations.move_principle(charter, "p3", "p0")
    assert numbers(charter) == ["29", "29 bis", "29-1", "29-1 bis", "30"]
    assert change.principles == ("p3",)
    charter, change = operations.remove_principle(charter, "p0")
    assert numbers(charter) == ["29 bis", "29-1", "29-1 bis", "30"]
    assert change.principles == ()


def test_appending_to_a_stable_charter_takes_the_next_whole_number() -> None:
    charter = charter_of("1", "2", "2 bis", numbering=NumberingMode.STABLE)
    charter, _change, added = operations.add_principle(charter, "Dernier")
    assert added.number == "3" and charter.principles[-1] is added


def test_sequential_charter_follows_the_order_until_adoption() -> None:
    draft = charter_of("1", "2", "3")
    after, _change, added = operations.add_principle(draft, "Nouveau", after_id="p0")
    assert numbers(after) == ["1", "2", "3", "4"] and added.number == "2"
    adopted, _change, added = operations.add_principle(
        draft, "Nouveau", after_id="p0", stable_numbers=True
    )
    assert numbers(adopted) == ["1", "1 bis", "2", "3"]


def test_explicit_renumbering_is_named_by_its_trailer() -> None:
    charter = charter_of("1", "1 bis", "2", "2-1", numbering=NumberingMode.STABLE)
    renumbered, change = operations.renumber_charter(charter)
    assert numbers(renumbered) == ["1", "2", "3", "4"]
    assert change.principles == ("p1", "p2", "p3")
    assert change.trailers == ((operations.RENUMBERED_TRAILER, "3"),)
    assert renumbered.numbering is NumberingMode.STABLE  # the mode stays
    same, nothing = operations.renumber_charter(renumbered)
    assert same is renumbered and nothing.is_empty


def test_numbering_is_chosen_and_refused_in_words() -> None:
    charter, change = operations.set_numbering(charter_of("1"), "stable", "dash")
    assert (charter.numbering, charter.insertions) == (NumberingMode.STABLE, InsertionStyle.DASH)
    assert change.meta and "3-1" in change.summary
    with pytest.raises(ValidationError):
        operations.set_numbering(charter, "alphabetical")


def test_charter_yaml_keeps_the_mode_and_says_format_2_only_when_needed() -> None:
    plain = charter_of("1", "2")
    assert b"format: 1\n" in files.serialise_charter_meta(plain)
    assert b"numbering" not in files.serialise_charter_meta(plain)
    stable = charter_of(
        "29", "29-1", numbering=NumberingMode.STABLE, insertions=InsertionStyle.DASH
    )
    written = files.serialise_charter(stable)
    lines = written[files.CHARTER_FILE].decode().splitlines()
    assert {"format: 2", "numbering: stable", "insertions: dash"} <= set(lines)
    assert files.charter_from_files(written) == stable
    dashed = charter_of("1", "1-1")  # a dashed number alone needs format 2 too
    assert b"format: 2\n" in files.serialise_charter_meta(dashed)
    with pytest.raises(FormatError):
        files.parse_charter_meta(b"format: 2\ntitle: T\nnumbering: random\n")


def test_english_ids_get_an_english_prefix() -> None:
    charter = replace(charter_of(), language="en")
    _charter, _change, added = operations.add_principle(charter, "2030 goals")
    assert added.id == "principle-2030-goals"
    _charter, _change, added = operations.add_principle(charter_of(), "2030 : objectifs")
    assert added.id == "principe-2030-objectifs"


def test_editing_with_the_same_text_changes_nothing() -> None:
    charter = charter_of("1")
    charter = replace(
        charter, principles=(replace(charter.principles[0], body="Un texte.\n\nSuite."),)
    )
    same, change = operations.edit_principle(charter, "p0", body="Un texte.\r\n\r\nSuite.\n")
    assert same is charter and change.is_empty
    same, change = operations.edit_principle(charter, "p0", title="  Titre   0 ")
    assert same is charter and change.is_empty


def test_an_insert_amendment_announces_the_number_it_will_get() -> None:
    charter = charter_of("49", "49-1", "50", numbering=NumberingMode.STABLE,
                         insertions=InsertionStyle.DASH)  # fmt: skip
    amendment = Amendment(
        "a-000000000001", AmendmentKind.INSERT, "p1", "0" * 40, "p-000001", "Motif.",
        datetime(2026, 3, 1, tzinfo=UTC), title="Nouvel article",
    )  # fmt: skip
    assert insertion_number(charter, amendment) == "49-2"
    at_end = replace(amendment, target="p2")
    assert insertion_number(charter, at_end) == "51"  # after the last: the next whole number
