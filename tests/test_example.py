"""The bundled example has a story: every feature of the app shows content when it is opened.

The story is ``tools/make_example.py`` played through the application layer; the shipped
``charters/val-de-leze/history.bundle`` must be exactly what it writes (same commits, same
version), and a charter made from the example holds every state a demonstration needs.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

from charter_app import i18n
from charter_app.application import charters
from charter_app.cli import main
from charter_app.core import identifiers
from charter_app.core.amendment_state import AmendmentStatus
from charter_app.core.amendments import AmendmentKind, TextState
from charter_app.core.comments import anchor_threads, fold_comments
from charter_app.core.decisions import decision_of
from charter_app.core.dots import dot_results
from charter_app.core.model import Role
from charter_app.core.supports import fold_supports
from charter_app.core.workshops import fold_workshops
from charter_app.storage.amendments import AmendmentBook
from charter_app.storage.bundles import read_header
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import STORY_BUNDLE, default_example, story_of, templates_dir

ROOT = Path(__file__).resolve().parents[1]


def _count(folder: Path, revisions: str = "HEAD") -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "rev-list", "--count", revisions],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def _script():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "tools/make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> CharterRepository:
    folder = tmp_path_factory.mktemp("example") / "charte"
    session = charters.create_from_template(folder, default_example())
    yield session.repository
    session.close()


def test_the_shipped_history_is_what_the_story_script_writes(tmp_path):
    script = _script()
    language = i18n.current_language()
    i18n.set_language("fr")
    try:
        with (
            identifiers.using(identifiers.SeededIds(script.SEED)),
            script.play(tmp_path / "story") as session,
        ):
            written = script.write_bundle(session, tmp_path / "story.bundle")
    finally:
        i18n.set_language(language)
    shipped = story_of(default_example())
    assert shipped == templates_dir() / script.NAME / STORY_BUNDLE
    mine, theirs = (read_header(path.read_bytes()).refs for path in (written, shipped))
    assert sorted(mine) == sorted(theirs)  # same commits, same tags: regenerate and commit both


def test_the_example_has_a_dozen_participants_in_every_role(example):
    charter = example.load()
    assert len(charter.participants) >= 12
    assert {p.role for p in charter.participants} == set(Role)


def test_the_example_went_through_three_workshops_with_attendance(example):
    register = fold_workshops(example.events())
    assert len(register.workshops) == 3
    assert all(w.attendance and not w.running for w in register.workshops)
    assert register.tallies  # shows of hands


def test_the_example_has_comments_in_every_state(example):
    charter = example.load()
    board = fold_comments(example.events())
    threads = board.threads

    def text_at(principle_id, commit):
        principle = example.principle_at(principle_id, commit)
        return principle.body if principle else None

    anchors = anchor_threads(threads, charter, text_at)
    states = {anchors[t.id].state for t in threads if t.id in anchors and anchors[t.id]}
    assert {"anchored", "orphaned"} <= states
    assert any(t.replies and not t.resolved for t in threads)  # open, answered
    assert any(t.resolved for t in threads)
    assert any(t.root.hidden for t in threads)
    assert any(t.root.retracted for t in threads)
    assert any(t.root.edits for t in threads)
    assert any(t.passage is None for t in threads)  # on a whole principle


def test_the_example_has_amendments_in_every_state(example):
    book = AmendmentBook(example)
    ledger = book.ledger()
    states = book.states()
    statuses = {record.status for record in ledger.records}
    assert statuses == set(AmendmentStatus) - {AmendmentStatus.NOT_MOVED}
    pending = [r for r in ledger.records if r.status is AmendmentStatus.REGISTERED]
    # Every state an amendment still before the council can be in; the decided ones are closed.
    assert {states[r.id].state for r in pending} == set(TextState) - {TextState.CLOSED}
    decided = [r for r in ledger.records if r.status is not AmendmentStatus.REGISTERED]
    assert {states[r.id].state for r in decided if r.number is not None} == {TextState.CLOSED}
    kinds = {record.amendment.kind for record in ledger.records}
    assert {AmendmentKind.MODIFY, AmendmentKind.INSERT, AmendmentKind.SUB} <= kinds
    decisions = [decision_of(e) for e in example.events()]
    assert any(d is not None and d.votes is not None for d in decisions)


def test_the_example_has_supports_and_dots(example):
    charter = example.load()
    events = example.events()
    tallies = fold_supports(events, charter.participants)
    assert {tally.about for tally in tallies.values()} == {"amendment", "comment"}
    results = dot_results(events, fold_workshops(events), charter.participants, all_sessions=True)
    assert results.rows and results.participants >= 5


def test_the_example_adopted_v1_0_and_works_on_the_next_version(example):
    (version,) = example.tags()
    assert version.name == "v1.0"
    assert int(_count(example.path, f"{version.name}..HEAD")) > 10  # v1.1 in progress
    authors = {revision.author for revision in example.history()}
    assert len(authors) >= 10  # written by people, not by the app


def test_charter_init_gives_the_example_with_its_story_and_a_title_only_its_text(tmp_path):
    assert main(["init", str(tmp_path / "story")]) == 0
    assert main(["init", str(tmp_path / "mine"), "--template", default_example(),
                 "--title", "Charte de Lézat"]) == 0  # fmt: skip
    assert main(["init", str(tmp_path / "blank"), "--template", "blank"]) == 0
    count = {name: _count(tmp_path / name) for name in ("story", "mine", "blank")}
    assert int(count["story"]) > 100
    assert count["mine"] == count["blank"] == "1"
    with CharterRepository.open(tmp_path / "mine") as mine:
        assert mine.load().title == "Charte de Lézat"
        assert not mine.tags()
