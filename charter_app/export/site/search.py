"""The optional search: an index built with the site, read by a small script in the browser.

No server and no external service: ``search-index.js`` assigns the index to one global (a
script file, because browsers refuse to fetch a JSON file next to a page opened from a USB
stick), and ``search.js`` looks words up in it. Words are folded (lowercase, accents removed)
the same way here and in the script, so "donnees" finds "données". Without JavaScript the
search page still lists every principle.
"""

from __future__ import annotations

import json
import re
import unicodedata

from charter_app.export.site.model import VersionView

_WORD = re.compile(r"[^\W_]+")
MIN_WORD = 2


_COMBINING = re.compile("[\u0300-\u036f]+")
"""The accents ``normalize("NFD")`` separates from their letters (what the script removes)."""


def fold(text: str) -> str:
    """Lowercase without accents, as the script does: ``normalize("NFD")``, then the combining
    accents U+0300 to U+036F removed."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.lower()))


def words(text: str) -> set[str]:
    return {word for word in _WORD.findall(fold(text)) if len(word) >= MIN_WORD}


def search_index(version: VersionView, pages: dict[str, str]) -> str:
    """The content of ``search-index.js`` for ``version``'s principles.

    ``pages`` maps a principle id to its page's address from the site's root. The index lists
    each principle (number, title, address) and, for each word, the principles holding it.
    """
    documents = []
    postings: dict[str, list[int]] = {}
    for index, page in enumerate(version.principles):
        principle = page.principle
        documents.append([principle.number, principle.title, pages[principle.id]])
        # The Markdown source, not its rendering: the same words, without parsing it again.
        found = words(f"{principle.title}\n{' '.join(principle.tags)}\n{principle.body}")
        for word in found:
            postings.setdefault(word, []).append(index)
    data = {
        "version": version.key,
        "documents": documents,
        "words": {word: postings[word] for word in sorted(postings)},
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # "</" never appears raw in a script, whatever the titles hold.
    safe = payload.replace("</", "<\\/")
    return f"window.charterSearch = {safe};\n"
