"""Sections: titled, ordered, optional parts grouping principles, in the model, the files, the
operations, the outline, merges and the command line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.core import operations, sections
from charter_app.core.merging import merge_principle
from charter_app.core.model import Charter, NumberingMode, Principle, Section
from charter_app.core.outline import grouping_problem, outline, parents
from charter_app.errors import FormatError, NotFoundError, ValidationError
from charter_app.storage import files
from charter_app.storage.repository import CharterRepository

TITRE = Section("titre-1", "Titre I : Organisation", 1)
CHAP_1 = Section("chapitre-1", "Chapitre 1 : Bureau", 2)
CHAP_2 = Section("chapitre-2", "Chapitre 2 : Groupes", 2)
ANNEXE = Section("annexe", "Annexe", 1)


def sample(numbering: NumberingMode = NumberingMode.SEQUENTIAL) -> Charter:
    principles = (
        Principle("objet", "1", "Objet", "", section=""),
        Principle("bureau", "2", "Bureau", "", section="chapitre-1"),
        Principle("doyen", "3", "Doyen", "", section="chapitre-1"),
        Principle("groupes", "4", "Groupes", "", section="chapitre-2"),
    )
    return Charter(
        title="Règlement",
        principles=principles,
        sections=(TITRE, CHAP_1, CHAP_2, ANNEXE),
        numbering=numbering,
    )


def shape(charter: Charter) -> list[str]:
    """The outline as short lines: "§Title" for a section, "number id" for a principle."""
    lines = []
    for entry in outline(charter):
        if entry.section is not None:
            line = f"§{entry.section.id}"
        else:
            assert entry.principle is not None
            line = f"{entry.principle.number} {entry.principle.id}"
        lines.append("  " * entry.depth + line)
    return lines


def test_outline_groups_principles_under_nested_sections() -> None:
    assert shape(sample()) == [
        "1 objet",
        "§titre-1",
        "  §chapitre-1",
        "    2 bureau",
        "    3 doyen",
        "  §chapitre-2",
        "    4 groupes",
        "§annexe",  # empty, still listed where it stands
    ]
    assert parents(sample(), "chapitre-2") == (TITRE, CHAP_2)


def test_a_principle_added_to_a_section_goes_at_its_end() -> None:
    charter, _change, added = operations.add_principle(sample(), "Questeurs", section="chapitre-1")
    assert [p.id for p in charter.principles] == ["objet", "bureau", "doyen", added.id, "groupes"]
    assert added.section == "chapitre-1" and added.number == "4"  # sequential: renumbered
    charter, _change, annex = operations.add_principle(charter, "Tableau", section="annexe")
    assert charter.principles[-1] is annex and annex.section == "annexe"


def test_stable_numbering_inside_a_section_takes_an_insertion_number() -> None:
    charter, change, added = operations.add_principle(
        sample(NumberingMode.STABLE), "Questeurs", section="chapitre-1"
    )
    assert added.number == "3 bis" and change.principles == (added.id,)


def test_a_principle_joins_the_section_of_the_one_it_follows() -> None:
    charter, _change, added = operations.add_principle(
        sample(), "Vice-présidents", after_id="bureau"
    )
    assert added.section == "chapitre-1"


def test_moving_into_a_section_and_refusing_to_split_one() -> None:
    charter, change = operations.move_principle(sample(), "objet", None, section="chapitre-2")
    assert [p.id for p in charter.principles][-1] == "objet"
    assert charter.principle("objet").section == "chapitre-2"  # type: ignore[union-attr]
    assert "objet" in change.principles
    with pytest.raises(ValidationError, match="split"):
        operations.move_principle(sample(), "groupes", "bureau", section="chapitre-2")
    with pytest.raises(NotFoundError):
        operations.add_principle(sample(), "X", section="nope")


def test_section_operations() -> None:
    charter, change, added = sections.add_section(
        sample(), "Chapitre 3 : Commissions", "chapitre-2", 2
    )
    assert [s.id for s in charter.sections] == [
        "titre-1", "chapitre-1", "chapitre-2", added.id, "annexe",
    ]  # fmt: skip
    assert change.meta and not change.principles
    charter, _change, title = sections.add_section(charter, "Titre II", "titre-1")
    assert [s.id for s in charter.sections].index(title.id) == 4  # after the chapters of Titre I
    renamed, change = sections.edit_section(
        charter, "chapitre-1", title="Chapitre 1 : Bureau d'âge"
    )
    assert renamed.section("chapitre-1").title == "Chapitre 1 : Bureau d'âge"  # type: ignore[union-attr]
    assert "Bureau d'âge" in change.summary
    removed, change = sections.remove_section(sample(), "chapitre-2")
    assert removed.principle("groupes").section == "chapitre-1"  # type: ignore[union-attr]
    assert change.principles == ("groupes",)
    assert grouping_problem(removed.principles, removed.sections) is None
    with pytest.raises(ValidationError):
        sections.add_section(sample(), "   ")
    with pytest.raises(ValidationError):
        sections.add_section(sample(), "Profond", level=4)


def test_sections_round_trip_through_the_files() -> None:
    charter = sample()
    written = files.serialise_charter(charter)
    assert b"section: chapitre-1\n" in written["principles/bureau.md"]
    assert b"section" not in written["principles/objet.md"]
    assert b"format: 2\n" in written[files.CHARTER_FILE]
    assert files.charter_from_files(written) == charter
    bad = written[files.CHARTER_FILE].replace(b"level: 2", b"level: 7", 1)
    with pytest.raises(FormatError):
        files.parse_charter_meta(bad)
    with pytest.raises(FormatError):
        files.parse_principle(
            written["principles/bureau.md"].replace(b"chapitre-1", b"Chap 1"), "x"
        )


def test_a_section_change_merges_with_a_text_change() -> None:
    base = sample().principle("groupes")
    assert base is not None
    mine = replace(base, section="chapitre-1")
    theirs = replace(base, body="Les groupes se déclarent.")
    merged = merge_principle(base, mine, theirs)
    assert merged == replace(base, section="chapitre-1", body="Les groupes se déclarent.")


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


def test_command_line_sections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = str(tmp_path / "c")
    run("init", folder, "--title", "Charte", "--language", "fr", "--numbering", "stable")
    run("-C", folder, "participant", "add", "Ana", "--role", "resident")
    author = capsys.readouterr().out.split()[-1]
    run("-C", folder, "section", "add", "--title", "Titre I : Principes", "--as", author)
    run("-C", folder, "section", "add", "--title", "Titre II : Mise en œuvre", "--as", author)
    run("-C", folder, "principle", "add", "--title", "Sobriété",
        "--section", "titre-ii-mise-en-oeuvre", "--as", author)  # fmt: skip
    run("-C", folder, "principle", "add", "--title", "Inclusion", "--section", "titre-i-principes",
        "--as", author)  # fmt: skip
    capsys.readouterr()
    run("-C", folder, "principle", "list")
    listing = capsys.readouterr().out.splitlines()
    assert [line.split("(")[0].strip() for line in listing] == [
        "§ Titre I : Principes",
        "0 bis  Inclusion  [Draft]",  # stable numbering: inserted before 1, nothing renumbered
        "§ Titre II : Mise en œuvre",
        "1  Sobriété  [Draft]",
    ]
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
    assert [p.section for p in charter.principles] == [
        "titre-i-principes",
        "titre-ii-mise-en-oeuvre",
    ]
    run("-C", folder, "section", "edit", "titre-i-principes", "--title", "Titre I : Valeurs",
        "--as", author)  # fmt: skip
    run("-C", folder, "section", "list", "--json")
    assert '"Titre I : Valeurs"' in capsys.readouterr().out


def test_check_names_a_split_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    files_written = files.serialise_charter(sample())
    # by hand, someone put "groupes" (chapter 2) between two principles of chapter 1
    files_written[files.CHARTER_FILE] = files_written[files.CHARTER_FILE].replace(
        b"  - bureau\n  - doyen\n  - groupes\n", b"  - bureau\n  - groupes\n  - doyen\n"
    )
    with CharterRepository.create(folder, sample()) as repository:
        (folder / files.CHARTER_FILE).write_bytes(files_written[files.CHARTER_FILE])
        problems = [str(p) for p in repository.check()]
    assert any("Chapitre 1 : Bureau" in p and "not together" in p for p in problems)
