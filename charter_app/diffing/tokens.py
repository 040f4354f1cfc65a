"""Word tokens (words, whitespace runs, punctuation) and the keys the options compare them by."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A guillemet takes its inner spacing with it, so that « mot » and "mot" can compare equal;
# "..." is one token so that it can compare equal to "…". Words come first because they are
# most tokens (no other alternative can start with a word character).
_TOKEN = re.compile(r"\w+|[^\S\n]+»?|«[^\S\n]*|»|\n|\.\.\.|.", re.DOTALL)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark (apostrophe)
        "\u2018": "'",
        "\u02bc": "'",
        "\u00ab": '"',  # « »
        "\u00bb": '"',
        "\u201c": '"',  # “ ” „
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",  # non-breaking space
        "\u202f": " ",  # narrow non-breaking space
        "\u2009": " ",  # thin space
        "\u2010": "-",  # hyphen, non-breaking hyphen, en dash, em dash, minus
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
    }
)


@dataclass(frozen=True)
class DiffOptions:
    """What a comparison may ignore; the real text is always what the diff shows and rebuilds."""

    ignore_case: bool = False
    """Compare "Commune" and "commune" as equal."""
    ignore_typography: bool = False
    """Compare typographic variants as equal: ’ and ', « » (with their inner spacing) and ",
    non-breaking spaces and space, dashes and hyphen, … and ..."""

    @property
    def exact(self) -> bool:
        """True when nothing is ignored, so keys are the tokens themselves."""
        return not (self.ignore_case or self.ignore_typography)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into tokens whose concatenation is exactly ``text``."""
    return _TOKEN.findall(text)


def token_key(token: str, options: DiffOptions) -> str:
    """The form of ``token`` that the comparison sees under ``options``."""
    key = token
    if options.ignore_typography:
        key = key.translate(_TYPOGRAPHY)
        if token.startswith("\u00ab") or token.endswith("\u00bb"):
            key = key.strip()
    if options.ignore_case:
        key = key.casefold()
    return key


def text_key(text: str, options: DiffOptions) -> str:
    """The comparison form of a whole line: the keys of its tokens, joined."""
    if options.exact:
        return text
    return "".join(token_key(token, options) for token in tokenize(text))


EXACT = DiffOptions()
"""Compare tokens exactly as written (the default)."""
