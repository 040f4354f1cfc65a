"""The Assemblée nationale's rules of procedure (2017), imported through the command line: the
charter keeps the numbers it was given ("29-1", "49-1"), its titles and chapters become
sections, a new article takes an insertion number, and only an explicit renumbering changes
numbers, which the history and the comparison table name as such (read back with pandoc and
pdftotext)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pypdf
import pytest

from charter_app.cli import main
from charter_app.core.model import InsertionStyle, NumberingMode
from charter_app.core.operations import add_participant
from charter_app.storage.repository import CharterRepository
from tests import corpus, tools
from tests.conftest import run_git
from tests.test_import_builders import strip_header

RULES = ("reglement_an", "reglement_6f7ebec.md")


def run(*argv: str) -> None:
    assert main(list(argv)) == 0, argv


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    source = corpus.require(*RULES)
    root = tmp_path_factory.mktemp("rules")
    document = root / "reglement.md"
    document.write_text(strip_header(source.read_text(encoding="utf-8")), encoding="utf-8")
    folder = root / "charter"
    run("import", str(document), str(folder), "--yes")
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
        assert charter.numbering is NumberingMode.STABLE
        # the document inserts with dashes ("29-1"), never with "bis"
        assert charter.insertions is InsertionStyle.DASH
        charter, change, clerk = add_participant(charter, "Greffier", "staff")
        repository.save(charter, change, clerk.id)
    return folder, clerk.id


def numbers(folder: Path, rev: str | None = None) -> dict[str, str]:
    with CharterRepository.open(folder) as repository:
        return {p.id: p.number for p in repository.load(rev).principles}


def test_imported_numbers_and_sections_are_kept(rules: tuple[Path, str]) -> None:
    folder, _clerk = rules
    with CharterRepository.open(folder) as repository:
        charter = repository.load()
    by_id = {p.id: p for p in charter.principles}
    assert by_id["article-29-1"].number == "29-1"
    assert by_id["article-49-1"].number == "49-1"
    assert by_id["article-1er"].number == "1"
    titles = [s.title for s in charter.sections]
    assert titles[0] == "TITRE PREMIER Organisation et fonctionnement de l'Assemblée."
    assert titles[1] == "CHAPITRE PREMIER BUREAU D'AGE"
    assert [s.level for s in charter.sections[:2]] == [1, 2]  # chapters inside titles
    first_chapter = charter.sections[1].id
    assert by_id["article-1er"].section == first_chapter
    assert by_id["article-2"].section == charter.sections[2].id
    assert not any(p.tags for p in charter.principles)  # sections, no longer tags


def test_adding_after_49_1_touches_one_file(rules: tuple[Path, str], tmp_path: Path) -> None:
    folder, clerk = rules
    before = numbers(folder)
    start = run_git(folder, "rev-parse", "HEAD").strip()
    run("-C", str(folder), "principle", "add", "--title", "Article 49-2", "--after",
        "article-49-1", "--as", clerk)  # fmt: skip
    after = numbers(folder)
    added = set(after) - set(before)
    assert len(added) == 1 and after[added.pop()] == "49-2"
    assert {pid: after[pid] for pid in before} == before  # no other number moved
    changed = run_git(folder, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["charter.yaml", "principles/article-49-2.md"]
    out = tmp_path / "ajout.html"
    run("-C", str(folder), "compare", start, "HEAD", "--format", "html", "-o", str(out))
    text = pandoc_text(out)
    assert "0 modifiés, 1 nouveaux, 0 supprimés, 0 seulement renumérotés" in text


def test_explicit_renumbering_is_shown_as_such(rules: tuple[Path, str], tmp_path: Path) -> None:
    folder, clerk = rules
    start = run_git(folder, "rev-parse", "HEAD").strip()
    run("-C", str(folder), "principle", "renumber", "--as", clerk)
    renumbered = numbers(folder)
    assert renumbered["article-29-1"] == "30"
    subject = run_git(folder, "log", "-1", "--format=%s%n%b")
    assert "Charter-Renumbered:" in subject
    out = tmp_path / "renumerotation.pdf"
    run("-C", str(folder), "compare", start, "HEAD", "--format", "pdf", "-o", str(out))
    text = subprocess.run(
        [tools.require("pdftotext", "apt-get install poppler-utils"), "-layout", str(out), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Les principes ont été renumérotés le" in " ".join(text.split())
    moved = sum(1 for pid in renumbered if renumbered[pid] != numbers(folder, start)[pid])
    assert f"0 modifiés, 0 nouveaux, 0 supprimés, {moved} seulement renumérotés" in " ".join(
        text.split()
    )
    assert "29-1 → 30" in text
    # a renumbered article is one short line: its text is not in the table at all
    with CharterRepository.open(folder) as repository:
        body = repository.load().principle("article-29-1").body  # type: ignore[union-attr]
    assert " ".join(body.split()[:12]) not in " ".join(text.split())


def PANDOC() -> str:  # noqa: N802 - reads as the program's name where it is run
    return tools.require("pandoc", "apt-get install pandoc")


def pandoc_text(path: Path) -> str:
    result = subprocess.run(
        [PANDOC(), "--from", "html", "--to", "plain", "--wrap=none", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return " ".join(result.stdout.split())


def test_sections_head_the_exports_and_their_contents(
    rules: tuple[Path, str], tmp_path: Path
) -> None:
    folder, _clerk = rules
    outputs = {}
    for fmt in ("pdf", "docx", "md"):
        outputs[fmt] = tmp_path / f"reglement.{fmt}"
        run("-C", str(folder), "export", "--format", fmt, "-o", str(outputs[fmt]))
    # the PDF's bookmarks: articles inside chapters inside titles
    reader = pypdf.PdfReader(outputs["pdf"])
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert "TITRE PREMIER Organisation et fonctionnement de l'Assemblée." in titles
    first_title_children = next(item for item in outline if isinstance(item, list))
    chapter = first_title_children[0]
    assert chapter.title == "CHAPITRE PREMIER BUREAU D'AGE"
    assert first_title_children[1][0].title == "1. Article 1er"
    # Word's outline: titles at Heading 2, chapters at Heading 3, articles at Heading 4
    styles = {p.text: p.style.name for p in docx.Document(str(outputs["docx"])).paragraphs}
    assert styles["TITRE PREMIER Organisation et fonctionnement de l'Assemblée."] == "Heading 2"
    assert styles["CHAPITRE PREMIER BUREAU D'AGE"] == "Heading 3"
    assert styles["1. Article 1er"] == "Heading 4"
    # the Markdown contents, read by pandoc: nested lists
    contents = subprocess.run(
        [PANDOC(), "--from", "markdown", "--to", "json", str(outputs["md"])],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert '"BulletList"' in contents and contents.count('"BulletList"') >= 3
