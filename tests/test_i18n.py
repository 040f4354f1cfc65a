"""Every message exists in French and English; formatting happens after translation."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from charter_app import i18n

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import messages  # noqa: E402


def test_every_message_has_a_french_translation() -> None:
    missing = messages.missing_translations()
    assert not missing, "run tools/messages.py and translate:\n" + "\n".join(missing[:40])


def test_placeholders_survive_translation() -> None:
    import polib

    for entry in polib.pofile(str(messages.PO_FILE)):
        if entry.obsolete or not entry.msgstr:
            continue
        names = set(ast_placeholders(entry.msgid))
        assert names == set(ast_placeholders(entry.msgstr)), entry.msgid


def ast_placeholders(text: str) -> list[str]:
    import string

    return [field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field]


def test_no_format_inside_translation_call() -> None:
    offenders = []
    for path in (ROOT / "charter_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "_"
                and node.args
                # A constant, or a label looked up in a table marked with N_(); never a string
                # built before translating (f-string, "+", "%", .format()).
                and isinstance(node.args[0], ast.JoinedStr | ast.BinOp | ast.Call)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, offenders


@pytest.mark.parametrize(("language", "expected"), [("fr", "Aucun"), ("en", "No")])
def test_switching_language(language: str, expected: str) -> None:
    before = i18n.current_language()
    try:
        i18n.set_language(language)
        assert i18n._("No change").startswith(expected)
    finally:
        i18n.set_language(before)


@pytest.mark.parametrize(
    ("lang", "word"), [("fr_FR.UTF-8", "Principes"), ("en_GB.UTF-8", "Principles")]
)
def test_cli_follows_lang(tmp_path: Path, lang: str, word: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "LANG": lang, "HOME": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "init", str(tmp_path / "c")],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "-C", str(tmp_path / "c"), "info"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert word in out


def test_numbers_are_grouped_as_each_language_writes_them() -> None:
    from charter_app import i18n

    before = i18n.current_language()
    try:
        i18n.set_language("fr")
        assert i18n.number(20000) == "20\u202f000"
        assert i18n.number(999) == "999"
        i18n.set_language("en")
        assert i18n.number(1234567) == "1,234,567"
    finally:
        i18n.set_language(before)
