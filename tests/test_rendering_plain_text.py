"""Plain text of a Markdown text: the words a reader sees, in order, without markup."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter_app.rendering import plain_text, to_plain_paragraphs, to_plain_text

CASES = [
    # (markdown, paragraphs)
    ("Un *principe* **essentiel**.", ("Un principe essentiel.",)),
    ("# Titre\n\nCorps du\ntexte.", ("Titre", "Corps du texte.")),
    ("- une\n- deux\n\n1. trois", ("une", "deux", "trois")),
    ("> cité", ("cité",)),
    ("[le site](https://e.org) et <https://f.org>", ("le site et https://f.org",)),
    ("[clic](javascript:alert(1))", ("clic (javascript:alert(1))",)),
    ("![Logo de la ville](logo.png)", ("Logo de la ville",)),
    ("<script>alert(1)</script>", ("<script>alert(1)</script>",)),
    ("&amp; &copy; ~~barré~~ `code`", ("& © barré code",)),
    ("ligne  \nsuivante", ("ligne\nsuivante",)),
    ("| a | b |\n|---|---|\n| 1 | 2 |", ("a\tb", "1\t2")),
    ("```\nx = 1\n```", ("x = 1",)),
    ("«\u00a0Égalité\u00a0» l’école", ("«\u00a0Égalité\u00a0» l’école",)),
    ("", ()),
    ("***", ()),
]


@pytest.mark.parametrize(("markdown", "paragraphs"), CASES)
def test_plain_paragraphs(markdown: str, paragraphs: tuple[str, ...]) -> None:
    assert to_plain_paragraphs(markdown) == paragraphs


def test_plain_text_joins_paragraphs_with_blank_lines() -> None:
    assert to_plain_text("# Titre\n\nUn *mot*.\n\n- a\n- b") == "Titre\n\nUn mot.\n\na\n\nb"


def test_too_deep_input_gives_its_source_paragraphs() -> None:
    deep = ">" * 10_000 + " fond\n\nfin"
    assert to_plain_paragraphs(deep) == (">" * 10_000 + " fond", "fin")


def test_too_costly_input_gives_its_source_paragraphs() -> None:
    costly = "[" * 50_000
    assert to_plain_text(costly) == costly


_PIECES = [
    "mot", "Deux mots", "L’école", "«\u00a0x\u00a0»", "2024", "1.", "3) trois", "- tiret", "+", "=",
    "*", "_", "`", "[", "]", "<", ">", "!", "#", "|", "~", "&amp;", "\\", "\t", " ", "\u202f",
    "http://e.org", "a:b", "—", "\0", "é", "%", "$", "^", "'", '"', "(", ")", "{", "}", "---",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(""), st.lists(st.sampled_from(_PIECES), max_size=5).map("".join)),
        max_size=6,
    ).map("\n".join)
)
def test_text_without_markup_skips_the_parser_and_reads_the_same(markdown: str) -> None:
    """Principles are mostly plain sentences, one paragraph per line: they are split without
    parsing, and that must give what the parser gives."""
    from charter_app.rendering import plain_text

    fast = plain_text._plain_lines(markdown)
    if fast is not None:
        assert fast == plain_text._parsed_paragraphs(markdown)


def test_ordinary_sentences_take_the_short_way() -> None:
    from charter_app.rendering import plain_text

    body = "La commune garantit l’accès.\n\nChaque habitant, à 100 %, y a droit (sans frais)."
    assert plain_text._plain_lines(body) == (
        "La commune garantit l’accès.",
        "Chaque habitant, à 100 %, y a droit (sans frais).",
    )


_MARKUP_AS_FIRST_WRITTEN = re.compile(
    r"[\\`*_\[\]<>!#|~&\t\r\0]|^(?:[-+=]|\d{1,9}[.)](?:\s|$))|^\s|\s$"
)
"""The single expression the markup check was first written as: the reference."""


@settings(max_examples=2000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab Z09٣.)-+=*_#|\\`[]<>!~&\t\r\0\u00a0\u2028\u3000\x1c")),
        min_size=1,
        max_size=14,
    )
)
def test_the_markup_check_finds_what_the_single_expression_found(line: str) -> None:
    assert plain_text._has_markup(line) == (_MARKUP_AS_FIRST_WRITTEN.search(line) is not None)
