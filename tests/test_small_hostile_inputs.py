"""Small hostile inputs: an address git cannot parse, a YAML file too large to be a charter's,
a line-break character in a name written elsewhere, direction controls in names."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.errors import FormatError, ValidationError
from charter_app.i18n import set_language
from charter_app.storage import files, registry, yamlsafe
from charter_app.storage.remotes import check_remote
from charter_app.storage.repository import CharterRepository
from tests.test_sync_support import CLAIRE, laptops


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.mark.parametrize(
    "address",
    ["https://[bad/x", "https://[::1/x", "https://[not-an-ip]/x", "https://host:99999999/x",
     "https://host:port/x"],
)  # fmt: skip
def test_an_address_python_cannot_parse_is_refused_in_plain_words(address: str) -> None:
    with pytest.raises(ValidationError, match="is not a sync address"):
        check_remote(address)


def test_the_command_line_says_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder,) = laptops(tmp_path, "a")
    assert main(["-C", str(folder), "sync", "https://[bad/x", "--as", CLAIRE]) == 1
    error = capsys.readouterr().err
    assert "is not a sync address" in error and "Traceback" not in error


def test_a_huge_participants_file_is_refused_before_it_is_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """50 MB used to cost a minute and 1.9 GB on every command."""
    (folder,) = laptops(tmp_path, "a")
    entry = "  - id: p-000001\n    name: Quelqu'un\n    role: resident\n    organisation: ''\n"
    huge = "participants:\n" + entry * (50 * 1024 * 1024 // len(entry))
    (folder / "participants.yaml").write_text(huge)
    assert main(["-C", str(folder), "participant", "list"]) == 1
    error = capsys.readouterr().err
    assert "participants.yaml: the file is too large to be read (52 MB" in error
    assert "at most 2 MB" in error
    assert main(["-C", str(folder), "check"]) == 1
    assert "too large" in capsys.readouterr().out


def test_the_limit_applies_to_every_yaml_file() -> None:
    text = "a: " + "x" * yamlsafe.MAX_YAML_CHARACTERS
    with pytest.raises(FormatError, match="too large"):
        yamlsafe.load(text, "events/2026/e-0123456789abcdef.yaml")
    assert yamlsafe.load("a: " + "x" * 1000, "small.yaml")["a"] == "x" * 1000


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_character_in_a_name_survives_an_unrelated_save(
    tmp_path: Path, character: str
) -> None:
    """A NEL written by another laptop used to become a space at the next participant add."""
    (folder,) = laptops(tmp_path, "a")
    path = folder / "participants.yaml"
    escaped = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}[character]
    text = path.read_text("utf-8").replace(
        "name: Claire Fontanel", f'name: "Claire{escaped}Fontanel"'
    )
    # The registry as another laptop's sync leaves it (it is the record; the copy follows).
    with CharterRepository.open(folder) as repository:
        people = files.parse_participants(text.encode())
        registry.store(repository.git, people, registry.registry_commit(repository.git))
    assert main(["-C", str(folder), "participant", "add", "Nouveau", "--role", "resident"]) == 0
    with CharterRepository.open(folder) as repository:
        claire = repository.load().participant(CLAIRE)
    assert claire is not None and claire.name == f"Claire{character}Fontanel"
    assert files.parse_participants(path.read_bytes())[0].name == f"Claire{character}Fontanel"


def test_direction_controls_in_a_name_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder,) = laptops(tmp_path, "a")
    assert main(["-C", str(folder), "participant", "add", "\u202eevil", "--role", "resident"]) == 0
    capsys.readouterr()
    assert main(["-C", str(folder), "check"]) == 1
    output = capsys.readouterr().out
    assert "participants.yaml" in output and "U+202E (right-to-left override)" in output
    with CharterRepository.open(folder) as repository:  # reported, never removed silently
        assert any(p.name == "\u202eevil" for p in repository.load().participants)
