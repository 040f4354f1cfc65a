"""A comment stays on its passage when only the typography or the case of its words changed
(’ for ', a narrow no-break space before ":", "Questeurs" for "questeurs"): it is found, said
*changed*, never orphaned. Real texts: the Assemblée nationale's rules of procedure."""

from __future__ import annotations

import json
import re

import pytest

from charter_app.diffing.anchoring import make_selector, reanchor, reanchor_all
from charter_app.diffing.selectors import TextChange
from tests import corpus


def typeset(text: str) -> str:
    """What a careful editor does to French text: curly apostrophes, a narrow no-break space
    before ; : ! ? and no-break spaces inside « »."""
    text = text.replace("'", "\u2019")
    text = re.sub(r" ([;:!?])", "\u202f\\1", text)
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»")


@pytest.mark.parametrize(
    ("old", "new", "quote"),
    [
        # the apostrophe at the quote's very edge was the change
        (
            "Ouvert le samedi l'après-midi de 15 heures à 20 heures, sauf en août.",
            "Ouvert le samedi l’après-midi de 15 heures à 20 heures, sauf en août.",
            "'après-midi de 15 heures",
        ),
        # a short quote whose only word changed case
        ("Le droit à Internet pour tous.", "Le droit à internet pour tous.", "Internet"),
        # a no-break space put before the colon, inside the quote
        (
            "Il précise : la séance est ouverte.",
            "Il précise\u202f: la séance est ouverte.",
            "précise : la séance",
        ),  # fmt: skip
    ],
)
def test_typographic_variants_keep_the_comment(old: str, new: str, quote: str) -> None:
    start = old.index(quote)
    selector = make_selector(old, start, start + len(quote))
    for change in (TextChange(old, new), TextChange(None, new)):  # old text known or not
        anchor = reanchor(selector, change)
        assert anchor.state == "changed", (quote, anchor)
        assert anchor.start == new.index(anchor.quote_now) == start
        assert anchor.quote_now != quote and len(anchor.quote_now) == len(quote)


def test_a_look_alike_elsewhere_is_not_taken_for_the_passage() -> None:
    old = "Le Bureau se réunit. Les questeurs votent."
    new = "Les questeurs votent. Le bureau se réunit."  # moved and respelt: "bureau" exists once
    start = old.index("Bureau")
    anchor = reanchor_all([make_selector(old, start, start + 6)], old, new)[0]
    assert anchor.state in ("changed", "orphaned")
    if anchor.state == "changed":
        assert new[anchor.start : anchor.end] == "bureau"  # type: ignore[misc]


def _article_131() -> tuple[str, str]:
    path = corpus.require("reglement_an", "reglement_article_pairs.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        before, after = pair["before"], pair["after"]
        only_case = after.replace("Questeurs", "questeurs") == before
        if pair["article"] == "Article 131" and "questeurs" in before and only_case:
            return before, after
    raise AssertionError("article 131's capitalised Questeurs is in the corpus")


def test_real_case_change_keeps_every_comment_on_questeurs() -> None:
    old, new = _article_131()
    starts = [m.start() for m in re.finditer("questeurs", old)]
    selectors = [make_selector(old, s, s + len("questeurs")) for s in starts]
    anchors = reanchor_all(selectors, old, new)
    assert [(a.state, a.start, a.quote_now) for a in anchors] == [
        ("changed", s, "Questeurs") for s in starts
    ]


def test_typesetting_the_rules_of_procedure_orphans_no_comment() -> None:
    """Every clause of every article that typesetting touches, quoted as a comment, is found
    at the same place after the whole text was typeset."""
    text = corpus.require("reglement_an", "reglement_6f7ebec.md").read_text(encoding="utf-8")
    articles = [a.strip() for a in re.split(r"(?m)^#+ .*$", text) if "'" in a]
    assert len(articles) > 100
    checked = 0
    for old in articles[:150]:
        new = typeset(old)
        clauses = [m for m in re.finditer(r"[^.;:,]{12,}[.;:,]?", old) if "'" in m.group()]
        selectors = [make_selector(old, m.start(), m.end()) for m in clauses]
        for selector, anchor in zip(selectors, reanchor_all(selectors, old, new), strict=True):
            assert anchor.state == "changed", (selector.quote, anchor)
            assert anchor.start == selector.start
            assert (
                anchor.quote_now == typeset(selector.quote)
                or anchor.quote_now == new[selector.start : selector.end]
            )
            checked += 1
    assert checked > 300
