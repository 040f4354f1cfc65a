"""Paragraph alignment for the side-by-side view, and the renderings that never rely on colour."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter_app import i18n
from charter_app.diffing import (
    DiffOp,
    align_paragraphs,
    describe_changes,
    diff_words,
    render_html,
    render_new_html,
    render_old_html,
    unwrap_markdown,
)
from charter_app.diffing.accessible import _typographic
from charter_app.diffing.pairing import (
    SIMILAR_ENOUGH,
    WordFolder,
    _pair_optimal,
    _words,
    pair_by_words,
    similarity,
)
from charter_app.diffing.tokens import tokenize


def shape(old: str, new: str) -> list[tuple[str, str | None, str | None]]:
    return [(row.kind, row.old, row.new) for row in align_paragraphs(old, new).rows]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # unchanged text: all rows equal, blank separators included
        ("A a a.\n\nB b b.", "A a a.\n\nB b b.", [
            ("equal", "A a a.", "A a a."), ("equal", "", ""), ("equal", "B b b.", "B b b.")]),
        # a paragraph edited in place is one changed row, not a deletion plus an insertion
        ("Le maire réunit le conseil.", "Le maire réunit le conseil municipal.", [
            ("changed", "Le maire réunit le conseil.", "Le maire réunit le conseil municipal.")]),
        # a new paragraph with nothing in common is an insertion
        ("Un principe.", "Un principe.\nTout autre chose.", [
            ("equal", "Un principe.", "Un principe."), ("inserted", None, "Tout autre chose.")]),
        # a removed paragraph is a deletion
        ("Premier alinéa.\nSecond alinéa.", "Second alinéa.", [
            ("deleted", "Premier alinéa.", None), ("equal", "Second alinéa.", "Second alinéa.")]),
        # a replaced block: the similar paragraph is paired, the unrelated one inserted
        ("Les habitants sont consultés chaque année.",
         "Rien à voir avec le reste.\nLes habitants sont consultés chaque mois.", [
            ("inserted", None, "Rien à voir avec le reste."),
            ("changed", "Les habitants sont consultés chaque année.",
             "Les habitants sont consultés chaque mois.")]),
        # two rewritten paragraphs are paired in order, each with its own word diff
        ("La commune publie le budget.\nLe conseil vote le budget.",
         "La commune publie tout le budget.\nLe conseil adopte le budget.", [
            ("changed", "La commune publie le budget.", "La commune publie tout le budget."),
            ("changed", "Le conseil vote le budget.", "Le conseil adopte le budget.")]),
        # empty texts have no paragraphs at all
        ("", "", []),
    ],
)  # fmt: skip
def test_alignment_table(
    old: str, new: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert shape(old, new) == expected


def test_changed_row_carries_its_word_diff() -> None:
    (row,) = align_paragraphs("Le conseil vote.", "Le conseil adopte.").rows
    assert row.ops == (
        DiffOp("equal", "Le conseil "),
        DiffOp("delete", "vote"),
        DiffOp("insert", "adopte"),
        DiffOp("equal", "."),
    )


def test_words_never_match_across_paragraphs() -> None:
    # "budget" moved to another paragraph: the diff shows it leaving one and entering the other
    result = diff_words("Le budget.\nLa séance.", "Le plan.\nLa séance du budget.")
    assert ("delete", "budget") in [(op.kind, op.text) for op in result.ops]


def test_text_equivalent_for_screen_readers() -> None:
    ops = diff_words(
        "Ils peuvent s'adjoindre au plus deux membres.", "Ils comprennent deux membres."
    ).ops
    assert describe_changes(ops) == (
        "deleted: «peuvent s'adjoindre au plus» inserted: «comprennent»",
    )
    assert describe_changes(diff_words("a b", "a b c").ops) == ("inserted: « c»",)
    assert describe_changes(diff_words("a b c", "a c").ops) == ("deleted: «b »",)
    assert describe_changes(diff_words("pareil", "pareil").ops) == ()


def test_html_is_escaped_and_marks_changes_without_colour() -> None:
    ops = diff_words("<b>Tom & Jerry</b>", '<b>Tom & "Jerry"</b>').ops
    html = render_html(ops)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "<del>Jerry</del><ins>&quot;Jerry&quot;</ins>" in html
    assert render_old_html(diff_words("a x b", "a y b").ops) == "a <del>x</del> b"
    assert render_new_html(diff_words("a x b", "a y b").ops) == "a <ins>y</ins> b"
    injected = render_html(diff_words("", "<script>alert(1)</script>").ops)
    assert injected == "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>"


@pytest.mark.parametrize(
    ("wrapped", "unwrapped"),
    [
        # a hard-wrapped paragraph becomes one line
        ("Un texte\ncoupé en\ntrois lignes.", "Un texte coupé en trois lignes."),
        # list items stay separate, their continuation lines join them
        ("* premier\n  suite\n* second", "* premier suite\n* second"),
        # a heading ends its line even without a blank line after it
        ("## Titre\nTexte\nsuite", "## Titre\n\nTexte suite"),
        # Windows line endings, trailing and doubled spaces
        ("a  b \r\nc\r\n\r\nd", "a b c\n\nd"),
    ],
)
def test_unwrap_markdown(wrapped: str, unwrapped: str) -> None:
    assert unwrap_markdown(wrapped) == unwrapped


# Fast paths of the alignment: each must give exactly what the plain computation gives.

_paragraph_text = st.text(
    alphabet=st.sampled_from(list("ab Éé_’'«»…\u00a0\u0130\u0345ßΣς.,-")) | st.characters(),
    max_size=40,
)


@settings(max_examples=300)
@given(_paragraph_text)
def test_word_sets_from_tokens_are_those_of_the_text(text: str) -> None:
    folder = WordFolder()
    assert folder.words(tokenize(text)) == _words(text)
    assert folder.words(tokenize(text)) == _words(text)  # folds remembered from the first call


@settings(max_examples=300)
@given(_paragraph_text, _paragraph_text)
def test_one_to_one_block_pairs_as_the_optimal_pairing_does(old: str, new: str) -> None:
    words = [_words(old)], [_words(new)]

    def similar(i: int, j: int) -> float:
        score = similarity(old, new)
        return score if score >= SIMILAR_ENOUGH else 0.0

    assert pair_by_words([old], [new], *words) == _pair_optimal(1, 1, similar)


def test_the_garbage_collector_is_left_as_it_was() -> None:
    # The diff pauses the cyclic collector while it runs and must hand it back unchanged.
    assert gc.isenabled()
    diff_words("Le conseil vote.", "Le conseil adopte.")
    assert gc.isenabled()
    gc.disable()
    try:
        diff_words("Le conseil vote.", "Le conseil adopte.")
        assert not gc.isenabled()
    finally:
        gc.enable()


def _described_plainly(ops: list[DiffOp]) -> tuple[str, ...]:
    """describe_changes as first written (translating each sentence as it is made), the
    reference for the faster one."""
    lines: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op in [*ops, DiffOp("equal", "")]:
        if op.kind == "delete":
            deleted.append(op.text)
            continue
        if op.kind == "insert":
            inserted.append(op.text)
            continue
        typographic = _typographic("".join(deleted), "".join(inserted))
        if typographic is not None:
            lines.append(typographic)
        else:
            parts = []
            if deleted:
                parts.append(i18n._("deleted: «{text}»").format(text="".join(deleted)))
            if inserted:
                parts.append(i18n._("inserted: «{text}»").format(text="".join(inserted)))
            if parts:
                lines.append(" ".join(parts))
        deleted.clear()
        inserted.clear()
    return tuple(lines)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.builds(
            DiffOp,
            st.sampled_from(["equal", "delete", "insert"]),
            st.text(alphabet=st.sampled_from(list("ab \u00a0\u202f'’-«»\n")), max_size=5),
        ),
        max_size=12,
    ),
    st.sampled_from(["en", "fr"]),
)
def test_changes_are_described_as_plainly_written(ops: list[DiffOp], language: str) -> None:
    with i18n.wording(language):
        assert describe_changes(ops) == _described_plainly(ops)
