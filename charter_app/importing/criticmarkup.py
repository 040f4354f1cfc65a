"""CriticMarkup, the plain-text syntax for suggested changes: reading marks, resolving, writing.

``{++added++}``, ``{--deleted--}``, ``{~~old~>new~~}``, ``{==highlighted==}`` and
``{>>comment<<}``. A backslash before ``{`` makes it literal. Each insertion, deletion,
substitution and comment takes one *author slot*, in order, so a reader that knows who made
each mark (Word's tracked changes) can say it beside the text (see ``Block.authors``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from charter_app.diffing import DiffOp, align_paragraphs

MarkKind = Literal["insert", "delete", "substitute", "highlight-start", "highlight-end", "comment"]

# A highlight is two marks, its start and its end, so the changes it holds (a comment on a
# passage where someone also typed) are marks of their own.
_MARK = re.compile(
    r"(?<!\\)\{(?:"
    r"\+\+(?P<insert>.*?)\+\+\}"
    r"|--(?P<delete>.*?)--\}"
    r"|~~(?P<old>.*?)~>(?P<new>.*?)~~\}"
    r"|(?P<open>==)"
    r"|>>(?P<comment>.*?)<<\}"
    r")|(?P<close>==\})",
    re.DOTALL,
)


@dataclass(frozen=True)
class Mark:
    """One mark, with the text it stands for in the original and in the accepted version."""

    kind: MarkKind
    start: int
    end: int
    """Span of the whole mark in the marked text."""
    old: str
    """Its text in the original (deletion, substitution); "" otherwise."""
    new: str
    """Its text once accepted (insertion, substitution); "" otherwise."""
    comment: str = ""
    slot: int = -1
    """Index of its author slot; -1 for a highlight's start and end, which have none."""

    @property
    def is_change(self) -> bool:
        return self.kind in ("insert", "delete", "substitute")


def find_marks(text: str) -> list[Mark]:
    """Every mark of ``text`` in order."""
    marks: list[Mark] = []
    slot = 0
    for match in _MARK.finditer(text):
        if match["insert"] is not None:
            mark = Mark("insert", match.start(), match.end(), "", match["insert"], slot=slot)
        elif match["delete"] is not None:
            mark = Mark("delete", match.start(), match.end(), match["delete"], "", slot=slot)
        elif match["old"] is not None:
            mark = Mark(
                "substitute", match.start(), match.end(), match["old"], match["new"], slot=slot
            )
        elif match["open"] is not None:
            mark = Mark("highlight-start", match.start(), match.end(), "", "")
        elif match["close"] is not None:
            mark = Mark("highlight-end", match.start(), match.end(), "", "")
        else:
            mark = Mark("comment", match.start(), match.end(), "", "", match["comment"], slot)
        if mark.slot >= 0:
            slot += 1
        marks.append(mark)
    return marks


def has_marks(text: str) -> bool:
    return _MARK.search(text) is not None


def resolve(text: str, accept: Callable[[Mark], bool]) -> str:
    """``text`` with each change accepted when ``accept(mark)``, rejected otherwise; highlights
    keep their words, comments disappear. A line made only of marks that resolves to nothing
    goes away with the blank line it leaves, so a whole inserted paragraph or list item
    leaves no gap when rejected."""
    if any("\n" in text[mark.start : mark.end] for mark in find_marks(text)):
        return _resolve_span(text, find_marks(text), accept)
    out: list[str] = []
    vanished_after_blank = False
    earlier_slots = 0  # a mark's author slot counts the marks of the lines above it too
    for line in text.split("\n"):
        marks = [
            replace(mark, slot=mark.slot + earlier_slots) if mark.slot >= 0 else mark
            for mark in find_marks(line)
        ]
        earlier_slots += sum(mark.slot >= 0 for mark in marks)
        resolved = _resolve_span(line, marks, accept) if marks else line
        if marks and not resolved.strip() and not _MARK.sub("", line).strip():
            vanished_after_blank = not out or not out[-1].strip()
            continue
        if vanished_after_blank and not line.strip() and (not out or not out[-1].strip()):
            continue
        vanished_after_blank = False
        out.append(resolved)
    return "\n".join(out).strip("\n")


def _resolve_span(text: str, marks: Sequence[Mark], accept: Callable[[Mark], bool]) -> str:
    out: list[str] = []
    position = 0
    for mark in marks:
        out.append(text[position : mark.start])
        if mark.is_change:
            out.append(mark.new if accept(mark) else mark.old)
        position = mark.end
    out.append(text[position:])
    return "".join(out)


def original(text: str) -> str:
    """The text as it was before the suggested changes."""
    return resolve(text, lambda mark: False)


def accepted(text: str) -> str:
    """The text with every suggested change made."""
    return resolve(text, lambda mark: True)


def slot_count(text: str) -> int:
    return sum(mark.slot >= 0 for mark in find_marks(text))


# -- writing ---------------------------------------------------------------------------------------


def comment(text: str) -> str:
    """A comment mark; a comment cannot hold its own closing sequence nor a line break."""
    return "{>>" + " ".join(text.split()).replace("<<", "< <") + "<<}"


def _change(old: str, new: str) -> str:
    if not old:
        return "{++" + new + "++}"
    if not new:
        return "{--" + old + "--}"
    return "{~~" + old + "~>" + new + "~~}"


def changes(old: str, new: str, label: str = "") -> str:
    """``old`` with the changes that make it ``new`` written as marks, each followed by the
    comment ``label`` when given; ``original`` and ``accepted`` of the result give back ``old``
    and ``new`` (one paragraph per line, as the charter stores text)."""
    note = comment(label) if label else ""
    lines: list[str] = []
    for row in align_paragraphs(old, new).rows:
        if row.kind == "equal":
            lines.append(row.old or "")
        elif row.kind == "inserted":
            lines.append(_change("", row.new or "") + note if row.new else "")
        elif row.kind == "deleted":
            lines.append(_change(row.old or "", "") + note if row.old else "")
        else:
            lines.append(_inline_changes(row.ops, note))
    return "\n".join(lines)


def _inline_changes(ops: Sequence[DiffOp], note: str) -> str:
    out: list[str] = []
    pending_old: list[str] = []
    pending_new: list[str] = []

    def flush() -> None:
        if pending_old or pending_new:
            out.append(_change("".join(pending_old), "".join(pending_new)) + note)
            pending_old.clear()
            pending_new.clear()

    for op in ops:
        if op.kind == "equal" and op.old == op.new:
            flush()
            out.append(op.text)
        else:
            pending_old.append(op.old)
            pending_new.append(op.new)
    flush()
    return "".join(out)
