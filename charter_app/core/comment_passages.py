"""Passages of a principle's text: naming the words commented on, and re-anchoring threads."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from charter_app.core.comment_threads import Thread
from charter_app.core.model import Charter, Principle
from charter_app.diffing.anchoring import (
    ORPHANED,
    Anchor,
    Selector,
    TextChange,
    locate_quote,
    make_selector,
    reanchor,
)
from charter_app.errors import ValidationError
from charter_app.i18n import _, ngettext


def passage_for_quote(
    principle: Principle, quote: str, before: str = "", after: str = ""
) -> Selector:
    """The passage of ``principle``'s text that ``quote`` names, with ``before``/``after``
    context to choose between copies; a translated ValidationError when it is absent or
    ambiguous. Typographic variants (’ and ', « » and ") are accepted."""
    search = locate_quote(principle.body, quote, before, after)
    if search.selector is not None:
        return search.selector
    if not quote.strip():
        raise ValidationError(_("The quoted passage is empty."), _("Give the words to comment on."))
    if search.occurrences == 0:
        raise ValidationError(
            _("The principle {number} does not contain “{quote}”.").format(
                number=principle.number, quote=quote
            ),
            _("Copy the words exactly as the text writes them (show it with “charter principle "
              "show {id}”).").format(id=principle.id),
        )  # fmt: skip
    if search.matching == 0:
        raise ValidationError(
            _(
                "“{quote}” appears in the principle {number}, but not with the context given."
            ).format(quote=quote, number=principle.number),
            _("Check the words given with --before and --after."),
        )
    raise ValidationError(
        ngettext(
            "“{quote}” appears {count} time in the principle {number}.",
            "“{quote}” appears {count} times in the principle {number}.",
            search.matching,
        ).format(quote=quote, count=search.matching, number=principle.number),
        _("Quote more words, or give the words just before (--before) or after (--after) it."),
    )


def passage_for_range(principle: Principle, start: int, end: int) -> Selector:
    """The passage ``principle.body[start:end]`` (a selection in an editor)."""
    if not 0 <= start < end <= len(principle.body) or not principle.body[start:end].strip():
        raise ValidationError(
            _("The selected passage is empty or outside the principle {number}.").format(
                number=principle.number
            ),
            _("Select some words of the principle's text."),
        )
    return make_selector(principle.body, start, end)


def anchor_threads(
    threads: Iterable[Thread],
    charter: Charter,
    text_at: Callable[[str, str], str | None],
) -> dict[str, Anchor | None]:
    """Where each thread about a principle stands in ``charter`` (the current text).

    ``text_at(principle_id, commit)`` gives the principle's text at the commit a passage was
    quoted from (None if unknown). Value None: a whole-principle comment whose principle still
    exists; :data:`ORPHANED` when its principle is gone. One diff is computed per pair of texts.
    """
    changes: dict[tuple[str | None, str], TextChange] = {}
    anchors: dict[str, Anchor | None] = {}
    for thread in threads:
        if thread.about != "principle":
            continue
        principle = charter.principle(thread.target)
        if principle is None:
            anchors[thread.id] = ORPHANED
            continue
        if thread.passage is None:
            anchors[thread.id] = None
            continue
        old = text_at(thread.target, thread.passage.commit) if thread.passage.commit else None
        key = (old, principle.body)
        change = changes.get(key)
        if change is None:
            change = changes[key] = TextChange(old, principle.body)
        anchors[thread.id] = reanchor(thread.passage.selector, change)
    return anchors
