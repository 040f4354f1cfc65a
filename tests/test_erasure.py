"""The right to be forgotten, end to end on real repositories: laptop A erases a participant
who commented and proposed an amendment (adopted in a signed version), then exchanges with
laptop B by USB export and with a shared "server" folder. After ``git gc --prune=now`` no
object of A, B or the server, reachable or not, holds the name; every listing, blame and
export read back shows "Participant retiré"; numbers and adopted versions are as before."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from charter_app.application import (
    amendments,
    comments,
    council,
    participants,
    retention,
    workshops,
)
from charter_app.application.session import Session
from charter_app.cli import main
from charter_app.core import clock
from charter_app.export import ExportOptions, export_charter
from charter_app.export.minutes import export_minutes
from charter_app.i18n import set_language
from charter_app.storage.repository import CharterRepository
from charter_app.storage.templates import create_from_template, default_example
from tests.conftest import run_git
from tests.test_export import read_text
from tests.test_sync_server import git_daemon
from tests.test_sync_support import laptops
from tests.test_versions_signing import allowed_signers, ssh_key, write_global_config

NAME, ORGANISATION = "Ondine Farkas", "Atelier Zéphyrine"
FORGOTTEN = (b"Ondine", b"Farkas", "Zéphyrine".encode(), b"Zephyrine")
FACILITATOR, CLAIRE = "p-47232f", "p-cbb40a"
SOVEREIGNTY = "souverainete-numerique"
REMOVED = "Participant retiré"


def cli(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(["-C", str(folder), *argv])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def as_json(folder: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    return json.loads(cli(folder, capsys, *argv, "--json"))


def every_object(repository: Path) -> bytes:
    """Every object of a repository, reachable or not, uncompressed."""
    return subprocess.run(
        ["git", "-C", str(repository), "cat-file", "--batch-all-objects", "--batch"],
        capture_output=True,
        check=True,
    ).stdout


def unbroken(text: str) -> str:
    """Text read back in one line, words the PDF hyphenated in a narrow column joined again."""
    return re.sub(r"(\w)- (\w)", r"\1\2", " ".join(text.split()))


def every_file(folder: Path) -> Iterator[tuple[Path, bytes]]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            yield path, path.read_bytes()


@pytest.fixture
def french(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """French messages, and a global git configuration of our own: an SSH signing key."""
    set_language("fr")
    key = ssh_key(tmp_path, "greffe")
    trusted = allowed_signers(tmp_path / "allowed", ("greffe@example.invalid", key))
    config = tmp_path / "global.gitconfig"
    write_global_config(
        config,
        user={"signingkey": str(key)},
        gpg={"format": "ssh"},
        **{'gpg "ssh"': {"allowedSignersFile": str(trusted)}},
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.delenv("CHARTER_AS", raising=False)
    yield trusted
    set_language("en")


def test_an_erased_name_leaves_every_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], french: Path
) -> None:
    a, b = laptops(tmp_path, "a", "b")
    server = tmp_path / "server"
    server.mkdir()
    capsys.readouterr()

    # Ondine takes part on laptop A: a workshop, a comment, an amendment that is adopted.
    ondine = cli(a, capsys, "participant", "add", NAME, "--role", "resident",
                 "--organisation", ORGANISATION).strip()  # fmt: skip
    cli(a, capsys, "workshop", "start", "--title", "Atelier du soir",
        "--participants", f"{ondine},{CLAIRE}", "--as", FACILITATOR)  # fmt: skip
    cli(a, capsys, "comment", "1", "--text", "Des logiciels libres, partout.", "--as", ondine)
    body = tmp_path / "nouveau.md"
    principle = CharterRepository.open(a).load().principle(SOVEREIGNTY)
    assert principle is not None
    body.write_text(principle.body + "\n\nLes données restent sur le territoire.", "utf-8")
    cli(a, capsys, "amend", SOVEREIGNTY, "--body-file", str(body),
        "--rationale", "La souveraineté commence par les données.", "--as", ondine)  # fmt: skip
    cli(a, capsys, "workshop", "end", "--as", FACILITATOR)
    cli(a, capsys, "decide", "A-1", "--adopt", "--votes", "14,3,2", "--as", FACILITATOR)
    cli(a, capsys, "adopt", "v1.0", "--ref", "Délibération 2026-20", "--sign",
        "--as", FACILITATOR)  # fmt: skip

    # Every copy learns her name: the server, and B through the server and a USB export.
    cli(a, capsys, "sync", str(server), "--as", FACILITATOR)
    cli(b, capsys, "sync", str(server), "--as", CLAIRE)
    cli(a, capsys, "bundle", "-o", str(tmp_path / "a1.bundle"), "--for", "b", "--from", "a")
    cli(b, capsys, "import-bundle", str(tmp_path / "a1.bundle"), "--as", CLAIRE)
    for copy in (a, b):
        assert NAME in cli(copy, capsys, "participant", "list")
    tag_before = run_git(a, "rev-parse", "v1.0", "v1.0^{commit}")
    versions_before = as_json(a, capsys, "versions")
    numbers_before = [r["number"] for r in as_json(a, capsys, "amendments")]  # type: ignore[attr-defined]

    # A facilitator erases her on A, then A exchanges with B (USB) and the server (folder).
    erased = as_json(a, capsys, "participant", "erase", ondine, "--as", FACILITATOR)
    assert erased["shown_as"].startswith(REMOVED)  # type: ignore[index]
    for leftover in (tmp_path / "a1.bundle", tmp_path / "a1.bundle.sha256"):
        leftover.unlink()  # an export made before the erasure: the report says to delete it
    cli(a, capsys, "bundle", "-o", str(tmp_path / "a2.bundle"), "--for", "b", "--from", "a")
    cli(b, capsys, "import-bundle", str(tmp_path / "a2.bundle"), "--as", CLAIRE)
    cli(a, capsys, "sync", str(server), "--as", FACILITATOR)
    cli(b, capsys, "sync", str(server), "--as", CLAIRE)
    for leftover in (tmp_path / "a2.bundle", tmp_path / "a2.bundle.sha256"):
        leftover.unlink()

    # The report tells the officer the shared folder keeps the replaced lists until cleaned.
    assert "jusqu’à son prochain nettoyage" in cli(a, capsys, "privacy", "report")
    # Nothing holds her name any more, reachable or not, once git collects its garbage.
    for repository in (a, b, server):
        run_git(repository, "gc", "--prune=now", "--quiet")
        objects = every_object(repository)
        assert objects, repository
        for word in FORGOTTEN:
            assert word not in objects, (repository, word)
        for path, data in every_file(repository):
            for word in FORGOTTEN:
                assert word not in data, (path, word)

    # Her contributions stay, shown as a removed participant, everywhere they are listed.
    for copy in (a, b):
        listed = cli(copy, capsys, "participant", "list")
        assert f"{ondine}  {REMOVED}  (Habitant, effacé le " in listed
        threads = as_json(copy, capsys, "comments")["threads"]  # type: ignore[index]
        (mine,) = [t for t in threads if t["author"] == ondine]
        assert mine["author_name"] == f"{REMOVED} (Habitant, {ondine})"
        assert mine["text"] == "Des logiciels libres, partout."
        amendments = as_json(copy, capsys, "amendments")
        assert [r["number"] for r in amendments] == numbers_before  # type: ignore[attr-defined]
        assert amendments[0]["author_name"] == f"{REMOVED} (Habitant, {ondine})"  # type: ignore[index]
        blame = as_json(copy, capsys, "blame", SOVEREIGNTY)
        proposers = {s["proposed_by_name"] for s in blame["sentences"]}  # type: ignore[index]
        assert f"{REMOVED} (Habitant, {ondine})" in proposers
        assert REMOVED in cli(copy, capsys, "blame", SOVEREIGNTY)
        assert REMOVED in cli(copy, capsys, "history")
        # Adopted versions are exactly as before, and still verify.
        assert run_git(copy, "rev-parse", "v1.0", "v1.0^{commit}") == tag_before
        assert as_json(copy, capsys, "versions") == versions_before
        run_git(copy, "-c", f"gpg.ssh.allowedSignersFile={french}", "verify-tag", "v1.0")
        run_git(copy, "fsck", "--strict", "--no-progress")
        assert run_git(copy, "status", "--porcelain") == ""

    # Every export, read back: the removed participant, never the name.
    out = tmp_path / "out"
    out.mkdir()
    with CharterRepository.open(b) as repository:
        for format in ("html", "pdf", "odt", "docx", "md"):
            options = ExportOptions("v1.0", "names", provenance=True)
            path = export_charter(repository, format, out / f"charte.{format}", options)
            text = unbroken(read_text(path, format))
            assert REMOVED in text and NAME not in text, format
        for format in ("html", "pdf", "odt"):
            path = export_minutes(repository, "W-1", format, out / f"cr.{format}")
            text = unbroken(read_text(path, format))
            assert REMOVED in text and "Farkas" not in text, format
        for format in ("html", "pdf", "odt", "docx"):
            target = out / f"comparaison.{format}"
            cli(b, capsys, "compare", "v1.0", "--format", format, "-o", str(target))
            assert NAME not in unbroken(read_text(target, format)), format
    # The public site, contributors by name: the removed participant on its pages, no name.
    site = tmp_path / "site"
    cli(b, capsys, "publish", "-o", str(site), "--names", "names", "--drafts", "--no-downloads")
    pages = [unbroken(read_text(page, "html")) for page in site.rglob("*.html")]
    assert any(REMOVED in page for page in pages)
    assert not any(NAME in page or "Farkas" in page for page in pages)
    for folder in (out, site):
        for path, data in every_file(folder):
            for word in FORGOTTEN:
                assert word not in data, (path, word)

    # She can no longer write, anywhere.
    code = main(["-C", str(b), "comment", "1", "--text", "Me revoilà.", "--as", ondine])
    assert code != 0 and "effacé" in capsys.readouterr().err


def test_her_name_typed_again_is_flagged_wherever_it_is_typed(tmp_path: Path) -> None:
    """Once erased, the name is known only by its fingerprint: a comment, an amendment's
    rationale or a workshop's title that types it again is recorded, with a notice asking to
    take the name out; a text that does not name her gets no notice."""
    folder = tmp_path / "charter"
    create_from_template(folder, default_example()).close()
    with Session.open(folder) as session:
        ondine = participants.register_participant(session, NAME, "resident", "").value.id
        participants.erase_participant(session, FACILITATOR, ondine)
        flagged = [
            comments.comment(session, CLAIRE, "1", "Ondine  FARKAS l’avait dit."),
            amendments.file_amendment(
                session,
                CLAIRE,
                "modify",
                SOVEREIGNTY,
                title="Souveraineté",
                rationale="Comme le proposait ondine farkas.",
            ),  # fmt: skip
            workshops.start_workshop(session, FACILITATOR, "Atelier d’Ondine Farkas"),
        ]
        quiet = comments.comment(session, CLAIRE, "2", "Ondine avait raison.")
    for written in flagged:
        (notice,) = [n for n in written.notices if ondine in n]
        assert "asked to be removed" in notice and NAME not in notice
        assert written.commits  # recorded all the same: nothing typed is lost
    assert not [n for n in quiet.notices if ondine in n]


def test_the_retention_rule_erases_names_months_after_the_adoption(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule of 2 months: at the first opening 2 months after the adoption that followed her
    comment, Ondine's name is erased (with a notice); her comment stays, shown as a removed
    participant; Léa, registered after the adoption, keeps her name."""
    folder = tmp_path / "charter"
    moment = clock.ManualClock(datetime(2026, 3, 2, 18, tzinfo=UTC))
    with clock.using(moment):
        create_from_template(folder, default_example()).close()
        with Session.open(folder) as session:
            ondine = participants.register_participant(session, NAME, "resident", "").value.id
            comments.comment(session, ondine, "1", "Des logiciels libres, partout.")
            retention.set_retention(session, FACILITATOR, 2)
            council.adopt_version(session, FACILITATOR, "v1.0", "Délibération 2026-20")
        moment.advance(days=40)
        with Session.open(folder) as session:
            assert not session.notices  # not yet due
            lea = participants.register_participant(session, "Léa Vidal", "resident", "").value.id
        moment.advance(days=30)
        with Session.open(folder) as session:
            notices = session.notices
            charter = session.repository.load()
    assert any("retention rule erased" in notice for notice in notices)
    her, newcomer = charter.participant(ondine), charter.participant(lea)
    assert her is not None and her.is_erased and not her.name
    assert newcomer is not None and newcomer.name == "Léa Vidal"
    assert b"Farkas" not in every_object(folder)
    threads = as_json(folder, capsys, "comments")["threads"]  # type: ignore[index]
    (mine,) = [t for t in threads if t["author"] == ondine]
    assert mine["author_name"] == f"Removed participant (Resident, {ondine})"


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[str]:
    with git_daemon(tmp_path) as address:
        yield address


def test_an_erasure_travels_through_a_git_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], daemon: str
) -> None:
    """The same through a server on the network (``git daemon``): the registry it holds is
    replaced, B takes the erasure at its next sync, and once the server's repository is
    cleaned up nothing there holds the name."""
    a, b = laptops(tmp_path, "a", "b")
    capsys.readouterr()
    ondine = cli(a, capsys, "participant", "add", NAME, "--role", "resident").strip()
    cli(a, capsys, "comment", "1", "--text", "Des logiciels libres.", "--as", ondine)
    cli(a, capsys, "sync", daemon, "--as", FACILITATOR)
    cli(b, capsys, "sync", daemon, "--as", CLAIRE)
    assert NAME in cli(b, capsys, "participant", "list")

    cli(a, capsys, "participant", "erase", ondine, "--as", FACILITATOR)
    cli(a, capsys, "sync", daemon, "--as", FACILITATOR)
    cli(b, capsys, "sync", daemon, "--as", CLAIRE)
    listed = cli(b, capsys, "participant", "list")
    assert NAME not in listed and f"{ondine}  Removed participant" in listed
    bare = tmp_path / "server" / "charter.git"
    for repository in (a, b, bare):
        run_git(repository, "gc", "--prune=now", "--quiet")
        assert b"Farkas" not in every_object(repository), repository
    threads = as_json(b, capsys, "comments")["threads"]  # type: ignore[index]
    assert [t["author_name"] for t in threads if t["author"] == ondine] == [
        f"Removed participant (Resident, {ondine})"
    ]
