"""Invisible direction controls: characters that make words show in another order than stored.

A right-to-left override (U+202E) before "live" shows "evil" in every export, while the file,
the diff and a search still hold "live". Such characters have a place only in texts that mix
right-to-left writing (Arabic, Hebrew), so the app reports them (``charter check``) and the
editor flags them, but never removes them by itself. The marks U+200E, U+200F and U+061C only
nudge neutral characters and cannot reorder words, so they are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from charter_app.i18n import N_, _, ngettext

CONTROLS: dict[str, str] = {
    "\u202a": N_("left-to-right embedding"),
    "\u202b": N_("right-to-left embedding"),
    "\u202c": N_("end of embedding or override"),
    "\u202d": N_("left-to-right override"),
    "\u202e": N_("right-to-left override"),
    "\u2066": N_("left-to-right isolate"),
    "\u2067": N_("right-to-left isolate"),
    "\u2068": N_("first-strong isolate"),
    "\u2069": N_("end of isolate"),
}
"""Each direction control and what it is called, for messages."""


@dataclass(frozen=True)
class DirectionControl:
    """One direction control found in a text."""

    offset: int
    """Position in the text (characters)."""
    line: int
    """Line number, from 1."""
    character: str

    @property
    def code(self) -> str:
        """``U+202E``."""
        return f"U+{ord(self.character):04X}"

    @property
    def name(self) -> str:
        """What it is called, translated."""
        return _(CONTROLS[self.character])


def find_direction_controls(text: str) -> list[DirectionControl]:
    """Every direction control in ``text``, in order."""
    if not any(character in text for character in CONTROLS):
        return []
    found = []
    line = 1
    for offset, character in enumerate(text):
        if character == "\n":
            line += 1
        elif character in CONTROLS:
            found.append(DirectionControl(offset, line, character))
    return found


def describe(found: list[DirectionControl]) -> str:
    """One translated sentence naming what was found and where (first lines only)."""
    lines = sorted({control.line for control in found})
    kinds = []
    for control in found:
        label = f"{control.code} ({control.name})"
        if label not in kinds:
            kinds.append(label)
    return ngettext(
        "invisible direction controls ({kinds}) on line {lines}: words may show in another "
        "order than they are stored.",
        "invisible direction controls ({kinds}) on lines {lines}: words may show in another "
        "order than they are stored.",
        len(lines),
    ).format(kinds=", ".join(kinds[:3]), lines=", ".join(str(n) for n in lines[:5]))
