"""Extract every translatable message of charter_app and merge it into the French catalogue.

Usage: python tools/messages.py          (adds new messages to charter.po, marks vanished ones)
       python tools/messages.py --check  (exit 1 if a message has no French translation)
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "charter_app"
PO_FILE = PACKAGE / "locale" / "fr" / "LC_MESSAGES" / "charter.po"


def extract() -> dict[tuple[str, str | None], list[str]]:
    """(msgid, msgid_plural) -> places, for calls to _(), N_() and ngettext()."""
    found: dict[tuple[str, str | None], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            args = node.args
            if name in ("_", "N_", "tr") and args and _is_text(args[0]):
                key: tuple[str, str | None] = (args[0].value, None)  # type: ignore[attr-defined]
            elif name == "ngettext" and len(args) >= 2 and _is_text(args[0]) and _is_text(args[1]):
                key = (args[0].value, args[1].value)  # type: ignore[attr-defined]
            else:
                continue
            found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in sorted(PACKAGE.rglob("templates/*.html")):
        for key, line in _template_messages(path):
            found.setdefault(key, []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def _template_messages(path: Path) -> list[tuple[tuple[str, str | None], int]]:
    """``_()`` and ``ngettext()`` calls with literal messages in a Jinja2 template."""
    from jinja2.ext import babel_extract

    found: list[tuple[tuple[str, str | None], int]] = []
    with path.open("rb") as template:
        for line, function, message, _comments in babel_extract(
            template, ("_", "ngettext"), [], {"trim_blocks": "true", "lstrip_blocks": "true"}
        ):
            if function == "ngettext" and isinstance(message, tuple) and len(message) >= 2:
                if isinstance(message[0], str) and isinstance(message[1], str):
                    found.append(((message[0], message[1]), line))
            elif function == "_" and isinstance(message, str):
                found.append(((message, None), line))
    return found


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def load_catalogue() -> polib.POFile:
    if PO_FILE.exists():
        return polib.pofile(str(PO_FILE), wrapwidth=0)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "charter-studio",
        "Language": "fr",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n > 1);",
        "X-Thousands-Separator": "U+202F",
    }
    return catalogue


def missing_translations() -> list[str]:
    catalogue = {entry.msgid: entry for entry in load_catalogue() if not entry.obsolete}
    missing = []
    for (msgid, plural), places in extract().items():
        entry = catalogue.get(msgid)
        translated = entry is not None and (
            all(entry.msgstr_plural.values()) if plural else bool(entry.msgstr)
        )
        if not translated or (entry is not None and "fuzzy" in entry.flags):
            missing.append(f"{places[0]}: {msgid!r}")
    return missing


def update() -> int:
    catalogue = load_catalogue()
    known = {entry.msgid: entry for entry in catalogue}
    messages = extract()
    added = 0
    for (msgid, plural), places in messages.items():
        entry = known.get(msgid)
        # Files only, no line numbers: a moved line does not rewrite the catalogue (and its
        # merges between branches stay small).
        occurrences = [(name, "") for name in dict.fromkeys(p.rsplit(":", 1)[0] for p in places)]
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=occurrences)
            if plural:
                entry.msgid_plural = plural
                entry.msgstr_plural = {0: "", 1: ""}
            catalogue.append(entry)
            added += 1
        else:
            entry.occurrences = occurrences
            entry.obsolete = False
    current = {msgid for msgid, _plural in messages}
    for entry in catalogue:
        if entry.msgid not in current:
            entry.obsolete = True
    PO_FILE.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(PO_FILE))
    print(f"{added} new messages, {len(missing_translations())} without a French translation")
    return 0


if __name__ == "__main__":
    if "--check" in sys.argv:
        gaps = missing_translations()
        print("\n".join(gaps))
        sys.exit(1 if gaps else 0)
    sys.exit(update())
