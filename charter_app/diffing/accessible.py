"""Renderings of a diff that never rely on colour: a text for screen readers, and safe HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable

from charter_app.diffing.ops import DiffOp
from charter_app.i18n import _


def describe_changes(ops: Iterable[DiffOp]) -> tuple[str, ...]:
    """One sentence per change, e.g. ``deleted: «au plus» inserted: «en outre»``."""
    lines: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        parts = []
        if deleted:
            parts.append(_("deleted: «{text}»").format(text="".join(deleted)))
        if inserted:
            parts.append(_("inserted: «{text}»").format(text="".join(inserted)))
        if parts:
            lines.append(" ".join(parts))
        deleted.clear()
        inserted.clear()

    for op in ops:
        if op.kind == "delete":
            deleted.append(op.text)
        elif op.kind == "insert":
            inserted.append(op.text)
        else:
            flush()
    flush()
    return tuple(lines)


def render_html(ops: Iterable[DiffOp]) -> str:
    """Inline HTML fragment: deletions in ``<del>``, insertions in ``<ins>``, all text escaped."""
    parts = []
    for op in ops:
        text = html.escape(op.text)
        if op.kind == "delete":
            parts.append(f"<del>{text}</del>")
        elif op.kind == "insert":
            parts.append(f"<ins>{text}</ins>")
        else:
            parts.append(text)
    return "".join(parts)


def render_old_html(ops: Iterable[DiffOp]) -> str:
    """HTML fragment of the old side: kept text (as it was written) and ``<del>`` deletions."""
    return "".join(
        f"<del>{html.escape(op.text)}</del>" if op.kind == "delete" else html.escape(op.old)
        for op in ops
        if op.kind != "insert"
    )


def render_new_html(ops: Iterable[DiffOp]) -> str:
    """HTML fragment of the new side: kept text and ``<ins>`` insertions."""
    return "".join(
        f"<ins>{html.escape(op.text)}</ins>" if op.kind == "insert" else html.escape(op.text)
        for op in ops
        if op.kind != "delete"
    )
