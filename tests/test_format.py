"""The charter files: round trips, YAML traps, malformed files with clear messages."""

from __future__ import annotations

import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter_app.core.model import Charter, Participant, Principle, PrincipleStatus, Role
from charter_app.errors import FormatError
from charter_app.storage import files, yamlsafe
from charter_app.storage.textnorm import normalise, unwrap

EXAMPLE = Path(__file__).resolve().parents[1] / "charters" / "val-de-leze"

# Strings YAML 1.1 would silently turn into booleans, numbers, dates or null.
YAML_TRAPS = [
    "no", "yes", "off", "On", "NO", "y", "n", "~", "null", "Null", "true", "False",
    "12:30", "1:20:30", "1.10", "010", "0x1F", "0o17", "1e3", ".inf", "-.inf", ".nan",
    "2024-03-12", "2024-03-12T10:00:00", "+1", "-0", "1_000", "0b101", "", " ", "'", '"',
    "- item", "a: b", "# comment", "&anchor", "*alias", "!tag", "%directive", "@at", "`tick",
    "{x}", "[x]", "|", ">", "?", "3 bis",
]  # fmt: skip


@pytest.mark.parametrize("value", YAML_TRAPS)
def test_yaml_trap_values_stay_the_exact_string(value: str) -> None:
    text = yamlsafe.dump({"value": value, "items": [value]})
    assert yamlsafe.load(text, "t.yaml") == {"value": value, "items": [value]}


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("a: &x 1\nb: *x\n", "aliases"),  # alias
        ("a: !!python/object:os.system 1\n", "tags"),  # python tag
        ("a: !custom 1\n", "tags"),  # local tag
        ("a:\n\t- b\n", "tab"),  # tab indentation
        ("a: 1\na: 2\n", "twice"),  # duplicate key
        ("a: [1\n", "not valid YAML"),  # syntax
    ],
)
def test_yaml_refusals_name_the_problem(source: str, fragment: str) -> None:
    with pytest.raises(FormatError) as caught:
        yamlsafe.load(source, "principles/x.md")
    assert fragment in caught.value.message
    assert "principles/x.md" in caught.value.message


titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(lambda t: " ".join(t.split()) == t and t.strip())
paragraph = st.text(
    alphabet=string.ascii_letters + "éèàçœ’«»  ,.;:!?-*_#>`[]()0123456789 ", min_size=1, max_size=80
)


@settings(max_examples=200, deadline=None)
@given(
    title=st.one_of(titles, st.sampled_from(YAML_TRAPS[:30]).filter(str.strip)),
    tags=st.lists(
        st.one_of(titles, st.sampled_from(YAML_TRAPS[:30]).filter(str.strip)), max_size=4
    ),
    paragraphs=st.lists(paragraph, max_size=5),
    number=st.sampled_from(["1", "2", "10", "3 bis", "3 ter", "12 quater"]),
    status=st.sampled_from(list(PrincipleStatus)),
)
def test_principle_round_trip(
    title: str, tags: list[str], paragraphs: list[str], number: str, status: PrincipleStatus
) -> None:
    body = unwrap("\n\n".join(paragraphs))
    principle = Principle(
        "p-x", number, normalise(title), body, status, tuple(normalise(t) for t in tags)
    )
    data = files.serialise_principle(principle)
    again = files.parse_principle(data, "principles/p-x.md")
    assert again == principle
    assert files.serialise_principle(again) == data  # saving what was read changes no byte


def test_participants_and_charter_meta_round_trip() -> None:
    charter = Charter(
        title="no",
        territory="010",
        preamble="Premier paragraphe.\n\nSecond : « oui ».",
        principles=(Principle("a", "1", "A", "x"), Principle("b", "1 bis", "B", "y")),
        participants=(
            Participant("p-00ab12", "Yes", Role.RESIDENT, "12:30", registered="2026-03-01"),
            Participant("p-00ab13", "", Role.STAFF, erased="2026-04-02", erased_by="p-00ab12"),
        ),
        retention_months=12,
        privacy_contact="dpo@lherm.fr",
    )
    out = files.serialise_charter(charter)
    assert files.PARTICIPANTS_FILE not in out  # names live in the registry, apart
    out[files.PARTICIPANTS_FILE] = files.serialise_participants(charter.participants)
    assert files.charter_from_files(out) == charter
    again = files.charter_from_files(out)
    assert (
        files.serialise_charter(again)
        | {files.PARTICIPANTS_FILE: files.serialise_participants(again.participants)}
        == out
    )


def test_a_tombstone_never_gives_a_name_back() -> None:
    data = (
        b"participants:\n- id: p-00ab13\n  name: Camille Martin\n  organisation: Club\n"
        b"  role: resident\n  erased: '2026-04-02'\n"
    )
    (gone,) = files.parse_participants(data)
    assert gone.is_erased and gone.name == "" and gone.organisation == ""
    assert b"Camille" not in files.serialise_participants((gone,))


def test_body_may_hold_a_thematic_break() -> None:
    data = b"---\nid: a\nnumber: '1'\ntitle: A\n---\nAvant.\n\n---\n\nApres.\n"
    principle = files.parse_principle(data, "principles/a.md")
    assert principle.body == "Avant.\n\n---\n\nApres."


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        (b"id: a\ntitle: A\n", 1, "must start"),  # no front matter at all
        (b"---\nid: a\nnumber: '1'\ntitle: A\nBody\n", 1, "no closing"),  # missing closing ---
        (b"---\nid: a\nnumber: '1'\n\ttitle: A\n---\nB\n", 4, "tab"),  # tab
        (b"---\nid: a\nnumber: '1'\ntitle: A\n---\nCaf\xe9\n", 6, "UTF-8"),  # Latin-1 byte
        (b"---\nid: a\nnumber: 'x'\ntitle: A\n---\nB\n", None, "not a principle number"),
        (b"---\nid: b\nnumber: '1'\ntitle: A\n---\nB\n", None, "file name"),  # id/file mismatch
        (b"---\nid: a\nnumber: '1'\ntitle: A\nstatus: maybe\n---\nB\n", None, "status"),
    ],
)
def test_malformed_principle_names_file_and_line(
    data: bytes, line: int | None, fragment: str
) -> None:
    with pytest.raises(FormatError) as caught:
        files.parse_principle(data, "principles/a.md")
    assert caught.value.path == "principles/a.md"
    assert caught.value.line == line
    assert fragment in caught.value.message
    assert caught.value.hint  # always says what to do


def test_bom_and_crlf_are_read_and_normalised_in_memory() -> None:
    data = "\ufeff---\r\nid: a\r\nnumber: '1'\r\ntitle: Été\r\n---\r\nLigne un\r\nsuite.\r\n"
    principle = files.parse_principle(data.encode(), "principles/a.md")
    assert principle.title == "Été"
    assert principle.body == "Ligne un suite."


def test_reflowing_a_paragraph_is_not_a_change() -> None:
    wrapped = "Une phrase assez longue\nqui a été coupée\nà la main.\n\n- un\n- deux\n"
    assert unwrap(wrapped) == unwrap(
        "Une phrase assez longue qui a été coupée à la main.\n\n- un\n- deux"
    )


def test_text_is_stored_nfc_without_trailing_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Égalité")
    assert normalise(f"{decomposed}   \r\n") == "Égalité"
    assert normalise("ligne  \nsuite") == "ligne\\\nsuite"  # hard break kept as a backslash


def test_newer_format_is_refused_with_advice() -> None:
    with pytest.raises(FormatError) as caught:
        files.parse_charter_meta(b"format: 3\ntitle: T\n")
    assert "Update" in caught.value.hint


def test_bundled_example_is_canonical() -> None:
    contents = files.read_folder(EXAMPLE)
    charter = files.charter_from_files(contents, root=EXAMPLE)
    assert 8 <= len(charter.principles) <= 12
    assert charter.language == "fr"
    registry = {files.PARTICIPANTS_FILE: files.serialise_participants(charter.participants)}
    assert files.serialise_charter(charter) | registry == contents


# Text as people type it: paragraphs, list items, fences, indentation, trailing spaces, CR.
_TYPED = st.lists(
    st.sampled_from(
        ["word", "Deux mots", "", " lead", "    code", "- item", "1. first", "```", "~~~", "> q",
         "# Title", "| a |", "trail  ", "tab\t", "e\u0301", "a\\", "---", "\r"]
    ),
    max_size=12,
).map("\n".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(_TYPED)
def test_canonical_text_is_recognised_without_changing_a_character(typed: str) -> None:
    """normalise and unwrap skip their line-by-line work on text already in canonical form
    (every file the app wrote); the result is the one the full work gives."""
    from charter_app.diffing import textnorm

    assert normalise(typed) == textnorm._normalise_lines(typed)
    assert unwrap(typed) == textnorm._unwrap_lines(normalise(typed))
    # And on canonical text itself, which takes the short way.
    canonical = unwrap(typed)
    assert normalise(canonical) == textnorm._normalise_lines(canonical)
    assert unwrap(canonical) == textnorm._unwrap_lines(normalise(canonical))
