"""Exports read back: every word of every principle, in order, and nothing from outside.

A real repository made from the bundled example, with an adopted version v1.0, an amendment
adopted in a workshop with its votes, a version v2.0, and a hostile principle (raw HTML, a
script, remote and file:// images). Each format is read back with the library a reader would
use (pypdf, python-docx, the ODT's content.xml, html.parser).
"""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest

from charter_app.cli import main
from charter_app.errors import NotFoundError, StorageError, ValidationError
from charter_app.export import (
    EXPORT_FORMATS,
    ExportCancelledError,
    ExportOptions,
    checksum,
    export_charter,
)
from charter_app.rendering import to_plain_paragraphs
from charter_app.storage.repository import CharterRepository

AUTHOR = "p-cbb40a"  # Claire Fontanel, resident, in the bundled example
HOSTILE = (
    "Avant <script>alert('x')</script> après <b>gras</b>.\n\n"
    "Voir ![x](https://evil.example/x.png) et ![y](file:///etc/passwd) puis "
    "[lien](javascript:alert(1)) et [site](https://example.org/charte)."
)
HOSTILE_WORDS = ["Avant", "alert", "après", "gras", "Voir", "evil.example", "passwd", "site"]


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


@pytest.fixture(scope="module")
def charter_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    folder = root / "charter"
    run("init", str(folder))
    c = str(folder)
    run("-C", c, "adopt", "v1.0", "--ref", "Délibération 2026-01", "--date", "2026-01-15",
        "--as", AUTHOR)  # fmt: skip
    body = root / "body.md"
    with CharterRepository.open(folder) as repository:
        old = repository.load().principle("inclusion-mediation")
    assert old is not None
    body.write_text(old.body.replace("numérique", "numérique et humaine", 1), encoding="utf-8")
    run("-C", c, "amend", "inclusion-mediation", "--body-file", str(body), "--rationale",
        "Le lien humain d'abord.", "--workshop", "W-1", "--as", AUTHOR)  # fmt: skip
    run("-C", c, "decide", "A-1", "--adopt", "--votes", "14,3,2", "--ref", "Délibération 2026-07",
        "--date", "2026-03-12", "--as", AUTHOR)  # fmt: skip
    hostile = root / "hostile.md"
    hostile.write_text(HOSTILE, encoding="utf-8")
    run("-C", c, "principle", "add", "--title", "Principe <i>hostile</i>", "--body-file",
        str(hostile), "--as", AUTHOR)  # fmt: skip
    run("-C", c, "adopt", "v2.0", "--ref", "Délibération 2026-08", "--date", "2026-03-20",
        "--as", AUTHOR)  # fmt: skip
    return folder


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def assert_words_in_order(expected: str, found: str) -> None:
    """Every word of ``expected`` appears in ``found``, in the same order."""
    haystack = words(found)
    position = 0
    for word in words(expected):
        try:
            position = haystack.index(word, position) + 1
        except ValueError:
            context = " ".join(haystack[max(0, position - 5) : position + 5])
            raise AssertionError(f"{word!r} missing or out of order after: {context}") from None


def charter_words(folder: Path, version: str = "v2.0") -> str:
    with CharterRepository.open(folder) as repository:
        charter = repository.load(version)
    parts = [charter.title, *to_plain_paragraphs(charter.preamble)]
    for principle in charter.principles:
        parts += [principle.number, principle.title, *to_plain_paragraphs(principle.body)]
    return "\n".join(parts)


# -- readers ---------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_html(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def odt_content(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("content.xml").decode("utf-8")


def odt_text(path: Path) -> str:
    content = odt_content(path)
    content = re.sub(r"<text:s(?: text:c=\"(\d+)\")?/>", " ", content)
    content = re.sub(r"<text:line-break/>|</text:p>|</text:h>", "\n", content)
    return re.sub(r"<[^>]+>", "", content).replace("&lt;", "<").replace("&gt;", ">")


def read_text(path: Path, format: str) -> str:
    if format == "pdf":
        return pdf_text(path)
    if format == "docx":
        return docx_text(path)
    if format == "odt":
        return odt_text(path)
    if format == "html":
        return "".join(read_html(path).text)
    return path.read_text(encoding="utf-8")


# -- every format ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exports(charter_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    paths = {}
    with CharterRepository.open(charter_dir) as repository:
        for format in EXPORT_FORMATS:
            options = ExportOptions("v2.0", "names", provenance=True)
            paths[format] = export_charter(repository, format, out / f"c.{format}", options)
    return paths


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_every_word_in_order(charter_dir: Path, exports: dict[str, Path], format: str) -> None:
    text = read_text(exports[format], format)
    assert_words_in_order(charter_words(charter_dir), text)


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_stamp_names_version_commit_and_checksum(
    charter_dir: Path, exports: dict[str, Path], format: str
) -> None:
    text = " ".join(read_text(exports[format], format).split())
    with CharterRepository.open(charter_dir) as repository:
        commit = repository.git.resolve("v2.0")
        expected = checksum(repository.load("v2.0"))
    assert "v2.0" in text and "2026-03-20" in text
    # PDF text extraction may break a 40-digit id across lines; the others keep it whole.
    flat = text.replace(" ", "")
    assert commit in flat and expected in flat
    assert "checksum--versionv2.0" in flat


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_provenance_appendix(exports: dict[str, Path], format: str) -> None:
    text = " ".join(read_text(exports[format], format).split())
    assert "A-1" in text
    assert "Claire Fontanel" in text
    assert "Le lien humain d" in text
    assert "14 for, 3 against, 2 abstentions" in text or "14 pour" in text
    assert "Délibération 2026-07" in text
    assert "W-1" in text


@pytest.mark.parametrize("format", EXPORT_FORMATS)
def test_hostile_principle_shows_words_and_loads_nothing(
    exports: dict[str, Path], format: str
) -> None:
    text = read_text(exports[format], format)
    assert_words_in_order(" ".join(HOSTILE_WORDS), text)
    raw = exports[format].read_bytes()
    if format in ("odt", "docx"):
        with zipfile.ZipFile(exports[format]) as archive:
            names = archive.namelist()
            raw = b"".join(archive.read(n) for n in names)
        assert not [n for n in names if n.lower().endswith((".png", ".jpg", ".gif", ".svg"))]
        assert b"<script" not in raw.lower()
    if format == "pdf":
        reader = pypdf.PdfReader(exports[format])
        for page in reader.pages:
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources else None
            assert not xobjects, "the PDF embeds an image"
        assert b"/JavaScript" not in raw and b"/JS " not in raw and b"/Launch" not in raw
        links = [
            annotation.get_object().get("/A", {}).get("/URI")
            for page in reader.pages
            for annotation in (page.get("/Annots") or [])
        ]
        assert all(
            link is None or str(link).startswith(("https://", "http://", "mailto:"))
            for link in links
        )
        assert not any("evil" in str(link) for link in links)
    if format == "md":
        content = raw.decode()
        assert not re.search(r"(?<!\\)!\[|(?<!\\)<script", content)  # only escaped
        assert "](javascript" not in content and "](file:" not in content


def test_html_is_standalone_and_accessible(exports: dict[str, Path]) -> None:
    page = read_html(exports["html"])
    tags = [tag for tag, _attrs in page.tags]
    html_attrs = dict(page.tags)["html"]
    assert html_attrs.get("lang") == "fr"
    assert "script" not in tags and "img" not in tags and "iframe" not in tags
    assert {"header", "main", "nav", "h1", "h2"} <= set(tags)
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0].get("content") or "")
    for tag, attrs in page.tags:
        for name in ("src", "srcset", "poster", "data"):
            assert name not in attrs, (tag, attrs)
        if tag == "link":
            raise AssertionError("no external stylesheet")
        if tag == "a":
            href = attrs.get("href") or ""
            assert href.startswith(("#", "https://example.org", "mailto:", "http")), href
            assert "evil" not in href and not href.startswith(("javascript", "file"))
    nav_links = [a["href"] for t, a in page.tags if t == "a" and (a.get("href") or "")[:1] == "#"]
    ids = {a.get("id") for _t, a in page.tags}
    assert nav_links and all(link[1:] in ids for link in nav_links)


def test_pdf_is_tagged_bookmarked_and_described(exports: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(exports["pdf"])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "untagged PDF"
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr"
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Charte numérique locale du Val de Lèze"
    assert metadata.subject and "Val de Lèze" in metadata.subject
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()

    def titles(outline: list[object]) -> list[str]:
        found: list[str] = []
        for item in outline:
            found += titles(item) if isinstance(item, list) else [item.title]  # type: ignore[attr-defined]
        return found

    bookmarks = titles(reader.outline)
    assert "1. Souveraineté numérique de la collectivité" in bookmarks
    assert any("Principe <i>hostile</i>" in b for b in bookmarks)  # the title as typed
    # Title page, then a table of contents with page numbers, and numbered pages.
    assert "Contents" in (reader.pages[1].extract_text() or "") or "Sommaire" in (
        reader.pages[1].extract_text() or ""
    )
    last = reader.pages[-1].extract_text() or ""
    assert f"{len(reader.pages)} / {len(reader.pages)}" in last


def test_odt_headings_have_outline_levels(exports: dict[str, Path]) -> None:
    content = odt_content(exports["odt"])
    headings = re.findall(r'<text:h text:outline-level="(\d)"[^>]*>(.*?)</text:h>', content)
    levels = {level for level, _text in headings}
    assert {"1", "2"} <= levels
    assert any("Souveraineté numérique" in text for level, text in headings if level == "2")
    with zipfile.ZipFile(exports["odt"]) as archive:
        styles = archive.read("styles.xml").decode()
    assert 'style:name="Heading_20_2"' in styles and 'style:default-outline-level="2"' in styles
    assert "<text:list " in content  # the bundled example has lists


def test_docx_headings_use_word_styles(exports: dict[str, Path]) -> None:
    document = docx.Document(str(exports["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    assert ("Heading 2", "1. Souveraineté numérique de la collectivité") in headings
    assert any(style == "Heading 1" for style, _text in headings)
    assert document.core_properties.title == "Charte numérique locale du Val de Lèze"
    assert document.core_properties.language == "fr"


@pytest.mark.parametrize(
    ("names", "present", "absent"),
    [
        ("names", ["Claire Fontanel"], []),  # name and role
        ("roles", ["Habitant"], ["Claire Fontanel"]),  # role only, in the charter's French
        ("none", [], ["Claire Fontanel", "Habitant"]),  # nobody named
    ],
)
def test_names_as_chosen(
    charter_dir: Path, tmp_path: Path, names: str, present: list[str], absent: list[str]
) -> None:
    with CharterRepository.open(charter_dir) as repository:
        options = ExportOptions("v2.0", names, provenance=True)  # type: ignore[arg-type]
        path = export_charter(repository, "md", tmp_path / "c.md", options)
    text = path.read_text(encoding="utf-8")
    for word in present:
        assert word in text
    for word in absent:
        assert word not in text


def test_checksum_command_matches_the_document(
    charter_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run("-C", str(charter_dir), "checksum", "--version", "v1.0")
    printed = capsys.readouterr().out.strip()
    run("-C", str(charter_dir), "export", "--format", "md", "--version", "v1.0", "-o",
        str(tmp_path / "v1.md"))  # fmt: skip
    assert printed in (tmp_path / "v1.md").read_text(encoding="utf-8")
    assert re.fullmatch(r"[0-9a-f]{64}", printed)


# -- bad input -------------------------------------------------------------------------------------


def test_unknown_version_is_a_clear_error(charter_dir: Path, tmp_path: Path) -> None:
    with CharterRepository.open(charter_dir) as repository, pytest.raises(NotFoundError):
        export_charter(repository, "html", tmp_path / "x.html", ExportOptions("v9.9"))
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("where", ["missing-folder/out.pdf", "."])
def test_output_that_cannot_be_written(charter_dir: Path, tmp_path: Path, where: str) -> None:
    with CharterRepository.open(charter_dir) as repository, pytest.raises(ValidationError):
        export_charter(repository, "pdf", tmp_path / where)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs /proc (a folder no one writes)")
def test_unwritable_folder_is_a_translated_storage_error(charter_dir: Path) -> None:
    # /proc refuses new files even to root, unlike a chmod-ed temporary folder.
    with CharterRepository.open(charter_dir) as repository, pytest.raises(StorageError) as error:
        export_charter(repository, "md", Path("/proc/charter-export.md"))
    assert "/proc/charter-export.md" in str(error.value)


def test_cli_reports_errors_without_traceback(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["-C", str(charter_dir), "export", "--format", "md", "--version", "v7",
                 "-o", str(tmp_path / "x.md")])  # fmt: skip
    assert code == 1
    assert "error:" in capsys.readouterr().err


def test_progress_and_cancel(charter_dir: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with CharterRepository.open(charter_dir) as repository:
        export_charter(
            repository, "docx", tmp_path / "c.docx", progress=lambda d, t: seen.append((d, t))
        )
        assert seen[-1] == (100, 100) and seen == sorted(seen)
        calls = iter(range(100))
        with pytest.raises(ExportCancelledError):
            export_charter(repository, "docx", tmp_path / "d.docx",
                           cancelled=lambda: next(calls) >= 2)  # fmt: skip
    assert not (tmp_path / "d.docx").exists()
