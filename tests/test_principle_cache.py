"""The parsed-principle cache: principles read at an earlier open are not parsed again, and
nothing the cache holds can stand for a file that changed, moved or is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.errors import FormatError
from charter_app.storage import files, principle_cache
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))


@pytest.fixture
def charter_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "charter"
    create_from_template(folder, default_example()).close()
    return folder


def parsed_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the principle files parsed from now on."""
    names: list[str] = []
    real = files.parse_principle

    def counting(data: bytes, path: Path | str) -> object:
        names.append(str(path))
        return real(data, path)

    monkeypatch.setattr(files, "parse_principle", counting)
    return names


def load_fresh(folder: Path) -> object:
    """The working tree's charter, as a new process would read it (the cache on disk only)."""
    principle_cache._INDEXES.clear()
    with CharterRepository.open(folder) as repository:
        return repository.load()


def test_a_second_open_parses_no_principle(
    charter_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_fresh(charter_folder)
    names = parsed_names(monkeypatch)
    again = load_fresh(charter_folder)
    assert again == first
    assert names == []
    cached = list((tmp_path / "home" / "cache" / "principles").iterdir())
    assert len(cached) == 1  # in the user's cache, never inside the repository
    assert not any("principles" in p.name for p in (charter_folder / ".git").rglob("*.marshal"))


def test_a_changed_file_is_parsed_again(
    charter_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_fresh(charter_folder)
    path = sorted((charter_folder / "principles").glob("*.md"))[0]
    path.write_bytes(path.read_bytes().replace(b"\n---\n", b"\n---\nUne phrase de plus.\n\n", 1))
    names = parsed_names(monkeypatch)
    charter = load_fresh(charter_folder)
    assert [Path(name).name for name in names] == [path.name]
    principle = charter.principle(path.stem)  # type: ignore[attr-defined]
    assert principle.body.startswith("Une phrase de plus.")


def test_known_bytes_under_another_name_are_still_refused(charter_folder: Path) -> None:
    load_fresh(charter_folder)
    path = sorted((charter_folder / "principles").glob("*.md"))[0]
    path.rename(path.with_name("un-autre-nom.md"))
    with pytest.raises(FormatError, match="must match the file name"):
        load_fresh(charter_folder)


def test_a_damaged_cache_is_ignored(
    charter_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_fresh(charter_folder)
    (cached,) = (tmp_path / "home" / "cache" / "principles").iterdir()
    cached.write_bytes(b"\x00not marshal at all")
    names = parsed_names(monkeypatch)
    assert load_fresh(charter_folder) == first
    assert len(names) == len(first.principles)  # type: ignore[attr-defined]
    names.clear()
    assert load_fresh(charter_folder) == first  # written again, whole
    assert names == []


def test_a_removed_principle_leaves_the_cache(charter_folder: Path, tmp_path: Path) -> None:
    load_fresh(charter_folder)
    (cached,) = (tmp_path / "home" / "cache" / "principles").iterdir()
    before = cached.stat().st_size
    path = sorted((charter_folder / "principles").glob("*.md"))[0]
    text = (charter_folder / "charter.yaml").read_text(encoding="utf-8")
    (charter_folder / "charter.yaml").write_text(
        "\n".join(line for line in text.splitlines() if line.strip() != f"- {path.stem}") + "\n",
        encoding="utf-8",
    )
    path.unlink()
    load_fresh(charter_folder)
    assert cached.stat().st_size < before
