"""The recovery journal keeps unsaved text outside the repository and survives bad files."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from charter_app import paths
from charter_app.storage.journal import Journal, JournalEntry, recovery_folder


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(home))
    return home


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    folder = tmp_path / "charters" / "val-de-leze"
    folder.mkdir(parents=True)
    (folder / "charter.yaml").write_text("title: Val de Lèze\n", encoding="utf-8")
    return folder


def test_round_trip(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:p-3:body", "La commune publie ses données.", "La commune publie.")
    journal.save("charter:preamble", "Préambule modifié", "Préambule")

    entries = Journal(charter).pending()  # a fresh object: what the next start sees

    assert [(e.key, e.text, e.saved_text) for e in entries] == [
        ("principle:p-3:body", "La commune publie ses données.", "La commune publie."),
        ("charter:preamble", "Préambule modifié", "Préambule"),
    ]
    assert all(isinstance(e, JournalEntry) and e.at.tzinfo is not None for e in entries)
    assert all(abs((datetime.now().astimezone() - e.at).total_seconds()) < 60 for e in entries)


def test_saving_again_replaces_the_text(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:p-1:title", "Ouvert", "Ouverture")
    journal.save("principle:p-1:title", "Ouverture des données", "Ouverture")

    assert [e.text for e in Journal(charter).pending()] == ["Ouverture des données"]


def test_folder_is_outside_the_repository(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("charter:preamble", "brouillon", "")

    files = [p for p in journal.folder.rglob("*") if p.is_file()]
    assert files, "the entry was written somewhere else"
    for path in files:
        assert path.is_relative_to(paths.recovery_dir())
        assert not path.resolve().is_relative_to(charter.resolve())
    assert sorted(p.name for p in charter.iterdir()) == ["charter.yaml"]


def test_folder_is_stable_and_differs_per_charter(
    home: Path, charter: Path, tmp_path: Path
) -> None:
    other = tmp_path / "charters" / "autre"
    other.mkdir()
    # The same charter reached through a different spelling of its path.
    detour = charter.parent / ".." / charter.parent.name / charter.name

    assert recovery_folder(detour) == recovery_folder(charter) == Journal(charter).folder
    assert recovery_folder(other) != recovery_folder(charter)


def test_base_dir_overrides_the_recovery_folder(home: Path, charter: Path, tmp_path: Path) -> None:
    journal = Journal(charter, base_dir=tmp_path / "elsewhere")
    journal.save("charter:preamble", "brouillon", "")

    assert journal.folder.parent == tmp_path / "elsewhere"
    assert not paths.recovery_dir().exists()


def test_discard_and_clear(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "A2", "A")
    journal.save("principle:b:body", "B2", "B")
    journal.save("principle:c:body", "C2", "C")

    journal.discard("principle:b:body")
    journal.discard("principle:never-saved:body")  # missing is fine
    assert [e.key for e in Journal(charter).pending()] == ["principle:a:body", "principle:c:body"]

    journal.clear()
    assert Journal(charter).pending() == []
    assert list(journal.folder.iterdir()) == []


def test_clear_leaves_other_charters_alone(home: Path, charter: Path, tmp_path: Path) -> None:
    other = tmp_path / "charters" / "autre"
    other.mkdir()
    Journal(other).save("charter:preamble", "autre brouillon", "")
    Journal(charter).save("charter:preamble", "brouillon", "")

    Journal(charter).clear()

    assert [e.text for e in Journal(other).pending()] == ["autre brouillon"]


def test_text_equal_to_saved_text_is_not_offered(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "même texte", "même texte")
    assert journal.pending() == []

    # Typing, then undoing back to the saved text, removes the entry.
    journal.save("principle:b:body", "modifié", "original")
    journal.save("principle:b:body", "original", "original")
    assert Journal(charter).pending() == []


def test_equal_entry_written_by_hand_is_not_offered(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "nouveau", "ancien")
    path = journal.entry_path("principle:a:body")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["saved_text"] = record["text"]
    path.write_text(json.dumps(record), encoding="utf-8")

    assert Journal(charter).pending() == []


@pytest.mark.parametrize(
    "content",
    [
        b"",  # created, never written
        b'{"version": 1, "key": "principle:a:body", "te',  # cut in the middle
        b"\xff\xfe\x00garbage",  # not UTF-8
        b"[1, 2, 3]",  # JSON, but not an entry
        b'{"version": 1, "key": "principle:a:body", "text": 3, "saved_text": "", "at": "x"}',
        b'{"version": 99, "key": "k", "text": "t", "saved_text": "", "at": "2024-05-01T10:00:00"}',
    ],
    ids=["empty", "truncated", "binary", "wrong-shape", "wrong-types", "future-version"],
)
def test_corrupt_file_is_skipped(home: Path, charter: Path, content: bytes) -> None:
    journal = Journal(charter)
    journal.save("principle:good:body", "texte sauvé du crash", "texte")
    broken = journal.entry_path("principle:a:body")
    broken.write_bytes(content)

    fresh = Journal(charter)
    entries = fresh.pending()

    assert [e.text for e in entries] == ["texte sauvé du crash"]
    assert fresh.skipped == (broken,)
    assert broken.read_bytes() == content  # left for a human to look at


def test_entry_copied_under_another_name_is_skipped(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "A2", "A")
    stray = journal.folder / "entry-0000.json"
    stray.write_bytes(journal.entry_path("principle:a:body").read_bytes())

    fresh = Journal(charter)
    assert [e.key for e in fresh.pending()] == ["principle:a:body"]
    assert fresh.skipped == (stray,)


def test_temporary_files_are_not_entries(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:a:body", "A2", "A")
    # What a crash during write_atomic leaves behind.
    leftover = journal.folder / f".{journal.entry_path('principle:a:body').name}.x1y2.tmp"
    leftover.write_bytes(b'{"half')

    fresh = Journal(charter)
    assert [e.key for e in fresh.pending()] == ["principle:a:body"]
    assert fresh.skipped == ()
    fresh.clear()
    assert not leftover.exists()


@pytest.mark.parametrize(
    "key",
    [
        "principle:données-ouvertes:body",  # accents
        "principle:数据:title",  # CJK
        "principle:🙂:body",  # astral plane
        "principle:../../etc/passwd:body",  # path traversal
        "principle:a/b\\c:body",  # separators
        "principle:CON:body",  # reserved on Windows
        "x" * 1000,  # longer than a file name may be
    ],
    ids=["accents", "cjk", "emoji", "traversal", "separators", "windows-reserved", "long"],
)
def test_unicode_and_hostile_keys(home: Path, charter: Path, key: str) -> None:
    journal = Journal(charter)
    journal.save(key, "texte 🙂 ünïcödé", "")

    entries = Journal(charter).pending()

    assert [(e.key, e.text) for e in entries] == [(key, "texte 🙂 ünïcödé")]
    files = list(journal.folder.iterdir())
    assert len(files) == 1 and files[0].parent == journal.folder
    assert files[0].name.isascii() and len(files[0].name) < 100


def test_keys_differing_only_by_case_do_not_collide(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    journal.save("principle:A:body", "majuscule", "")
    journal.save("principle:a:body", "minuscule", "")

    assert sorted(e.text for e in Journal(charter).pending()) == ["majuscule", "minuscule"]


def test_empty_key_is_refused(home: Path, charter: Path) -> None:
    with pytest.raises(ValueError):
        Journal(charter).save("", "texte", "")


def test_pending_without_any_journal(home: Path, charter: Path) -> None:
    journal = Journal(charter)
    assert journal.pending() == []
    journal.clear()  # nothing to clear is fine
    assert not journal.folder.exists()


def test_entry_removed_by_another_journal_object_is_written_again(
    home: Path, charter: Path
) -> None:
    window = Journal(charter)
    window.save("principle:a:body", "A2", "A")
    Journal(charter).clear()  # e.g. the recovery dialog's own Journal

    window.save("principle:a:body", "A2", "A")  # the next timer tick, text unchanged

    assert [e.text for e in Journal(charter).pending()] == ["A2"]
