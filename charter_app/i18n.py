"""Translations shared by the core, the CLI and the UI: English source text, one compiled gettext
catalogue per other language.

Each language is a ``locale/<lang>/LC_MESSAGES/charter.po`` source, compiled to ``.mo`` when the
package is built or installed (setup.py, :mod:`charter_app.catalogues`) and read by the
standard library's :mod:`gettext`, with the plural rule of the catalogue's own
``Plural-Forms`` header. A source checkout with no ``.mo`` yet, or a ``.po`` changed since its
``.mo`` was compiled, gets one compiled on first use into the user's cache folder. A third
language needs only its ``.po`` (and, when it does not group digits with a comma, an
``X-Thousands-Separator`` header such as ``U+202F``).
"""

from __future__ import annotations

import contextlib
import gettext
import io
import locale
import os
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "charter"
SOURCE_LANGUAGE = "en"
"""The language the messages are written in; it has no catalogue."""


def _catalogued_languages() -> tuple[str, ...]:
    try:
        folders = sorted(entry.name for entry in os.scandir(LOCALE_DIR) if entry.is_dir())
    except OSError:
        return ()
    return tuple(
        name
        for name in folders
        if any(
            (LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}{suffix}").is_file()
            for suffix in (".mo", ".po")
        )  # fmt: skip
    )


SUPPORTED_LANGUAGES = (*_catalogued_languages(), SOURCE_LANGUAGE)
"""Every language the app speaks: English and each language with a catalogue."""


class _Language:
    """The compiled catalogue of one language (none for English) and how it writes numbers."""

    def __init__(self, code: str, translations: gettext.NullTranslations) -> None:
        self.code = code
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext
        separator = translations.info().get("x-thousands-separator", ",")
        if separator.upper().startswith("U+"):
            separator = chr(int(separator[2:], 16))
        self.thousands = separator


def _translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language``: the installed ``.mo`` when it was compiled from
    the ``.po`` beside it (its header names the source's digest), else one compiled from the
    ``.po`` (kept in the user's cache)."""
    from charter_app import catalogues

    folder = LOCALE_DIR / language / "LC_MESSAGES"
    try:
        source: bytes | None = (folder / f"{DOMAIN}.po").read_bytes()
    except OSError:
        source = None
    try:
        with open(folder / f"{DOMAIN}.mo", "rb") as stream:
            installed = gettext.GNUTranslations(stream)
    except OSError:
        installed = None
    if installed is not None:
        compiled_from = installed.info().get(catalogues.DIGEST_HEADER.lower())
        if source is None or compiled_from == catalogues.source_digest(source):
            return installed
    if source is None:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_compiled_in_cache(language, source)))


def _compiled_in_cache(language: str, source: bytes) -> bytes:
    """The ``.mo`` bytes of the ``.po`` ``source``, compiled once per version of it and kept
    in the user's cache folder (a catalogue that cannot be written there is compiled each
    time)."""
    from charter_app import catalogues, paths

    folder = paths.cache_dir() / "locale" / language
    cached = folder / f"{DOMAIN}-{catalogues.source_digest(source)}.mo"
    with contextlib.suppress(OSError):
        return cached.read_bytes()
    data = catalogues.compile_po(source.decode("utf-8"), f"{language}/{DOMAIN}.po")
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{DOMAIN}-*.mo"):
            old.unlink(missing_ok=True)
        temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(cached)
    return data


_LOADED: dict[str, _Language] = {}


def _load(language: str) -> _Language:
    loaded = _LOADED.get(language)
    if loaded is None:
        if language == SOURCE_LANGUAGE:
            translations = gettext.NullTranslations()
        else:
            translations = _translations(language)
        loaded = _LOADED[language] = _Language(language, translations)
    return loaded


def system_language() -> str:
    """The user's language from LANGUAGE/LC_ALL/LC_MESSAGES/LANG; English when unsure."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            if code in SUPPORTED_LANGUAGES:
                return code
            if code in ("c", "posix"):
                return SOURCE_LANGUAGE
    code = (locale.getlocale()[0] or "fr").split("_")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else SOURCE_LANGUAGE


_current: _Language | None = None


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (one of :data:`SUPPORTED_LANGUAGES`)."""
    global _current
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _current = _load(language)


_forced: ContextVar[_Language | None] = ContextVar("charter_wording", default=None)
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
    return _language().code


def _language() -> _Language:
    forced = _forced.get()
    if forced is not None:
        return forced
    if _current is None:
        set_language(system_language())
    assert _current is not None
    return _current


def _(message: str) -> str:
    """Translate ``message``; format *after* translating: ``_("{n} principles").format(n=3)``."""
    return _language().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` translated, chosen by the language's own plural rule."""
    return _language().ngettext(singular, plural, n)


def number(value: int) -> str:
    """``value`` with its digits grouped as the current language writes them (20 000 in
    French, with a narrow no-break space; 20,000 in English)."""
    return f"{value:,}".replace(",", _language().thousands)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (tables of labels)."""
    return message
