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


def test_the_compiled_catalogue_says_what_the_po_file_says() -> None:
    """charter_app.catalogues (our msgfmt) against polib, entry by entry, read back by gettext."""
    import gettext
    import io

    import polib

    from charter_app import catalogues

    compiled = gettext.GNUTranslations(
        io.BytesIO(catalogues.compile_po(messages.PO_FILE.read_text(encoding="utf-8")))
    )
    checked = 0
    for entry in polib.pofile(str(messages.PO_FILE)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            for n, form in ((0, 0), (1, 0), (2, 1), (20000, 1)):  # French: n > 1 is plural
                expected = (
                    forms[form]
                    if all(forms.values())
                    else (entry.msgid, entry.msgid_plural)[n != 1]
                )
                assert compiled.ngettext(entry.msgid, entry.msgid_plural, n) == expected
        else:
            assert compiled.gettext(entry.msgid) == (entry.msgstr or entry.msgid)
        checked += 1
    assert checked > 1000
    assert compiled.info()["plural-forms"] == "nplurals=2; plural=(n > 1);"


PLURAL_PO = r"""msgid ""
msgstr ""
"Language: pl\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; "
"plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"X-Thousands-Separator: U+00A0\n"

#, fuzzy
msgid "No change"
msgstr "Bez zmian (fuzzy)"

msgid "Principles"
msgstr ""
"Zasady"

#~ msgid "Gone"
#~ msgstr "Nie ma"

msgid "{count} principle"
msgid_plural "{count} principles"
msgstr[0] "{count} zasada"
msgstr[1] "{count} zasady"
msgstr[2] "{count} zasad"

msgid "A \"quoted\"\tword\n"
msgstr "Słowo \"w cudzysłowie\"\t\n"
"""


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A locale folder holding French and a third language given only as its .po file."""
    import shutil

    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR / "fr", locale / "fr", ignore=shutil.ignore_patterns("*.mo"))
    (locale / "pl" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "pl" / "LC_MESSAGES" / "charter.po").write_text(PLURAL_PO, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setattr(i18n, "_LOADED", {})
    monkeypatch.setenv("CHARTER_STUDIO_HOME", str(tmp_path / "home"))
    return locale


def test_a_third_language_needs_only_its_po_file(third_language: Path) -> None:
    assert i18n._catalogued_languages() == ("fr", "pl")
    polish = i18n._load("pl")
    # Its own three plural forms, from the catalogue's header.
    forms = [polish.ngettext("{count} principle", "{count} principles", n) for n in (1, 3, 5, 22)]
    assert forms == ["{count} zasada", "{count} zasady", "{count} zasad", "{count} zasady"]
    assert polish.gettext("Principles") == "Zasady"
    assert polish.gettext("No change") == "No change"  # fuzzy: the English text shows
    assert polish.gettext("Gone") == "Gone"  # obsolete
    assert polish.gettext('A "quoted"\tword\n') == 'Słowo "w cudzysłowie"\t\n'
    assert polish.thousands == "\u00a0"
    # Compiled on first use into the user's cache, never beside the sources.
    assert not list(third_language.rglob("*.mo"))
    assert list((third_language.parent / "home" / "cache" / "locale" / "pl").glob("charter-*.mo"))


def test_an_installed_catalogue_is_used_while_it_is_its_source_s(third_language: Path) -> None:
    """Known by content (the .mo names its .po's digest), whatever the files' times: an
    installer may write the .po after the .mo."""
    import os

    from charter_app import catalogues

    folder = third_language / "pl" / "LC_MESSAGES"
    po, mo = folder / "charter.po", folder / "charter.mo"
    catalogues.compile_file(po, mo)
    later = mo.stat().st_mtime_ns + 10**9
    os.utime(po, ns=(later, later))
    assert i18n._translations("pl").gettext("Principles") == "Zasady"
    cache = third_language.parent / "home" / "cache" / "locale"
    assert not cache.exists()  # the installed one was used
    po.write_text(PLURAL_PO.replace('"Zasady"', '"Zasady nowe"'), encoding="utf-8")
    os.utime(po, ns=(later - 10**10, later - 10**10))  # older than the .mo, yet changed
    assert i18n._translations("pl").gettext("Principles") == "Zasady nowe"


def test_the_app_reads_catalogues_without_polib() -> None:
    out = subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.modules['polib'] = None\n"
         "from charter_app import i18n\n"
         "i18n.set_language('fr'); print(i18n._('No change'))"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    assert out.startswith("Aucun")
