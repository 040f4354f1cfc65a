"""Properties of re-anchoring: a comment stays on its words, or becomes an orphan; never elsewhere.

Texts are paragraphs of sentences of words that never repeat, so that "the same words" has one
meaning (with repeated words, deleting one of two identical sentences cannot say which one went,
and a diff may fairly read the kept words as coming from the other copy); each example knows by
construction where the quoted words are in the new text. The real-corpus test covers texts
full of repetitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from charter_app.diffing.anchoring import TextChange, make_selector, reanchor

LETTERS = "bcdfglmnprstvzaeiouéè"
SHAPE = st.lists(st.lists(st.integers(3, 12), min_size=1, max_size=4), min_size=1, max_size=4)

Sentence = list[str]
Paragraph = list[Sentence]


class Words:
    """Fresh words, never the same twice: "ba", "cé", "dio"... (lengths vary with the number)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        number, letters = self.count * 7919, []
        while number:
            number, digit = divmod(number, len(LETTERS))
            letters.append(LETTERS[digit])
        return "".join(letters) + "x" * (self.count % 3)

    def sentence(self, length: int) -> Sentence:
        return [self() for _ in range(length)]

    def text(self, shape: list[list[int]]) -> list[Paragraph]:
        return [[self.sentence(n) for n in paragraph] for paragraph in shape]


@dataclass
class Rendered:
    text: str
    spans: dict[tuple[int, int], tuple[int, int]]
    """(paragraph, sentence) -> character span of the sentence's words, without the full stop."""


def render(paragraphs: list[Paragraph]) -> Rendered:
    parts: list[str] = []
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    at = 0
    for p, paragraph in enumerate(paragraphs):
        if p:
            parts.append("\n")
            at += 1
        for s, sentence in enumerate(paragraph):
            if s:
                parts.append(" ")
                at += 1
            words = " ".join(sentence)
            spans[(p, s)] = (at, at + len(words))
            parts.append(words + ".")
            at += len(words) + 1
    return Rendered("".join(parts), spans)


def word_span(sentence: Sentence, start_word: int, end_word: int) -> tuple[int, int]:
    """Character span of words [start_word, end_word) inside the sentence's text."""
    before = " ".join(sentence[:start_word])
    start = len(before) + (1 if start_word else 0)
    return start, start + len(" ".join(sentence[start_word:end_word]))


@st.composite
def quoted_text(draw: st.DrawFn, words: Words) -> tuple[list[Paragraph], int, int, int, int]:
    """A text and a quoted run of words: (paragraphs, paragraph, sentence, first, end word)."""
    paragraphs = words.text(draw(SHAPE))
    p = draw(st.integers(0, len(paragraphs) - 1))
    s = draw(st.integers(0, len(paragraphs[p]) - 1))
    sentence = paragraphs[p][s]
    first = draw(st.integers(0, len(sentence) - 2))
    end = draw(st.integers(first + 2, len(sentence)))
    return paragraphs, p, s, first, end


@st.composite
def untouching_edits(
    draw: st.DrawFn,
    words: Words,
    paragraphs: list[Paragraph],
    p: int,
    s: int,
    first: int,
    end: int,
) -> tuple[list[Paragraph], int, int]:
    """Edits anywhere but on the quoted words; returns the new text and where the quoted
    sentence now is (paragraph, sentence index). Words inside the quoted sentence but outside
    the quote may change too."""
    paragraphs = [[list(sentence) for sentence in paragraph] for paragraph in paragraphs]
    where = [p, s]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "same-sentence", "paragraph"]))
        qp, qs = where
        if kind == "insert":
            tp = draw(st.integers(0, len(paragraphs) - 1))
            ts = draw(st.integers(0, len(paragraphs[tp])))
            paragraphs[tp].insert(ts, words.sentence(draw(st.integers(3, 12))))
            if tp == qp and ts <= qs:
                where[1] += 1
        elif kind == "paragraph":
            tp = draw(st.integers(0, len(paragraphs)))
            paragraphs.insert(tp, words.text([[draw(st.integers(3, 12))]])[0])
            if tp <= qp:
                where[0] += 1
        elif kind == "delete":
            tp = draw(st.integers(0, len(paragraphs) - 1))
            ts = draw(st.integers(0, len(paragraphs[tp]) - 1))
            if (tp, ts) == (qp, qs) or len(paragraphs[tp]) == 1:
                continue
            del paragraphs[tp][ts]
            if tp == qp and ts < qs:
                where[1] -= 1
        elif kind == "replace":
            tp = draw(st.integers(0, len(paragraphs) - 1))
            ts = draw(st.integers(0, len(paragraphs[tp]) - 1))
            if (tp, ts) == (qp, qs):
                continue
            sentence = paragraphs[tp][ts]
            sentence[draw(st.integers(0, len(sentence) - 1))] = words()
        else:  # a word of the quoted sentence outside the quote
            sentence = paragraphs[qp][qs]
            outside = [i for i in range(len(sentence)) if not first <= i < end]
            if outside:
                sentence[draw(st.sampled_from(outside))] = words()
    return paragraphs, where[0], where[1]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_edits_that_do_not_touch_the_passage_keep_it_on_the_same_words(data: st.DataObject) -> None:
    words = Words()
    paragraphs, p, s, first, end = data.draw(quoted_text(words))
    old = render(paragraphs)
    low, high = word_span(paragraphs[p][s], first, end)
    start = old.spans[(p, s)][0] + low
    selector = make_selector(old.text, start, start + high - low)
    new_paragraphs, np_, ns = data.draw(untouching_edits(words, paragraphs, p, s, first, end))
    new = render(new_paragraphs)
    true_start = new.spans[(np_, ns)][0] + word_span(new_paragraphs[np_][ns], first, end)[0]
    assert new.text.count(selector.quote) == 1 == old.text.count(selector.quote)
    anchor = reanchor(selector, TextChange(old.text, new.text))
    assert anchor.state in ("anchored", "moved")
    assert anchor.quote_now == selector.quote
    assert anchor.start == true_start


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_deleting_the_passage_makes_an_orphan(data: st.DataObject) -> None:
    words = Words()
    paragraphs, p, s, first, end = data.draw(quoted_text(words))
    old = render(paragraphs)
    low, high = word_span(paragraphs[p][s], first, end)
    start = old.spans[(p, s)][0] + low
    selector = make_selector(old.text, start, start + high - low)
    new_paragraphs, np_, ns = data.draw(untouching_edits(words, paragraphs, p, s, first, end))
    sentence = new_paragraphs[np_][ns]
    if first == 0 and end == len(sentence):
        del new_paragraphs[np_][ns]
        new_paragraphs = [paragraph for paragraph in new_paragraphs if paragraph]
    else:
        del sentence[first:end]
    new = render(new_paragraphs)
    assert reanchor(selector, TextChange(old.text, new.text)).state == "orphaned"


def near_copy(sentence: Sentence, data: st.DataObject, words: Words) -> Sentence:
    """The sentence with one word changed, added or removed."""
    copy = list(sentence)
    kind = data.draw(st.sampled_from(["change", "add", "remove"]))
    index = data.draw(st.integers(0, len(copy) - 1))
    if kind == "change":
        copy[index] = words()
    elif kind == "add":
        copy.insert(index, words())
    else:
        del copy[index]
    return copy


@settings(max_examples=300, deadline=None)
@given(st.data(), st.booleans())
def test_deleted_sentence_is_orphaned_even_with_a_near_copy_elsewhere(
    data: st.DataObject, copy_was_already_there: bool
) -> None:
    words = Words()
    shape = st.lists(st.lists(st.integers(3, 12), min_size=2, max_size=4), min_size=2, max_size=4)
    paragraphs = words.text(data.draw(shape))
    p = data.draw(st.integers(0, len(paragraphs) - 1))
    s = data.draw(st.integers(0, len(paragraphs[p]) - 1))
    quoted = paragraphs[p][s]
    assume(len(quoted) >= 6)
    near = near_copy(quoted, data, words)
    # "Elsewhere": another paragraph.
    other = data.draw(st.integers(0, len(paragraphs) - 1).filter(lambda i: i != p))
    position = data.draw(st.integers(0, len(paragraphs[other])))
    if copy_was_already_there:
        paragraphs[other].insert(position, near)
    old = render(paragraphs)
    selector = make_selector(old.text, *old.spans[(p, s)])
    new_paragraphs = [[list(x) for x in paragraph] for paragraph in paragraphs]
    del new_paragraphs[p][s]
    if not copy_was_already_there:
        new_paragraphs[other].insert(position, near)
    new = render(new_paragraphs)
    similarity = SequenceMatcher(None, " ".join(quoted), " ".join(near)).ratio()
    assume(similarity >= 0.8)  # close enough for the fuzzy match to be tempted
    # A near copy that still holds every quoted character in a row ("aa" + the sentence) is the
    # exact quote found elsewhere: step (b) calls that moved, as for a cut-and-paste.
    assume(selector.quote not in new.text)
    # "Elsewhere" also means more text between the two places than the sentence itself: closer
    # than that, "the sentence stayed, its short neighbour moved" reads the two texts as well.
    marked = [[list(x) for x in paragraph] for paragraph in new_paragraphs]
    marked[p].insert(s, ["\x00"])
    marked_text = render(marked).text
    distance = abs(marked_text.index("\x00") - marked_text.index(" ".join(near)))
    assume(distance > 2 * len(selector.quote) + 2)
    assert reanchor(selector, TextChange(old.text, new.text)).state == "orphaned"
