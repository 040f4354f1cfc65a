"""Diff operations, the results that carry them, and the helpers that rebuild either text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
    return join_normalised([tuple(ops)], sealed=False)


def join_normalised(pieces: Iterable[Sequence[DiffOp]], sealed: bool = True) -> tuple[DiffOp, ...]:
    """``normalise_ops`` of ``pieces`` put end to end.

    With ``sealed``, each piece must already be in ``normalise_ops`` form (equal runs and
    changes alternate, a deletion before an insertion): then only the runs up to a piece's first
    equal run and from its last one can merge with its neighbours, and the runs in between are
    taken as they are, which keeps joining the rows of a long text cheap.
    """
    result: list[DiffOp] = []
    # Pieces of the pending equal run (both spellings) and of the pending change; each is
    # joined once, so that merging many neighbours stays linear.
    equal_new: list[str] = []
    equal_old: list[str] = []
    equal_respelt = False
    deleted: list[str] = []
    inserted: list[str] = []

    def flush_equal() -> None:
        nonlocal equal_respelt
        if equal_new or equal_old:
            old_text = "".join(equal_old) if equal_respelt else None
            result.append(DiffOp("equal", "".join(equal_new), old_text))
            equal_new.clear()
            equal_old.clear()
            equal_respelt = False

    def flush_change() -> None:
        if deleted:
            result.append(DiffOp("delete", "".join(deleted)))
            deleted.clear()
        if inserted:
            result.append(DiffOp("insert", "".join(inserted)))
            inserted.clear()

    def add(ops: Iterable[DiffOp]) -> None:
        nonlocal equal_respelt
        for op in ops:
            if op.kind == "equal":
                old = op.text if op.old_text is None else op.old_text
                if not op.text and not old:
                    continue
                if deleted or inserted:
                    flush_change()
                equal_new.append(op.text)
                equal_old.append(old)
                equal_respelt = equal_respelt or op.old_text is not None
            elif op.text:
                flush_equal()
                (deleted if op.kind == "delete" else inserted).append(op.text)

    for piece in pieces:
        count = len(piece)
        if sealed and count >= 3:
            # In normalise_ops form an equal run is among any three neighbouring runs.
            first = next((k for k in range(3) if piece[k].kind == "equal"), count)
            last = next(
                (k for k in range(count - 1, count - 4, -1) if piece[k].kind == "equal"), -1
            )
            if first < last:
                # The runs between the first and the last equal run are final already.
                add(piece[: first + 1])
                flush_equal()
                result.extend(piece[first + 1 : last])
                piece = piece[last:]
        add(piece)
    flush_equal()
    flush_change()
    return tuple(result)
