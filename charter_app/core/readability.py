"""Plain language: a readability indicator per principle, in French and English.

Works on the plain paragraphs of a principle (``rendering.to_plain_paragraphs``). The score is
the Flesch reading ease::

    English (Flesch, 1948):     206.835 - 1.015 * words/sentences - 84.6 * syllables/words
    French (Kandel & Moles):    207     - 1.015 * words/sentences - 73.6 * syllables/words

read as a level: 60 and above *easy*, 40 to 60 *fairly easy*, below 40 *difficult* (charter
text is legal prose: a score of 40 is already a demanding newspaper). Syllables are estimated
from groups of vowels (a final silent "e"/"es" removed; English "-ed" after a consonant other
than t/d is silent), so figures are approximate and meant to compare principles, not to grade
them. The reasons name what makes a text hard: long sentences (over 25 words on average, or
one over 40), long words (three syllables or more in English, four or more in French, over
15 % of words), and passive constructions ("est garantie", "ont été consultés", "is
guaranteed", "were consulted"), found by pattern and therefore also approximate ("est allé",
"is broken" are counted too).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from charter_app.core.model import Charter, Principle
from charter_app.i18n import N_, _, ngettext
from charter_app.rendering import to_plain_paragraphs


class Level(StrEnum):
    EASY = "easy"
    FAIRLY_EASY = "fairly-easy"
    DIFFICULT = "difficult"


LEVEL_LABELS: dict[Level, str] = {
    Level.EASY: N_("easy"),
    Level.FAIRLY_EASY: N_("fairly easy"),
    Level.DIFFICULT: N_("difficult"),
}
EASY_FROM = 60.0
FAIRLY_EASY_FROM = 40.0
LONG_MEAN_SENTENCE = 25
LONG_SENTENCE = 40
LONG_WORD_SHARE = 0.15
LONG_WORD_SYLLABLES = {"en": 3, "fr": 4}

_FR_ELIDED = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"})
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "dr", "mr", "mrs", "ms", "st", "etc", "art", "p", "ex", "e.g", "i.e", "cf"}
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])")
_WORD_EN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_WORD_FR = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_VOWELS = {"en": "aeiouy", "fr": "aeiouyàâäéèêëîïôöùûüÿœæ"}

_FR_PARTICIPLE = (
    r"[^\W\d_]{2,}(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites|ert|erte|erts|ertes)"
)
_FR_PASSIVE = re.compile(
    r"\b(?:est|sont|soit|soient|sera|seront|serait|seraient|était|étaient|fut|furent|être|"
    r"a\s+été|ont\s+été|avait\s+été|avaient\s+été|aura\s+été|auront\s+été|ayant\s+été)"
    r"(?:\s+(?:pas|plus|jamais|toujours|souvent|également|aussi|bien|déjà|ensuite|enfin|"
    r"notamment|systématiquement|clairement|librement|pleinement))*"
    rf"\s+({_FR_PARTICIPLE})\b",
    re.IGNORECASE,
)
_FR_NOT_PARTICIPLE = frozenset(
    {"ici", "aussi", "ainsi", "parmi", "lui", "oui", "midi", "celui", "aujourd", "merci",
     "déjà", "là", "plu", "tenu", "souci", "défi", "ami", "amie", "amis", "amies", "qui",
     "lorsqu", "assis", "petit", "petite", "petits", "petites", "gratuit", "gratuite",
     "gratuits", "gratuites", "inédit", "inédite", "écrit", "important", "ouvert", "ouverte",
     "ouverts", "ouvertes", "inclu", "dû", "nu", "nue", "cru", "vrai", "vraie", "partie",
     "sortie", "vie", "série", "priorité", "société", "qualité", "clé", "liberté", "égalité",
     "santé", "réalité", "sécurité", "responsabilité", "possibilité", "communauté", "idée",
     "année", "journée", "entrée", "donnée", "données", "musée", "pensée"}
)  # fmt: skip
_EN_IRREGULAR = (
    "made|done|built|held|kept|known|shown|written|taken|given|paid|sent|told|found|left|set|"
    "put|brought|bought|thought|sold|seen|heard|met|read|run|chosen|spoken|understood|"
    "drawn|grown|won|lost|led|meant|shared|used"
)
_EN_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)"
    r"(?:\s+(?:not|never|also|always|often|still|already|then|fully|clearly|\w+ly))*"
    rf"\s+([a-z]{{2,}}ed|[a-z]{{2,}}en|{_EN_IRREGULAR})\b",
    re.IGNORECASE,
)
_EN_NOT_PARTICIPLE = frozenset(
    {"often", "even", "open", "then", "when", "ten", "seven", "eleven", "children", "garden",
     "citizen", "citizens", "women", "men", "token", "heaven", "need", "indeed", "seed",
     "speed", "free", "green", "between", "screen", "kitchen", "hidden", "golden", "wooden",
     "sudden", "hundred", "red", "bed", "shed", "fed", "wed", "sacred", "kindred", "naked"}
)  # fmt: skip


@dataclass(frozen=True)
class Readability:
    """How hard a text is to read, with the reasons as sentences a participant understands."""

    language: str
    score: float
    """Flesch reading ease (Kandel & Moles for French): higher is easier."""
    level: Level
    sentences: int
    words: int
    syllables: int
    mean_sentence_words: float
    longest_sentence_words: int
    longest_sentence: str
    long_words: int
    """Words of three syllables or more (English), four or more (French)."""
    passives: tuple[str, ...]
    """The passive constructions found, as written."""
    reasons: tuple[str, ...]
    """Translated sentences saying what makes it hard (or that nothing does)."""

    @property
    def long_word_share(self) -> float:
        return self.long_words / self.words if self.words else 0.0

    @property
    def level_label(self) -> str:
        return _(LEVEL_LABELS[self.level])


@dataclass(frozen=True)
class PrincipleReadability:
    principle: str
    """Principle id."""
    number: str
    title: str
    readability: Readability


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph: a period, ! ? or … followed by a capital starts a new one,
    except after a common abbreviation ("M.", "etc.", "e.g.")."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip('.!?…"»”’)')
        last_word = before.rsplit(maxsplit=1)[-1].lower() if before.split() else ""
        if last_word.strip("(«“") in _ABBREVIATIONS or len(last_word) == 1 and last_word.isalpha():
            continue
        sentences.append(paragraph[start : match.start()].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [s for s in sentences if _words(s, "en")]


def _words(text: str, language: str) -> list[str]:
    if language == "fr":
        found = _WORD_FR.finditer(text)
        # "l’accessibilité": the elided article is part of the next word, not a word.
        return [
            m[0]
            for m in found
            if not (m[0].lower() in _FR_ELIDED and text[m.end() : m.end() + 1] in "'’")
        ]
    return _WORD_EN.findall(text)


def syllables(word: str, language: str) -> int:
    """Estimated syllables of ``word``: groups of vowels, minus a final silent e."""
    word = word.lower().replace("’", "'")
    vowels = _VOWELS["fr" if language == "fr" else "en"]
    if language == "fr":
        word = re.sub(r"qu|gu(?=[eiyéèê])", lambda m: m[0][0], word)  # "chaque", "langue"
    count = len(re.findall(f"[{vowels}]+", word))
    silent = (
        re.search(r"[^aeiouyéèêàâîôû]es?$", word)
        if language == "fr"
        else re.search(r"[^aeiouytd]ed$", word)
        or (word.endswith("e") and not word.endswith(("le", "ee", "ye")))
    )
    if silent and count > 1:
        count -= 1
    return max(count, 1)


def passive_constructions(text: str, language: str) -> list[str]:
    """The passive-looking constructions in ``text``, as written ("est garantie")."""
    if language == "fr":
        pattern, excluded = _FR_PASSIVE, _FR_NOT_PARTICIPLE
    else:
        pattern, excluded = _EN_PASSIVE, _EN_NOT_PARTICIPLE
    return [
        " ".join(match[0].split())
        for match in pattern.finditer(text)
        if match[1].lower() not in excluded
    ]


def analyse(paragraphs: Sequence[str], language: str) -> Readability:
    """The readability of plain ``paragraphs`` written in ``language`` ("fr" or "en")."""
    language = "fr" if language == "fr" else "en"
    sentences = [s for paragraph in paragraphs for s in split_sentences(paragraph)]
    lengths = [len(_words(s, language)) for s in sentences]
    words = [w for s in sentences for w in _words(s, language)]
    counts = [syllables(w, language) for w in words]
    passives = tuple(p for s in sentences for p in passive_constructions(s, language))
    long_words = sum(1 for c in counts if c >= LONG_WORD_SYLLABLES[language])
    if not words:
        return Readability(language, 100.0, Level.EASY, 0, 0, 0, 0.0, 0, "", 0, (), ())
    per_sentence = len(words) / len(sentences)
    per_word = sum(counts) / len(words)
    base, weight = (207.0, 73.6) if language == "fr" else (206.835, 84.6)
    score = round(base - 1.015 * per_sentence - weight * per_word, 1)
    longest = max(range(len(sentences)), key=lambda i: lengths[i])
    level = (
        Level.EASY
        if score >= EASY_FROM
        else Level.FAIRLY_EASY
        if score >= FAIRLY_EASY_FROM
        else Level.DIFFICULT
    )
    result = Readability(
        language, score, level, len(sentences), len(words), sum(counts), round(per_sentence, 1),
        lengths[longest], sentences[longest], long_words, passives, (),
    )  # fmt: skip
    return Readability(**{**result.__dict__, "reasons": reasons(result)})


def reasons(result: Readability) -> tuple[str, ...]:
    """Translated sentences: what makes the text hard to read, or that it reads easily."""
    found: list[str] = []
    if result.mean_sentence_words > LONG_MEAN_SENTENCE:
        found.append(
            _("Sentences are long: {mean} words on average (aim for fewer than 20).").format(
                mean=f"{result.mean_sentence_words:g}"
            )
        )
    if result.longest_sentence_words > LONG_SENTENCE:
        found.append(
            _("The longest sentence has {count} words; consider splitting it.").format(
                count=result.longest_sentence_words
            )
        )
    if result.long_word_share > LONG_WORD_SHARE:
        found.append(
            _("{percent} % of the words are long; prefer everyday words.").format(
                percent=round(100 * result.long_word_share)
            )
        )
    if result.passives:
        found.append(
            ngettext(
                "{count} passive construction (“{example}”): say who does what.",
                "{count} passive constructions (e.g. “{example}”): say who does what.",
                len(result.passives),
            ).format(count=len(result.passives), example=result.passives[0])
        )
    if not found and result.level is not Level.EASY:
        found.append(
            _("Words are fairly long overall: {syllables} syllables per word on average.").format(
                syllables=f"{result.syllables / max(result.words, 1):.1f}"
            )
        )
    if not found:
        found.append(_("Short sentences and everyday words: easy to read."))
    return tuple(found)


def principle_readability(principle: Principle, language: str) -> Readability:
    return analyse(to_plain_paragraphs(principle.body), language)


def charter_readability(charter: Charter) -> list[PrincipleReadability]:
    """Every principle's readability, in charter order, in the charter's language."""
    return [
        PrincipleReadability(p.id, p.number, p.title, principle_readability(p, charter.language))
        for p in charter.principles
    ]
