"""A fast reader for the YAML the app writes itself, declining everything else.

Opening a charter parses thousands of small YAML documents (principles' front matter, event
files); the general loader spends most of its time building nodes. The files the app writes
(:func:`charter_app.storage.yamlsafe.dump`) use a small, regular part of YAML: block mappings
with plain keys, two-space-indented lists, plain, quoted and literal (``|``) scalars, ``[]`` and
``{}``. :func:`parse` reads exactly that part and returns None for anything it is not sure
about: the caller then uses the general loader, which also reports every error. It never
accepts a document the general loader would read differently (tests/test_yaml_canonical.py
checks it on generated and mutated documents).
"""

from __future__ import annotations

import re
from sys import intern
from typing import Any

_UNSURE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Characters YAML rejects or reads as line breaks (NEL, U+2028, U+2029), and the BOM."""
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?\Z")
_KEY_LINE = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?\Z")
_ITEM_LINE = re.compile(r"( *)- (.*)\Z")
_DOUBLE_QUOTED = re.compile(
    r'"((?:[^"\\]|\\(?:[0abtnvfre "/\\N_LP\t]'
    r"|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}))*)\"\Z"
)
_ESCAPE = re.compile(r"\\(?:x(..)|u(....)|U(........)|(.))")
_ESCAPED = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85",
    "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
"""YAML's one-character escapes in double-quoted text, as the general loader reads them."""
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'\Z")
_PLAIN_FIRST_REFUSED = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_LITERAL = re.compile(r"\|([1-9]?)([-+]?)\Z")
"""A literal block's header: ``|``, then its indentation and chomping indicators, if any."""


class _UnsureError(Exception):
    """The document leaves the part of YAML this reader knows."""


def parse(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds (every scalar a string), or None when unsure."""
    if not text.endswith("\n") or _UNSURE.search(text):
        return None
    try:
        return _read(text.split("\n")[:-1])
    except _UnsureError:
        return None


def _read(lines: list[str]) -> dict[str, Any]:
    """One pass over the lines (a loop, not recursion: thousands of small files add up)."""
    root: dict[str, Any] = {}
    # The blocks still open, innermost last, each with the indent of its keys or dashes.
    blocks: list[tuple[int, Any]] = [(0, root)]
    pending: tuple[dict[str, Any], str, int] | None = None  # "key:" awaiting its block
    count = len(lines)
    at = 0
    while at < count:
        line = lines[at]
        match = _KEY_LINE.match(line)
        if match is not None:
            indent = match.end(1)
            is_item = False
        elif not line:
            at += 1
            continue
        else:
            match = _ITEM_LINE.match(line)
            if match is None:
                raise _UnsureError  # spaces only, a comment, a document marker...
            indent = match.end(1)
            is_item = True
        if pending is not None:
            parent, key, parent_indent = pending
            pending = None
            if indent <= parent_indent:
                raise _UnsureError  # an empty value, or a list not indented under its key
            block: Any = [] if is_item else {}
            parent[key] = block
            blocks.append((indent, block))
        else:
            while blocks[-1][0] > indent:
                blocks.pop()
            indent_of, block = blocks[-1]
            if indent_of != indent:
                raise _UnsureError
        if is_item:
            if type(block) is not list:
                raise _UnsureError
            item = match.group(2)
            entry = _KEY_VALUE.match(item)
            if entry is None:
                at += 1
                header = _LITERAL.match(item) if item[:1] == "|" else None
                if header is not None:
                    text, at = _literal(lines, at, indent, header)
                    block.append(text)
                else:
                    block.append(_scalar(item))
                continue
            # A mapping item: its keys are aligned two columns right of the dash.
            indent += 2
            mapping: dict[str, Any] = {}
            block.append(mapping)
            blocks.append((indent, mapping))
            key, rest = entry.groups()
            key = intern(key)
        else:
            if type(block) is not dict:
                raise _UnsureError
            mapping = block
            key, rest = match.group(2, 3)
            key = intern(key)  # the same few keys in every file: one string each, shared
        if key in mapping:
            raise _UnsureError  # the general loader names the repeated key
        at += 1
        if rest is None:
            pending = (mapping, key, indent)
        elif rest[:1] == "|" and (header := _LITERAL.match(rest)) is not None:
            mapping[key], at = _literal(lines, at, indent, header)
        else:
            mapping[key] = _scalar(rest)
    if pending is not None or not root:
        raise _UnsureError  # an empty value at the end, or an empty document
    return root


def _scalar(rest: str) -> Any:
    """The value after ``key: `` or ``- ``, on one line."""
    if not rest:
        raise _UnsureError  # "key: " with a trailing space
    first = rest[0]
    if first == '"':
        match = _DOUBLE_QUOTED.match(rest)
        if match is None:
            raise _UnsureError
        quoted = match.group(1)
        return _ESCAPE.sub(_unescape, quoted) if "\\" in quoted else quoted
    if first == "'":
        match = _SINGLE_QUOTED.match(rest)
        if match is None:
            raise _UnsureError
        return match.group(1).replace("''", "'")
    if rest == "[]":
        return []
    if rest == "{}":
        return {}
    if (
        first in _PLAIN_FIRST_REFUSED
        or rest[-1] in " :"
        or ": " in rest
        or " #" in rest
        or "\t" in rest
    ):
        raise _UnsureError
    return rest


def _unescape(match: re.Match[str]) -> str:
    *code, single = match.groups()
    if single is not None:
        return _ESCAPED[single]
    point = int(next(c for c in code if c is not None), 16)
    if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
        raise _UnsureError
    return chr(point)


def _literal(lines: list[str], at: int, indent: int, header: re.Match[str]) -> tuple[str, int]:
    """The literal block scalar starting at line ``at`` under a key (or dash) at ``indent``,
    and the line after it. ``header`` holds its indentation (e.g. ``|2-``, written when the
    text starts with a space) and chomping indicators."""
    explicit, chomping = header.groups()
    content: list[str] = []
    trailing = 0  # empty lines after the last line of text
    block_indent = indent + int(explicit) if explicit else None
    count = len(lines)
    while at < count:
        line = lines[at]
        if not line:
            trailing += 1
            at += 1
            continue
        stripped = line.lstrip(" ")
        if not stripped:
            raise _UnsureError  # a line of spaces only
        found = len(line) - len(stripped)
        if block_indent is None:
            if found <= indent:
                raise _UnsureError  # no text: the general loader decides
            block_indent = found
        elif found < block_indent:
            break
        content.extend([""] * trailing)
        trailing = 0
        content.append(line[block_indent:])
        at += 1
    if not content:
        raise _UnsureError
    text = "\n".join(content)
    if chomping == "-":
        return text, at
    if chomping == "+":
        return text + "\n" * (trailing + 1), at
    return text + "\n", at
