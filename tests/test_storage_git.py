"""GitRepository against real git: commits, history, reading at a revision, tags, locks, errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from charter_app.core.revision import Signature
from charter_app.errors import (
    CharterError,
    LockedError,
    NotACharterError,
    NotFoundError,
    RepositoryError,
    ValidationError,
)
from charter_app.storage.git import GitRepository

ALICE = Signature.for_participant("p-3f9a1c")
BOB = Signature.for_participant("p-0b0b0b")
GitCli = Callable[..., str]


@pytest.fixture
def repo(tmp_git_repo: Path) -> GitRepository:
    return GitRepository.open(tmp_git_repo)


def test_empty_repository(repo: GitRepository) -> None:
    assert repo.head() is None
    assert repo.log() == []
    assert repo.tags() == []
    assert repo.is_clean()


def test_init_creates_main_branch(tmp_path: Path, git_cli: GitCli) -> None:
    repository = GitRepository.init(tmp_path / "new")
    repository.commit_files({"charter.yaml": b"format: 1\n"}, "Crée la charte", ALICE)
    assert git_cli(tmp_path / "new", "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert not list((tmp_path / "new" / ".git" / "hooks").glob("*"))


def test_commit_and_log_round_trip(repo: GitRepository, git_cli: GitCli) -> None:
    message = (
        "Modifie le principe 3 : Inclusion et médiation numérique\n\n"
        "Première ligne.\nDeuxième ligne « citée ».\n\nUn autre paragraphe."
    )
    sha = repo.commit_files(
        {"principles/inclusion.md": "Texte accentué : é à ç\n".encode()},
        message,
        ALICE,
        [("Charter-Principle", "inclusion-mediation"), ("Charter-Decision", "adopted 14-3-2")],
    )
    (revision,) = repo.log()
    assert revision.sha == sha == repo.head()
    assert revision.parents == ()
    assert revision.author == "p-3f9a1c"
    assert revision.author_email == "p-3f9a1c@participants.charter.invalid"
    assert revision.subject == "Modifie le principe 3 : Inclusion et médiation numérique"
    assert revision.body == "Première ligne.\nDeuxième ligne « citée ».\n\nUn autre paragraphe."
    assert revision.trailers == (
        ("Charter-Principle", "inclusion-mediation"),
        ("Charter-Decision", "adopted 14-3-2"),
    )
    assert revision.trailer("charter-decision") == "adopted 14-3-2"
    assert revision.authored_at.tzinfo is not None
    assert abs(time.time() - revision.committed_at.timestamp()) < 60
    # The author is also the committer, whatever the machine's configuration.
    assert git_cli(repo.path, "log", "-1", "--format=%cn %ce").strip() == (
        "p-3f9a1c p-3f9a1c@participants.charter.invalid"
    )
    assert git_cli(repo.path, "show", "HEAD:principles/inclusion.md") == "Texte accentué : é à ç\n"


def test_history_of_one_path_and_reading_at_revisions(repo: GitRepository) -> None:
    first = repo.commit_files({"principles/a.md": b"a1\n", "principles/b.md": b"b1\n"}, "Un", ALICE)
    repo.commit_files({"principles/a.md": b"a2\n"}, "Deux", BOB)
    repo.create_tag("v1.0", "HEAD", "Adoptée le 3 mars 2025", ALICE)
    third = repo.commit_files({"principles/b.md": b"b2\n"}, "Trois", ALICE)

    assert [r.subject for r in repo.log()] == ["Trois", "Deux", "Un"]
    assert [r.subject for r in repo.log(["principles/a.md"])] == ["Deux", "Un"]
    assert [r.author for r in repo.log(["principles/b.md"])] == ["p-3f9a1c", "p-3f9a1c"]
    assert [r.subject for r in repo.log(max_count=1)] == ["Trois"]
    assert [r.subject for r in repo.log(rev="v1.0")] == ["Deux", "Un"]
    assert repo.log()[0].parents == (repo.resolve("HEAD~1"),)

    assert repo.read_file("HEAD~1", "principles/b.md") == b"b1\n"
    assert repo.read_file("v1.0", "principles/a.md") == b"a2\n"
    assert repo.read_file(first, "principles/a.md") == b"a1\n"
    assert repo.read_file(first[:10], "principles/a.md") == b"a1\n"
    assert repo.resolve("v1.0") == repo.resolve("HEAD~1")
    assert repo.resolve("HEAD") == third
    assert repo.read_tree("v1.0", "principles") == {
        "principles/a.md": b"a2\n",
        "principles/b.md": b"b1\n",
    }
    assert repo.read_tree("HEAD", "principles/") == repo.read_tree("HEAD", "principles")
    assert repo.list_tree("HEAD") == ["principles/a.md", "principles/b.md"]
    assert repo.read_tree("HEAD", "nothing-here") == {}


def test_unknown_revisions_and_paths(repo: GitRepository) -> None:
    repo.commit_files({"a.md": b"a\n"}, "Un", ALICE)
    for revision in ("v9.9", "HEAD~5", "0" * 40, "", "main..HEAD", "a\nb"):
        with pytest.raises(NotFoundError):
            repo.resolve(revision)
    with pytest.raises(NotFoundError):
        repo.read_file("HEAD", "missing.md")
    for path in ("../outside", "/etc/passwd", ".git/config", "a/../../b", "a//b", "x\0y"):
        with pytest.raises(ValidationError):
            repo.read_file("HEAD", path)
        with pytest.raises(ValidationError):
            repo.commit_files({path: b"x"}, "Non", ALICE)


def test_commit_includes_only_the_given_paths(repo: GitRepository, git_cli: GitCli) -> None:
    repo.commit_files({"a.md": b"a\n", "b.md": b"b\n", "gone.md": b"g\n"}, "Un", ALICE)
    (repo.path / "b.md").write_bytes(b"edited by hand\n")
    git_cli(repo.path, "add", "b.md")  # staged by someone else: must not sneak in
    (repo.path / "untracked.md").write_bytes(b"u\n")
    repo.commit_files({"a.md": b"a2\n", "gone.md": None}, "Deux", ALICE)
    shown = git_cli(repo.path, "show", "--name-status", "--format=", "HEAD")
    assert shown.split("\n")[:2] == ["M\ta.md", "D\tgone.md"]
    assert not (repo.path / "gone.md").exists()
    assert repo.read_file("HEAD", "b.md") == b"b\n"
    assert repo.status() == {"b.md": "M ", "untracked.md": "??"}
    assert repo.is_clean(["a.md", "gone.md"])
    assert not repo.is_clean(["b.md"])


def test_invalid_messages_authors_and_trailers(repo: GitRepository) -> None:
    for message in ("", "   \n  "):
        with pytest.raises(ValidationError):
            repo.commit_files({"a.md": b"a"}, message, ALICE)
    for author in (Signature("", "x@y"), Signature("a<b", "x@y"), Signature("p-1", "a\nb")):
        with pytest.raises(ValidationError):
            repo.commit_files({"a.md": b"a"}, "ok", author)
    for trailer in (("Bad Key", "v"), ("Key", "two\nlines"), ("Key", "")):
        with pytest.raises(ValidationError):
            repo.commit_files({"a.md": b"a"}, "ok", ALICE, [trailer])
    with pytest.raises(ValidationError):
        repo.commit_files({}, "ok", ALICE)
    assert repo.head() is None


def test_tags(repo: GitRepository, git_cli: GitCli) -> None:
    first = repo.commit_files({"a.md": b"a\n"}, "Un", ALICE)
    tag = repo.create_tag("v1.0", "HEAD", "Version adoptée\n\nDélibération 2025-12.", BOB)
    assert tag.target == first and tag.tagger == "p-0b0b0b"
    assert git_cli(repo.path, "cat-file", "-t", "v1.0").strip() == "tag"  # annotated
    git_cli(repo.path, "tag", "light")  # a lightweight tag made by another tool
    repo.commit_files({"a.md": b"b\n"}, "Deux", ALICE)
    repo.create_tag("v2.0", "HEAD", "Deuxième version", ALICE)
    by_name = {t.name: t for t in repo.tags()}
    assert set(by_name) == {"v1.0", "v2.0", "light"}
    assert by_name["v1.0"].message == "Version adoptée\n\nDélibération 2025-12."
    assert by_name["v1.0"].target == first
    assert by_name["v1.0"].tagged_at is not None
    assert by_name["light"].tagged_at is None and by_name["light"].target == first
    with pytest.raises(ValidationError):
        repo.create_tag("v1.0", "HEAD", "again", ALICE)
    for name in ("-h", "bad name", "a..b", "", "x~1", "v1.0.lock"):
        with pytest.raises(ValidationError):
            repo.create_tag(name, "HEAD", "m", ALICE)
    with pytest.raises(NotFoundError):
        repo.create_tag("v3.0", "no-such-version", "m", ALICE)


def test_open_refuses_what_is_not_a_charter(tmp_path: Path, tmp_git_repo: Path) -> None:
    with pytest.raises(NotACharterError):
        GitRepository.open(tmp_path / "missing")
    (tmp_path / "plain").mkdir()
    with pytest.raises(NotACharterError):
        GitRepository.open(tmp_path / "plain")
    (tmp_git_repo / "principles").mkdir()
    with pytest.raises(NotACharterError):
        GitRepository.open(tmp_git_repo / "principles")  # inside a repository is not enough
    (tmp_path / "broken" / ".git").mkdir(parents=True)
    with pytest.raises(NotACharterError):
        GitRepository.open(tmp_path / "broken")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the folder to another user")
def test_dubious_ownership_is_explained(tmp_git_repo: Path) -> None:
    for folder in (tmp_git_repo, tmp_git_repo / ".git"):
        os.chown(folder, 65534, 65534)
    with pytest.raises(RepositoryError) as caught:
        GitRepository.open(tmp_git_repo)
    assert "safe.directory" in caught.value.hint
    assert "another user" in caught.value.message


def test_stale_index_lock_is_removed_fresh_one_is_reported(repo: GitRepository) -> None:
    repo.commit_files({"a.md": b"1\n"}, "Un", ALICE)
    lock = repo.path / ".git" / "index.lock"
    lock.write_bytes(b"")
    with pytest.raises(LockedError) as caught:
        repo.commit_files({"a.md": b"2\n"}, "Deux", ALICE)
    assert "Wait" in caught.value.hint
    assert repo.read_file("HEAD", "a.md") == b"1\n"
    old = time.time() - 60
    os.utime(lock, (old, old))  # as if left by a crash a minute ago
    repo.commit_files({"a.md": b"2\n"}, "Deux", ALICE)
    assert not lock.exists()
    assert repo.read_file("HEAD", "a.md") == b"2\n"


def test_branch_moved_by_someone_else_is_not_overwritten(
    repo: GitRepository, git_cli: GitCli
) -> None:
    repo.commit_files({"a.md": b"1\n"}, "Un", ALICE)
    other = GitRepository.open(repo.path)
    other.commit_files({"b.md": b"b\n"}, "Ailleurs", BOB)
    repo.commit_files({"a.md": b"2\n"}, "Deux", ALICE)  # re-reads HEAD: builds on top
    assert [r.subject for r in repo.log()] == ["Deux", "Ailleurs", "Un"]
    git_cli(repo.path, "fsck", "--strict")


def test_commit_graph_is_kept_with_changed_paths(repo: GitRepository) -> None:
    for number in range(10):
        repo.commit_files({f"p{number % 3}.md": f"{number}\n".encode()}, f"C{number}", ALICE)
    repo.close()
    graphs = repo.path / ".git" / "objects" / "info"
    assert (graphs / "commit-graph").exists() or (graphs / "commit-graphs").is_dir()
    env = os.environ | {"GIT_TRACE2_PERF": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    trace = subprocess.run(
        ["git", "log", "--format=%H", "--", "p1.md"],
        cwd=repo.path, env=env, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    assert '"filter_not_present":0' in trace  # every commit has a changed-path filter
    assert len(repo.log(["p1.md"])) == 3


def test_unexpected_git_failure_carries_git_message(repo: GitRepository) -> None:
    repo.commit_files({"a.md": b"1\n"}, "Un", ALICE)
    shutil.rmtree(repo.path / ".git" / "objects")
    with pytest.raises(CharterError) as caught:
        repo.read_tree("HEAD", "")
    assert caught.value.message


def test_no_file_descriptor_or_process_leak(repo: GitRepository) -> None:
    repo.commit_files({"principles/a.md": b"a\n", "b.md": b"b\n"}, "Un", ALICE)
    sha = repo.head()
    assert sha is not None

    def open_descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    def children() -> int:
        return sum(
            1
            for entry in os.listdir("/proc")
            if entry.isdigit() and _parent_of(entry) == os.getpid()
        )

    for _warmup in range(20):
        repo.head()
    before_fds, before_children = open_descriptors(), children()
    for number in range(2000):
        kind = number % 8
        if kind == 0:
            repo.log(["b.md"])
        elif kind == 1:
            repo.read_file(sha, "principles/a.md")
        elif kind == 2:
            repo.read_tree("HEAD", "principles")
        elif kind == 3:
            with pytest.raises(NotFoundError):
                repo.resolve("nope")
        elif kind == 4:
            repo.status()
        elif kind == 5:
            repo.tags()
        elif kind == 6 and number % 80 == 6:
            repo.commit_files({"b.md": f"{number}\n".encode()}, "Encore", ALICE)
        else:
            repo.head()
    assert open_descriptors() <= before_fds
    assert children() <= before_children


def _parent_of(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def test_head_read_from_the_branch_file_agrees_with_git(
    repo: GitRepository, tmp_git_repo: Path, git_cli: GitCli
) -> None:
    """HEAD is read from the branch's file without a process; a packed branch (no such file)
    and a detached HEAD are asked of git, and every answer is git's own."""
    first = repo.commit_files({"a.md": b"one\n"}, "Un", ALICE)
    second = repo.commit_files({"a.md": b"two\n"}, "Deux", ALICE)
    assert repo.head() == second == git_cli(tmp_git_repo, "rev-parse", "HEAD").strip()
    git_cli(tmp_git_repo, "pack-refs", "--all")  # the branch's file is gone, packed-refs has it
    assert not (tmp_git_repo / ".git" / "refs" / "heads" / "main").exists()
    assert repo.head() == second
    third = repo.commit_files({"a.md": b"three\n"}, "Trois", ALICE)
    assert repo.head() == third == git_cli(tmp_git_repo, "rev-parse", "HEAD").strip()
    git_cli(tmp_git_repo, "checkout", "-q", "--detach", first)
    assert repo.head() == first


def test_untracked_lists_what_status_marks_untracked(
    repo: GitRepository, tmp_git_repo: Path
) -> None:
    repo.commit_files({"events/a.yaml": b"x: 1\n", "principles/p.md": b"t\n"}, "Un", ALICE)
    (tmp_git_repo / ".gitignore").write_text("*.ignored\n")
    for name in ("events/b.yaml", "events/deep/c.yaml", "principles/.p.md.x1.tmp",
                 "events/d.ignored", "other/e.yaml"):  # fmt: skip
        (tmp_git_repo / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_git_repo / name).write_text("y\n")
    (tmp_git_repo / "principles" / "p.md").write_text("changed\n")  # tracked: not listed
    folders = ["principles", "events", "amendments"]
    from_status = sorted(path for path, code in repo.status(folders).items() if code == "??")
    assert sorted(repo.untracked(folders)) == from_status == [
        "events/b.yaml", "events/deep/c.yaml", "principles/.p.md.x1.tmp",
    ]  # fmt: skip
