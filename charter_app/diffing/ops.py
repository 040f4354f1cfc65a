"""Diff operations, the results that carry them, and the helpers that rebuild either text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

OpKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True)
class DiffOp:
    """One run of text that is kept, inserted or deleted."""

    kind: OpKind
    """"equal", "insert" or "delete"."""
    text: str
    """The run as it reads in the new text (equal, insert) or in the old text (delete)."""
    old_text: str | None = None
    """For "equal" runs only: the old spelling when an option (case, typography) made a
    differently written old run compare equal; None when both texts read the same."""

    @property
    def old(self) -> str:
        """The run as it reads in the old text ("" for an insertion)."""
        if self.kind == "insert":
            return ""
        return self.text if self.old_text is None else self.old_text

    @property
    def new(self) -> str:
        """The run as it reads in the new text ("" for a deletion)."""
        return "" if self.kind == "delete" else self.text


@dataclass(frozen=True)
class DiffResult:
    """A whole diff, and whether it had to be made coarser to stay within its time budget."""

    ops: tuple[DiffOp, ...]
    """Runs in reading order; deletions come before insertions within a change."""
    degraded: bool = False
    """True when some paragraphs are shown as replaced whole because the budget was hit."""
    notice: str = ""
    """Translated sentence telling the reader why the diff is coarser; "" when not degraded."""

    @property
    def changed(self) -> bool:
        """Whether the texts differ (beyond what the options ignore)."""
        return any(op.kind != "equal" for op in self.ops)


def reconstruct_old(ops: Iterable[DiffOp]) -> str:
    """The old text: equal runs (old spelling) and deletions."""
    return "".join(op.old for op in ops)


def reconstruct_new(ops: Iterable[DiffOp]) -> str:
    """The new text: equal runs and insertions (``apply`` the diff)."""
    return "".join(op.new for op in ops)


apply = reconstruct_new


def normalise_ops(ops: Iterable[DiffOp]) -> tuple[DiffOp, ...]:
    """Drop empty runs, put deletions before insertions within a change, merge neighbours."""
    result: list[DiffOp] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            _append(result, DiffOp("delete", "".join(deleted)))
        if inserted:
            _append(result, DiffOp("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for op in ops:
        if not op.text and not op.old:
            continue
        if op.kind == "delete":
            deleted.append(op.text)
        elif op.kind == "insert":
            inserted.append(op.text)
        else:
            flush()
            _append(result, op)
    flush()
    return tuple(result)


def _append(result: list[DiffOp], op: DiffOp) -> None:
    if result and result[-1].kind == op.kind:
        last = result.pop()
        if op.kind == "equal" and (last.old_text is not None or op.old_text is not None):
            result.append(DiffOp("equal", last.text + op.text, last.old + op.old))
        else:
            result.append(DiffOp(op.kind, last.text + op.text))
    else:
        result.append(op)
