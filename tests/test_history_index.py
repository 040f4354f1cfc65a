"""The in-memory history index answers like git log, and follows saves and merges."""

from __future__ import annotations

from pathlib import Path

from charter_app.core import operations
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template
from tests.conftest import run_git


def edit(repository: CharterRepository, principle_id: str, text: str, author: str) -> str | None:
    charter = repository.load()
    charter, change = operations.edit_principle(charter, principle_id, body=text)
    return repository.save(charter, change, author)


def shas(revisions: list) -> list[str]:  # type: ignore[type-arg]
    return [revision.sha for revision in revisions]


def test_index_matches_git_log_and_follows_saves_and_merges(tmp_path: Path) -> None:
    repository = create_from_template(tmp_path / "c", "val-de-leze")
    charter = repository.load()
    author = charter.participants[0].id
    first, second = charter.principles[0].id, charter.principles[1].id
    for round_number in range(3):
        edit(repository, first, f"Texte {round_number} du premier.", author)
        edit(repository, second, f"Texte {round_number} du second.", author)
    repository.index_history()
    for principle in charter.principles:
        path = f"principles/{principle.id}.md"
        assert shas(repository.history(principle.id)) == shas(repository.git.log([path]))
    assert shas(repository.history()) == shas(repository.git.log())

    # A save after indexing appears at once (incremental update).
    new = edit(repository, first, "Encore une version.", author)
    assert shas(repository.history(first))[0] == new

    # A merge of work done on another branch (another laptop): both sides' commits appear.
    run_git(repository.path, "checkout", "-q", "-b", "laptop", "HEAD~1")
    run_git(repository.path, "commit", "-q", "--allow-empty", "-m", "autre portable")
    (repository.path / "principles" / f"{second}.md").write_text(
        (repository.path / "principles" / f"{second}.md").read_text().replace("Texte 2", "Texte B")
    )
    run_git(repository.path, "commit", "-q", "-am", "édition hors ligne")
    side = run_git(repository.path, "rev-parse", "HEAD").strip()
    run_git(repository.path, "checkout", "-q", "main")
    run_git(repository.path, "merge", "-q", "--no-edit", "laptop")
    history = shas(repository.history(second))
    assert side in history
    assert history == shas(repository.git.log([f"principles/{second}.md"]))
    assert len(repository.history()) == len(repository.git.log())


def test_index_rebuilds_when_history_moves_backwards(tmp_path: Path) -> None:
    repository = create_from_template(tmp_path / "c", "val-de-leze")
    charter = repository.load()
    author, first = charter.participants[0].id, charter.principles[0].id
    edit(repository, first, "Version un.", author)
    dropped = edit(repository, first, "Version deux.", author)
    repository.index_history()
    run_git(repository.path, "reset", "-q", "--hard", "HEAD~1")
    assert dropped not in shas(repository.history(first))
    assert shas(repository.history()) == shas(repository.git.log())
