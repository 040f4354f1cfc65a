"""Two laptops work offline on one charter, each through the application layer, then exchange
USB exports both ways: they converge, with every participant, every edit of the charter's own
fields and every comment of both, merged by what each file holds (never as plain text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from charter_app.application import comments, participants, principles
from charter_app.application.session import Session
from charter_app.application.sync import import_bundle
from charter_app.core.clock import ManualClock
from charter_app.core.comments import fold_comments
from charter_app.core.operations import edit_charter
from charter_app.storage.bundles import export_bundle
from charter_app.storage.sync import clone_safely
from charter_app.storage.templates import create_from_template, default_example

GitCli = Callable[..., str]
PARIS = timezone(timedelta(hours=1))


def test_two_laptops_converge_with_nothing_lost(tmp_path: Path, git_cli: GitCli) -> None:
    clock = ManualClock(datetime(2026, 11, 14, 9, 30, tzinfo=PARIS))
    origin = tmp_path / "mairie"
    create_from_template(origin, default_example()).close()
    first_bundle = tmp_path / "initial.bundle"
    with Session.open(origin) as session:
        export_bundle(session.repository, first_bundle, sender="mairie")
    laptop_a, laptop_b = tmp_path / "a", tmp_path / "b"
    clone_safely(first_bundle, laptop_a).close()
    clone_safely(first_bundle, laptop_b).close()

    # Offline, the same evening, in two village halls.
    with Session.open(laptop_a, clock=clock) as a:
        nadia = participants.register_participant(a, "Nadia", "resident").value
        farid = participants.register_participant(a, "Farid", "association", "Club").value
        charter = a.repository.load()
        titled, change = edit_charter(charter, title="Charte numérique de Lézat")
        with a.transaction(nadia.id) as transaction:
            transaction.save(titled, change)
        principles.add_principle(a, nadia.id, "Sobriété", "Des équipements qui durent.")
        comments.comment(a, nadia.id, "1", "Qui décide des outils ?")
        comments.comment(a, farid.id, "2", "Et les associations ?")
    clock.advance(minutes=5)
    with Session.open(laptop_b, clock=clock) as b:
        lea = participants.register_participant(b, "Léa", "elected").value
        charter = b.repository.load()
        # The next line of charter.yaml: a plain text merge would call it a conflict.
        with_preamble, change = edit_charter(
            charter, territory="Val de Lèze", preamble="Adoptée après trois ateliers."
        )
        with b.transaction(lea.id) as transaction:
            transaction.save(with_preamble, change)
        # Both add a principle at the end: charter.yaml's order merges by what it holds.
        principles.add_principle(b, lea.id, "Accessibilité", "Des sites lisibles par tous.")
        comments.comment(b, lea.id, "1", "Le conseil en débattra.")

    # USB stick: A -> B, then B -> A.
    a_to_b, b_to_a = tmp_path / "a-to-b.bundle", tmp_path / "b-to-a.bundle"
    with Session.open(laptop_a) as a:
        export_bundle(a.repository, a_to_b, sender="portable-a")
    with Session.open(laptop_b) as b:
        received = import_bundle(b, lea.id, a_to_b)
        assert received.value.outcome == "merged" and not received.value.conflicts
        assert received.changed.participants and received.changed.meta and received.changed.events
        export_bundle(b.repository, b_to_a, for_name="portable-a", sender="portable-b")
    with Session.open(laptop_a) as a:
        back = import_bundle(a, nadia.id, b_to_a)
        assert back.value.outcome == "fast-forward"

    heads = {git_cli(path, "rev-parse", "HEAD").strip() for path in (laptop_a, laptop_b)}
    assert len(heads) == 1
    for laptop in (laptop_a, laptop_b):
        with Session.open(laptop) as session:
            charter = session.repository.load()
            names = {p.name for p in charter.participants}
            assert {"Nadia", "Farid", "Léa"} <= names
            assert charter.title == "Charte numérique de Lézat"
            assert charter.preamble == "Adoptée après trois ateliers."
            assert charter.territory == "Val de Lèze"
            titles = [p.title for p in charter.principles]
            assert titles[-2:] in (["Sobriété", "Accessibilité"], ["Accessibilité", "Sobriété"])
            board = fold_comments(session.repository.events())
            texts = {thread.root.text for thread in board.threads}
            assert texts == {
                "Qui décide des outils ?",
                "Et les associations ?",
                "Le conseil en débattra.",
            }
            assert session.repository.check() == []
        assert git_cli(laptop, "status", "--porcelain") == ""
        participants_file = (laptop / "participants.yaml").read_text(encoding="utf-8")
        assert "<<<<<<<" not in participants_file and ">>>>>>>" not in participants_file
        git_cli(laptop, "fsck", "--strict", "--no-progress")
