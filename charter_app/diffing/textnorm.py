"""Diff-friendly text: LF endings, no trailing spaces, NFC, and one paragraph per line."""

from __future__ import annotations

import re
import unicodedata

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# A line that starts a Markdown block of its own and must never be joined to the line above.
_BLOCK_START = re.compile(
    r"""^(?:
        \s*$                          # blank
      | \ {0,3}\#{1,6}(?:\s|$)        # ATX heading
      | \ {0,3}>                      # block quote
      | \s*(?:[-+*]|\d{1,9}[.)])(?:\s|$)   # list item
      | \ {0,3}(?:[-*_]\s*){3,}$      # thematic break, or setext underline
      | \ {0,3}=+\s*$                 # setext underline
      | \s*\|                         # table row
      | \ {0,3}<                      # raw HTML block (kept as text, never joined)
      | \ {4}                         # indented code
      | \t
    )""",
    re.VERBOSE,
)


def normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise(text: str) -> str:
    """LF, NFC, no trailing spaces (a Markdown hard break becomes a backslash), one final newline
    removed: the canonical form stored on disk and compared in diffs."""
    if (
        "\r" not in text
        and " \n" not in text
        and "\t\n" not in text
        and not text.endswith((" ", "\t"))
        and unicodedata.is_normalized("NFC", text)
    ):
        return text.strip("\n")  # already canonical, as every file the app wrote
    return _normalise_lines(text)


def _normalise_lines(text: str) -> str:
    text = unicodedata.normalize("NFC", normalise_line_endings(text))
    raw = text.split("\n")
    lines = []
    for index, line in enumerate(raw):
        stripped = line.rstrip(" \t")
        continued = index + 1 < len(raw) and raw[index + 1].strip() != ""
        if line.endswith("  ") and stripped and continued:
            stripped += "\\"  # keep the hard line break the two spaces meant
        lines.append(stripped)
    return "\n".join(lines).strip("\n")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of ordinary paragraphs, so a reflow never shows as a change.

    Lists, headings, quotes, tables, code and anything that is not a plain paragraph keep
    their lines; only a line continuing a paragraph is joined to the previous one.
    """
    text = normalise(text)
    if not text.startswith(" ") and "\n " not in text and _one_line_each(text):
        return text  # one paragraph per line already: nothing to join or strip
    return _unwrap_lines(text)


def _unwrap_lines(text: str) -> str:
    out: list[str] = []
    in_fence: str | None = None
    joinable = False
    for line in text.split("\n"):
        fence = _FENCE.match(line)
        if in_fence is not None:
            out.append(line)
            if fence and fence.group(1)[0] == in_fence[0] and len(fence.group(1)) >= len(in_fence):
                in_fence = None
            continue
        if fence:
            in_fence = fence.group(1)
            out.append(line)
            joinable = False
            continue
        if _BLOCK_START.match(line):
            out.append(line)
            # Text after a list item or quote line is a lazy continuation: join it too.
            joinable = bool(line.strip()) and not _is_closed_block(line)
            continue
        if joinable and not out[-1].endswith("\\"):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line.strip() if not out or not out[-1].strip() else line)
        joinable = True
    return "\n".join(out)


def _one_line_each(text: str) -> bool:
    """Whether every line of ``text`` stands between blank lines (or the ends): the form
    :func:`unwrap` leaves text in."""
    return all("\n" not in block for block in text.split("\n\n"))


def _is_closed_block(line: str) -> bool:
    """Headings, rules, tables and HTML lines never take continuation lines."""
    stripped = line.lstrip()
    return stripped.startswith(("#", "|", "<", "---", "***", "___", "===")) or line.startswith(
        ("    ", "\t")
    )
