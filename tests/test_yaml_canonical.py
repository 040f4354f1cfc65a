"""The fast reader of the app's own YAML never reads a document differently from the general
loader: it either agrees with it or declines (returns None)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charter_app.errors import FormatError
from charter_app.storage import yamlcanonical, yamlsafe

ROOT = Path(__file__).resolve().parents[1]


def general(text: str) -> Any:
    """What the general loader (C or Python libyaml, our strict construction) reads."""
    node = yaml.compose(text, Loader=yamlsafe._loader())
    return {} if node is None else yamlsafe._construct(node, "test", 1, set())


def agrees_or_declines(text: str) -> dict[str, Any] | None:
    fast = yamlcanonical.parse(text)
    if fast is not None:
        assert "\t" not in "".join(
            line[: len(line) - len(line.lstrip())] for line in text.split("\n")
        )
        assert general(text) == fast, text
    return fast


# Text with the characters that make YAML interesting: indicators, quotes, spaces at either end,
# line breaks of every kind, tabs, control characters, non-ASCII letters.
TRICKY = st.text(
    alphabet=st.sampled_from(
        list("ab z09-_:#'\"!&*?|>{}[],%@`\\~=<.\t\n\r ")
        + ["é", "œ", "«", "\u00a0", "\u202f", "\u2028", "\x85", "\ufeff", "\x01", "😀"]
    ),
    max_size=24,
)
KEYS = st.one_of(st.sampled_from(["id", "title", "text", "passage", "a-b", "x_1"]), TRICKY)
VALUES = st.recursive(
    TRICKY,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=12,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=6)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_what_the_app_writes_is_read_back_the_same(document: dict[str, Any]) -> None:
    text = yamlsafe.dump(document)
    try:
        expected = general(text)
    except (yaml.YAMLError, FormatError):
        # Keys of line breaks only (NEL, U+2028) are written so that they read back alike:
        # never ours, and the fast reader must decline them too.
        assert yamlcanonical.parse(text) is None
        return
    agrees_or_declines(text)
    assert yamlsafe.load(text, "test") == expected


WORDS = (
    st.text(alphabet=st.sampled_from(list("abcdéz ,.09")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(lambda words: bool(words) and not words[0].isdigit())
)
"""Words as principles and comments hold them (a number alone is written quoted)."""


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "number", "status", "text", "by"]),
        st.one_of(
            WORDS,
            st.lists(WORDS, max_size=3),
            st.tuples(st.lists(WORDS, min_size=2, max_size=4), st.sampled_from(["", "\n"])).map(
                lambda parts: "\n".join(parts[0]) + parts[1]
            ),
        ),
        min_size=1,
    )
)
def test_ordinary_documents_take_the_fast_path(document: dict[str, Any]) -> None:
    """Words, lists of words and multi-line text: what charters are made of."""
    text = yamlsafe.dump(document)
    assert agrees_or_declines(text) == document


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.data())
def test_damaged_documents_are_declined_or_read_the_same(
    document: dict[str, Any], data: st.DataObject
) -> None:
    """Insert, delete or replace characters in a written document; the fast reader must never
    accept what the general loader refuses or reads otherwise."""
    text = yamlsafe.dump(document)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = data.draw(
            st.sampled_from(
                [" ", "  ", "\n", "- ", ": ", "#", "'", '"', "|", "|-", "a", "-", "\n  "]
            )
        )
        if action == "insert":
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + len(piece) :]
        else:
            text = text[:at] + piece + text[at + 1 :]
    fast = yamlcanonical.parse(text)
    if fast is None:
        return
    try:
        expected = general(text)
    except yaml.YAMLError:
        raise AssertionError(f"accepted what YAML refuses:\n{text}") from None
    except FormatError:
        raise AssertionError(f"accepted what the strict rules refuse:\n{text}") from None
    assert expected == fast, text


@pytest.mark.parametrize(
    "text",
    [
        "a: b\na: c\n",  # a repeated key: the general loader names it
        "a: &x b\nc: *x\n",  # anchors and aliases
        "a: !tag b\n",  # tags
        "a: b\n  c\n",  # a plain scalar continued on the next line
        "a:\n- b\n",  # a list not indented under its key
        "a: b # comment\n",
        "a: b",  # no final newline
        "- a\n",  # not a mapping
        "a: |-2\n   x\n",  # indicators in the order the app never writes
        "a: 'b' c\n",
        "a:\n",  # an empty value
        "",
    ],
)
def test_the_fast_reader_declines_what_it_does_not_know(text: str) -> None:
    assert yamlcanonical.parse(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: |2-\n     x\n\n  y\n",  # text starting with a space: explicit indentation
        "a:\n  b: |+\n    x\n\n\nc: d\n",  # kept final line breaks
        "a: |\n\n  x\n",  # a leading empty line
        "w:\n  - id: p-1\n    name: N\n  - |-\n    x\n    y\n",  # mappings and text in a list
        "a: it's\nb: '''q'''\nc: \"2024-01-01\"\nd: []\ne: {}\n",
    ],
)
def test_the_fast_reader_reads_these_as_the_general_loader_does(text: str) -> None:
    assert agrees_or_declines(text) is not None


def test_every_file_the_project_ships_takes_the_fast_path() -> None:
    """The example charters and the test fixtures are written as the app writes them."""
    checked = 0
    for path in sorted((ROOT / "charters").rglob("*")):
        if path.suffix == ".yaml":
            text = path.read_text(encoding="utf-8")
        elif path.suffix == ".md" and path.parent.name == "principles":
            text = path.read_text(encoding="utf-8")
            text = text[4 : text.index("\n---\n", 3) + 1]
        else:
            continue
        assert agrees_or_declines(text) is not None, path
        checked += 1
    assert checked >= 10
