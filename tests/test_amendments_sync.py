"""Two laptops register the same amendment number offline, then exchange commits with git pull."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from charter_app.application.amendments import file_drafted_amendment
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.core import clock
from charter_app.core.amendments import draft_amendment
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example

AUTHOR = "p-cbb40a"
GitCli = Callable[..., str]


def file_amendments(path: Path, count: int, word: str) -> list[str]:
    """Register ``count`` amendments to the first principle; return their numbers."""
    numbers = []
    with CharterRepository.open(path) as repository:
        book = AmendmentBook(repository)
        for k in range(count):
            charter = repository.load()
            first = charter.principles[0]
            amendment = draft_amendment(
                "modify", first.id, author=AUTHOR, rationale=f"{word} {k}",
                base=book.resolve_base("HEAD"), base_charter=charter, current=charter,
                body=f"{first.body}\n\n{word} {k}.",
            )  # fmt: skip
            numbers.append(file_drafted_amendment(Session(repository), amendment).value.label)
    return numbers


def test_same_number_registered_on_two_clones_is_renumbered_after_pull(
    tmp_path: Path, git_cli: GitCli, capsys: pytest.CaptureFixture[str]
) -> None:
    origin = tmp_path / "origin"
    create_from_template(origin, default_example()).close()
    assert file_amendments(origin, 6, "Ajout") == [f"A-{n}" for n in range(1, 7)]
    laptop_a, laptop_b = tmp_path / "a", tmp_path / "b"
    git_cli(tmp_path, "clone", "-q", str(origin), str(laptop_a))
    git_cli(laptop_a, "fetch", "-q", str(origin), "refs/charter/registry:refs/charter/registry")
    git_cli(tmp_path, "clone", "-q", str(origin), str(laptop_b))
    git_cli(laptop_b, "fetch", "-q", str(origin), "refs/charter/registry:refs/charter/registry")

    # Offline: B registers A-7 first; a second later A registers.
    offline = clock.ManualClock(datetime(2026, 11, 14, 18, 0, tzinfo=UTC))
    with clock.using(offline):
        assert file_amendments(laptop_b, 1, "Bureau") == ["A-7"]
        offline.advance(seconds=1)
        assert file_amendments(laptop_a, 5, "Atelier") == ["A-7", "A-8", "A-9", "A-10", "A-11"]

    # File-per-event: a plain pull merges without conflict.
    git_cli(laptop_a, "pull", "-q", "--no-rebase", "--no-edit", str(laptop_b), "main")
    with CharterRepository.open(laptop_a) as repository:
        ledger = AmendmentBook(repository).ledger()
    late = ledger.find("A-12")
    assert late.display == "A-12 (was A-7)"
    assert late.amendment.rationale == "Atelier 0"
    assert ledger.find("A-7").amendment.rationale == "Bureau 0"
    assert [r.label for r in ledger.records] == [f"A-{n}" for n in range(1, 13)]
    assert len(ledger.pending) == 1  # not recorded yet: listing never writes

    assert main(["-C", str(laptop_a), "amendments"]) == 0
    listing = capsys.readouterr().out
    assert "A-12 (was A-7)" in listing

    # The next write records the renumbering with the new amendment.
    assert file_amendments(laptop_a, 1, "Suite") == ["A-13"]
    with CharterRepository.open(laptop_a) as repository:
        renumbers = [e for e in repository.events() if e.type == "renumber"]
    assert [(e.get("from"), e.get("to"), e.get("reason")) for e in renumbers] == [
        ("A-7", "A-12", "duplicate-number")
    ]

    # B pulls back and sees exactly the same numbers, with nothing pending.
    git_cli(laptop_b, "pull", "-q", "--no-rebase", "--no-edit", str(laptop_a), "main")
    with CharterRepository.open(laptop_b) as repository:
        ledger_b = AmendmentBook(repository).ledger()
    assert ledger_b.pending == ()
    assert {r.id: r.display for r in ledger_b.records} == {
        r.id: r.display for r in ledger.records
    } | {ledger_b.find("A-13").id: "A-13"}
