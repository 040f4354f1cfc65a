"""The public site read back: its pages, what each principle's page tells, escaping, links,
privacy, byte-identical rebuilds and the command line.

Built from the bundled example with a story written through the command line
(``tests/site_charters.py``, which does not depend on the example's exact text) and from the
Contributor Covenant's releases in the shared corpus. Browsers and validators are in
``test_publish_browser.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest

from charter_app.cli import main
from charter_app.export.site import SiteOptions, build_files, publish_site
from charter_app.export.site.search import fold
from charter_app.i18n import current_language, set_language
from charter_app.rendering import to_plain_paragraphs
from charter_app.storage.repository import CharterRepository
from tests.browser import broken_links
from tests.site_charters import (
    CLERK,
    HOSTILE_TITLE,
    RESIDENT,
    covenant_charter,
    run,
    storied_charter,
)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return storied_charter(tmp_path_factory.mktemp("story"))


@pytest.fixture(scope="module")
def site(story: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sites") / "site"
    with CharterRepository.open(story) as repository:
        publish_site(repository, out, SiteOptions(drafts=True))
    return out


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def charter_at(folder: Path, version: str):  # noqa: ANN201 - a Charter
    with CharterRepository.open(folder) as repository:
        return repository.load(version)


# -- what the site holds ---------------------------------------------------------------------------


def test_every_version_and_principle_has_its_page(story: Path, site: Path) -> None:
    for version in ("v1.0", "v2.0", "draft"):
        charter = charter_at(story, "HEAD" if version == "draft" else version)
        pages = {p.stem for p in (site / version / "principles").glob("*.html")}
        assert pages == {p.id for p in charter.principles}, version
        index = read(site / version / "index.html").text
        for principle in charter.principles:
            assert f"{principle.number}. {principle.title}" in index
        whole = read(site / version / "print.html").text
        for principle in charter.principles:
            if principle.title == HOSTILE_TITLE:
                continue  # its images are named, not shown: see test_words_typed_...
            for paragraph in to_plain_paragraphs(principle.body):
                assert " ".join(paragraph.split()[:3]) in whole
    home = read(site / "index.html")
    # The text in force is the latest adopted version, never the draft.
    assert ("a", {"href": "v2.0/index.html"}) in home.tags
    rows = home.text[home.text.index("v2.0") :]
    assert rows.index("v2.0") < rows.index("v1.0")


def test_a_principle_page_tells_how_its_text_was_made(story: Path, site: Path) -> None:
    first = charter_at(story, "v2.0").principles
    amended = next(p for p in first if "vraiment" in p.body)
    path = site / "v2.0" / "principles" / f"{amended.id}.html"
    page = read(path)
    html = path.read_text(encoding="utf-8")
    assert "Le lien humain d'abord." in page.text  # the rationale
    assert "14" in page.text and "Délibération 2026-07" in page.text  # the decision and vote
    assert "Proposé par\nHabitant" in html.replace("</dt><dd>", "\n")  # by role, the default
    assert "Claire Fontanel" not in page.text
    assert ("a", {"href": "../../participation.html#w-1"}) in page.tags  # the workshop
    assert re.search(r"<ins>\s*vraiment\s*</ins>", html)  # what changed since v1.0
    assert "Élu" in page.text and "Entreprise" in page.text  # positions by role
    assert ("article", {"class": "amendment", "id": "a-1", "aria-labelledby": "a-1-title"}) in (
        page.tags
    )
    downloads = [a["href"] for tag, a in page.tags if tag == "a" and "/downloads/" in str(a)]
    assert {str(href).rsplit(".", 1)[1] for href in downloads} == {"pdf", "odt", "docx"}
    # The story amends the first three principles of v1.0: A-1, A-2 (rejected), then A-4.
    _first, second, third = charter_at(story, "v1.0").principles[:3]
    rejected = read(site / "v2.0" / "principles" / f"{second.id}.html").text
    assert "Amendement A-2 : rejeté" in rejected and "4 pour, 15 contre" in rejected
    # The draft only is where the amendment still waiting appears.
    assert "A-4" not in read(site / "v2.0" / "principles" / f"{third.id}.html").text
    assert "A-4" in read(site / "draft" / "principles" / f"{third.id}.html").text


def test_words_typed_never_become_markup(story: Path, site: Path) -> None:
    charter = charter_at(story, "v2.0")
    hostile = next(p for p in charter.principles if p.title == HOSTILE_TITLE)
    for path in (site / "v2.0" / "principles" / f"{hostile.id}.html", site / "v2.0" / "print.html"):
        page = read(path)
        html = path.read_text(encoding="utf-8")
        tags = {tag for tag, _attrs in page.tags}
        assert not tags & {"script", "img", "iframe", "b", "i"}, path
        assert "&lt;script&gt;alert(" in html and "&lt;i&gt;hostile&lt;/i&gt;" in html
        hrefs = [str(attrs.get("href")) for tag, attrs in page.tags if tag == "a"]
        assert "https://example.org/charte" in hrefs
        assert not [h for h in hrefs if h.startswith(("javascript:", "file:"))]
        assert "evil.example/x.png" in page.text  # named, never loaded


def test_every_link_resolves_and_nothing_comes_from_elsewhere(site: Path) -> None:
    assert broken_links(site) == []


def test_participation_and_provenance(story: Path, site: Path) -> None:
    participation = read(site / "participation.html")
    assert "Atelier ouvert" in participation.text and "Médiathèque" in participation.text
    assert "17" in participation.text  # 12 + 3 + 2 people present
    assert [t for t, a in participation.tags if t == "svg"]  # charts, beside their tables
    assert len([t for t, a in participation.tags if t == "table"]) >= 4
    provenance = read(site / "provenance.html").text
    with CharterRepository.open(story) as repository:
        for version in ("v1.0", "v2.0"):
            commit = repository.git.resolve(version)
            assert commit in provenance
            assert f"charter -C CHARTER checksum --version {version}" in provenance
        from charter_app.export import checksum

        assert checksum(repository.load("v2.0")) in provenance


def test_downloads_are_the_exports_of_each_version(story: Path, site: Path) -> None:
    folder = site / "v2.0" / "downloads"
    formats = sorted(p.suffix for p in folder.iterdir())
    assert formats == sorted([".pdf", ".odt", ".docx", ".html", ".md"] + [".pdf", ".odt", ".docx"])
    markdown = next(folder.glob("*-v2.0.md")).read_text(encoding="utf-8")
    for principle in charter_at(story, "v2.0").principles:
        assert principle.title.split("<")[0] in markdown
    assert "Délibération 2026-07" in markdown  # with the provenance appendix
    assert not list((site / "v1.0" / "downloads").glob("*comparaison*"))  # nothing before v1.0


def test_the_same_charter_gives_the_same_bytes(story: Path, site: Path, tmp_path: Path) -> None:
    time.sleep(2.1)  # past the resolution of zip dates: a file dated by the clock would differ
    again = tmp_path / "again"
    # Another process, with another order of Python's sets and dicts of strings.
    subprocess.run(
        [sys.executable, "-m", "charter_app.cli", "-C", str(story), "publish", "-o", str(again),
         "--drafts"],
        check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "12345"},
    )  # fmt: skip
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


def test_the_site_is_in_the_charter_language_whatever_the_app_speaks(story: Path) -> None:
    before = current_language()
    set_language("en")
    try:
        with CharterRepository.open(story) as repository:
            files, _summary = build_files(repository, SiteOptions(downloads=False))
    finally:
        set_language(before)
    home = files["index.html"].decode("utf-8")
    assert '<html lang="fr">' in home and "Toutes les versions" in home
    assert "Every version" not in home


# -- privacy ---------------------------------------------------------------------------------------


def _texts(folder: Path) -> dict[str, str]:
    """Every file's words: pages, the HTML and Markdown downloads, and the documents' text."""
    found = {}
    for path in folder.rglob("*"):
        name = path.relative_to(folder).as_posix()
        if path.suffix in (".html", ".md", ".js", ".css"):
            found[name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".docx":
            found[name] = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
            for table in docx.Document(str(path)).tables:
                found[name] += "\n".join(cell.text for row in table.rows for cell in row.cells)
        elif path.suffix == ".odt":
            found[name] = zipfile.ZipFile(path).read("content.xml").decode("utf-8")
        elif path.suffix == ".pdf":
            found[name] = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(path).pages)
    return found


def test_names_none_shows_no_registered_name_anywhere(story: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    with CharterRepository.open(story) as repository:
        published = publish_site(repository, out, SiteOptions(names="none", drafts=True))
        people = repository.load().participants
    assert published.warnings == ()  # the story names nobody in what people wrote
    texts = _texts(out)
    assert len([n for n in texts if n.endswith(".pdf")]) >= 3
    for person in people:
        for words in (person.name, person.id):
            leaks = [name for name, text in texts.items() if words and words in text]
            assert leaks == [], (words, leaks)
    pages = [text for name, text in texts.items() if "/principles/" in name]
    assert [text for text in pages if "Proposé par" in text] == []
    assert [text for text in pages if "Amendement A-1" in text]


def test_names_choice_shows_names_and_roles(story: Path, tmp_path: Path) -> None:
    with CharterRepository.open(story) as repository:
        files, summary = build_files(repository, SiteOptions(names="names", downloads=False))
    pages = "\n".join(data.decode("utf-8") for path, data in files.items())
    assert "Claire Fontanel (Habitant)" in pages
    assert summary.warnings == ()


def test_a_registered_name_in_free_text_is_warned_about(tmp_path: Path) -> None:
    folder = tmp_path / "charter"
    c = str(folder)
    run("init", c, "--without-story")
    run("-C", c, "adopt", "v1.0", "--ref", "Délibération 2026-01", "--as", CLERK)
    target = charter_at(folder, "v1.0").principles[0].id
    run("-C", c, "amend", target, "--title", "Autre titre", "--rationale",
        "Comme l'a dit claire FONTANEL en atelier.", "--as", RESIDENT)  # fmt: skip
    with CharterRepository.open(folder) as repository:
        options = SiteOptions(drafts=True, downloads=False)
        _files, roles = build_files(repository, options)
        _files, names = build_files(repository, replace(options, names="names"))
    assert len(roles.warnings) == 1
    assert "Claire Fontanel" in roles.warnings[0] and "A-1" in roles.warnings[0]
    assert names.warnings == ()  # names are shown anyway: nothing to warn about


# -- the command line ------------------------------------------------------------------------------


def test_publish_command(story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["-C", str(story), "publish", "-o", str(out), "--no-downloads"]) == 0
    said = capsys.readouterr().out
    assert str(out) in said and "v2.0" in said and "draft" not in said
    assert not (out / "draft").exists() and not (out / "v2.0" / "downloads").exists()
    # Publishing again replaces the earlier site as a whole.
    (out / "v1.0" / "stale.html").write_text("old", encoding="utf-8")
    assert main(["-C", str(story), "publish", "-o", str(out), "--no-downloads", "--drafts"]) == 0
    assert (out / "draft" / "index.html").is_file() and not (out / "v1.0" / "stale.html").exists()
    # A folder holding anything else is never replaced.
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.txt").write_text("keep me", encoding="utf-8")
    assert main(["-C", str(story), "publish", "-o", str(other)]) == 1
    assert str(other) in capsys.readouterr().err
    assert [p.name for p in other.iterdir()] == ["letter.txt"]


def test_nothing_adopted_publishes_nothing_unless_drafts_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "charter"
    run("init", str(folder), "--without-story")
    assert main(["-C", str(folder), "publish", "-o", str(tmp_path / "site")]) == 1
    assert not (tmp_path / "site").exists()
    capsys.readouterr()
    assert main(["-C", str(folder), "publish", "-o", str(tmp_path / "site"), "--drafts"]) == 0
    assert (tmp_path / "site" / "draft" / "index.html").is_file()


# -- search ----------------------------------------------------------------------------------------


def test_the_search_index_finds_words_without_their_accents(story: Path, site: Path) -> None:
    script = (site / "search-index.js").read_text(encoding="utf-8")
    assert script.startswith("window.charterSearch = ") and "</" not in script
    import json

    data = json.loads(script.removeprefix("window.charterSearch = ").rstrip(";\n"))
    assert data["version"] == "v2.0"
    titles = [document[1] for document in data["documents"]]
    sobriety = titles.index("Sobriété")
    assert sobriety in data["words"][fold("empreinte")]
    assert fold("Données") == "donnees"


# -- a corpus-based charter ------------------------------------------------------------------------


def test_a_corpus_charter_site(tmp_path: Path) -> None:
    folder = covenant_charter(tmp_path)
    out = tmp_path / "site"
    with CharterRepository.open(folder) as repository:
        published = publish_site(repository, out, SiteOptions(downloads=False))
        newest = repository.load("v2.1")
    assert published.versions == ("v2.1", "v2.0", "v1.4")
    assert broken_links(out) == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Every version" in home
    changed = read(out / "v2.1" / "index.html").text
    assert "changed" in changed
    guidelines = next(p for p in newest.principles if "Guidelines" in p.title)
    page = read(out / "v2.1" / "principles" / f"{guidelines.id}.html")
    assert ("a", {"href": "#s-1"}) in page.tags  # its sections, citable
    deleted = read(out / "v2.0" / "index.html").text
    assert "Our Responsibilities" in deleted  # a section of v1.4 that v2.0 no longer has


def test_sections_head_their_principles(tmp_path: Path) -> None:
    folder = tmp_path / "charter"
    c = str(folder)
    run("init", c, "--without-story")
    principles = charter_at(folder, "HEAD").principles
    assert main(["-C", c, "section", "add", "--title", "Droits des habitants", "--as", CLERK]) == 0
    section = "droits-des-habitants"
    for principle in principles[-2:]:
        run("-C", c, "principle", "move", principle.id, "--section", section, "--as", CLERK)
    run("-C", c, "adopt", "v1.0", "--ref", "Délibération 2026-01", "--as", CLERK)
    out = tmp_path / "site"
    with CharterRepository.open(folder) as repository:
        publish_site(repository, out, SiteOptions(downloads=False))
    for name, level in (("index.html", 3), ("print.html", 2)):
        html = (out / "v1.0" / name).read_text(encoding="utf-8")
        heading = f'<h{level} class="section-title">Droits des habitants</h{level}>'
        assert heading in html, name
        # The section's principles come after its heading, the others before.
        assert html.index(heading) < html.index(principles[-1].title)
        assert html.index(principles[0].title) < html.index(heading)
    assert broken_links(out) == []
