"""A saved blame changes nothing but the time: after new commits, merges, reverts, a HEAD moved
back or a damaged cache file, blame answers exactly what it answers with no cache at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from charter_app.core.blame import PrincipleBlame, blame_principle
from charter_app.core.revision import Revision
from charter_app.diffing.attribution import carry, carry_line
from charter_app.diffing.tokens import tokenize
from charter_app.storage.blame_cache import BlameCache
from charter_app.storage.bundles import export_bundle, import_bundle
from charter_app.storage.repository import CharterRepository
from charter_app.storage.sync import HistoryTexts, _body
from charter_app.storage.textnorm import unwrap
from tests.test_sync_support import CLAIRE, FIRST, JEAN, NADIA, edit_body, git, laptops


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))


def blame(folder: Path, cache: BlameCache | None) -> PrincipleBlame:
    with CharterRepository.open(folder) as repository:
        return blame_principle(HistoryTexts(repository, cache=cache), FIRST)


def same_as_without_cache(folder: Path, cache: BlameCache) -> PrincipleBlame:
    cached = blame(folder, cache)
    assert cached == blame(folder, None)
    return cached


class Counting(HistoryTexts):
    """Counts the full-history reads (a resumed blame makes none)."""

    full_reads = 0

    def revisions(self, principle_id: str) -> list[Revision]:
        Counting.full_reads += 1
        return super().revisions(principle_id)


def resumed(folder: Path, cache: BlameCache) -> bool:
    """Blame once more with ``cache``: True when only the newer commits were read."""
    before = Counting.full_reads
    with CharterRepository.open(folder) as repository:
        blame_principle(Counting(repository, cache=cache), FIRST)
    return Counting.full_reads == before


def entries(cache: BlameCache) -> list[Path]:
    return sorted(cache.folder.glob("*.json"))


def test_warm_blame_is_the_cold_blame(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    edit_body(a, FIRST, lambda body: body + " Première phrase ajoutée.", author=CLAIRE)
    edit_body(a, FIRST, lambda body: "Deuxième ajout. " + body, author=JEAN)
    cache = BlameCache(tmp_path / "cache")
    cold = same_as_without_cache(a, cache)
    assert len(entries(cache)) == 1
    assert same_as_without_cache(a, cache) == cold  # warm: read from the entry
    assert "".join(span.text for span in cold.words) == cold.body


def test_new_commits_are_carried_from_the_saved_blame(tmp_path: Path) -> None:
    a, b = laptops(tmp_path, "a", "b")
    cache = BlameCache(tmp_path / "cache")
    edit_body(a, FIRST, lambda body: body + " Phrase de Claire.", author=CLAIRE)
    same_as_without_cache(a, cache)
    edit_body(a, FIRST, lambda body: body.replace("Phrase de Claire.", "Phrase de Jean."), JEAN)
    edit_body(a, FIRST, lambda body: body + "\n\nUn paragraphe de Nadia.", author=NADIA)
    assert resumed(a, cache)
    after = same_as_without_cache(a, cache)
    authors = {span.text.strip(): span.attribution.author for span in after.sentences}
    assert authors["Un paragraphe de Nadia."] == NADIA
    assert len(entries(cache)) == 1  # the superseded entry is removed
    # A merge of another laptop's branch, forked before the saved blame: the full history.
    edit_body(b, FIRST, lambda body: "Ajout de B. " + body, author=JEAN)
    with CharterRepository.open(b) as repository:
        export_bundle(repository, tmp_path / "b.bundle", sender="b")
    with CharterRepository.open(a) as repository:
        assert import_bundle(repository, tmp_path / "b.bundle").outcome == "merged"
    assert not resumed(a, cache)
    merged = same_as_without_cache(a, cache)
    authors = {span.text.strip(): span.attribution.author for span in merged.sentences}
    assert authors["Ajout de B."] == JEAN and authors["Un paragraphe de Nadia."] == NADIA
    # Commits on other principles only move HEAD.
    edit_body(a, "inclusion-mediation", lambda body: body + " Ailleurs.", author=CLAIRE)
    assert resumed(a, cache)
    assert same_as_without_cache(a, cache) == merged
    # A merge whose both sides descend from the saved blame is carried from it too.
    with CharterRepository.open(a) as repository:
        export_bundle(repository, tmp_path / "a.bundle", sender="a")
    with CharterRepository.open(b) as repository:
        import_bundle(repository, tmp_path / "a.bundle")
    edit_body(b, FIRST, lambda body: "Début de B. " + body, author=JEAN)
    edit_body(a, FIRST, lambda body: body + " Fin de A.", author=CLAIRE)
    with CharterRepository.open(b) as repository:
        export_bundle(repository, tmp_path / "b2.bundle", sender="b")
    with CharterRepository.open(a) as repository:
        assert import_bundle(repository, tmp_path / "b2.bundle").outcome == "merged"
    assert resumed(a, cache)
    merged = same_as_without_cache(a, cache)
    authors = {span.text.strip(): span.attribution.author for span in merged.sentences}
    assert authors["Début de B."] == JEAN and authors["Ajout de B."] == JEAN


def test_a_revert_and_a_head_moved_back_use_the_full_history(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    cache = BlameCache(tmp_path / "cache")
    edit_body(a, FIRST, lambda body: body + " Phrase de Claire.", author=CLAIRE)
    before = git(a, "rev-parse", "HEAD").strip()
    edit_body(a, FIRST, lambda body: body.replace(" Phrase de Claire.", ""), author=JEAN)
    same_as_without_cache(a, cache)
    # Back to a text the principle had before the saved blame: Claire's words are hers again.
    edit_body(a, FIRST, lambda body: body + " Phrase de Claire.", author=NADIA)
    assert not resumed(a, cache)
    reverted = same_as_without_cache(a, cache)
    authors = {span.text.strip(): span.attribution.author for span in reverted.sentences}
    assert authors["Phrase de Claire."] == CLAIRE
    git(a, "reset", "-q", "--hard", before)
    same_as_without_cache(a, cache)


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    cache = BlameCache(tmp_path / "cache")
    edit_body(a, FIRST, lambda body: body + " Phrase de Claire.", author=CLAIRE)
    cold = same_as_without_cache(a, cache)
    (entry,) = entries(cache)
    entry.write_text('{"format": 1, "commit": "nope"')
    assert blame(a, cache) == cold
    entry.write_text(entry.read_text().replace("Phrase", "Phrases"))  # tokens ≠ owners
    assert blame(a, cache) == cold


def test_the_default_cache_lives_in_the_user_cache_folder(tmp_path: Path) -> None:
    (a,) = laptops(tmp_path, "a")
    with CharterRepository.open(a) as repository:
        blame_principle(HistoryTexts(repository), FIRST)
    assert list((tmp_path / "home" / "cache" / "blame").glob("*.json"))
    assert not list(a.rglob("*blame*"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("la commune garantit un accès égal", "la commune garantit à chacun un accès égal"),
        ("la commune garantit un accès égal", "la commune un accès égal"),
        ("« mot » et ... fin", "« mot » puis … fin"),  # guillemets and ellipses near the edit
        ("a b c", "x a b c y"),  # edits at both ends
        ("l’accès aux données", "l’accès libre aux données ouvertes"),
        ("un  deux   trois", "un deux   trois"),  # runs of spaces
    ],
)
def test_a_changed_paragraph_is_tokenised_only_around_the_edit(old: str, new: str) -> None:
    old_tokens = tuple(tokenize(old))
    owners = tuple(range(len(old_tokens)))
    tokens, carried = carry_line(old, old_tokens, owners, new)
    assert tokens == tuple(tokenize(new))  # same tokens as tokenising the whole paragraph
    assert list(carried) == carry(old_tokens, owners, tokens)


@pytest.mark.parametrize(
    "body",
    [
        "Un paragraphe.\n\nUn autre.",  # the usual form: taken as it is
        "Une ligne\ncoupée en deux.",  # hard-wrapped: unwrapped
        " Espace devant.\n\nEt derrière. ",
        "e\u0301 décomposé",  # not NFC
        "- une liste\n- de deux",
        "Fin de ligne\r\navec CRLF.",
    ],
)
def test_bodies_read_for_blame_are_unwrapped(body: str) -> None:
    data = f"---\nid: {FIRST}\n---\n{body}\n".encode()
    assert _body(data, f"principles/{FIRST}.md") == unwrap(body.replace("\r\n", "\n"))
