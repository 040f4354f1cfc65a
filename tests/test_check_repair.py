"""``charter check`` reads every file the app reads (events and amendments too) and lists every
problem; ``charter repair`` sets broken files aside (kept byte for byte, never deleted) so the
rest of the charter works, restoring the last readable version where the charter needs one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.i18n import set_language
from charter_app.storage.repair import REASONS_FILE, SET_ASIDE_DIR
from charter_app.storage.repository import CharterRepository
from tests.test_sync_support import CLAIRE, FIRST, comment, file_amendment, git, laptops

EVENT = "events/2026/e-0123456789abcdef.yaml"
AMENDMENT = "amendments/a-0123456789ab.yaml"
PRINCIPLE = f"principles/{FIRST}.md"


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def charter(tmp_path: Path) -> Path:
    """A charter with a comment and an amendment, all saved."""
    (folder,) = laptops(tmp_path, "a")
    comment(folder, "1", "Un commentaire")
    file_amendment(folder, "Une raison")
    return folder


def write(folder: Path, path: str, data: bytes) -> None:
    (folder / path).parent.mkdir(parents=True, exist_ok=True)
    (folder / path).write_bytes(data)


def commit_by_hand(folder: Path, *paths: str) -> None:
    git(folder, "add", "--", *paths)
    git(folder, "commit", "-q", "-m", "by hand")


def run(folder: Path, *command: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["-C", str(folder), *command])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def set_aside_files(folder: Path) -> dict[str, bytes]:
    """What the repair kept: path inside its dated folder -> bytes."""
    found = {}
    for path in (folder / SET_ASIDE_DIR).rglob("*"):
        if path.is_file() and path.name != REASONS_FILE:
            found["/".join(path.relative_to(folder / SET_ASIDE_DIR).parts[1:])] = path.read_bytes()
    return found


# --- check ---------------------------------------------------------------------------------------


def test_check_reads_events_and_amendments_and_lists_every_problem(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(charter, "check", capsys=capsys) == (0, "Everything is in order.\n")
    write(charter, EVENT, b"id: [broken\n")
    write(charter, AMENDMENT, b"id: a-0123456789ab\nkind: rewrite\n")
    write(charter, "participants.yaml", b"participants:\n\t- broken\n")
    status, output = run(charter, "check", capsys=capsys)
    assert status == 1
    for words in (EVENT, "not valid YAML", AMENDMENT, "unknown amendment kind", "tab"):
        assert words in output
    status, output = run(charter, "check", "--json", capsys=capsys)
    assert status == 1 and len(json.loads(output)) == 3
    # What check reports is what the commands meet.
    assert main(["-C", str(charter), "comments"]) == 1


def test_check_reports_invisible_direction_controls(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = charter / PRINCIPLE
    path.write_text(
        path.read_text("utf-8").replace("\n---\n", "\n---\nSigné : \u202eevil\u202c.\n", 1)
    )
    comment(charter, "2", "Un \u2067texte\u2069 isolé")
    status, output = run(charter, "check", capsys=capsys)
    assert status == 1
    assert "U+202E (right-to-left override)" in output and PRINCIPLE in output
    assert "U+2067" in output and "events/" in output


# --- repair --------------------------------------------------------------------------------------


def test_an_unsaved_broken_event_is_set_aside_and_the_rest_works(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = git(charter, "rev-parse", "HEAD")
    write(charter, EVENT, b"id: [broken\n")
    status, output = run(charter, "comments", capsys=capsys)
    assert status == 1 and EVENT in output and "“charter repair”" in output  # the way out
    # A record file no commit holds is set aside as soon as the charter is opened for writing
    # (here by the repair itself), with the reason: it was never recorded.
    status, output = run(charter, "repair", capsys=capsys)
    assert status == 0 and "had never been recorded" in output
    assert set_aside_files(charter) == {EVENT: b"id: [broken\n"}
    assert git(charter, "rev-parse", "HEAD") == head  # it was never saved: nothing to record
    assert git(charter, "status", "--porcelain") == ""  # set-aside/ is not part of the charter
    (reasons,) = (charter / SET_ASIDE_DIR).rglob(REASONS_FILE)
    assert EVENT in reasons.read_text("utf-8") and "never recorded" in reasons.read_text("utf-8")
    assert main(["-C", str(charter), "comments"]) == 0
    assert run(charter, "check", capsys=capsys)[0] == 0


def test_a_saved_broken_amendment_is_set_aside_in_a_commit(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(charter, AMENDMENT, b"kind: [broken\n")
    commit_by_hand(charter, AMENDMENT)
    broken_commit = git(charter, "rev-parse", "HEAD").strip()
    assert main(["-C", str(charter), "amendments"]) == 1
    status, output = run(charter, "repair", "--as", CLAIRE, capsys=capsys)
    assert status == 0 and "Saved as commit" in output
    log = git(charter, "log", "-1", "--format=%an%n%B")
    assert log.startswith(CLAIRE) and f"Charter-Set-Aside: {AMENDMENT}" in log
    assert set_aside_files(charter) == {AMENDMENT: b"kind: [broken\n"}
    assert git(charter, "show", f"{broken_commit}:{AMENDMENT}") == "kind: [broken\n"  # kept
    assert git(charter, "status", "--porcelain") == ""
    assert main(["-C", str(charter), "amendments"]) == 0


def test_a_principle_broken_by_an_unsaved_edit_gets_its_saved_text_back(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = (charter / PRINCIPLE).read_bytes()
    head = git(charter, "rev-parse", "HEAD")
    (charter / PRINCIPLE).write_bytes(b"---\nid: [\n---\nMon brouillon.\n")
    status, output = run(charter, "repair", capsys=capsys)
    assert status == 0 and f"Restored {PRINCIPLE}" in output
    assert (charter / PRINCIPLE).read_bytes() == saved
    assert set_aside_files(charter) == {PRINCIPLE: b"---\nid: [\n---\nMon brouillon.\n"}
    assert git(charter, "rev-parse", "HEAD") == head


def test_a_saved_broken_principle_gets_its_last_readable_version(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readable = (charter / PRINCIPLE).read_bytes()
    (charter / PRINCIPLE).write_bytes(b"no front matter\n")
    commit_by_hand(charter, PRINCIPLE)
    assert main(["-C", str(charter), "principle", "list"]) == 1
    assert run(charter, "repair", capsys=capsys)[0] == 0
    assert (charter / PRINCIPLE).read_bytes() == readable
    assert git(charter, "show", f"HEAD:{PRINCIPLE}").encode() == readable
    assert git(charter, "status", "--porcelain") == ""
    assert main(["-C", str(charter), "principle", "list"]) == 0


def test_a_principle_never_readable_leaves_the_list(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = "principles/nouveau.md"
    write(charter, new, b"---\nid: nouveau\nnumber: [\n---\nTexte.\n")
    yaml = (charter / "charter.yaml").read_text("utf-8")
    (charter / "charter.yaml").write_text(yaml.replace("principles:\n", "principles:\n- nouveau\n"))
    commit_by_hand(charter, new, "charter.yaml")
    status, output = run(charter, "repair", capsys=capsys)
    assert status == 0 and "“nouveau” is no longer in the list" in output
    with CharterRepository.open(charter) as repository:
        assert repository.load().principle("nouveau") is None
        assert repository.git.is_clean()
    assert set(set_aside_files(charter)) == {new}


def test_charter_yaml_is_restored_or_reported(
    charter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readable = (charter / "charter.yaml").read_bytes()
    (charter / "charter.yaml").write_bytes(b"title: [\n")
    assert run(charter, "repair", capsys=capsys)[0] == 0
    assert (charter / "charter.yaml").read_bytes() == readable
    # A charter.yaml that was never readable cannot be repaired: it is left as it is.
    (folder,) = laptops(charter.parent / "other", "x")
    (folder / "charter.yaml").write_bytes(b"title: [\n")
    git(folder, "add", "charter.yaml")
    git(folder, "commit", "-q", "--amend", "--no-edit")  # the history has no readable one
    git(folder, "reflog", "expire", "--expire=now", "--all")
    status, output = run(folder, "repair", capsys=capsys)
    assert status == 1 and "No readable version" in output
    assert (folder / "charter.yaml").read_bytes() == b"title: [\n"


def test_nothing_to_repair(charter: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = git(charter, "rev-parse", "HEAD")
    status, output = run(charter, "repair", "--json", capsys=capsys)
    assert status == 0 and json.loads(output)["set_aside"] == []
    assert git(charter, "rev-parse", "HEAD") == head and not (charter / SET_ASIDE_DIR).exists()
