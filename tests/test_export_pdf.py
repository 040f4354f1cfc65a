"""The PDF writer on its own: words typed in Typst's syntax stay words, heading levels never skip
(PDF/UA-1 refuses that), and the document is tagged, titled and in the charter's language."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from charter_app.export.blocks import (
    CodeBlock,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    Table,
    markdown_blocks,
    text,
)
from charter_app.export.document import Document
from charter_app.export.pdf_writer import pdf_bytes, typst_source

# Typst markup and code a participant might type, knowingly or not: none of it may run.
TYPST_LOOKALIKES = [
    '#read("/etc/hostname")',
    '#image("/etc/passwd")',
    "#let x = 1",
    "$x^2$",
    "*gras* et _penché_",
    "<label> et @label",
    "= pas un titre",
    'guillemets " et antislash \\ et \\" ensemble',
    "crochets ] et [ et parenthèses ) (",
    "// pas un commentaire /* ni ça */",
    "`code` et ~ tilde",
]


def pdf_of(document: Document) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf_bytes(document)))


def flat_text(reader: pypdf.PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_typst_syntax_in_the_text_is_shown_as_typed() -> None:
    spans = tuple(Span(value) for value in TYPST_LOOKALIKES)
    blocks = (
        Heading(1, text('Charte "#titre" \\ ]')),
        Heading(2, text("#heading[injecté]")),
        *(Paragraph((span,)) for span in spans),
        Paragraph((Span("gras", strong=True), Span(" #strong[x]", emphasis=True),
                   Span("$code$", code=True), Span("lien", link="https://example.org/a\"b"))),
        CodeBlock('#read("/etc/hostname")\n  indenté'),
        ListBlock(True, ((Paragraph(text("#enum")),), (Paragraph(text("]")),)), start=3),
        Quote((Paragraph(text("#quote")),)),
        Table((( Paragraph(text("#table")),),), (((Paragraph(text("[x]")),),),), "#figure"),
    )  # fmt: skip
    reader = pdf_of(Document('Charte "#titre" \\ ]', "fr", "#sujet", blocks))
    found = flat_text(reader)
    for value in TYPST_LOOKALIKES:
        assert " ".join(value.split()) in found, value
    for value in ("#heading[injecté]", " #strong[x]".strip(), "$code$", "#enum", "#quote",
                  "#table", "[x]", "#figure"):  # fmt: skip
        assert value in found, value
    with open("/etc/hostname", encoding="utf-8") as hostname:
        machine = hostname.read().strip()
    if machine and machine not in TYPST_LOOKALIKES[0]:
        assert machine not in found  # the file was never read
    assert reader.metadata is not None and reader.metadata.title == 'Charte "#titre" \\ ]'
    for page in reader.pages:
        resources = page.get("/Resources")
        assert not (resources.get_object().get("/XObject") if resources else None)


def test_every_markdown_heading_level_gives_a_valid_tagged_pdf() -> None:
    body = "\n\n".join(f"{'#' * level} Niveau {level}\n\nTexte {level}." for level in (6, 1, 4, 2))
    blocks = (Heading(1, text("Titre")), Heading(2, text("1. Principe")), *markdown_blocks(body))
    reader = pdf_of(Document("Titre", "fr", "", blocks, toc=True))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    found = flat_text(reader)
    assert re.search(r"Niveau 6 Texte 6\. Niveau 1 Texte 1\. Niveau 4 Texte 4\.", found)

    def depths(outline: list[object], depth: int = 1) -> list[int]:
        seen: list[int] = []
        for item in outline:
            seen += depths(item, depth + 1) if isinstance(item, list) else [depth]
        return seen

    levels = depths(reader.outline)
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "fr"), ("en-GB", "en-GB"), ("??", "und")]
)
def test_document_language(language: str, expected: str) -> None:
    reader = pdf_of(Document("T", language, "", (Heading(1, text("T")), Paragraph(text("mot")))))
    assert str(reader.trailer["/Root"]["/Lang"]) == expected


def test_strings_are_literals_in_the_source() -> None:
    source = typst_source(Document("T", "fr", "", (Paragraph(text('a"b\\c\nd')),)))
    assert '"a\\"b\\\\c\\nd"' in source


def test_a_run_wider_than_the_page_wraps_and_reads_back_as_typed() -> None:
    url = "https://example.org/" + "chemin" * 40
    word = "x" * 300
    blocks = (
        Heading(1, text("T")),
        Paragraph((Span("Voir", link=url), Span(" et "), Span(word, strong=True))),
        Table((), (((Paragraph(text(url)),), (Paragraph(text("court")),)),)),
    )
    reader = pdf_of(Document("T", "fr", "", blocks))
    found = "".join(page.extract_text() or "" for page in reader.pages)
    joined = "".join(found.split())  # wrapped lines: every character kept, none added
    assert url in joined and word in joined
    assert "\u200b" not in found
    # Wrapped, not run off the page: no extracted line is longer than a line of the page holds
    # (about 100 characters); unbroken, the run would come out as one line of 300.
    assert max(len(line) for line in found.splitlines()) < 130


def test_the_pdf_is_compiled_in_a_worker_that_takes_its_memory_with_it() -> None:
    """Typst keeps everything it laid out for as long as its process lives (about 1 GB per
    export of a large charter): the compile runs in a worker process that then ends, so this
    process never loads the compiler, and exporting twice gives the same readable PDF."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from charter_app.export.blocks import Paragraph, text\n"
        "from charter_app.export.document import Document\n"
        "from charter_app.export.pdf_writer import pdf_bytes\n"
        "if __name__ == '__main__':\n"
        "    document = Document('T', 'fr', 'S', (Paragraph(text('Un mot tapé.')),))\n"
        "    first, second = pdf_bytes(document), pdf_bytes(document)\n"
        "    assert first[:5] == b'%PDF-' and len(first) == len(second)\n"
        "    print('typst' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_without_a_worker_the_compile_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sandbox that forbids new processes still gets its PDF."""
    from charter_app.export import typst_worker

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no new process here")

    monkeypatch.setattr(typst_worker, "ProcessPoolExecutor", refuse)
    reader = pdf_of(Document("T", "fr", "S", (Paragraph(text("Sans processus.")),)))
    assert "Sans processus." in flat_text(reader)


def test_a_source_typst_refuses_is_a_layout_error_in_plain_words() -> None:
    from charter_app.export import typst_worker

    with pytest.raises(typst_worker.CompileError) as caught:
        typst_worker.compile_pdf(b"#let x = (", ["ua-1"])
    assert str(caught.value)
