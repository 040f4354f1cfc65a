"""Plain-language indicator: a table of cases, each saying why it is there."""

from __future__ import annotations

import pytest

from charter_app.core.model import Principle
from charter_app.core.readability import (
    Level,
    analyse,
    passive_constructions,
    principle_readability,
    split_sentences,
    syllables,
)

SHORT_FR = "Nous aidons chaque habitant. Vous pouvez nous appeler."
LONG_PASSIVE_FR = (
    "Il a été décidé par le conseil communautaire que les dispositions réglementaires relatives "
    "à la protection des données personnelles seront systématiquement appliquées par les "
    "administrations intercommunales, lesquelles sont également tenues de veiller à ce que les "
    "traitements automatisés soient documentés et contrôlés."
)
SHORT_EN = "We help you. You can call us."
LONG_PASSIVE_EN = (
    "It was decided by the community council that the regulatory provisions concerning the "
    "protection of personal data are to be systematically implemented by the intercommunal "
    "administrations, which are additionally required to ensure that automated processing "
    "operations are documented and monitored."
)


@pytest.mark.parametrize(
    ("easier", "harder", "language"),
    [
        (SHORT_FR, LONG_PASSIVE_FR, "fr"),  # short plain French beats one long passive sentence
        (SHORT_EN, LONG_PASSIVE_EN, "en"),  # same in English
        (
            "Le conseil vote le budget.",
            "Le budget est voté par le conseil.",
            "fr",
        ),  # same words, passive
    ],
)
def test_plain_text_scores_easier(easier: str, harder: str, language: str) -> None:
    plain, hard = analyse([easier], language), analyse([harder], language)
    assert plain.score > hard.score
    assert not plain.passives and hard.passives


@pytest.mark.parametrize(
    ("text", "language", "level"),
    [
        (SHORT_FR, "fr", Level.EASY),
        (LONG_PASSIVE_FR, "fr", Level.DIFFICULT),
        (SHORT_EN, "en", Level.EASY),
        (LONG_PASSIVE_EN, "en", Level.DIFFICULT),
    ],
)
def test_levels(text: str, language: str, level: Level) -> None:
    assert analyse([text], language).level is level


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("Le texte est adopté.", "fr", ["est adopté"]),  # est + -é
        ("Les données sont hébergées ici.", "fr", ["sont hébergées"]),  # sont + -ées
        ("Les habitants ont été consultés.", "fr", ["ont été consultés"]),  # ont été + -és
        ("Les comptes rendus seront transmis.", "fr", ["seront transmis"]),  # seront + -is
        ("Le service est ouvert à tous.", "fr", []),  # a state, not an action: not counted
        ("Les agents sont toujours formés.", "fr", ["sont toujours formés"]),  # adverb between
        ("Le bureau est ici.", "fr", []),  # "ici" ends in -i but is no participle
        ("La mairie est la maison commune.", "fr", []),  # être + noun
        ("The text is adopted.", "en", ["is adopted"]),
        ("Residents were not consulted.", "en", ["were not consulted"]),
        ("The data is kept locally.", "en", ["is kept"]),  # irregular
        ("The library is often open.", "en", []),  # "often", "open": not participles
    ],
)
def test_passive_constructions(text: str, language: str, found: list[str]) -> None:
    assert passive_constructions(text, language) == found


@pytest.mark.parametrize(
    ("word", "language", "count"),
    [
        ("chaque", "fr", 1),  # "qu" is one consonant, final e silent
        ("habitant", "fr", 3),
        ("accessibilité", "fr", 6),
        ("données", "fr", 2),  # final -es silent
        ("make", "en", 1),  # silent e
        ("helped", "en", 1),  # silent -ed
        ("decided", "en", 3),  # -ed after d is spoken
        ("table", "en", 2),  # -le is a syllable
    ],
)
def test_syllables(word: str, language: str, count: int) -> None:
    assert syllables(word, language) == count


def test_sentences_are_not_cut_after_abbreviations() -> None:
    assert split_sentences("M. Dupont vient. Il parle, etc. Puis il part!") == [
        "M. Dupont vient.",
        "Il parle, etc. Puis il part!",
    ]


def test_reasons_are_sentences_and_markdown_is_read_as_plain_text() -> None:
    body = "**Nous** aidons [chaque habitant](https://example.org).\n\n- Vous pouvez nous appeler."
    result = principle_readability(Principle("p", "1", "Aide", body), "fr")
    assert result.sentences == 2 and result.words == 8
    assert result.reasons == ("Short sentences and everyday words: easy to read.",)
    hard = analyse([LONG_PASSIVE_FR], "fr")
    assert any("passive" in reason for reason in hard.reasons)
    assert any("longest sentence" in reason or "long" in reason for reason in hard.reasons)
