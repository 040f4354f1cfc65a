"""Re-anchoring passage comments: toy cases that read like the specification, then properties."""

from __future__ import annotations

import pytest

from charter_app.diffing.anchoring import (
    Selector,
    TextChange,
    locate_quote,
    make_selector,
    reanchor,
    reanchor_all,
)

OLD = (
    "La commune garantit à chaque habitant un accès égal aux services numériques publics. "
    "Elle publie ses données.\n"
    "Les écoles sont équipées de logiciels libres. Elle publie ses données."
)
QUOTE = "un accès égal aux services"


def selector(text: str = OLD, quote: str = QUOTE) -> Selector:
    search = locate_quote(text, quote)
    assert search.selector is not None
    return search.selector


def anchor_in(new: str, old: str = OLD, quote: str = QUOTE) -> tuple[str, str, str]:
    anchor = reanchor(selector(old, quote), TextChange(old, new))
    return anchor.state, anchor.quote_now, anchor.method


FIRST_SENTENCE = (
    "La commune garantit à chaque habitant un accès égal aux services numériques publics. "
)

CASES = [
    # Nothing changed.
    (OLD, "anchored", QUOTE, "diff"),
    # Text inserted before the passage: same words, kept by the diff.
    ("Préambule. " + OLD, "anchored", QUOTE, "diff"),
    # A word inside the passage changed; its first and last words survive.
    (
        OLD.replace("accès égal", "accès équitable"),
        "changed", "un accès équitable aux services", "diff",
    ),
    # Words added inside the passage.
    (
        OLD.replace("égal aux", "égal et gratuit aux"),
        "changed", "un accès égal et gratuit aux services", "diff",
    ),
    # The first word of the passage changed: the diff loses the start, the fuzzy match finds it.
    (OLD.replace("un accès égal", "l'accès égal"), "changed", "l'accès égal aux services", "fuzzy"),
    # The sentence was deleted: an orphan, never dropped.
    (OLD.replace(FIRST_SENTENCE, ""), "orphaned", "", "none"),
    # The passage was rewritten beyond recognition.
    (OLD.replace("un accès égal aux services", "des guichets"), "orphaned", "", "none"),
]  # fmt: skip


@pytest.mark.parametrize(("new", "state", "quote_now", "method"), CASES)
def test_reanchor_table(new: str, state: str, quote_now: str, method: str) -> None:
    assert anchor_in(new) == (state, quote_now, method)


def test_duplicate_sentence_context_chooses_the_right_copy() -> None:
    # "Elle publie ses données." appears twice; the comment is on the second copy.
    second = OLD.rindex("Elle publie")
    chosen = make_selector(OLD, second, second + len("Elle publie ses données."))
    # Both paragraphs rewritten around it so the diff cannot carry it; context decides.
    new = OLD.replace("Les écoles sont", "Désormais, les écoles sont").replace(
        "La commune garantit", "Notre commune garantit"
    )
    anchor = reanchor(chosen, TextChange(OLD, new))
    assert anchor.found
    assert anchor.start == new.rindex("Elle publie")


def test_deleted_copy_of_a_duplicate_is_orphaned_not_moved_to_the_other_copy() -> None:
    first = OLD.index("Elle publie")
    chosen = make_selector(OLD, first, first + len("Elle publie ses données."))
    new = OLD.replace(" Elle publie ses données.\n", "\n", 1)
    assert new.count("Elle publie ses données.") == 1
    assert reanchor(chosen, TextChange(OLD, new)).state == "orphaned"


LONG_A = "Le conseil municipal délibère chaque année sur le budget numérique de la commune."
LONG_B = "Les agents sont formés aux logiciels libres et aux formats ouverts dès leur arrivée."
LONG_C = "Un registre public des algorithmes utilisés pour des décisions individuelles est tenu."
LONG_D = "Chaque habitant peut demander une explication humaine et former un recours gratuit."
SENTENCE = "La commune garantit à chaque habitant un accès égal aux services numériques publics."


def test_sentence_cut_and_pasted_into_another_paragraph_is_moved() -> None:
    old = f"{LONG_A} {SENTENCE} {LONG_B}\n{LONG_C} {LONG_D}"
    new = f"{LONG_A} {LONG_B}\n{LONG_C} {SENTENCE} {LONG_D}"
    anchor = reanchor(selector(old, QUOTE), TextChange(old, new))
    assert (anchor.state, anchor.quote_now, anchor.method) == ("moved", QUOTE, "quote")
    assert anchor.start == new.index(QUOTE)


def test_near_identical_sentence_elsewhere_is_not_a_match() -> None:
    near = SENTENCE.replace("La commune", "La région")
    old = f"{LONG_A} {SENTENCE} {LONG_B}\n{LONG_C} {LONG_D}"
    new = f"{LONG_A} {LONG_B}\n{LONG_C} {near} {LONG_D}"
    assert reanchor(selector(old, SENTENCE), TextChange(old, new)).state == "orphaned"


def test_near_identical_sentence_already_elsewhere_is_not_a_match() -> None:
    near = SENTENCE.replace("La commune", "La région")
    old = f"{LONG_A} {SENTENCE} {LONG_B}\n{LONG_C} {near} {LONG_D}"
    new = f"{LONG_A} {LONG_B}\n{LONG_C} {near} {LONG_D}"
    assert reanchor(selector(old, SENTENCE), TextChange(old, new)).state == "orphaned"


def test_unknown_old_text_falls_back_to_the_quote() -> None:
    # The commit the comment was made on is not available (e.g. not fetched yet).
    new = "Préambule. " + OLD
    anchor = reanchor(selector(), TextChange(None, new))
    assert (anchor.state, anchor.quote_now, anchor.method) == ("moved", QUOTE, "quote")


def test_positions_not_matching_the_old_text_are_not_trusted() -> None:
    right = selector()
    wrong = Selector(QUOTE, right.prefix, right.suffix, 0, len(QUOTE))  # other words' place
    anchor = reanchor(wrong, TextChange(OLD, OLD))
    assert anchor.quote_now == QUOTE
    assert anchor.start == OLD.index(QUOTE)


def test_short_quotes_are_never_matched_fuzzily() -> None:
    short = selector(quote="accès égal")
    new = OLD.replace("accès égal", "acces egal")
    assert reanchor(short, TextChange(OLD, new)).state == "orphaned"


def test_short_quote_found_elsewhere_without_context_is_orphaned() -> None:
    text = "Les élus votent le budget.\nLes habitants proposent des projets."
    short = make_selector(text, text.index("votent"), text.index("votent") + len("votent"))
    new = "Les élus adoptent le budget.\nLes habitants proposent des projets et votent."
    assert reanchor(short, TextChange(text, new)).state == "orphaned"


def test_reanchor_all_shares_one_diff() -> None:
    selectors = [selector(quote=QUOTE), selector(quote="logiciels libres")]
    anchors = reanchor_all(selectors, OLD, "Préambule.\n" + OLD)
    assert [a.quote_now for a in anchors] == [QUOTE, "logiciels libres"]


# -- creating: what a person types ------------------------------------------------------------


def test_locate_accepts_typographic_variants_and_keeps_the_text_spelling() -> None:
    text = "L’accessibilité n’est pas une option."
    search = locate_quote(text, "L'accessibilité n'est pas")
    assert search.selector is not None
    assert search.selector.quote == "L’accessibilité n’est pas"


def test_locate_reports_absent_and_ambiguous_quotes() -> None:
    assert locate_quote(OLD, "introuvable").occurrences == 0
    twice = locate_quote(OLD, "Elle publie ses données.")
    assert (twice.selector, twice.occurrences, twice.matching) == (None, 2, 2)
    chosen = locate_quote(OLD, "Elle publie ses données.", before="libres. ")
    assert chosen.selector is not None
    assert chosen.selector.start == OLD.rindex("Elle publie")


def test_make_selector_keeps_32_characters_of_context() -> None:
    s = selector()
    assert OLD[s.start - len(s.prefix) : s.start] == s.prefix
    assert len(s.prefix) == len(s.suffix) == 32
    with pytest.raises(ValueError):
        make_selector(OLD, 5, 5)
