"""A fast writer for the simplest YAML the app writes, byte for byte as PyYAML writes it.

Saving one principle writes its front matter (id, number, title, status, section, tags): a few
short strings. Loading PyYAML and its dumper to write them costs more than the rest of the save,
in a command that is a whole process. :func:`dump` writes such a mapping itself when every value
is a string (or a list of strings) of a kind whose YAML form is certain: plain words, or an
integer-looking number that :func:`charter_app.storage.yamlsafe.dump` double-quotes. For
anything else it returns None and the caller uses :func:`charter_app.storage.yamlsafe.dump`.
It never writes different bytes from that function (tests/test_yaml_plain.py compares both on
every principle of the bundled examples and of charters built from the corpus, and on
generated and awkward values).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

_MAX_LENGTH = 1000
"""Far below the dumper's line width (10,000): a longer value could be folded."""
_PUNCTUATION = frozenset(" .,;'’()/-+!?&%*$€«»…–—\"")
"""Characters that never change how PyYAML writes a scalar when neither first nor last
(``:`` and ``#`` may: ``a: b`` and ``a #b`` are refused below, as is everything else)."""
_INTEGER = re.compile(r"(?:0|[1-9][0-9]*)\Z")
"""Decimal integers without a sign or leading zero: PyYAML would read them back as numbers, so
the dumper double-quotes them; nothing inside needs an escape."""
_WORDS_YAML_READS = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
"""Plain words YAML 1.1 reads as booleans or null (in any case, to stay on the safe side)."""
_KEY = re.compile(r"[a-z][a-z_]*\Z")


def dump(data: Mapping[str, str | Sequence[str]]) -> str | None:
    """``data`` as ``yamlsafe.dump`` writes it, or None when that is not certain."""
    lines: list[str] = []
    for key, value in data.items():
        if not isinstance(key, str) or not _KEY.match(key) or key in _WORDS_YAML_READS:
            return None
        if isinstance(value, str):
            scalar = _scalar(value)
            if scalar is None:
                return None
            lines.append(f"{key}: {scalar}\n")
            continue
        if isinstance(value, list | tuple) and value:
            items = [_scalar(item) if isinstance(item, str) else None for item in value]
            if any(item is None for item in items):
                return None
            lines.append(f"{key}:\n")
            lines += [f"  - {item}\n" for item in items]
            continue
        return None
    return "".join(lines)


def _scalar(value: str) -> str | None:
    """How the dumper writes ``value`` (plain, or a quoted integer), or None when unsure."""
    if _INTEGER.match(value):
        return f'"{value}"'
    if (
        not value
        or len(value) > _MAX_LENGTH
        or not value[0].isalpha()
        or value[-1] == " "
        or value.lower() in _WORDS_YAML_READS
    ):
        return None
    for character in value:
        if not (character.isalnum() or character in _PUNCTUATION):
            return None
    return value
