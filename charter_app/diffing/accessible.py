"""Renderings of a diff that never rely on colour: a text for screen readers, and safe HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable

from charter_app.diffing.ops import DiffOp
from charter_app.i18n import N_, _

CHARACTER_NAMES: dict[str, str] = {
    " ": N_("space"),
    "\u00a0": N_("no-break space"),
    "\u202f": N_("narrow no-break space"),
    "\u2009": N_("thin space"),
    "\t": N_("tab"),
    "\n": N_("line break"),
    "'": N_("straight apostrophe"),
    "\u2019": N_("curly apostrophe"),
    '"': N_("straight quotation mark"),
    "\u00ab": N_("opening guillemet"),
    "\u00bb": N_("closing guillemet"),
    "\u201c": N_("opening quotation mark"),
    "\u201d": N_("closing quotation mark"),
    "-": N_("hyphen"),
    "\u2011": N_("non-breaking hyphen"),
    "\u2013": N_("en dash"),
    "\u2014": N_("em dash"),
    "\u2026": N_("ellipsis"),
}
"""Characters a change may consist of alone, invisible or hard to tell apart when struck
through or underlined: such a change is said in words."""
_MAX_NAMED = 3


def _named(text: str) -> str | None:
    """The characters of ``text`` by name ("narrow no-break space"), None when it holds other
    characters or too many to name."""
    if not text or len(text) > _MAX_NAMED or any(char not in CHARACTER_NAMES for char in text):
        return None
    return ", ".join(_(CHARACTER_NAMES[char]) for char in text)


def _typographic(old: str, new: str) -> str | None:
    """The sentence for a change of spacing or typography alone, None for any other change."""
    named_old, named_new = _named(old), _named(new)
    if (old and named_old is None) or (new and named_new is None) or not (old or new):
        return None
    if old and new:
        return _("{old} replaced by {new}").format(old=named_old, new=named_new)
    if old:
        return _("{old} deleted").format(old=named_old)
    return _("{new} inserted").format(new=named_new)


def describe_changes(ops: Iterable[DiffOp]) -> tuple[str, ...]:
    """One sentence per change, e.g. ``deleted: «au plus» inserted: «en outre»``; a change of
    spacing or typography alone is named (``narrow no-break space replaced by space``)."""
    # Translated once per diff, not once per change: a whole charter's comparison says some
    # 40,000 changes.
    deleted_label = _("deleted: «{text}»")
    inserted_label = _("inserted: «{text}»")
    lines: list[str] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        old, new = "".join(deleted), "".join(inserted)
        typographic = _typographic(old, new)
        if typographic is not None:
            lines.append(typographic)
        elif deleted and inserted:
            lines.append(deleted_label.format(text=old) + " " + inserted_label.format(text=new))
        else:
            lines.append(
                deleted_label.format(text=old) if deleted else inserted_label.format(text=new)
            )
        deleted.clear()
        inserted.clear()

    for op in ops:
        kind = op.kind
        if kind == "delete":
            deleted.append(op.text)
        elif kind == "insert":
            inserted.append(op.text)
        elif deleted or inserted:  # an unchanged run ends the change before it
            flush()
    if deleted or inserted:
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
