"""A neighbouring insertion never makes a conflict: an amendment changing one word of a paragraph
still applies (needs update) when the text meanwhile gained a new paragraph beside it, even
when that paragraph was reworded too. Real articles from the Assemblée nationale's rules whose
reform inserted a paragraph."""

from __future__ import annotations

import json
import re

import pytest

from charter_app.core.amendments import AmendmentKind, TextState, assess, draft_amendment
from charter_app.core.model import Charter, Participant, Principle, Role
from charter_app.diffing import merge3
from tests import corpus

BASE = "Un deux trois quatre.\n\nCinq six sept."


@pytest.mark.parametrize(
    ("current", "proposed", "expected"),
    [
        # the current text reworded paragraph 1 and inserted paragraph 2; the amendment edits
        # another word of paragraph 1
        (
            "Un DEUX trois quatre.\n\nNouveau paragraphe.\n\nCinq six sept.",
            "Un deux trois QUATRE.\n\nCinq six sept.",
            "Un DEUX trois QUATRE.\n\nNouveau paragraphe.\n\nCinq six sept.",
        ),
        # the insertion came before the paragraph both changed
        (
            "Préambule ajouté ici.\n\nUn DEUX trois quatre.\n\nCinq six sept.",
            "Un deux trois QUATRE.\n\nCinq six sept.",
            "Préambule ajouté ici.\n\nUn DEUX trois QUATRE.\n\nCinq six sept.",
        ),
    ],
)
def test_neighbouring_insertion_merges(current: str, proposed: str, expected: str) -> None:
    assert merge3(BASE, current, proposed).text == expected
    assert merge3(BASE, proposed, current).text == expected  # symmetric


@pytest.mark.parametrize(
    ("current", "proposed"),
    [
        # both changed the same word of paragraph 1
        (
            "Un DEUX trois quatre.\n\nNouveau.\n\nCinq six sept.",
            "Un Deux trois quatre.\n\nCinq six sept.",
        ),
        # one side deleted paragraph 2, the other edited it and inserted beside it
        ("Un deux trois quatre.", "Un deux trois quatre.\n\nCinq SIX sept.\n\nEt un ajout neuf."),
    ],
)
def test_real_overlaps_still_conflict(current: str, proposed: str) -> None:
    assert not merge3(BASE, current, proposed).clean


def _inserted_paragraph_pairs() -> list[tuple[str, str, int]]:
    """(before, after, k): articles whose reform only inserted paragraph k + 1 after paragraph
    k, which is the one amendments below edit."""
    found = []
    path = corpus.require("reglement_an", "reglement_article_pairs.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        before, after = pair["before"].split("\n\n"), pair["after"].split("\n\n")
        if len(after) != len(before) + 1:
            continue
        for k in range(len(before)):
            if after[: k + 1] == before[: k + 1] and after[k + 2 :] == before[k + 1 :]:
                if len(re.findall(r"\w{4,}", before[k])) >= 6:
                    found.append((pair["before"], pair["after"], k))
                break
    return found


def _respell(paragraph: str, which: int) -> str:
    """``paragraph`` with its ``which``-th long word in capitals (a one-word edit)."""
    words = list(re.finditer(r"\w{4,}", paragraph))
    word = words[which]
    return paragraph[: word.start()] + word.group().upper() + paragraph[word.end() :]


def test_rules_of_procedure_insertions_never_conflict() -> None:
    pairs = _inserted_paragraph_pairs()
    assert len(pairs) >= 3
    for before, after, k in pairs:
        old_paragraphs, new_paragraphs = before.split("\n\n"), after.split("\n\n")
        # the text in force: the reform, plus a word of paragraph k reworded
        current = new_paragraphs.copy()
        current[k] = _respell(current[k], 0)
        proposed = old_paragraphs.copy()
        proposed[k] = _respell(proposed[k], -1)  # the amendment: another word of paragraph k
        base_principle = Principle("article", "1", "Article", before)
        now = Principle("article", "1", "Article", "\n\n".join(current))
        people = (Participant("p-000001", "Ana", Role.RESIDENT),)
        amendment = draft_amendment(
            AmendmentKind.MODIFY,
            "article",
            author="p-000001",
            rationale="Précision.",
            base="0" * 40,
            base_charter=Charter("R", principles=(base_principle,), participants=people),
            current=Charter("R", principles=(now,), participants=people),
            body="\n\n".join(proposed),
        )
        assessment = assess(Charter("R", principles=(now,)), amendment, base_principle)
        assert assessment.state is TextState.NEEDS_UPDATE, (before[:60], assessment.reason)
        merged = (assessment.body or "").split("\n\n")
        assert merged[k] == _respell(current[k], -1)  # both words changed, nothing else
        assert merged[k + 1] == new_paragraphs[k + 1]  # the inserted paragraph kept
        assert len(merged) == len(new_paragraphs)
