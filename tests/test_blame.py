"""Who wrote this sentence: participant, amendment and workshop of every word, in the order of the
commit graph even when laptop clocks are wrong, and through merges."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from charter_app.cli import main
from charter_app.core.blame import blame_principle
from charter_app.i18n import set_language
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import HistoryTexts
from tests.test_sync_support import CLAIRE, FIRST, edit_body, laptops


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saved blames go to a temporary folder, not the user's cache."""
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))


def commit_as(folder: Path, author: str, date: str, message: str, edit: object) -> None:
    """Edit the first principle with plain git, as ``author`` on a laptop whose clock says
    ``date``."""
    path = folder / "principles" / f"{FIRST}.md"
    path.write_text(edit(path.read_text()))  # type: ignore[operator]
    environment = os.environ | {
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author}@participants.charter.invalid",
        "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "x@x.invalid",
        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
    }  # fmt: skip
    subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "commit", "-q", "-am", message],
        cwd=folder, env=environment, check=True,
    )  # fmt: skip


def by_sentence(folder: Path) -> dict[str, tuple[str, str | None, str | None]]:
    with CharterRepository.open(folder) as repository:
        blame = blame_principle(HistoryTexts(repository), FIRST)
    return {
        span.text.strip(): (
            span.attribution.author,
            span.attribution.amendment,
            span.attribution.workshop,
        )
        for span in blame.sentences
    }


def test_blame_follows_the_graph_not_the_clocks(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    commit_as(
        a, "p-111111", "2031-01-01T10:00:00+01:00",
        "Amendement A-3 adopté\n\nCharter-Amendment: A-3\nCharter-Workshop: W-2",
        lambda text: text.rstrip("\n") + " Phrase du futur.\n",
    )  # fmt: skip
    commit_as(
        a, "p-222222", "2001-01-01T10:00:00+01:00", "Ajout",
        lambda text: text.rstrip("\n") + "\n\nPhrase du passé.\n",
    )  # fmt: skip
    sentences = by_sentence(a)
    assert sentences["Phrase du futur."] == ("p-111111", "A-3", "W-2")
    assert sentences["Phrase du passé."] == ("p-222222", None, None)
    original = [who for text, who in sentences.items() if "Phrase" not in text]
    assert original and all(who[0] == "charter-studio" for who in original)


def test_words_kept_through_a_merge_keep_their_author(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    edit_body(a, FIRST, lambda body: body + "\n\nAjout de A.", author=CLAIRE)
    edit_body(b, FIRST, lambda body: "Ajout de B. " + body, author="p-8736df")
    with CharterRepository.open(b) as repository:
        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    with CharterRepository.open(a) as repository:
        assert import_bundle(repository, tmp_path / "b.bundle").outcome == "merged"
        blame = blame_principle(HistoryTexts(repository), FIRST)
        body = repository.load().principle(FIRST).body  # type: ignore[union-attr]
    assert "".join(span.text for span in blame.words) == body
    authors = {span.text.strip(): span.attribution.author for span in blame.sentences}
    assert authors["Ajout de B."] == "p-8736df"
    assert authors["Ajout de A."] == CLAIRE
    assert "charter-studio" in authors.values()  # the template's sentences, not the merge's


def test_cli_blame_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = laptops(tmp_path, "a")
    edit_body(a, FIRST, lambda body: body + " Un mot de plus.", author=CLAIRE)
    capsys.readouterr()
    assert main(["-C", str(a), "blame", FIRST, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["revisions"] == 2
    last = data["sentences"][-1]
    assert last["author"] == CLAIRE and "Un mot de plus." in last["text"]
    assert main(["-C", str(a), "blame", FIRST]) == 0
    assert "Un mot de plus." in capsys.readouterr().out


def test_words_of_an_adopted_amendment_belong_to_its_proposer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Claire proposes A-1; Jean-Marc (an elected member) records the council's adoption. The
    # sentence is Claire's words, brought by A-1, recorded by Jean-Marc.
    set_language("en")
    folder = tmp_path / "charte"
    assert main(["init", str(folder), "--without-story"]) == 0
    proposal = tmp_path / "proposal.md"
    proposal.write_text("Une phrase écrite par Claire pendant l’atelier.\n", encoding="utf-8")
    base = ["-C", str(folder)]
    assert main([*base, "amend", FIRST, "--body-file", str(proposal), "--rationale", "Plus clair",
                 "--as", CLAIRE]) == 0  # fmt: skip
    assert main([*base, "decide", "A-1", "--adopt", "--as", "p-8736df"]) == 0
    capsys.readouterr()
    assert main([*base, "blame", FIRST, "--json"]) == 0
    sentence = json.loads(capsys.readouterr().out)["sentences"][0]
    assert sentence["amendment"] == "A-1"
    assert sentence["author"] == "p-8736df"  # who made the commit
    assert sentence["proposed_by"] == CLAIRE  # whose words they are
    assert main([*base, "blame", FIRST]) == 0
    assert (
        "Claire Fontanel, amendment A-1, recorded by Jean-Marc Sabatier" in capsys.readouterr().out
    )
