"""Registered names found in free text: what the "roles only" and "none" choices cannot hide.

Exports and the public site show a contributor by name, by role, or not at all; but a rationale,
a principle or a workshop's title may itself name someone ("as Claire said..."). Nothing is
rewritten: :func:`names_in_text` finds each participant's registered name in the texts about to
be published, so the person publishing can read where, and decide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from charter_app.core.model import Participant

MIN_NAME_LENGTH = 3
"""Shorter names ("Al", "Jo") would be found inside too many ordinary words to be useful."""


@dataclass(frozen=True)
class NameFound:
    """A registered name in one published text."""

    name: str
    """The name as registered in participants.yaml."""
    where: str
    """Where the text is, in words (``Amendment A-3, rationale``)."""


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _pattern(name: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in _folded(name).split()]
    # Whole words, whatever spaces or line breaks separate them in the text.
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


def names_in_text(
    participants: Sequence[Participant], texts: Iterable[tuple[str, str]]
) -> list[NameFound]:
    """Each registered name found in ``texts`` (``(where, text)`` pairs), once per place, in
    the order of the texts, then of the participants."""
    patterns = [
        (participant.name, _folded(participant.name).split()[0], _pattern(participant.name))
        for participant in participants
        if len(participant.name.strip()) >= MIN_NAME_LENGTH
    ]
    found: dict[NameFound, None] = {}
    for where, text in texts:
        folded = _folded(text)
        for name, first_word, pattern in patterns:
            # A plain search for the first word first: most texts name nobody.
            if first_word in folded and pattern.search(folded):
                found[NameFound(name, where)] = None
    return list(found)
