"""Tokens spelled as single characters, so that a token diff is a string diff for diff-match-patch.

Only letters are handed out while they last (about 133,000 of them): diff-match-patch's
clean-up scores a boundary by whether its characters are letters, spaces or line breaks, so with
letters alone a diff depends only on which tokens are equal, never on which character a token got
— the same pair of passages gives the same diff in any alphabet, in any process.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence

from charter_app.diffing.tokens import EXACT, DiffOptions, token_key

_FIRST = 0x100  # clear of ASCII and Latin-1, whose characters dmp's clean-up treats specially
_END = 0x110000
_BLOCK = 0x1000


@functools.cache
def _letters_in_block(start: int) -> str:
    """The letters and digits (``str.isalnum``) in [start, start + _BLOCK); surrogates are not."""
    return "".join([c for c in map(chr, range(start, min(start + _BLOCK, _END))) if c.isalnum()])


def _letters() -> Iterator[str]:
    for start in range(_FIRST, _END, _BLOCK):
        yield from _letters_in_block(start)


def _letters_then_others() -> Iterator[str]:
    """Every usable character, letters first: for a single passage with more distinct tokens
    than there are letters (its diff then depends on the assignment, which stays fixed)."""
    yield from _letters()
    for code in range(_FIRST, _END):
        char = chr(code)
        if not char.isalnum() and not 0xD800 <= code < 0xE000:
            yield char


class Alphabet:
    """Gives each distinct token (by its key under ``options``) its own character.

    One alphabet serves a whole comparison: the common tokens of a text are looked up, not
    numbered again for every paragraph.
    """

    def __init__(self, options: DiffOptions = EXACT) -> None:
        self._options = options
        self._reset(_letters())

    def _reset(self, pool: Iterator[str]) -> None:
        self._pool = pool
        self._token_chars: dict[str, str] = {}
        self._key_chars: dict[str, str] = {}

    def preload(self, tokens: Iterable[str]) -> None:
        """Give ``tokens`` (say, every token of a comparison) their characters at once, so that
        the passages need no look-up to fail first; nothing is kept if letters run out."""
        if not self._add(set(tokens)):
            self._reset(_letters())

    def encode_pair(
        self, old_tokens: Sequence[str], new_tokens: Sequence[str]
    ) -> tuple[str, str] | None:
        """Both token sequences spelled in this alphabet, or None when the pair alone has more
        distinct tokens than Unicode has characters."""
        lookup = self._token_chars.__getitem__
        try:
            return "".join(map(lookup, old_tokens)), "".join(map(lookup, new_tokens))
        except KeyError:
            pass
        if not self._add({*old_tokens, *new_tokens}):
            # Letters ran out over the whole comparison: start again for this pair, and past
            # the letters if the pair needs it.
            self._reset(_letters())
            if not self._add({*old_tokens, *new_tokens}):
                self._reset(_letters_then_others())
                if not self._add({*old_tokens, *new_tokens}):
                    self._reset(_letters())
                    return None
        lookup = self._token_chars.__getitem__
        return "".join(map(lookup, old_tokens)), "".join(map(lookup, new_tokens))

    def _add(self, tokens: set[str]) -> bool:
        """Give the new ``tokens`` characters; False when the pool ran dry."""
        token_chars, key_chars = self._token_chars, self._key_chars
        exact = self._options.exact
        for token in sorted(tokens.difference(token_chars)):
            key = token if exact else token_key(token, self._options)
            char = key_chars.get(key)
            if char is None:
                char = next(self._pool, None)
                if char is None:
                    return False
                key_chars[key] = char
            token_chars[token] = char
        return True
