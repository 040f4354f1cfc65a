"""Importing a charter: structure detection rules, what each reader keeps, the report, bad input
and the ``charter import`` command."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from odf import draw as odf_draw
from odf import office as odf_office
from odf import text as odf_text
from odf.opendocument import OpenDocumentText

from charter_app.cli import main
from charter_app.errors import CharterError
from charter_app.importing.blocks import IssueKind
from charter_app.importing.markdown import read_markdown
from charter_app.importing.plan import apply_plan, plan_import
from charter_app.importing.reader import read_document
from charter_app.storage.repository import CharterRepository
from tests.test_import_builders import (
    add_footnote_reference,
    add_hyperlink,
    add_text_box,
    docx_from_markdown,
    odt_from_markdown,
    tiny_png,
    track_changes,
)


def plan_of(markdown: str):  # type: ignore[no-untyped-def]
    return plan_import(read_markdown(markdown, "draft"))


# -- structure detection: one table, each case a rule ----------------------------------------------

STRUCTURES = [
    # "Article N" headings win, whatever their level; "1er" is 1; chapters become tags
    (
        "# Chapitre I\n\n## Article 1er\n\nA.\n\n## Article 2\n\nB.\n\n# Chapitre II\n\n"
        "## Article 3\n\nC.",
        [("1", "Article 1er"), ("2", "Article 2"), ("3", "Article 3")],
    ),
    # "Principe 3 :" headings, with "3 bis" kept as written
    (
        "# Charte\n\nPréambule.\n\n## Principe 1 : Données\n\nA.\n\n## Principe 1 bis : Accès\n\n"
        "B.\n\n## Principe 2 : Inclusion\n\nC.",
        [("1", "Données"), ("1 bis", "Accès"), ("2", "Inclusion")],
    ),
    # "3." and "3)" numbered headings, under a level that only groups them
    (
        "# Charte\n\n## Nos principes\n\n### 1. Un\n\nA.\n\n### 2) Deux\n\nB.\n\n"
        "### 3. Trois\n\nC.",
        [("1", "Un"), ("2", "Deux"), ("3", "Trois")],
    ),
    # plain headings: numbered in order; a numbered sub-level holding little text stays inside
    (
        "# Code\n\n## Pledge\n\nA.\n\n## Guidelines\n\nB.\n\n### 1. Correction\n\nC.\n\n"
        "### 2. Warning\n\nD.\n\n## Scope\n\nE.",
        [("1", "Pledge"), ("2", "Guidelines"), ("3", "Scope")],
    ),
    # paragraphs typed as headings in a word processor
    (
        "**Charte**\n\nArticle 1 – Objet\n\nTexte un.\n\nArticle 2 – Champ\n\nTexte deux.",
        [("1", "Objet"), ("2", "Champ")],
    ),
    # numbers the charter cannot hold get the next bis/ter; the title keeps them as written
    (
        # "29-1" is a charter number now; the repeated 29 follows it as "29-1 bis"
        "# R\n\n## Article 29\n\nA.\n\n## Article 29-1\n\nB.\n\n## Article 29\n\nC.",
        [("29", "Article 29"), ("29-1", "Article 29-1"), ("29-1 bis", "Article 29")],
    ),
]


@pytest.mark.parametrize(("markdown", "expected"), STRUCTURES)
def test_structure_detection(markdown: str, expected: list[tuple[str, str]]) -> None:
    plan = plan_of(markdown)
    assert [(p.number, p.title) for p in plan.principles] == expected


def test_preamble_heading_sections_and_text_placement() -> None:
    plan = plan_of(
        "# Charte de Ville\n\n## Préambule\n\nNous, habitants.\n\n## Article 1 : Un\n\n"
        "Texte.\n\n### Détail\n\nPlus.\n\n## Article 2 : Deux\n\nFin."
    )
    assert plan.title == "Charte de Ville"
    assert plan.preamble == "Nous, habitants."
    assert plan.principles[0].body == "Texte.\n\n### Détail\n\nPlus."
    chapters = plan_of("## Article 1\n\nA.\n\n# Titre II\n\nIntro du titre.\n\n## Article 2\n\nB.")
    assert chapters.principles[1].section == "Titre II"
    assert chapters.principles[1].body == "Intro du titre.\n\nB."
    assert any(i.kind is IssueKind.STRUCTURE and "Titre II" in i.message for i in chapters.report)


def test_markdown_header_is_reported_not_dropped() -> None:
    plan = plan_of("<!-- source: somewhere -->\n+++\nversion = 1\n+++\n\n# T\n\n## A\n\nText.")
    details = [i.detail for i in plan.report if i.kind is IssueKind.METADATA]
    assert details == ["source: somewhere", "version = 1"]


def test_a_title_alone_keeps_all_text_in_the_preamble() -> None:
    plan = plan_of("# Code of conduct\n\nFirst.\n\nSecond.")
    assert plan.principles == () and plan.preamble == "First.\n\nSecond."
    assert any(i.kind is IssueKind.STRUCTURE for i in plan.report)


# -- DOCX: everything a word processor file may hold ----------------------------------------------


def rich_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Charte numérique de Villeneuve", 0)
    document.add_paragraph("Nous, habitants, voulons un numérique ")
    document.add_heading("Article 1 – Souveraineté", 1)
    paragraph = document.add_paragraph("Les données ")
    paragraph.add_run("publiques").bold = True
    paragraph.add_run(" sont ")
    paragraph.add_run("ouvertes").italic = True
    paragraph.add_run(", voir ")
    add_hyperlink(paragraph, "le portail", "https://data.example.org/")
    paragraph.add_run(".")
    document.add_paragraph("logiciels libres", style="List Bullet")
    document.add_paragraph("formats ouverts", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for (row, col), text in {
        (0, 0): "Service",
        (0, 1): "Licence",
        (1, 0): "Site",
        (1, 1): "GPL",
    }.items():
        table.cell(row, col).text = text
    document.add_heading("Article 2 – Inclusion", 1)
    image = BytesIO(tiny_png())
    document.add_paragraph("Chaque quartier a un lieu de médiation.")
    document.add_picture(image, width=Inches(0.1))
    with_note = document.add_paragraph("Voir la loi.")
    add_footnote_reference(with_note)
    add_text_box(document.add_paragraph("Encadré :"), "Texte dans une boîte")
    document.save(str(path))
    return path


def test_docx_keeps_emphasis_links_lists_tables_and_reports_the_rest(tmp_path: Path) -> None:
    plan = plan_import(read_document(rich_docx(tmp_path / "charte.docx")))
    assert plan.title == "Charte numérique de Villeneuve"
    assert plan.preamble == "Nous, habitants, voulons un numérique"
    first, second = plan.principles
    assert (first.number, first.title) == ("1", "Souveraineté")
    assert first.body.splitlines() == [
        "Les données **publiques** sont *ouvertes*, voir [le portail](https://data.example.org/).",
        "",
        "- logiciels libres",
        "- formats ouverts",
        "",
        "| Service | Licence |",
        "| --- | --- |",
        "| Site | GPL |",
    ]
    assert second.body.startswith("Chaque quartier a un lieu de médiation.")
    kinds = {(i.kind, i.where) for i in plan.report}
    assert (IssueKind.IMAGE, "principle 2") in kinds
    assert (IssueKind.FOOTNOTE, "principle 2") in kinds
    assert any(
        i.kind is IssueKind.TEXT_BOX and i.detail == "Texte dans une boîte" for i in plan.report
    )


def test_docx_comment_and_tracked_changes_become_comments_and_amendments(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Charte", 0)
    document.add_heading("Principe 1 : Accès", 1)
    paragraph = document.add_paragraph()
    runs = [paragraph.add_run(t) for t in ("Chaque habitant ", "a droit à ")]
    document.add_comment(runs[1], text="Droit opposable ?", author="Camille Martin")
    track_changes(paragraph, "", "un accès.", "Jean Dupont", after=1)  # inside the comment
    track_changes(paragraph, "gratuit ", "", "Nadia Benali", after=1)
    path = tmp_path / "relu.docx"
    document.save(str(path))
    plan = plan_import(read_document(path))
    assert plan.principles[0].body == "Chaque habitant a droit à un accès."
    by_author = {c.author: c.body for c in plan.changes}
    assert by_author == {
        "Nadia Benali": "Chaque habitant a droit à gratuit un accès.",
        "Jean Dupont": "Chaque habitant a droit à",
    }
    (comment,) = plan.comments
    assert (comment.author, comment.quote, comment.text) == (
        "Camille Martin",
        "a droit à un accès.",
        "Droit opposable ?",
    )
    session = apply_plan(plan, tmp_path / "charte")
    charter = session.repository.load()
    names = sorted(p.name for p in charter.participants)
    assert names == ["Camille Martin", "Jean Dupont", "Nadia Benali"]
    assert {p.role.value for p in charter.participants} == {"resident"}
    events = (tmp_path / "charte" / "events").rglob("*.yaml")
    for event in events:  # names live in participants.yaml only
        text = event.read_text(encoding="utf-8")
        assert "Camille" not in text and "Nadia" not in text
    amendments = list((tmp_path / "charte" / "amendments").glob("*.yaml"))
    assert len(amendments) == 2
    assert all("Nadia" not in a.read_text(encoding="utf-8") for a in amendments)
    session.close()


# -- ODT -----------------------------------------------------------------------------------------


def test_odt_reader_matches_the_docx_reader(tmp_path: Path) -> None:
    text = (
        "# Charte\n\nPréambule **fort**.\n\n## Article 1 : Un\n\nDes *mots* et un "
        "[lien](https://example.org/a).\n\n- a\n- b\n\n| x | y |\n| --- | --- |\n| 1 | 2 |\n\n"
        "## Article 2 : Deux\n\nFin."
    )
    from_odt = plan_import(read_document(odt_from_markdown(text, tmp_path / "c.odt")))
    from_docx = plan_import(read_document(docx_from_markdown(text, tmp_path / "c.docx")))
    from_md = plan_of(text)
    assert from_odt.principles == from_docx.principles == from_md.principles
    assert from_odt.preamble == from_docx.preamble == "Préambule **fort**."


def test_odt_image_note_and_annotation_are_reported(tmp_path: Path) -> None:
    document = OpenDocumentText()
    document.text.addElement(odf_text.H(outlinelevel=1, text="Charte"))
    document.text.addElement(odf_text.H(outlinelevel=2, text="Article 1 : Un"))
    paragraph = odf_text.P(text="Texte ")
    frame = odf_draw.Frame(name="logo", width="1cm", height="1cm")
    href = document.addPicture("Pictures/logo.png", "image/png", tiny_png())
    frame.addElement(odf_draw.Image(href=href))
    paragraph.addElement(frame)
    note = odf_text.Note(id="n1", noteclass="footnote")
    body = odf_text.NoteBody()
    body.addElement(odf_text.P(text="La note."))
    note.addElement(odf_text.NoteCitation(text="1"))
    note.addElement(body)
    paragraph.addElement(note)
    annotation = odf_office.Annotation()
    annotation.addElement(odf_text.P(text="À revoir"))
    paragraph.addElement(annotation)
    document.text.addElement(paragraph)
    document.text.addElement(odf_text.H(outlinelevel=2, text="Article 2 : Deux"))
    path = tmp_path / "c.odt"
    document.save(str(path))
    plan = plan_import(read_document(path))
    assert plan.principles[0].body == "Texte"
    kinds = {i.kind for i in plan.report}
    assert {IssueKind.IMAGE, IssueKind.FOOTNOTE, IssueKind.COMMENT} <= kinds
    assert [c.text for c in plan.comments] == ["À revoir"]


# -- bad input: a clear message, nothing created -------------------------------------------------


def _encrypted(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))


def _truncated(path: Path) -> None:
    whole = docx_from_markdown("# T\n\n## A\n\nText.", path).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def _random(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 8)


def _foreign_zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("photo.txt", "not a document")


def _no_headings(path: Path) -> None:
    path.write_text("Just a sentence.\n\nAnd another one.\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("maker", "words"),
    [
        (_encrypted, "password"),
        (_truncated, "damaged"),
        (_random, "not a text document"),
        (_foreign_zip, "not a text document"),
        (_no_headings, "no headings"),
    ],
)
def test_bad_input_gives_a_message_and_creates_nothing(
    tmp_path: Path, maker: object, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "input.docx"
    maker(source)  # type: ignore[operator]
    with pytest.raises(CharterError) as error:
        plan_import(read_document(source))
    assert words in str(error.value)
    destination = tmp_path / "charter"
    assert main(["import", str(source), str(destination), "--yes"]) == 1
    assert words in capsys.readouterr().err
    assert not destination.exists()


def test_apply_plan_into_a_non_empty_folder_touches_nothing(tmp_path: Path) -> None:
    plan = plan_of("# T\n\n## A\n\nText.")
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(CharterError):
        apply_plan(plan, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# -- the command ---------------------------------------------------------------------------------


def test_cli_import_asks_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = docx_from_markdown("# Charte\n\n## Article 1 : Un\n\nTexte.", tmp_path / "c.docx")
    destination = tmp_path / "charte"
    assert main(["import", str(source), str(destination)]) == 0  # stdin is not a terminal
    said = capsys.readouterr()
    assert "1. Un" in said.out and "--yes" in said.err
    assert not destination.exists()
    assert main(["import", str(source), str(destination), "--yes", "--title", "Ma charte"]) == 0
    with CharterRepository.open(destination) as repository:
        charter = repository.load()
        assert repository.check() == []
    assert charter.title == "Ma charte"
    assert [(p.number, p.title, p.body) for p in charter.principles] == [("1", "Un", "Texte.")]
