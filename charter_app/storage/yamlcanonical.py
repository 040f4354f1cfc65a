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
from typing import Any

_UNSURE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Characters YAML rejects or reads as line breaks (NEL, U+2028, U+2029), and the BOM."""
_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?\Z")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"\Z')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'\Z")
_PLAIN_FIRST_REFUSED = frozenset("-?:,[]{}#&*!|>'\"%@` \t")
_LITERAL_CHOMPING = {"|": "clip", "|-": "strip", "|+": "keep"}


class _UnsureError(Exception):
    """The document leaves the part of YAML this reader knows."""


def parse(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds (every scalar a string), or None when unsure."""
    if not text.endswith("\n") or _UNSURE.search(text):
        return None
    try:
        reader = _Reader(text.split("\n")[:-1])
        return reader.document()
    except _UnsureError:
        return None


class _Reader:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.at = 0

    def document(self) -> dict[str, Any]:
        self._skip_empty()
        if self.at == len(self.lines):
            raise _UnsureError  # empty: the general loader says what that means
        mapping = self._mapping(0)
        self._skip_empty()
        if self.at != len(self.lines):
            raise _UnsureError
        return mapping

    def _skip_empty(self) -> None:
        lines = self.lines
        while self.at < len(lines) and not lines[self.at]:
            self.at += 1

    def _indent(self, line: str) -> int:
        indent = len(line) - len(line.lstrip(" "))
        if indent == len(line):
            raise _UnsureError  # a line of spaces only
        return indent

    def _mapping(self, indent: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        lines = self.lines
        while True:
            self._skip_empty()
            if self.at == len(lines):
                break
            line = lines[self.at]
            found = self._indent(line)
            if found < indent:
                break
            if found > indent:
                raise _UnsureError
            match = _KEY_VALUE.match(line, indent)
            if match is None:
                raise _UnsureError
            key, rest = match.group(1), match.group(2)
            if key in mapping:
                raise _UnsureError  # the general loader names the repeated key
            self.at += 1
            mapping[key] = self._value(rest, indent)
        if not mapping:
            raise _UnsureError
        return mapping

    def _sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        lines = self.lines
        while True:
            self._skip_empty()
            if self.at == len(lines):
                break
            line = lines[self.at]
            found = self._indent(line)
            if found < indent:
                break
            if found > indent or not line.startswith("- ", indent):
                raise _UnsureError
            item = line[indent + 2 :]
            if _KEY_VALUE.match(item):
                # A mapping item: its keys are aligned two columns right of the dash.
                lines[self.at] = " " * (indent + 2) + item
                items.append(self._mapping(indent + 2))
            else:
                self.at += 1
                items.append(self._value(item, indent))
        return items

    def _value(self, rest: str | None, indent: int) -> Any:
        if rest is None:
            return self._nested(indent)
        if not rest:
            raise _UnsureError  # "key: " with a trailing space
        first = rest[0]
        if first == '"':
            match = _DOUBLE_QUOTED.match(rest)
            if match is None:
                raise _UnsureError
            return match.group(1)
        if first == "'":
            match = _SINGLE_QUOTED.match(rest)
            if match is None:
                raise _UnsureError
            return match.group(1).replace("''", "'")
        if rest == "[]":
            return []
        if rest == "{}":
            return {}
        chomping = _LITERAL_CHOMPING.get(rest)
        if chomping is not None:
            return self._literal(indent, chomping)
        if (
            first in _PLAIN_FIRST_REFUSED
            or rest[-1] in " :"
            or ": " in rest
            or " #" in rest
            or "\t" in rest
        ):
            raise _UnsureError
        return rest

    def _nested(self, indent: int) -> Any:
        """The block under ``key:``: a mapping or a list indented further, else empty."""
        self._skip_empty()
        if self.at == len(self.lines):
            raise _UnsureError
        line = self.lines[self.at]
        found = self._indent(line)
        if found <= indent:
            raise _UnsureError  # an empty value, or a list not indented under its key
        if line.startswith("- ", found):
            return self._sequence(found)
        return self._mapping(found)

    def _literal(self, indent: int, chomping: str) -> str:
        lines = self.lines
        content: list[str] = []
        trailing = 0  # empty lines after the last line of text
        block_indent = None
        while self.at < len(lines):
            line = lines[self.at]
            if not line:
                trailing += 1
                self.at += 1
                continue
            found = self._indent(line)
            if block_indent is None:
                if found <= indent:
                    raise _UnsureError  # no text: the general loader decides
                block_indent = found
            elif found < block_indent:
                break
            content.extend([""] * trailing)
            trailing = 0
            content.append(line[block_indent:])
            self.at += 1
        if block_indent is None:
            raise _UnsureError
        if content and not content[0]:
            raise _UnsureError  # leading empty lines: rare, left to the general loader
        text = "\n".join(content)
        if chomping == "strip":
            return text
        if chomping == "clip":
            return text + "\n"
        return text + "\n" * (trailing + 1)
