"""The fast front-matter writer never writes other bytes than PyYAML's dumper: on every principle
of the bundled examples and of charters built from the corpus, and on generated and awkward
values, it either writes exactly what ``yamlsafe.dump`` writes or declines (returns None)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter_app.core.model import Principle
from charter_app.importing.plan import charter_of, plan_import
from charter_app.importing.reader import read_document
from charter_app.storage import files, yamlplain, yamlsafe
from tests import corpus

ROOT = Path(__file__).resolve().parents[1]


def front_of(principle: Principle) -> dict[str, Any]:
    """The mapping :func:`files.serialise_principle` writes as front matter."""
    data = files.serialise_principle(principle).decode()
    front = yamlsafe.load(data[4 : data.index("\n---\n") + 1], "test")
    assert isinstance(front, dict)
    return front


def same_or_declined(front: dict[str, Any]) -> bool:
    """Whether the fast writer wrote it (identical to PyYAML's); asserts it never differs."""
    fast = yamlplain.dump(front)
    if fast is not None:
        assert fast == yamlsafe.dump(front), front
    return fast is not None


def check_principles(principles: tuple[Principle, ...]) -> int:
    """Every principle's front matter, and the whole file, the same both ways; how many took
    the fast way."""
    fast = 0
    for principle in principles:
        front = front_of(principle)
        fast += same_or_declined(front)
        written = files.serialise_principle(principle)
        by_pyyaml = f"---\n{yamlsafe.dump(front)}---\n".encode()
        assert written.startswith(by_pyyaml), principle.id
    return fast


def test_every_principle_of_the_bundled_examples() -> None:
    folders = sorted(path.parent for path in (ROOT / "charters").rglob("charter.yaml"))
    assert folders
    total = fast = 0
    for folder in folders:
        charter = files.charter_from_files(files.read_folder(folder))
        total += len(charter.principles)
        fast += check_principles(charter.principles)
    assert total >= 10
    assert fast > total // 2  # the fast way is the common one, not a rare exception


CORPUS_TEXTS = [
    "contributor_covenant/covenant_v2.1.md",
    "contributor_covenant/covenant_v2.1.fr.md",
    "reglement_an/reglement_68795a1.md",
]


@pytest.mark.parametrize("name", CORPUS_TEXTS)
def test_every_principle_of_a_charter_built_from_the_corpus(name: str) -> None:
    path = corpus.require(name)
    charter, _ids = charter_of(plan_import(read_document(path)))
    assert charter.principles
    assert check_principles(charter.principles) > len(charter.principles) // 2


AWKWARD = [
    "278", "0", "007", "089", "12bis", "12-1", "2024-01-01", "1e5", "0x1f", "1_000", ".5",
    "yes", "No", "TRUE", "off", "null", "Null", "~", "", " ", "a ", " a", "a  b", "é", "Ça va",
    "L’accès", "L'accès", 'Le "droit"', "a: b", "a:b", "a:", "a #b", "a#b", "#a", "-a", "- a",
    "? a", "a?", "a, b", "[a]", "a]", "{a}", "a}", "&a", "*a", "!a", "|a", "a|b", ">a", "%a",
    "@a", "`a", "a\nb", "a\x85b", "a\u2028b", "a\u00a0b", "a\ufeffb", "a\tb", "a\x7fb",
    "---a", "...a", "a…", "«a»", "a — b", "a – b", "Données (RGPD) + 2", "a/b", "a\\b",
    "😀", "a😀", "x" * 999, "x" * 1001, "e\u0301", "Ω", "ǅemal", "²a", "a²", "a\u200bb",
]  # fmt: skip


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_values(value: str) -> None:
    for front in (
        {"id": "p-1", "number": value, "title": "T", "status": "draft"},
        {"id": "p-1", "number": "1", "title": value, "status": "draft"},
        {"id": "p-1", "number": "1", "title": "T", "status": "draft", "tags": [value, "b"]},
    ):
        same_or_declined(front)


@pytest.mark.parametrize("key", ["on", "no", "yes", "null", "Title", "a-b", "é", "1"])
def test_keys_yaml_would_read_otherwise_are_declined_or_the_same(key: str) -> None:
    same_or_declined({key: "valeur"})


def test_plain_words_and_numbers_take_the_fast_way() -> None:
    front = {
        "id": "acces-1",
        "number": "12",
        "title": "L’accès aux données, pour tous (y compris hors ligne) !",
        "status": "under-discussion",
        "section": "titre-1",
        "tags": ["numérique", "données"],
    }
    assert same_or_declined(front)
    assert yamlplain.dump(front) == (
        'id: acces-1\nnumber: "12"\ntitle: L’accès aux données, pour tous (y compris hors '
        "ligne) !\nstatus: under-discussion\nsection: titre-1\ntags:\n  - numérique\n"
        "  - données\n"
    )


TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab Z09-_:#'\"!&*?|>{}[],%@`\\~=<.;()/+$€«»…–—’\t\n")
        + ["é", "œ", "\u00a0", "\u2028", "\x85", "\ufeff", "\x01", "😀", "ß", "İ"]
    ),
    max_size=30,
)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, TEXT, st.lists(TEXT, max_size=3))
def test_generated_values(number: str, title: str, tags: list[str]) -> None:
    front: dict[str, Any] = {"id": "p-1", "number": number, "title": title, "status": "draft"}
    if tags:
        front["tags"] = tags
    same_or_declined(front)
