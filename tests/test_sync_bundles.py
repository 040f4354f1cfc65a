"""Three laptops work offline, exchange USB exports in every order, and converge: same charter,
same events, same amendment numbers, every word kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.errors import ValidationError
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.bundles import MissingPreviousExportError, export_bundle, import_bundle
from charter_app.storage.repository import CharterRepository
from tests.test_sync_support import (
    CLAIRE,
    FIRST,
    SECOND,
    comment,
    edit_body,
    file_amendment,
    git,
    laptops,
)


def exchange(tmp_path: Path, sender: Path, receiver: Path, author: str | None = CLAIRE) -> str:
    bundle = tmp_path / f"{sender.name}-for-{receiver.name}.bundle"
    with CharterRepository.open(sender) as repository:
        try:
            export_bundle(repository, bundle, for_name=receiver.name, sender=sender.name)
        except ValidationError:
            return "nothing new"  # the receiver already has all of it
    with CharterRepository.open(receiver) as repository:
        result = import_bundle(repository, bundle, author=author)
    assert not result.conflicts
    return result.outcome


def state(folder: Path) -> tuple[object, list[str], dict[str, str]]:
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
        events = sorted(event.id for event in repository.events())
        ledger = AmendmentBook(repository).ledger()
    assert git(folder, "status", "--porcelain") == ""
    return charter, events, {record.id: record.label for record in ledger.records}


def diverge(a: Path, b: Path, c: Path) -> None:
    edit_body(a, FIRST, lambda body: "Préambule ajouté par A. " + body)
    comment(a, "1", "Commentaire de A")
    file_amendment(a, "Amendement de A")
    edit_body(b, FIRST, lambda body: body + "\n\nParagraphe ajouté par B.")
    comment(b, "2", "Commentaire de B")
    file_amendment(b, "Amendement de B")
    edit_body(c, SECOND, lambda body: body.replace("numérique", "numérique partagée", 1))
    comment(c, "1", "Commentaire de C")


ORDERS = {
    # Each laptop imports the other two in a different order, then everyone re-exchanges.
    "ring": [("a", "b"), ("b", "c"), ("c", "a"), ("a", "c"), ("b", "a"), ("c", "b")],
    "star": [("b", "a"), ("c", "a"), ("a", "b"), ("a", "c")],
    "crossed": [("a", "b"), ("b", "a"), ("c", "b"), ("a", "c"), ("b", "c"), ("c", "a")],
}


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_three_laptops_converge_whatever_the_order(tmp_path: Path, order: str) -> None:
    a, b, c = laptops(tmp_path, "a", "b", "c")
    diverge(a, b, c)
    folders = {"a": a, "b": b, "c": c}
    for sender, receiver in ORDERS[order]:
        exchange(tmp_path, folders[sender], folders[receiver])
    # A last round so that everyone has everything (the later merges included).
    for sender, receiver in [("a", "b"), ("b", "c"), ("c", "a"), ("a", "b")]:
        exchange(tmp_path, folders[sender], folders[receiver])
    states = [state(folder) for folder in (a, b, c)]
    assert states[0] == states[1] == states[2]
    charter, events, numbers = states[0]
    body = charter.principle(FIRST).body  # type: ignore[attr-defined]
    assert body.startswith("Préambule ajouté par A. ")
    assert body.endswith("\n\nParagraphe ajouté par B.")
    assert "numérique partagée" in charter.principle(SECOND).body  # type: ignore[attr-defined]
    assert len(events) >= 5
    assert sorted(numbers.values()) == ["A-1", "A-2"]  # two laptops registered A-1: renumbered


def test_incremental_export_sends_only_what_is_new(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    comment(a, "1", "Premier")
    assert exchange(tmp_path, a, b) == "fast-forward"
    comment(a, "1", "Second")
    with CharterRepository.open(a) as repository:
        export = export_bundle(repository, tmp_path / "next.bundle", for_name="b", sender="a")
        assert export.commits == 1 and len(export.prerequisites) == 1
        with pytest.raises(ValidationError, match="nothing new"):
            export_bundle(repository, tmp_path / "again.bundle", for_name="b", sender="a")
    with CharterRepository.open(b) as repository:
        assert import_bundle(repository, tmp_path / "next.bundle").outcome == "fast-forward"
        assert import_bundle(repository, tmp_path / "next.bundle").outcome == "up-to-date"


def test_export_needing_an_earlier_one_says_so(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    comment(a, "1", "Premier")
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "lost.bundle", for_name="b", sender="salle-1")
    comment(a, "1", "Second")
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "later.bundle", for_name="b", sender="salle-1")
    with CharterRepository.open(b) as repository:
        with pytest.raises(MissingPreviousExportError, match="previous export from salle-1"):
            import_bundle(repository, tmp_path / "later.bundle")
        import_bundle(repository, tmp_path / "lost.bundle")
        assert import_bundle(repository, tmp_path / "later.bundle").outcome == "fast-forward"


def test_git_itself_reads_our_exports(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    with CharterRepository.open(a) as repository:
        export = export_bundle(repository, tmp_path / "full.bundle", sender="a")
    (tmp_path / "empty").mkdir()
    git(tmp_path / "empty", "init", "-q")
    git(tmp_path / "empty", "bundle", "verify", str(export.path))
    checksum = export.checksum_path.read_text().split()
    assert checksum[1] == "full.bundle" and len(checksum[0]) == 64
    git(tmp_path, "clone", "-q", str(export.path), "plain")
    assert (tmp_path / "plain" / "charter.yaml").read_bytes() == (a / "charter.yaml").read_bytes()
