"""Names in free text: which comments, rationales and workshop notes mention a participant, and
the same text with those names taken out.

A name is found as a run of whole words, case, accents and spacing ignored ("camille  MARTIN"
finds "Camille Martin"). An erased name is no longer known: its tombstone keeps a *fingerprint*
instead, a random salt and the SHA-256 of the salt and the normalised name (docs/DESIGN.md,
"Erasing a person"), which finds the name typed again without keeping it. Nobody can read a
name back from it; someone who already knows a name can check whether it was erased, which the
privacy report says.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence

from charter_app.core.model import Participant
from charter_app.i18n import _

_WORD = re.compile(r"\w+")
_FINGERPRINT = re.compile(r"v1:([0-9a-f]{16}):([1-9]):([0-9a-f]{64})\Z")
_MAX_WORDS = 9


@functools.lru_cache(maxsize=65536)  # the same words come back in text after text
def _fold(word: str) -> str:
    stripped = "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )
    return stripped.casefold()


def words(text: str) -> list[str]:
    """``text`` as words without accents, case folded: what names are compared on."""
    return [_fold(word) for word in _WORD.findall(text)]


def _spans(text: str) -> list[tuple[str, int, int]]:
    return [(_fold(match.group()), match.start(), match.end()) for match in _WORD.finditer(text)]


def _digest(salt: str, name_words: Sequence[str]) -> str:
    return hashlib.sha256(f"{salt}\0{' '.join(name_words)}".encode()).hexdigest()


def fingerprint(name: str, salt: str | None = None) -> str:
    """The fingerprint of ``name`` kept by a tombstone: ``v1:<salt>:<words>:<digest>``; ""
    for a name without words (or with too many to look for)."""
    name_words = words(name)
    if not name_words or len(name_words) > _MAX_WORDS:
        return ""
    salt = salt or secrets.token_hex(8)
    return f"v1:{salt}:{len(name_words)}:{_digest(salt, name_words)}"


def name_spans(text: str, participant: Participant) -> list[tuple[int, int]]:
    """Where ``text`` holds the participant's name (by fingerprint once erased): character
    ranges, in order, never overlapping."""
    found = _spans(text)
    if participant.is_erased:
        match = _FINGERPRINT.match(participant.fingerprint)
        if match is None:
            return []
        salt, count, digest = match.group(1), int(match.group(2)), match.group(3)

        def same(window: Sequence[tuple[str, int, int]]) -> bool:
            return _digest(salt, [word for word, _start, _end in window]) == digest

    else:
        wanted = words(participant.name)
        count = len(wanted)
        if not count:
            return []

        def same(window: Sequence[tuple[str, int, int]]) -> bool:
            return [word for word, _start, _end in window] == wanted

    spans: list[tuple[int, int]] = []
    start = 0
    while start + count <= len(found):
        window = found[start : start + count]
        if same(window):
            spans.append((window[0][1], window[-1][2]))
            start += count
        else:
            start += 1
    return spans


def erased_in(text: str, erased: Sequence[Participant]) -> list[tuple[Participant, int, int]]:
    """The first place ``text`` holds the name of each of ``erased`` (found by fingerprint):
    (participant, start, end). The text's words are read, and each run of them joined, once
    for all of them (an export looks through thousands of texts)."""
    found = _spans(text)
    runs: dict[int, list[tuple[bytes, int, int]]] = {}
    places = []
    for participant in erased:
        match = _FINGERPRINT.match(participant.fingerprint)
        if match is None:
            continue
        salt, count, digest = match.group(1), int(match.group(2)), bytes.fromhex(match.group(3))
        if count not in runs:
            runs[count] = [
                (" ".join(word for word, _s, _e in found[i : i + count]).encode(),
                 found[i][1], found[i + count - 1][2])
                for i in range(len(found) - count + 1)
            ]  # fmt: skip
        salted = hashlib.sha256(f"{salt}\0".encode())
        for joined, first, last in runs[count]:
            hashed = salted.copy()
            hashed.update(joined)
            if hashed.digest() == digest:
                places.append((participant, first, last))
                break
    return places


def mentions(text: str, participant: Participant) -> bool:
    """Whether ``text`` holds the participant's name (by fingerprint once erased)."""
    return bool(name_spans(text, participant))


def mentioned(text: str, participants: Iterable[Participant]) -> list[Participant]:
    """The participants ``text`` names."""
    return [p for p in participants if (p.name or p.fingerprint) and mentions(text, p)]


def erased_mentioned(text: str, participants: Iterable[Participant]) -> list[Participant]:
    """The erased participants whose name ``text`` holds (a name typed again after erasure)."""
    return mentioned(text, (p for p in participants if p.is_erased))


def redacted(text: str, participants: Iterable[Participant]) -> str:
    """``text`` with every name of ``participants`` replaced by “[name removed]”."""
    spans = sorted(span for p in participants for span in name_spans(text, p))
    placeholder = _("[name removed]")
    pieces, position = [], 0
    for start, end in spans:
        if start < position:
            continue  # overlapping names: the first one found is enough
        pieces += [text[position:start], placeholder]
        position = end
    return "".join([*pieces, text[position:]])
