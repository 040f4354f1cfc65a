"""Three-way merge: exact placement or an explicit conflict, never a guess."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter_app.diffing import Conflict, merge3

BASE = "\n".join(
    [
        "# Charte de la participation",
        "",
        "Les habitants sont consultés sur les projets qui les concernent.",
        "",
        "Le conseil municipal rend compte des avis reçus dans un délai de trois mois.",
        "",
        "Chaque habitant peut proposer un amendement motivé.",
    ]
)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        # different paragraphs changed on each side: both changes kept
        (
            edit(BASE, "consultés", "associés"),
            edit(BASE, "trois mois", "deux mois"),
            edit(edit(BASE, "consultés", "associés"), "trois mois", "deux mois"),
        ),
        # same paragraph, neighbouring words with a space between: each lands exactly
        (
            edit(BASE, "délai de", "délai d'au plus"),
            edit(BASE, "trois", "quatre"),
            edit(BASE, "délai de trois", "délai d'au plus quatre"),
        ),
        # same paragraph, distant words: merged word by word
        (
            edit(BASE, "Le conseil municipal", "Le conseil"),
            edit(BASE, "trois mois", "deux mois"),
            edit(edit(BASE, "Le conseil municipal", "Le conseil"), "trois mois", "deux mois"),
        ),
        # both sides made the same change: it appears once
        (
            edit(BASE, "trois mois", "deux mois"),
            edit(BASE, "trois mois", "deux mois"),
            edit(BASE, "trois mois", "deux mois"),
        ),
        # a paragraph added by one side, another changed by the other
        (
            BASE + "\n\nLes réponses sont publiées.",
            edit(BASE, "motivé", "écrit et motivé"),
            edit(BASE, "motivé", "écrit et motivé") + "\n\nLes réponses sont publiées.",
        ),
        # one side deletes a paragraph the other left alone
        (
            edit(BASE, "\n\nChaque habitant peut proposer un amendement motivé.", ""),
            edit(BASE, "consultés", "associés"),
            edit(
                edit(BASE, "\n\nChaque habitant peut proposer un amendement motivé.", ""),
                "consultés",
                "associés",
            ),
        ),
    ],
)
def test_clean_merges(ours: str, theirs: str, expected: str) -> None:
    result = merge3(BASE, ours, theirs)
    assert result.conflicts == ()
    assert result.text == expected


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        # the same words changed differently
        (edit(BASE, "trois mois", "deux mois"), edit(BASE, "trois mois", "un mois")),
        # changes touching each other inside a paragraph are not guessed
        (edit(BASE, "trois mois.", "trois mois pleins."), edit(BASE, "mois.", "semaines.")),
        # one side deletes the paragraph the other amends
        (
            edit(BASE, "\n\nChaque habitant peut proposer un amendement motivé.", ""),
            edit(BASE, "motivé", "écrit"),
        ),
        # both sides add a different paragraph at the same place: the order is unknown
        (BASE + "\n\nAjout A.", BASE + "\n\nAjout B."),
    ],
)
def test_conflicts(ours: str, theirs: str) -> None:
    result = merge3(BASE, ours, theirs)
    assert result.text is None
    assert not result.clean
    assert result.conflicts


def test_conflict_reports_the_three_passages() -> None:
    result = merge3(
        BASE, edit(BASE, "trois mois", "deux mois"), edit(BASE, "trois mois", "un mois")
    )
    assert result.conflicts == (
        Conflict(
            "Le conseil municipal rend compte des avis reçus dans un délai de trois mois.",
            "Le conseil municipal rend compte des avis reçus dans un délai de deux mois.",
            "Le conseil municipal rend compte des avis reçus dans un délai de un mois.",
        ),
    )


def test_near_identical_sentence_elsewhere_never_receives_the_change() -> None:
    base = "\n".join(
        [
            "Article 1. Le maire convoque le conseil au moins une fois par trimestre.",
            "Article 2. Le bureau se réunit librement.",
            "Article 3. Le maire convoque le conseil au moins une fois par trimestre civil.",
        ]
    )
    # the amendment (theirs) targets article 1; in the current text (ours) article 1 was removed
    amendment = edit(base, "une fois par trimestre.", "une fois par mois.")
    current = "\n".join(base.split("\n")[1:])
    result = merge3(base, current, amendment)
    assert result.text is None
    assert "Article 3" not in "".join(c.theirs + c.ours for c in result.conflicts)
    # the same amendment against a current text where article 1 was reworded also conflicts
    reworded = edit(base, "Article 1. Le maire convoque", "Article 1. La maire réunit")
    rewritten = edit(reworded, "une fois par trimestre.", "deux fois par semestre.")
    assert merge3(base, rewritten, amendment).text is None


def test_already_applied_amendment_merges_to_the_current_text() -> None:
    amendment = edit(BASE, "trois mois", "deux mois")
    current = edit(amendment, "consultés", "associés")  # amendment adopted, then another change
    result = merge3(BASE, current, amendment)
    assert result.text == current


_paragraphs = st.lists(
    st.sampled_from(["", "Un deux trois.", "Le maire vote.", "la commune", "A", "B b"]), max_size=8
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _paragraphs), st.one_of(st.text(), _paragraphs))
def test_merge_sanity(base: str, other: str) -> None:
    assert merge3(base, base, other).text == other
    assert merge3(base, other, base).text == other
    assert merge3(base, other, other).text == other


@settings(max_examples=300, deadline=None)
@given(_paragraphs, _paragraphs, _paragraphs)
def test_merge_is_symmetric_in_success(base: str, ours: str, theirs: str) -> None:
    forward, backward = merge3(base, ours, theirs), merge3(base, theirs, ours)
    assert forward.clean == backward.clean


def test_the_package_name_merge3_is_the_function_whatever_is_imported_first() -> None:
    code = (
        "import importlib, sys\n"
        "order = sys.argv[1].split(',')\n"
        "for name in order:\n"
        "    importlib.import_module(name)\n"
        "from charter_app.diffing import merge3\n"
        "import charter_app.diffing.merge3 as module_or_function\n"
        "from charter_app.diffing.merge3 import merge3 as function\n"
        "assert merge3 is function and module_or_function is function, merge3\n"
        "print('ok')\n"
    )
    firsts = ("charter_app.diffing.merge3", "charter_app.diffing", "charter_app.core.amendments")
    for order in firsts:
        done = subprocess.run(
            [sys.executable, "-c", code, order], capture_output=True, text=True, check=False
        )
        assert done.stdout.strip() == "ok", done.stderr
