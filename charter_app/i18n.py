"""Translations shared by the core, the CLI and the UI (English source, French catalogue)."""

from __future__ import annotations

import contextlib
import json
import locale
import os
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "charter"
SUPPORTED_LANGUAGES = ("fr", "en")


@dataclass
class _Catalogue:
    """Messages of one language, read straight from its ``.po`` file."""

    language: str
    singular: dict[str, str] = field(default_factory=dict)
    plural: dict[str, tuple[str, str]] = field(default_factory=dict)

    def plural_index(self, n: int) -> int:
        # French counts 0 and 1 as singular; English only 1.
        return int(n > 1) if self.language == "fr" else int(n != 1)


def _load(language: str) -> _Catalogue:
    """The catalogue of ``language``: from a JSON cache when the ``.po`` file is unchanged,
    else parsed with polib (about 50 ms for the whole catalogue, too slow for every start)."""
    cached = _CACHE.get(language)
    if cached is not None:
        return cached
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalogue = _Catalogue(language)
    if po_path.exists():
        stat = po_path.stat()
        stamp = f"{stat.st_size}-{stat.st_mtime_ns}"
        cache_file = _cache_folder() / f"{language}.json"
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if data["stamp"] == stamp:
                catalogue.singular = data["singular"]
                catalogue.plural = {key: tuple(value) for key, value in data["plural"].items()}
                _CACHE[language] = catalogue
                return catalogue
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache yet or an unreadable one: parse the .po file
        _parse_po(po_path, catalogue)
        with contextlib.suppress(OSError):
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            temporary = cache_file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(
                json.dumps(
                    {"stamp": stamp, "singular": catalogue.singular, "plural": catalogue.plural},
                    ensure_ascii=False,
                ),
                encoding="utf-8",
            )
            os.replace(temporary, cache_file)
    _CACHE[language] = catalogue
    return catalogue


def _parse_po(po_path: Path, catalogue: _Catalogue) -> None:
    import polib  # only when the cache is stale

    for entry in polib.pofile(str(po_path)):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if forms.get(0) and forms.get(1):
                catalogue.plural[entry.msgid] = (forms[0], forms[1])
        elif entry.msgstr:
            catalogue.singular[entry.msgid] = entry.msgstr


def _cache_folder() -> Path:
    from charter_app import paths

    return paths.cache_dir() / "i18n"


_CACHE: dict[str, _Catalogue] = {}


def system_language() -> str:
    """The user's language from LANGUAGE/LC_ALL/LC_MESSAGES/LANG, French when unsure of nothing."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
            if code in ("c", "posix"):
                return "en"
    code = (locale.getlocale()[0] or "fr").split("_")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else "en"


_current: _Catalogue | None = None


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` ("fr" or "en")."""
    global _current
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _current = _load(language)


_forced: ContextVar[_Catalogue | None] = ContextVar("charter_wording", default=None)
"""The language of fixed wording inside :func:`wording` (this thread or task only)."""


@contextlib.contextmanager
def wording(language: str | None) -> Iterator[None]:
    """Translate into ``language`` inside the block, in this thread only: an export writes its
    fixed wording ("Preamble", "Contents") in the charter's language whatever the app's is,
    while the window (another thread) keeps its own. None or an unknown language: no change."""
    token = _forced.set(_load(language) if language in SUPPORTED_LANGUAGES else _forced.get())
    try:
        yield
    finally:
        _forced.reset(token)


@contextlib.contextmanager
def app_wording() -> Iterator[None]:
    """Back to the app's language inside :func:`wording`: for an error met while exporting,
    which the person reads in the app, not in the document."""
    token = _forced.set(None)
    try:
        yield
    finally:
        _forced.reset(token)


def current_language() -> str:
    return _catalogue().language


def _catalogue() -> _Catalogue:
    forced = _forced.get()
    if forced is not None:
        return forced
    if _current is None:
        set_language(system_language())
    assert _current is not None
    return _current


def _(message: str) -> str:
    """Translate ``message``; format *after* translating: ``_("{n} principles").format(n=3)``."""
    return _catalogue().singular.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    catalogue = _catalogue()
    forms = catalogue.plural.get(singular, (singular, plural))
    return forms[catalogue.plural_index(n)]


_THOUSANDS = {"fr": "\u202f", "en": ","}
"""Between groups of three digits: a narrow no-break space in French (20 000), a comma in
English (20,000)."""


def number(value: int) -> str:
    """``value`` with its digits grouped as the current language writes them."""
    return f"{value:,}".replace(",", _THOUSANDS.get(current_language(), ","))


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (tables of labels)."""
    return message
