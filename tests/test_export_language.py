"""Exports speak the charter's language, whatever the app's; the names options are coherent and
an anonymous export first lists the free texts that name a participant. Read back with
pdftotext, pandoc, python-docx and odfpy."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import H, P

from charter_app import i18n
from charter_app.cli import main
from charter_app.export import ExportOptions, export_charter, names_in_export
from charter_app.storage.repository import CharterRepository
from tests import tools

AUTHOR = "p-cbb40a"  # Claire Fontanel, resident, in the bundled example
SAID = "Comme Claire Fontanel l'a rappelé en atelier, le lien humain passe d'abord."


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture(autouse=True)
def english_app() -> Iterator[None]:
    """The app in English, as on the laptop where a French charter was exported in English."""
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


@pytest.fixture(scope="module")
def charter_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wording")
    folder = root / "charter"
    c = str(folder)
    assert run("init", c, "--without-story") == 0
    assert (
        run("-C", c, "adopt", "v1.0", "--ref", "D-1", "--date", "2026-01-15", "--as", AUTHOR) == 0
    )
    with CharterRepository.open(folder) as repository:
        old = repository.load().principle("inclusion-mediation")
    assert old is not None
    body = root / "body.md"
    body.write_text(old.body.replace("numérique", "numérique et humaine", 1), encoding="utf-8")
    assert run("-C", c, "amend", "inclusion-mediation", "--body-file", str(body), "--rationale",
               SAID, "--as", AUTHOR) == 0  # fmt: skip
    assert run("-C", c, "decide", "A-1", "--adopt", "--votes", "14,3,2", "--as", AUTHOR) == 0
    return folder


def text_of(path: Path) -> str:
    """The words of an export, read by a tool independent of the writer."""
    suffix = path.suffix
    if suffix == ".pdf":
        pdftotext = tools.require("pdftotext", "apt-get install poppler-utils")
        out = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True)
        text = out.stdout
    elif suffix in (".html", ".md"):
        source = "html" if suffix == ".html" else "markdown"
        out = subprocess.run(
            [
                tools.require("pandoc", "apt-get install pandoc"),
                "--from",
                source,
                "--to",
                "plain",
                "--columns=10000",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        text = out.stdout
    elif suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    else:
        document = load_odt(str(path))
        text = "\n".join(
            teletype.extractText(e) for kind in (H, P) for e in document.getElementsByType(kind)
        )
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx", "html", "md"])
def test_a_french_charter_is_exported_in_french_under_an_english_app(
    charter_dir: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"charte.{fmt}"
    assert run("-C", str(charter_dir), "export", "--format", fmt, "--provenance", "--yes",
               "-o", str(out)) == 0  # fmt: skip
    text = text_of(out)
    assert "Préambule" in text and "Provenance du texte" in text
    assert "14 pour" in text and "Amendements adoptés" in text
    assert "Preamble" not in text and "Provenance of the text" not in text
    english = tmp_path / f"charter.{fmt}"
    assert run("-C", str(charter_dir), "export", "--format", fmt, "--provenance", "--yes",
               "--language", "en", "-o", str(english)) == 0  # fmt: skip
    text = text_of(english)
    assert "Preamble" in text and "Préambule" not in text
    assert i18n.current_language() == "en"  # the app's own language never moved


def test_comparison_speaks_the_charters_language(charter_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tableau.html"
    assert run("-C", str(charter_dir), "compare", "v1.0", "--format", "html", "-o", str(out)) == 0
    text = text_of(out)
    assert "Texte en vigueur" in text and "Text in force" not in text
    assert 'lang="fr"' in out.read_text(encoding="utf-8")


def test_names_without_provenance_is_refused(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.pdf"
    assert run("-C", str(charter_dir), "export", "--format", "pdf", "--names", "none",
               "-o", str(out)) == 1  # fmt: skip
    assert "--provenance" in capsys.readouterr().err
    assert not out.exists()


def test_anonymous_export_lists_names_in_free_texts_first(
    charter_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "anonyme.html"
    argv = ["-C", str(charter_dir), "export", "--format", "html", "--provenance", "--names",
            "none", "-o", str(out)]  # fmt: skip
    assert run(*argv) == 1
    err = capsys.readouterr().err
    assert "Claire Fontanel" in err and "rappelé en atelier" in err
    assert not out.exists()
    assert run(*argv, "--yes") == 0
    text = text_of(out)
    assert "rappelé en atelier" in text  # the rationale is published as written…
    assert "Claire Fontanel (Habitant)" not in text  # …but nobody is credited
    with CharterRepository.open(charter_dir) as repository:
        named = names_in_export(repository, ExportOptions(names="names", provenance=True))
        roles = names_in_export(repository, ExportOptions(names="roles", provenance=True))
    assert named == [] and [f.name for f in roles] == ["Claire Fontanel"]


def test_docx_metadata_is_the_charters(charter_dir: Path, tmp_path: Path) -> None:
    with CharterRepository.open(charter_dir) as repository:
        path = export_charter(repository, "docx", tmp_path / "c.docx", ExportOptions())
        charter = repository.load()
    properties = docx.Document(str(path)).core_properties
    assert properties.title == charter.title
    assert properties.author == charter.territory
    assert properties.language == "fr"
    assert properties.created is not None and properties.created.year >= 2025
    assert properties.modified == properties.created
    assert "python-docx" not in (properties.comments or "")
    with __import__("zipfile").ZipFile(path) as archive:
        app = archive.read("docProps/app.xml").decode()
        styles = archive.read("word/styles.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    assert "<Application>Charter Studio" in app and "Microsoft" not in app
    assert 'w:lang w:val="fr"' in styles and "en-US" not in styles
    assert "en-US" not in settings
